import { expect, test } from '@playwright/test';
import { adminApi, baseUrl, coffeeChain, emailCustomers, enterRuns, shot, signIn } from './support';

/**
 * The move planner on the real product: three demo customers wait in v1 of a chain; v2 shortens the wait and
 * rewords the offer. A marketer opens the planner from the editor, moves the waiting customers to v2's wait, reads
 * the dry run, applies the plan and sees the customers move.
 */

const CUSTOMERS = 3;

test('a marketer moves the customers waiting in v1 to v2 from the planner, after reading its dry run', async ({ page, request }) => {
  const admin = await adminApi(request);
  const name = `Перенос e2e ${Date.now().toString(36)}`;
  const created = await admin.post('/api/scenarios', coffeeChain(name, 7, 'Второй кофе — в подарок.'), 201);
  await admin.post(`/api/scenarios/${created.id}/publish`, {});
  const { plan } = await admin.get(`/api/scenarios/${created.id}/versions/1`);

  // Three demo customers who can get email enter v1 and wait at w7.
  const customers = await emailCustomers(admin, CUSTOMERS);
  expect(customers).toHaveLength(CUSTOMERS);
  await enterRuns(created.id, plan, customers);
  const waiting = async () => (await admin.get(`/api/runs?scenarioId=${created.id}`)).items.filter((r: { currentNodeId: string; nextWakeAt: string | null }) => r.currentNodeId === 'w7' && r.nextWakeAt);
  await expect.poll(async () => (await waiting()).length, { timeout: 60_000 }).toBe(CUSTOMERS);

  // v2: a 5-day wait and another offer.
  const draft = await admin.get(`/api/scenarios/${created.id}`);
  await admin.put(`/api/scenarios/${created.id}`, { document: coffeeChain(name, 5, 'Новое: десерт к кофе в подарок.'), baseRevision: draft.draftRevision });
  await admin.post(`/api/scenarios/${created.id}/publish`, {});

  await signIn(page);
  await page.goto(`${baseUrl()}/scenarios/${created.id}`);

  const dialog = page.getByRole('dialog', { name: 'Клиенты в пути: что с ними делать в v2' });
  await test.step('the planner lists the customers waiting in v1, per step, staying by default', async () => {
    await page.getByRole('button', { name: '3 клиента на прошлых версиях' }).click();
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('heading', { name: /^v1 · опубликована .* · 3 клиента$/ })).toBeVisible();
    const row = dialog.locator('tr[data-node="w7"]');
    await expect(row).toContainText('Ждать 7 дн.');
    await expect(row.locator('td.num')).toHaveText('3');
    await expect(row.getByLabel('Что делать с клиентами на шаге «Ждать 7 дн.»')).toHaveValue('stay');
    // Nothing to apply while everyone stays.
    await expect(dialog.getByRole('button', { name: 'Применить план' })).toBeDisabled();
  });

  await test.step('choosing "move" points at v2’s wait; the dry run counts the consequences', async () => {
    await dialog.getByLabel('Что делать с клиентами на шаге «Ждать 7 дн.»').selectOption('move');
    await expect(dialog.getByLabel('Шаг v2, на который перенести клиентов с шага «Ждать 7 дн.»')).toHaveValue('w7');
    // v2 waits 5 days instead of 7, counted from when they began waiting: two days earlier than now planned.
    await expect(dialog.locator('tr[data-node="w7"] .moves-wakes')).toHaveText(/^проснутся \d\d\.\d\d \d\d:\d\d/);
    // The apply button waits for the dry run of exactly this plan.
    await expect(dialog.getByRole('button', { name: 'Применить: перенести 3, вывести 0' })).toBeDisabled();
    await dialog.getByRole('button', { name: 'Посчитать последствия' }).click();
    const preview = dialog.getByTestId('moves-preview');
    await expect(preview).toContainText('Следующие 30 дней');
    await expect(preview.getByRole('row', { name: /Email/ })).toContainText('3');
    await expect(preview).toContainText('Изменится путь у 3 клиентов из 3');
    await preview.getByText('Например:').click();
    await expect(preview).toContainText('было: «Email: Второй кофе — в подарок.»');
    await expect(preview).toContainText('станет: «Email: Новое: десерт к кофе в подарок.»');
    await shot(page, 'moves-01-planner-preview');
  });

  await test.step('applying moves the customers, and the dialog follows them', async () => {
    await dialog.getByRole('button', { name: 'Применить: перенести 3, вывести 0' }).click();
    const progress = dialog.getByTestId('moves-progress');
    await expect(progress.locator('.moves-count-moved dd')).toHaveText('3', { timeout: 60_000 });
    await expect(progress).toContainText('Готово: каждый клиент, которого касался план, ответил.');
    await shot(page, 'moves-02-applied');
    await dialog.getByRole('button', { name: 'Закрыть' }).last().click();
    await expect(dialog).toBeHidden();
    // No one is left on v1.
    await expect(page.getByRole('button', { name: /на прошлых версиях/ })).toBeHidden();
  });

  const planner = await admin.get(`/api/scenarios/${created.id}/moves`);
  expect(planner.versions).toEqual([]);
  const runs = (await admin.get(`/api/runs?scenarioId=${created.id}`)).items;
  expect(runs.filter((r: { status: string }) => r.status === 'running')).toHaveLength(CUSTOMERS);
});
