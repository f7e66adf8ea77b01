import { expect, test, type Page } from '@playwright/test';
import { adminApi, baseUrl, coffeeChain, emailCustomers, enterRuns, shot, signIn, signInAsNewUser } from './support';

/**
 * The communication policy from the marketer's side (issue 14): the shop-wide rules screen, a scenario's priority
 * and exclusivity group, and a message marked as service, visible on the canvas.
 */

// The policy is shop-wide: later specs on the same server send messages and must not meet these caps.
test.afterAll(async ({ request }) => {
  const admin = await adminApi(request);
  await admin.put('/api/settings/policy', { caps: [], maxDelayDays: 3, controlGroup: { sharePct: 0 } });
});

async function addCap(page: Page, n: number, max: number, period: 'в день' | 'в неделю') {
  await page.getByRole('button', { name: 'Добавить лимит' }).click();
  await page.getByLabel(`Сколько сообщений (лимит ${n})`).fill(String(max));
  await page.getByLabel(`Канал (лимит ${n})`).selectOption({ label: 'по всем каналам' });
  await page.getByLabel(`Период (лимит ${n})`).selectOption({ label: period });
}

test('a marketer sets the communication rules, then a scenario’s priority, group and a service message', async ({ page, request }) => {
  const admin = await adminApi(request);
  const before = (await admin.get('/api/settings/policy')).version as number;
  const scenario = await admin.post('/api/scenarios', coffeeChain('Правила: кофе', 7, 'Кофе в подарок'), 201);

  await signInAsNewUser(page, { role: 'marketer', name: 'Марина Правилова', password: 'Marina-policy-password-1' });

  await test.step('open the rules from the top navigation', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Правила коммуникаций' }).click();
    await expect(page).toHaveURL(/\/settings\/policy$/);
    await expect(page.getByRole('heading', { name: 'Правила коммуникаций', level: 1 })).toBeVisible();
    await shot(page, 'policy-01-empty');
  });

  await test.step('add caps of 1 a day and 2 a week on all channels, defer up to 3 days, hold out 5 %', async () => {
    for (const cap of await page.getByRole('button', { name: /^Убрать лимит/ }).all()) await cap.click();
    await addCap(page, 1, 1, 'в день');
    await addCap(page, 2, 2, 'в неделю');
    await page.getByLabel('Отложить не больше чем на').fill('3');
    await page.getByLabel('Доля клиентов').fill('5');
    await expect(page.getByTestId('policy-control-explain')).toHaveText('5 % клиентов не получают маркетинговых сообщений ни из одного сценария — с ними сравниваются отчёты.');
    await expect(page.getByTestId('policy-promise')).toContainText('не больше: 1 сообщение в день по всем каналам и 2 сообщения в неделю по всем каналам.');
    await shot(page, 'policy-02-draft');
  });

  await test.step('a duplicate channel and period is explained and blocks saving', async () => {
    await addCap(page, 3, 4, 'в день');
    await expect(page.getByRole('alert')).toContainText('Лимиты 1 и 3 считают одно и то же (по всем каналам, в день) — оставьте один.');
    await expect(page.getByRole('button', { name: 'Сохранить правила' })).toBeDisabled();
    await shot(page, 'policy-03-duplicate');
    await page.getByRole('button', { name: 'Убрать лимит 3' }).click();
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  await test.step('save: the next version, who saved it, what it promises, and the history', async () => {
    await page.getByRole('button', { name: 'Сохранить правила' }).click();
    const version = before + 1;
    await expect(page.getByTestId('policy-version')).toContainText(`Версия ${version}`);
    await expect(page.getByTestId('policy-version')).toContainText('Марина Правилова');
    await expect(page.getByTestId('policy-promise')).toContainText('Что обещают правила');
    await expect(page.getByTestId('policy-promise')).toContainText('Сообщение сверх лимита ждёт до 3 дней');
    await expect(page.getByTestId('policy-promise')).toContainText('5 % клиентов не получают маркетинговых сообщений');
    await expect(page.getByTestId('policy-history').locator('tbody tr').first()).toContainText(`v${version}`);
    await expect(page.getByTestId('policy-history').locator('tbody tr').first()).toContainText('действует');
    const saved = await admin.get('/api/settings/policy');
    expect(saved).toMatchObject({
      version,
      caps: [
        { channel: 'all', period: 'day', max: 1 },
        { channel: 'all', period: 'week', max: 2 },
      ],
      maxDelayDays: 3,
      controlGroup: { sharePct: 5 },
      updatedBy: 'Марина Правилова',
    });
    await shot(page, 'policy-04-saved');
  });

  await test.step('a reload shows the saved rules', async () => {
    await page.reload();
    await expect(page.getByTestId('policy-cap')).toHaveCount(2);
    await expect(page.getByLabel('Сколько сообщений (лимит 2)')).toHaveValue('2');
    await expect(page.getByLabel('Период (лимит 2)')).toHaveValue('week');
    await expect(page.getByLabel('Отложить не больше чем на')).toHaveValue('3');
    await expect(page.getByLabel('Доля клиентов')).toHaveValue('5');
    await expect(page.getByRole('button', { name: 'Сохранить правила' })).toBeDisabled();
  });

  await test.step('the scenario: priority and exclusivity group in its settings', async () => {
    await page.goto(`${baseUrl()}/scenarios/${scenario.id}`);
    await expect(page.getByLabel('Название сценария')).toHaveValue('Правила: кофе');
    const side = page.locator('.side-body');
    await side.getByLabel('Приоритет').fill('80');
    await side.getByLabel('Группа исключения').fill('Возврат');
    await expect(side).toContainText('Сценарии одной группы никогда не ведут одного клиента одновременно');
    await expect.poll(async () => (await admin.get(`/api/scenarios/${scenario.id}`)).document.settings).toMatchObject({ priority: 80, exclusivityGroup: 'Возврат' });
    await side.getByText('Если клиент подходит под несколько сценариев').scrollIntoViewIfNeeded();
    await shot(page, 'policy-05-scenario-settings');
  });

  await test.step('the first mail marked as service shows the badge on its node', async () => {
    const node = page.locator('.react-flow__node[data-id="hello"]');
    await expect(node.getByTestId('service-badge')).toHaveCount(0);
    await node.click();
    const form = page.locator('.side-body .node-panel[data-node-id="hello"]');
    await form.getByLabel('Служебное сообщение — не подчиняется лимитам коммуникаций').check();
    await expect(node.getByTestId('service-badge')).toHaveText('служебное');
    await expect(page.locator('.react-flow__node[data-id="offer"]').getByTestId('service-badge')).toHaveCount(0);
    await expect.poll(async () => (await admin.get(`/api/scenarios/${scenario.id}`)).document.nodes.find((n: { id: string }) => n.id === 'hello').config.service).toBe(true);
    await form.getByText('Рекламу так не отмечайте').scrollIntoViewIfNeeded();
    await shot(page, 'policy-06-service-node');
  });
});

test('an analyst reads the rules but cannot change them', async ({ page }) => {
  await signInAsNewUser(page, { role: 'analyst', name: 'Алексей Аналитик', password: 'Alexey-policy-password-1' });
  await page.getByRole('navigation').getByRole('link', { name: 'Правила коммуникаций' }).click();
  await expect(page.getByRole('note')).toHaveText('Только просмотр: менять правила могут маркетологи и администраторы.');
  await expect(page.getByRole('button', { name: 'Сохранить правила' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Добавить лимит' })).toHaveCount(0);
  await expect(page.getByLabel('Доля клиентов')).toBeDisabled();
  await expect(page.getByTestId('policy-history')).toBeVisible();
  await shot(page, 'policy-07-analyst');
  await page.getByRole('button', { name: 'Switch the interface to English' }).click();
  await expect(page.getByRole('heading', { name: 'Communication rules', level: 1 })).toBeVisible();
  await expect(page.getByTestId('policy-promise')).toContainText('Every customer gets, from all scenarios together, at most 1 message a day on all channels and 2 messages a week on all channels.');
  await shot(page, 'policy-07-analyst-en');
});

test('support reads a message the caps deferred in the run’s journal', async ({ page, request }) => {
  const admin = await adminApi(request);
  await admin.put('/api/settings/policy', { caps: [{ channel: 'all', period: 'day', max: 1 }], maxDelayDays: 3, controlGroup: { sharePct: 0 } });
  // Two mails with no wait between them: under a cap of one a day, the second waits for tomorrow.
  const name = `Правила: два письма e2e ${Date.now().toString(36)}`;
  const created = await admin.post('/api/scenarios', coffeeChain(name, 0, 'Кофе в подарок'), 201);
  await admin.post(`/api/scenarios/${created.id}/publish`, {});
  const { plan } = await admin.get(`/api/scenarios/${created.id}/versions/1`);
  const [customerId] = await emailCustomers(admin, 1, { withoutRuns: true });
  expect(customerId, 'a demo customer with email consent and no run').toBeDefined();
  await enterRuns(created.id, plan, [customerId]);
  const run = async () => (await admin.get(`/api/runs?scenarioId=${created.id}`)).items[0];
  await expect.poll(async () => ((await run())?.nextWakeAt ? (await run()).currentNodeId : null), { timeout: 60_000 }).toBe('offer');
  const { id: runId } = await run();

  await signIn(page);
  await page.goto(`${baseUrl()}/runs/${encodeURIComponent(runId)}`);
  const timeline = page.getByTestId('run-timeline');
  const deferred = timeline.locator('li', { hasText: 'отложено по лимиту' });
  await expect(deferred).toHaveCount(1);
  await expect(deferred).toHaveClass(/tone-wait/);
  await expect(deferred).toContainText('лимит коммуникаций 1 сообщение в день по всем каналам');
  await deferred.scrollIntoViewIfNeeded();
  await shot(page, 'policy-08-deferred-journal');
});
