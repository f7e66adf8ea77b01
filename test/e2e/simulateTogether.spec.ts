import { expect, test, type Page } from '@playwright/test';
import type { ScenarioDocumentInput } from '../../shared/scenario/schema';
import { adminApi, baseUrl, coffeeChain, signIn } from './support';

/**
 * Before publishing a second chain, a marketer simulates it together with the shop's published one under a policy of
 * one message a day (issue 14): the per-scenario table shows the deferrals, and the customers where the chains met
 * read as short timelines across both.
 */

const SLEEPING = 'Спящие (вместе)';
const LEAVING = 'Уходящие (вместе)';

/** Enters at the same 10:00 firing as the published chain, writes two hours later, when the day's one message is gone. */
function leavingChain(): ScenarioDocumentInput {
  const base = coffeeChain(LEAVING, 5, 'Десерт к кофе в подарок.');
  return {
    ...base,
    settings: { ...base.settings, quietHours: { start: '21:00', end: '09:00' } },
    nodes: [...base.nodes, { id: 'w2h', type: 'wait', config: { days: 0, hours: 2 } }],
    edges: [{ from: 'start', port: 'out', to: 'w2h' }, { from: 'w2h', port: 'out', to: 'hello' }, ...base.edges.filter((e) => e.from !== 'start')],
  };
}

const shot = (page: Page, name: string) => page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: false });

let published: string | null = null;
/** Scenarios earlier specs left active on this server, paused while this one runs so that only its two chains meet. */
let pausedOthers: string[] = [];

// The policy and a published chain are shop-wide: later specs on the same server must meet neither, and find theirs
// as they left them.
test.afterAll(async ({ request }) => {
  const admin = await adminApi(request);
  await admin.put('/api/settings/policy', { caps: [], maxDelayDays: 3, controlGroup: { sharePct: 0 } });
  if (published) await admin.post(`/api/scenarios/${published}/pause`, {});
  for (const id of pausedOthers) await admin.post(`/api/scenarios/${id}/resume`, {});
});

test('a second chain simulated beside the published one under 1 message a day shows the deferrals and where they met', async ({ page, request }) => {
  const admin = await adminApi(request);
  pausedOthers = (await admin.get('/api/scenarios?status=active')).scenarios.map((s: { id: string }) => s.id);
  for (const id of pausedOthers) await admin.post(`/api/scenarios/${id}/pause`, {});
  await admin.put('/api/settings/policy', { caps: [{ channel: 'all', period: 'day', max: 1 }], maxDelayDays: 3, controlGroup: { sharePct: 0 } });
  const sleeping = await admin.post('/api/scenarios', coffeeChain(SLEEPING, 7, 'Второй кофе — в подарок.'), 201);
  await admin.post(`/api/scenarios/${sleeping.id}/publish`, {});
  published = sleeping.id;
  const leaving = await admin.post('/api/scenarios', leavingChain(), 201);

  await signIn(page);
  await page.goto(`${baseUrl()}/scenarios/${leaving.id}`);
  await page.getByRole('tab', { name: 'Симуляция' }).click();
  const panel = page.locator('.side-body');

  await test.step('the option is on because the shop has a published scenario; other caps can be tried', async () => {
    const together = panel.getByRole('checkbox', { name: /^Вместе с опубликованными сценариями \(\d+\)$/ });
    await expect(together).toBeChecked();
    await panel.getByRole('checkbox', { name: 'Попробовать другие лимиты' }).check();
    // Prefilled from the shop's rules in force.
    await expect(panel.getByLabel('Сколько сообщений (лимит 1)')).toHaveValue('1');
    await expect(panel.getByLabel('Период (лимит 1)')).toHaveValue('day');
    await expect(panel.getByText('= 1 сообщение в день по всем каналам')).toBeVisible();
    await shot(page, 'together-01-options');
    // This time the shop's own rules.
    await panel.getByRole('checkbox', { name: 'Попробовать другие лимиты' }).uncheck();
    await expect(panel.getByLabel('Сколько сообщений (лимит 1)')).toHaveCount(0);
  });

  await test.step('simulate: the table per scenario, the policy in words, and the customers where the chains met', async () => {
    // Ten days: each chain's first pass, and the published one's offer meeting this one's second mail.
    await panel.getByLabel('Дней симуляции').fill('10');
    await panel.getByRole('button', { name: 'Запустить симуляцию' }).click();
    const together = page.getByTestId('sim-together');
    await expect(together).toBeVisible({ timeout: 150_000 });
    await expect(page.getByTestId('sim-policy')).toContainText('1 сообщение в день по всем каналам');

    const mine = together.locator('tr.is-main');
    await expect(mine.locator('th')).toContainText(LEAVING);
    await expect(mine.locator('th')).toContainText('этот');
    const deferred = Number(await mine.locator('td[data-col="deferred"]').textContent());
    expect(deferred).toBeGreaterThan(0);
    const theirs = together.locator(`tr[data-scenario-id="${sleeping.id}"]`);
    await expect(theirs.locator('th')).toContainText(SLEEPING);
    expect(Number(await theirs.locator('td[data-col="messages"]').textContent())).toBeGreaterThan(0);

    await expect(page.getByTestId('sim-met')).toHaveText(/^Где сценарии встретились: \d+ клиент/);
    // Anna (email): the published chain's mail at 10:00, this chain's at 12:00 deferred to 12:00 the next day, then sent.
    const anna = together.locator('.sim-met-customer[data-customer-id="sim-1"]');
    await expect(anna.locator('summary')).toHaveText('Анна Петрова');
    const lines = anna.locator('li');
    await expect(lines.filter({ hasText: `${SLEEPING} · письмо отправлено` }).first()).toBeVisible();
    await expect(lines.filter({ hasText: `${LEAVING} · отложено до` }).first()).toContainText('· лимит коммуникаций 1 сообщение в день по всем каналам');
    await expect(lines.filter({ hasText: `${LEAVING} · письмо отправлено` }).first()).toBeVisible();
    await expect(lines.first()).toHaveText(/^\d\d\.\d\d 10:00 · /);
    await page.locator('.sim-summary').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, 'together-02-table');
    await anna.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, 'together-03-met');
  });

  await test.step('the run’s own timeline says the message was deferred and until when', async () => {
    const run = page.getByTestId('sim-results').locator('.sim-run[data-customer-id="sim-1"]');
    const hold = run.locator('.tl-deferred');
    await expect(hold).toHaveCount(1);
    await expect(hold).toContainText('отложено по лимиту');
    await expect(hold).toContainText(/отложено до \d\d\.\d\d 12:00 · лимит коммуникаций 1 сообщение в день по всем каналам/);
    await hold.scrollIntoViewIfNeeded();
    await shot(page, 'together-04-run');
  });

  await test.step('in English the same answer reads in English, the caps matched back from the journal', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    const together = page.getByTestId('sim-together');
    await expect(together.getByRole('heading', { name: 'Scenarios together' })).toBeVisible();
    await expect(page.getByTestId('sim-policy')).toContainText("Shop's rules, version");
    const anna = together.locator('.sim-met-customer[data-customer-id="sim-1"]');
    await expect(anna.locator('li').filter({ hasText: `${LEAVING} · deferred until` }).first()).toContainText('· communication cap of 1 message a day on all channels');
    await expect(anna.locator('li').filter({ hasText: `${SLEEPING} · email sent` }).first()).toBeVisible();
    await together.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, 'together-05-english');
  });
});
