import ExcelJS from 'exceljs';
import { expect, test } from '@playwright/test';
import { baseUrl, shot, signInAsNewUser } from './support';

/**
 * «Who is sleeping?»: a marketer opens the RFM matrix (seed 000), picks a cell, exports all its customers to Excel,
 * and turns the cell into a draft scenario whose audience filter is the cell.
 */

test('a marketer clicks an RFM cell, exports it to Excel and creates a scenario for it', async ({ page }) => {
  await signInAsNewUser(page, { role: 'marketer', name: 'Мария Маркетолог', password: 'Maria-rfm-password-1' });

  await test.step('open the matrix from the top navigation', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'RFM' }).click();
    await expect(page).toHaveURL(/\/rfm$/);
    await expect(page.getByRole('heading', { name: 'RFM-матрица' })).toBeVisible();
    await expect(page.getByTestId('rfm-grand-total')).toContainText('100,00 %');
    await expect(page.locator('.rfm-col-heads')).toContainText('< 24');
    await expect(page.locator('.rfm-col-heads')).toContainText('> 95');
    await expect(page.locator('.rfm-segments li[data-segment="sleeping"]')).toContainText('Спящие');
    await shot(page, 'rfm-01-matrix');
  });

  // The fullest cell of the «Спящие» region, read from the same API the screen uses.
  const matrix = await (await page.request.get(`${baseUrl()}/api/rfm`)).json();
  const cell = matrix.cells.filter((c: any) => c.region === 'sleeping').sort((a: any, b: any) => b.customers - a.customers)[0];
  expect(cell.customers).toBeGreaterThan(0);

  await test.step('choose the cell: its customers are listed', async () => {
    await page.getByTestId(`rfm-cell-${cell.row}-${cell.col}`).click();
    const panel = page.getByTestId('rfm-cell-panel');
    await expect(panel.getByRole('heading')).toContainText(`заказов ${matrix.rows[cell.row].label}, дней без покупок ${matrix.columns[cell.col].label}`);
    await expect(panel.locator('tbody tr')).toHaveCount(Math.min(cell.customers, 50));
    await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, 'rfm-02-cell-customers');
  });

  await test.step('export all of them to Excel', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Выгрузить всё в Excel' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('ID клиента');
    expect(sheet.rowCount).toBe(cell.customers + 1);
  });

  await test.step('save the cell as a named segment: it is listed with its live count', async () => {
    await page.getByRole('button', { name: 'Сохранить ячейку как сегмент' }).click();
    await page.getByLabel('Название сегмента').fill('Спящие постоянные (e2e)');
    await page.getByRole('button', { name: 'Сохранить сегмент' }).click();
    const row = page.locator('.rfm-segments li', { hasText: 'Спящие постоянные (e2e)' });
    await expect(row).toContainText(new Intl.NumberFormat('ru-RU').format(cell.customers));
    await row.scrollIntoViewIfNeeded();
    await shot(page, 'rfm-03-segments');
  });

  await test.step('the reactivation overlay shows per cell', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByTestId('rfm-overlay').check();
    await expect(page.locator('.rfm-overlay').first()).toBeVisible();
    await shot(page, 'rfm-04-overlay');
  });

  await test.step('create a scenario for the cell: the editor opens with the audience filter pre-filled', async () => {
    await page.getByTestId('rfm-create-scenario').click();
    await expect(page).toHaveURL(/\/scenarios\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    await expect(page.getByLabel('Название сценария')).toHaveValue(/^Возврат: RFM: /);
    const saved = await (await page.request.get(`${baseUrl()}/api/scenarios/${id}`)).json();
    const audience = saved.document.nodes.find((n: any) => n.id === 'audience');
    expect(audience.config.condition).toEqual({ all: [{ field: 'subscribed.email', op: 'eq', value: true }, cell.condition] });
    await page.getByRole('toolbar').getByRole('button', { name: 'Показать всё' }).click();
    await page.locator('.react-flow__node[data-id="audience"]').click();
    const form = page.locator('.side-body .node-panel[data-node-id="audience"]');
    await expect(form).toBeVisible();
    const fields = await form.getByLabel('Поле').evaluateAll((selects) => selects.map((s) => (s as HTMLSelectElement).value));
    expect(fields).toEqual(expect.arrayContaining(['subscribed.email', 'orderCount', 'daysSinceLastOrder']));
    await shot(page, 'rfm-05-scenario-from-cell');
  });
});
