import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { Client, Connection } from '@temporalio/client';
import type { ScenarioDocumentInput } from '../../shared/scenario/schema';
import { runWorkflowId } from '../../workflows/ids';
import { E2E_ADMIN } from './credentials';

export function baseUrl(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error('E2E_BASE_URL is not set: run through playwright.config.ts (its globalSetup starts the server)');
  return url;
}

export async function signIn(page: Page) {
  await page.goto(`${baseUrl()}/`);
  await page.getByLabel('Email').fill(E2E_ADMIN.email);
  await page.getByLabel('Пароль').fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page.getByRole('heading', { name: 'Сценарии' })).toBeVisible();
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}.png` });
}

/**
 * Creates a user with `role` through the admin API and signs in as them in the browser the way a new employee does:
 * the one-time password, then a password of their own. Lands on the scenario list.
 */
export async function signInAsNewUser(page: Page, user: { role: 'marketer' | 'analyst'; name: string; password: string }) {
  const login = await page.request.post(`${baseUrl()}/api/auth/login`, { data: E2E_ADMIN });
  const { csrfToken } = await login.json();
  const email = `${user.role}-${Date.now().toString(36)}@comeback.test`;
  const created = await page.request.post(`${baseUrl()}/api/users`, { data: { email, name: user.name, role: user.role }, headers: { 'X-CSRF-Token': csrfToken } });
  expect(created.status()).toBe(201);
  const oneTime = (await created.json()).oneTimePassword as string;
  await page.request.post(`${baseUrl()}/api/auth/logout`, { headers: { 'X-CSRF-Token': csrfToken } });
  await page.context().clearCookies();
  await page.goto(`${baseUrl()}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Пароль').fill(oneTime);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByLabel('Одноразовый (текущий) пароль').fill(oneTime);
  await page.getByLabel('Новый пароль', { exact: true }).fill(user.password);
  await page.getByLabel('Новый пароль ещё раз').fill(user.password);
  await page.getByRole('button', { name: 'Сохранить пароль' }).click();
  await expect(page.getByRole('heading', { name: 'Сценарии' })).toBeVisible();
}

/** The API as the e2e admin: JSON in and out, each call checked for the status it must answer. */
export async function adminApi(request: APIRequestContext) {
  const login = await request.post(`${baseUrl()}/api/auth/login`, { data: E2E_ADMIN });
  expect(login.status()).toBe(200);
  const { csrfToken, user } = await login.json();
  const headers = { 'X-CSRF-Token': csrfToken };
  const check = async (r: Awaited<ReturnType<APIRequestContext['get']>>, what: string, status: number): Promise<any> => {
    expect(r.status(), `${what}: ${await r.text()}`).toBe(status);
    return r.json();
  };
  return {
    name: user.name as string,
    get: async (path: string) => check(await request.get(`${baseUrl()}${path}`), path, 200),
    post: async (path: string, data: unknown, status = 200) => check(await request.post(`${baseUrl()}${path}`, { data, headers }), path, status),
    put: async (path: string, data: unknown) => check(await request.put(`${baseUrl()}${path}`, { data, headers }), path, 200),
  };
}

/** Demo customers who can get email (with a name), up to `count`; `withoutRuns`: only those in no run yet. */
export async function emailCustomers(admin: Awaited<ReturnType<typeof adminApi>>, count: number, options: { withoutRuns?: boolean } = {}): Promise<string[]> {
  const found: string[] = [];
  for (const hit of (await admin.get('/api/customers?q=&limit=100')).items) {
    const card = await admin.get(`/api/customers/${encodeURIComponent(hit.id)}`);
    if (options.withoutRuns && card.runs.length > 0) continue;
    if (card.customer.subscriptions.email && card.customer.email && card.customer.name) found.push(card.customer.id);
    if (found.length === count) break;
  }
  return found;
}

/** Starts a customer run of version `plan` for each customer now, on the embedded Temporal (as the audience would). */
export async function enterRuns(scenarioId: string, plan: unknown, customerIds: string[]): Promise<void> {
  const connection = await Connection.connect({ address: process.env.E2E_TEMPORAL_ADDRESS! });
  try {
    const client = new Client({ connection });
    for (const id of customerIds) {
      await client.workflow.start('customerRun', { workflowId: runWorkflowId(scenarioId, id), taskQueue: 'comeback', args: [{ plan, customerId: id, enteredAt: new Date().toISOString() }] });
    }
  } finally {
    await connection.close();
  }
}

/** A short chain for version tests: a first mail, a wait of `waitDays`, an offer; no quiet hours (any hour works). */
export function coffeeChain(name: string, waitDays: number, offer: string): ScenarioDocumentInput {
  return {
    format: 'scenario/v1',
    name,
    settings: { timezone: 'Europe/Moscow', stopOnPurchase: true, conversionWindowDays: 30 },
    nodes: [
      { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
      { id: 'hello', type: 'send', config: { channel: 'email', subject: 'Мы скучаем', text: '{{ customer.firstName }}, давно не виделись!' } },
      { id: 'w7', type: 'wait', config: { days: waitDays } },
      { id: 'offer', type: 'send', config: { channel: 'email', subject: 'Кофе в подарок', text: offer } },
    ],
    edges: [
      { from: 'start', port: 'out', to: 'hello' },
      { from: 'hello', port: 'out', to: 'w7' },
      { from: 'w7', port: 'out', to: 'offer' },
    ],
  };
}
