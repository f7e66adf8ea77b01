import { expect, type Page } from '@playwright/test';
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
