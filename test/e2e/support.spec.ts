import { expect, test, type APIRequestContext } from '@playwright/test';
import { Client, Connection } from '@temporalio/client';
import type { ScenarioDocumentInput } from '../../shared/scenario/schema';
import { runWorkflowId } from '../../workflows/ids';
import { E2E_ADMIN } from './credentials';
import { baseUrl, shot } from './support';

/**
 * Support desk end to end on the real product: a published scenario, one demo customer put into a live run on the
 * embedded Temporal, and a support employee who finds the customer, reads the run's flight recorder, ends the run
 * and works the staff task the scenario created.
 */

const SCENARIO: ScenarioDocumentInput = {
  format: 'scenario/v1',
  name: 'Поддержка e2e: звонок и письмо',
  settings: { timezone: 'Europe/Moscow', stopOnPurchase: true, conversionWindowDays: 30 },
  nodes: [
    { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
    { id: 'call', type: 'task', config: { text: 'Позвонить клиенту: давно не заходил', role: 'support' } },
    { id: 'hello', type: 'send', config: { channel: 'email', subject: 'Мы скучаем', text: '{{ customer.firstName }}, давно не виделись! Заходите на кофе.' } },
    { id: 'w7', type: 'wait', config: { days: 7 } },
    { id: 'offer', type: 'send', config: { channel: 'email', subject: 'Кофе в подарок', text: 'Второй кофе — в подарок до конца недели.' } },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'call' },
    { from: 'call', port: 'out', to: 'hello' },
    { from: 'hello', port: 'out', to: 'w7' },
    { from: 'w7', port: 'out', to: 'offer' },
  ],
};

async function adminApi(request: APIRequestContext) {
  const login = await request.post(`${baseUrl()}/api/auth/login`, { data: E2E_ADMIN });
  expect(login.status()).toBe(200);
  const { csrfToken } = await login.json();
  const headers = { 'X-CSRF-Token': csrfToken };
  return {
    async get(path: string) {
      const r = await request.get(`${baseUrl()}${path}`);
      expect(r.status(), path).toBe(200);
      return r.json();
    },
    async post(path: string, data: unknown, status = 200) {
      const r = await request.post(`${baseUrl()}${path}`, { data, headers });
      expect(r.status(), `${path}: ${await r.text()}`).toBe(status);
      return r.json();
    },
  };
}

