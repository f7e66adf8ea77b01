import { expect, test } from '@playwright/test';
import { adminApi, baseUrl, coffeeChain, shot, signIn } from './support';

/**
 * Timing that fits each customer, from the marketer's side (issue 15): a message sent at the customer's usual hour,
 * marked on its node, and «Ждать до времени» added from the palette and set to Tuesdays and Thursdays.
 */
test('a marketer sends at the customer’s hour and waits until Tuesday or Thursday 11:30', async ({ page, request }) => {
  const admin = await adminApi(request);
  const scenario = await admin.post('/api/scenarios', coffeeChain('Время клиента', 7, 'Кофе в подарок'), 201);
  const saved = async () => (await admin.get(`/api/scenarios/${scenario.id}`)).document.nodes as Array<{ id: string; type: string; config: Record<string, unknown> }>;
  await signIn(page);
  await page.goto(`${baseUrl()}/scenarios/${scenario.id}`);
  await expect(page.getByLabel('Название сценария')).toHaveValue('Время клиента');

  await test.step('the first mail goes at the customer’s usual hour, with the fallback explained', async () => {
    const node = page.locator('.react-flow__node[data-id="hello"]');
    await node.click();
    const form = page.locator('.side-body .node-panel[data-node-id="hello"]');
    await expect(form).toContainText('У кого заказов меньше — в час сценария: 10:00, время ежедневного запуска, по часам клиента.');
    await form.getByLabel('Отправить в обычный час покупок клиента').check();
    await expect(node.getByTestId('customer-hour-badge')).toHaveText('в час клиента');
    await expect.poll(async () => (await saved()).find((n) => n.id === 'hello')?.config.atCustomerHour).toBe(true);
    await shot(page, 'timing-01-customer-hour');
  });

  await test.step('«Ждать до времени» from the palette after the offer: 11:30 on Tuesdays and Thursdays', async () => {
    await page.locator('.react-flow__node[data-id="offer"]').click();
    await page.getByRole('button', { name: 'Добавить «Ждать до времени»' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('.react-flow__edge[data-id="offer:out->until-1"]')).toHaveCount(1);
    const form = page.locator('.side-body .node-panel[data-node-id="until-1"]');
    await expect(form).toContainText('Не выбран ни один день — подойдёт любой.');
    await form.getByLabel('Время').fill('11:30');
    await form.getByRole('button', { name: 'вт' }).click();
    await form.getByRole('button', { name: 'чт' }).click();
    await expect(form.getByRole('button', { name: 'вт' })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('.react-flow__node[data-id="until-1"]')).toContainText('До 11:30, вт, чт');
    await expect.poll(async () => (await saved()).find((n) => n.id === 'until-1')?.config).toEqual({ mode: 'timeOfDay', time: '11:30', weekdays: ['tue', 'thu'] });
    await shot(page, 'timing-02-wait-until');
  });
  // Browser specs share one server: leave no draft behind for the others' scenario lists.
  await admin.post(`/api/scenarios/${scenario.id}/archive`, {});
});
