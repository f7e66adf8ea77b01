import { expect, test, type Page } from '@playwright/test';
import { baseUrl, shot, signIn } from './support';
import { canvas, nodeOnCanvas, panel, connect } from './canvas';

/**
 * A marketer puts the «Изменить клиента» node after the audience filter, tags the customers it reaches and gives
 * them an attribute, sees a bad attribute key explained in words, lets the audience leave out those already tagged
 * (`tags` «не включают»), and simulates: the timeline says what changed.
 */


test('a marketer tags customers with the update-customer node and simulates it', async ({ page }) => {
  await page.goto(`${baseUrl()}/`);
  await signIn(page);
  await page.getByRole('button', { name: 'Создать сценарий' }).click();
  await page.locator('[data-template="blank"]').click();
  await expect(nodeOnCanvas(page, 'start')).toBeVisible();
  await page.getByLabel('Название сценария', { exact: true }).fill('Отметить позвонивших');

  await test.step('drop a filter and the update-customer node and connect them', async () => {
    const box = (await nodeOnCanvas(page, 'start').boundingBox())!;
    const pane = (await canvas(page).boundingBox())!;
    const x = box.x - pane.x + box.width / 2;
    await page.locator('.palette-item[data-node-type="filter"]').dragTo(canvas(page), { targetPosition: { x, y: box.y - pane.y + 180 } });
    await page.locator('.palette-item[data-node-type="updateCustomer"]').dragTo(canvas(page), { targetPosition: { x, y: box.y - pane.y + 360 } });
    await expect(page.locator('.react-flow__node')).toHaveCount(3);
    await connect(page, 'start', 'out', 'filter-1');
    await connect(page, 'filter-1', 'yes', 'update-1');
  });

  await test.step('the audience leaves out customers already tagged', async () => {
    await nodeOnCanvas(page, 'filter-1').click();
    const form = panel(page);
    await form.getByRole('button', { name: '+ Условие' }).first().click();
    await form.getByLabel('Поле', { exact: true }).last().selectOption('tags');
    await form.getByLabel('Оператор', { exact: true }).last().selectOption('hasNot');
    await form.getByLabel('Тег', { exact: true }).fill('звонили');
    await expect(nodeOnCanvas(page, 'filter-1')).toContainText('Теги не включают звонили');
  });

  await test.step('configure the changes; a bad attribute key is explained, then fixed', async () => {
    await nodeOnCanvas(page, 'update-1').click();
    const form = panel(page);
    await form.getByLabel('Тег', { exact: true }).fill('звонили');
    await form.getByRole('button', { name: '+ Добавить действие' }).click();
    await form.getByLabel('Действие', { exact: true }).last().selectOption('setAttribute');
    await form.getByLabel('Ключ', { exact: true }).fill('my level');
    await form.getByLabel('Значение', { exact: true }).last().fill('gold');
    await page.getByRole('tab', { name: /Проблемы/ }).click();
    await expect(page.locator('.problem-error')).toContainText('ключ атрибута «my level» не подходит');
    await expect(page.getByRole('button', { name: 'Опубликовать' })).toBeDisabled();

    await page.locator('.problem-error').getByRole('button').click();
    await panel(page).getByLabel('Ключ', { exact: true }).fill('level');
    await expect(nodeOnCanvas(page, 'update-1')).toContainText('+ тег «звонили»; level = «gold»');
    await page.getByRole('tab', { name: /Проблемы/ }).click();
    await expect(page.locator('.problem-error')).toHaveCount(0);
    await shot(page, 'update-customer-form');
  });

  await test.step('simulate: the timeline says what changed', async () => {
    await page.getByRole('tab', { name: 'Симуляция' }).click();
    await page.getByRole('button', { name: 'Запустить симуляцию' }).click();
    const results = page.getByTestId('sim-results');
    await expect(results).toBeVisible({ timeout: 150_000 });
    // Anna matches the default audience (90+ days without an order) and is tagged once, on the first day only.
    const anna = results.locator('section.sim-run[data-customer-id="sim-1"]');
    await expect(anna).toContainText('добавлен тег «звонили»; атрибут «level» = «gold»');
    await expect(anna.getByText('добавлен тег «звонили»', { exact: false })).toHaveCount(1);
    await shot(page, 'update-customer-simulation');
  });
});