test('support finds a customer, opens the live run, sees the path taken, ends it and works the task', async ({ page, request }) => {
  const admin = await adminApi(request);
  const stamp = Date.now().toString(36);

  // A published scenario and one demo customer with email consent entered into it now.
  const created = await admin.post('/api/scenarios', { ...SCENARIO, name: `${SCENARIO.name} ${stamp}` }, 201);
  await admin.post(`/api/scenarios/${created.id}/publish`, {});
  const { plan } = await admin.get(`/api/scenarios/${created.id}/versions/1`);
  let customer: { id: string; name: string; phone: string | null } | null = null;
  for (const hit of (await admin.get('/api/customers?q=&limit=50')).items) {
    const card = await admin.get(`/api/customers/${encodeURIComponent(hit.id)}`);
    if (card.customer.subscriptions.email && card.customer.email && card.customer.phone && card.customer.name && card.runs.length === 0) {
      customer = card.customer;
      break;
    }
  }
  expect(customer, 'a demo customer with email consent').not.toBeNull();
  const connection = await Connection.connect({ address: process.env.E2E_TEMPORAL_ADDRESS! });
  try {
    const client = new Client({ connection });
    await client.workflow.start('customerRun', {
      workflowId: runWorkflowId(created.id, customer!.id),
      taskQueue: 'comeback',
      args: [{ plan, customerId: customer!.id, enteredAt: new Date().toISOString() }],
    });
  } finally {
    await connection.close();
  }
  await expect.poll(async () => (await admin.get(`/api/runs?scenarioId=${created.id}`)).items[0]?.currentNodeId, { timeout: 60_000 }).toBe('w7');

  const password = (await admin.post('/api/users', { email: `olga-${stamp}@comeback.test`, name: 'Ольга Поддержка', role: 'support' }, 201)).oneTimePassword as string;

  await test.step('support signs in and lands on customer search', async () => {
    await page.goto(`${baseUrl()}/`);
    await page.getByLabel('Email').fill(`olga-${stamp}@comeback.test`);
    await page.getByLabel('Пароль').fill(password);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByLabel('Одноразовый (текущий) пароль').fill(password);
    await page.getByLabel('Новый пароль', { exact: true }).fill('Olga-new-password-1');
    await page.getByLabel('Новый пароль ещё раз').fill('Olga-new-password-1');
    await page.getByRole('button', { name: 'Сохранить пароль' }).click();
    await expect(page.getByRole('heading', { name: 'Клиенты' })).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Разделы' });
    await expect(nav.getByRole('link')).toHaveText(['Клиенты', 'Задачи', 'Правила коммуникаций']);
  });

  await test.step('finds the customer by phone typed the way people say it', async () => {
    const digits = customer!.phone!.slice(2);
    await page.getByLabel('Поиск клиента').fill(`8 (${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6, 8)}-${digits.slice(8)}`);
    await expect(page.getByRole('link', { name: customer!.name })).toBeVisible();
    await shot(page, 'support-01-search');
    await page.getByRole('link', { name: customer!.name }).click();
    await expect(page.getByRole('heading', { name: customer!.name })).toBeVisible();
    await expect(page.locator(`tr[data-run-id]`)).toContainText(`${SCENARIO.name} ${stamp}`);
    await expect(page.locator('.desk-message').first()).toContainText('давно не виделись');
    await shot(page, 'support-02-card');
  });

  await test.step('opens the live run: path highlighted, current node marked, next wake-up shown', async () => {
    await page.locator('tr[data-run-id]').getByRole('link', { name: 'Открыть' }).click();
    await expect(page.getByTestId('run-status')).toHaveText('идёт');
    await expect(page.getByTestId('run-current')).toHaveText('Ждать');
    // The timer runs on Temporal's clock, the words "через 7 дн." on the browser's; on a machine whose clock differs
    // from the server's (skewed, or faked to test other hours) they disagree. So: the run itself must wake 7 days
    // after it reached the wait, and the page, shown at that moment, must say so.
    const runId = (await page.getByTestId('run-status').evaluate(() => decodeURIComponent(location.pathname.split('/').pop()!)));
    const detail = await admin.get(`/api/runs/${encodeURIComponent(runId)}`);
    const waitStarted = Date.parse(detail.steps.find((s: { nodeId: string; outcome: string }) => s.nodeId === 'w7' && s.outcome === 'waiting').at);
    expect(Math.abs(Date.parse(detail.nextWakeAt) - waitStarted - 7 * 86_400_000)).toBeLessThan(60_000);
    await page.clock.setFixedTime(waitStarted);
    await page.reload();
    await expect(page.getByTestId('run-next-wake')).toContainText('через 7 дн.');
    await expect(page.locator('.react-flow__node .scn-node.is-highlighted')).toHaveCount(4);
    await expect(page.locator('.react-flow__node .scn-node.is-dimmed')).toHaveCount(1);
    await expect(page.locator('.react-flow__edge.edge-highlighted')).toHaveCount(3);
    await expect(page.locator('.run-canvas')).toHaveAttribute('data-current', 'w7');
    const timeline = page.getByTestId('run-timeline');
    await expect(timeline).toContainText('отправлено');
    await expect(timeline).toContainText('создана');
    await expect(page.getByRole('link', { name: /Открыть в Temporal/ })).toHaveAttribute('href', new RegExp(`/namespaces/default/workflows/${encodeURIComponent(runWorkflowId(created.id, customer!.id))}/`));
    await shot(page, 'support-03-run-live');
  });

  await test.step('ends the run with a reason, after confirming', async () => {
    await page.getByRole('button', { name: 'Вывести из сценария' }).click();
    const dialog = page.getByRole('dialog', { name: 'Вывести клиента из сценария?' });
    await dialog.getByLabel('Причина').fill('попросил не писать');
    await shot(page, 'support-04-exit-confirm');
    await dialog.getByRole('button', { name: 'Вывести из сценария' }).click();
    await expect(page.getByTestId('run-status')).toHaveText('выведен');
    await expect(page.getByTestId('run-timeline')).toContainText('попросил не писать');
    await expect(page.getByRole('button', { name: 'Вывести из сценария' })).toHaveCount(0);
    await shot(page, 'support-05-run-exited');
  });

  await test.step("the scenario's runs list filters by status and opens the run", async () => {
    await page.goto(`${baseUrl()}/scenarios/${created.id}/runs`);
    await expect(page.getByRole('heading', { name: 'Прохождения сценария' })).toBeVisible();
    await page.getByLabel('Статус').selectOption('exited');
    const row = page.locator('tbody tr', { hasText: customer!.name });
    await expect(row).toContainText('выведен');
    await page.getByLabel('Статус').selectOption('running');
    await expect(page.getByText('Нет прохождений с такими условиями')).toBeVisible();
    await page.getByLabel('Статус').selectOption('');
    await shot(page, 'support-07-runs-list');
    await row.getByRole('link', { name: customer!.name }).click();
    await expect(page.getByTestId('run-status')).toHaveText('выведен');
  });

  await test.step('takes the task the scenario created, comments and closes it with an outcome', async () => {
    await page.getByRole('navigation', { name: 'Разделы' }).getByRole('link', { name: 'Задачи' }).click();
    const task = page.locator('.desk-task', { hasText: customer!.name });
    await expect(task).toContainText('Позвонить клиенту: давно не заходил');
    await task.getByRole('button', { name: 'Взять' }).click();
    await expect(task).toContainText('в работе');
    await task.getByLabel('Комментировать').fill('Не взял трубку, перезвоню после 18:00');
    await task.getByRole('button', { name: 'Комментировать' }).click();
    await expect(task).toContainText('Не взял трубку');
    await shot(page, 'support-06-tasks');
    await task.getByRole('button', { name: 'Закрыть с итогом…' }).click();
    await task.getByLabel('Итог').fill('Дозвонились, придёт в субботу');
    await task.getByRole('button', { name: 'Закрыть', exact: true }).click();
    await expect(task).toContainText('закрыта');
    await expect(task).toContainText('Дозвонились, придёт в субботу');
  });
});
