import { expect, test } from '@playwright/test';
import { giftVsDiscount } from '../../shared/scenario/examples/giftVsDiscount';
import { adminApi, baseUrl, emailCustomers, enterRuns, shot, signIn } from './support';

/**
 * "Send everyone to the winner" on the real product: seed 000's A/B test with customers waiting in its gift branch;
 * from the A/B report a marketer picks the discount as the winner, a new version is published and the move planner
 * opens for the customers still inside v1.
 */
test('from the A/B report a marketer rolls the winner out and lands in the move planner', async ({ page, request }) => {
  const admin = await adminApi(request);
  const name = `A/B e2e ${Date.now().toString(36)}`;
  // Without its quiet hours: at night the gift mail would be held till morning instead of reaching the wait.
  const { quietHours: _night, ...settings } = giftVsDiscount.settings as Record<string, unknown>;
  const created = await admin.post('/api/scenarios', { ...giftVsDiscount, name, settings }, 201);
  await admin.post(`/api/scenarios/${created.id}/publish`, {});
  const { plan } = await admin.get(`/api/scenarios/${created.id}/versions/1`);
  await enterRuns(created.id, plan, await emailCustomers(admin, 12));
  // Customers in the gift branch wait two days before the reminder: they are the ones still inside, once the others
  // (discount and holdout) have finished.
  const waitingInGift = async () => {
    const running = (await admin.get(`/api/runs?scenarioId=${created.id}&status=running`)).items as Array<{ currentNodeId: string; nextWakeAt: string | null }>;
    return running.length > 0 && running.every((r) => r.currentNodeId === 'giftWait' && r.nextWakeAt) ? running.length : 0;
  };
  await expect.poll(waitingInGift, { timeout: 60_000 }).toBeGreaterThan(0);
  const inside = await waitingInGift();

  await signIn(page);
  await page.goto(`${baseUrl()}/scenarios/${created.id}/report`);
  const panel = page.getByTestId('ab-panel');
  const rollout = panel.getByTestId('ab-rollout-split');
  await expect(rollout).toBeVisible();
  await rollout.getByLabel('Победитель').selectOption('discount');
  await expect(rollout.getByLabel('Сохранить контрольную группу')).toBeChecked();
  page.once('dialog', (dialog) => {
    expect(dialog.message()).toBe('Опубликовать версию с победителем «Скидка 25%»?');
    void dialog.accept();
  });
  await rollout.getByRole('button', { name: 'Отправить всех к победителю' }).click();

  // The editor, on v2, with the move planner open for the customers inside v1.
  const dialog = page.getByRole('dialog', { name: 'Клиенты в пути: что с ними делать в v2' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { name: new RegExp(`^v1 · опубликована .* · ${inside} клиент`) })).toBeVisible();
  await expect(dialog.locator('tr[data-node="giftWait"]')).toBeVisible();
  await shot(page, 'ab-01-planner-after-winner');
  await dialog.getByRole('button', { name: 'Закрыть' }).last().click();
  await expect(page.locator('.chip.static', { hasText: 'v2' })).toBeVisible();

  // The report says who decided what, and the split's summary on the canvas says it too.
  await page.goto(`${baseUrl()}/scenarios/${created.id}/report`);
  await expect(page.getByTestId('ab-decision-split')).toContainText('все новые клиенты получают «Скидка 25%» с v2, контрольная группа сохранена');
  await shot(page, 'ab-02-report-decided');
  const v2 = await admin.get(`/api/scenarios/${created.id}/versions/2`);
  expect(v2.document.nodes.find((n: { id: string }) => n.id === 'split').config).toMatchObject({ winner: 'discount', holdoutPct: 10 });
});
