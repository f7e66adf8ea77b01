import { expect, test } from '@playwright/test';
import type { ScenarioDocumentInput } from '../../shared/scenario/schema';
import { adminApi, baseUrl, shot, signIn } from './support';

/**
 * «Пересечения» before publishing: a marketer drafting «Уходящие» in the exclusivity group «возврат» sees that a
 * published scenario of the same group with a higher priority takes part of the audience, how many are in another
 * published scenario without a group, and the numbers agree with the server's estimate.
 */
const chain = (name: string, settings: Record<string, unknown>, condition: unknown): ScenarioDocumentInput => ({
  format: 'scenario/v1',
  name,
  settings: { timezone: 'Europe/Moscow', ...settings },
  nodes: [
    // 03:17 is far from the hours the e2e suite runs at: its schedule does not fire while this test looks.
    { id: 'start', type: 'dailyTrigger', config: { at: '03:17' } },
    { id: 'audience', type: 'filter', config: { condition } },
    { id: 'hello', type: 'send', config: { channel: 'email', subject: 'Мы скучаем', text: 'Загляните к нам' } },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'audience' },
    { from: 'audience', port: 'yes', to: 'hello' },
  ],
});

const BUYERS = { field: 'orderCount', op: 'gte', value: 1 };
const REGULARS = { field: 'orderCount', op: 'gte', value: 3 };
const n = (x: number) => new Intl.NumberFormat('ru-RU').format(x);

test('the audience panel shows which published scenarios share the audience and who takes the shared customers', async ({ page, request }) => {
  const admin = await adminApi(request);
  const tag = Date.now().toString(36);
  const published: string[] = [];
  const publish = async (doc: ScenarioDocumentInput) => {
    const created = await admin.post('/api/scenarios', doc, 201);
    await admin.post(`/api/scenarios/${created.id}/publish`, {});
    published.push(created.id);
  };
  await publish(chain(`Спящие клиенты ${tag}`, { exclusivityGroup: `возврат ${tag}`, priority: 80 }, REGULARS));
  await publish(chain(`Без группы ${tag}`, { priority: 60 }, REGULARS));
  const draft = await admin.post('/api/scenarios', chain(`Уходящие ${tag}`, { exclusivityGroup: `возврат ${tag}` }, BUYERS), 201);

  try {
    const report = await admin.get(`/api/scenarios/${draft.id}/audience`);
    const sleeping = report.overlap.scenarios.find((s: { name: string }) => s.name === `Спящие клиенты ${tag}`);
    const loose = report.overlap.scenarios.find((s: { name: string }) => s.name === `Без группы ${tag}`);
    expect(sleeping).toMatchObject({ wins: true, sameGroup: true, priority: 80 });
    expect(sleeping.customers).toBeGreaterThan(0);
    expect(loose).toMatchObject({ wins: false, sameGroup: false });

    await signIn(page);
    await page.goto(`${baseUrl()}/scenarios/${draft.id}`);
    await page.getByTestId('audience-summary').click();
    const block = page.getByTestId('audience-overlap');
    await expect(block).toBeVisible();
    await expect(block.getByRole('heading', { name: 'Пересечения' })).toBeVisible();
    await expect(block.locator('[data-testid="overlap-scenario"][data-wins="true"]')).toContainText(
      `Спящие клиенты ${tag}: ${n(sleeping.customers)} из ваших ${n(report.overlap.base)} — приоритет выше, войдут туда`,
    );
    await expect(block.locator('[data-testid="overlap-scenario"][data-wins="false"]').filter({ hasText: `Без группы ${tag}` })).toContainText(
      `${n(loose.customers)} из ваших ${n(report.overlap.base)} — другая группа`,
    );
    // The customers the stronger scenario takes come off the entering count; the panel says so once, on its line.
    await expect(block.getByTestId('overlap-held')).toHaveCount(0);
    await expect(page.getByTestId('audience-exclusive')).toHaveText(`−${n(report.size.exclusive)}`);
    await expect(page.getByTestId('audience-entering')).toHaveText(n(report.size.entering));
    await shot(page, '40-audience-overlap');
  } finally {
    for (const id of published) await admin.post(`/api/scenarios/${id}/archive`, {});
  }
});
