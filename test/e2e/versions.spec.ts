import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import type { ScenarioDocumentInput, ScenarioNode } from '../../shared/scenario/schema';
import { E2E_ADMIN } from './credentials';
import { baseUrl, shot, signIn } from './support';

/**
 * A marketer compares two published versions side by side on the canvas: v2 reworded the offer, waits longer, dropped
 * the bonus reminder for a call from staff and turned quiet hours on. Both canvases show it in colour, the offer's
 * text shows the words that changed, and the way back to the editor works from the keyboard.
 */

const OFFER_V1 = '{{ customer.firstName }}, мы скучаем! Скидка 20% на всё до пятницы.';
const OFFER_V2 = '{{ customer.firstName }}, мы скучаем! Скидка 25% на всё до воскресенья.';

const V1: ScenarioDocumentInput = {
  format: 'scenario/v1',
  name: 'Сравнение версий e2e',
  settings: { timezone: 'Europe/Moscow', stopOnPurchase: true, conversionWindowDays: 30 },
  nodes: [
    { id: 'start', type: 'dailyTrigger', config: { at: '10:00' } },
    { id: 'audience', type: 'filter', config: { condition: { field: 'daysSinceLastOrder', op: 'gte', value: 60 } } },
    { id: 'offer', type: 'send', config: { channel: 'sms', text: OFFER_V1 } },
    { id: 'w3', type: 'wait', config: { days: 3 } },
    { id: 'check', type: 'checkOrders', config: {} },
    { id: 'done', type: 'exit', config: {} },
    { id: 'bonus', type: 'grantBonus', config: { points: 300, expiresInDays: 14 } },
    { id: 'remind', type: 'reminder', config: { channel: 'sms', text: 'Ваши {{ bonus.points }} баллов ждут вас' } },
  ],
  edges: [
    { from: 'start', port: 'out', to: 'audience' },
    { from: 'audience', port: 'yes', to: 'offer' },
    { from: 'offer', port: 'out', to: 'w3' },
    { from: 'w3', port: 'out', to: 'check' },
    { from: 'check', port: 'yes', to: 'done' },
    { from: 'check', port: 'no', to: 'bonus' },
    { from: 'bonus', port: 'out', to: 'remind' },
  ],
};

const V2: ScenarioDocumentInput = {
  ...V1,
  settings: { ...V1.settings, quietHours: { start: '21:00', end: '09:00' } },
  nodes: [
    ...V1.nodes
      .filter((n) => n.id !== 'remind')
      .map((n) => (n.id === 'offer' ? { ...n, config: { channel: 'sms', text: OFFER_V2 } } : n.id === 'w3' ? { ...n, config: { days: 5 } } : n) as ScenarioNode),
    { id: 'call', type: 'task', config: { text: 'Позвонить клиенту и предложить подарок', role: 'support' } },
  ],
  edges: [...V1.edges.filter((e) => e.to !== 'remind'), { from: 'bonus', port: 'out', to: 'call' }],
};

async function adminApi(request: APIRequestContext) {
  const login = await request.post(`${baseUrl()}/api/auth/login`, { data: E2E_ADMIN });
  expect(login.status()).toBe(200);
  const headers = { 'X-CSRF-Token': (await login.json()).csrfToken };
  const call = async (method: 'post' | 'put', path: string, data: unknown, status: number) => {
    const r = await request[method](`${baseUrl()}${path}`, { data, headers });
    expect(r.status(), `${path}: ${await r.text()}`).toBe(status);
    return r.json();
  };
  return { post: (path: string, data: unknown, status = 200) => call('post', path, data, status), put: (path: string, data: unknown) => call('put', path, data, 200) };
}

const pane = (page: Page, side: 'before' | 'after') => page.locator(`.cmp-pane[data-side="${side}"]`);
const nodeIn = (page: Page, side: 'before' | 'after', id: string) => pane(page, side).locator(`.react-flow__node[data-id="${id}"]`);
const statusOf = (page: Page, side: 'before' | 'after', id: string) => nodeIn(page, side, id).locator('.cmp-node');

test('compare two published versions side by side on the canvas', async ({ page, request }) => {
  const admin = await adminApi(request);
  const name = `${V1.name} ${Date.now().toString(36)}`;
  const created = await admin.post('/api/scenarios', { ...V1, name }, 201);
  await admin.post(`/api/scenarios/${created.id}/publish`, {});
  await admin.put(`/api/scenarios/${created.id}`, { document: { ...V2, name }, baseRevision: created.draftRevision });
  await admin.post(`/api/scenarios/${created.id}/publish`, {});

  await signIn(page);

  await test.step('from the versions panel to the comparison on the canvas', async () => {
    await page.goto(`${baseUrl()}/scenarios/${created.id}`);
    await page.getByRole('tab', { name: 'Версии' }).click();
    await expect(page.locator('.version-list li')).toHaveCount(2);
    await shot(page, 'versions-panel');
    await page.getByRole('combobox', { name: 'Сравнить', exact: true }).selectOption('1');
    await page.getByRole('combobox', { name: 'Сравнить с' }).selectOption('2');
    await page.getByRole('button', { name: 'Сравнить на холсте' }).click();
    await expect(page).toHaveURL(new RegExp(`/scenarios/${created.id}/compare/1/2$`));
    await expect(page.getByRole('heading', { name: /Сравнение версий/ })).toBeVisible();
  });

  await test.step('the summary counts the changes and says the settings change in words', async () => {
    await expect(page.getByTestId('count-added')).toHaveText('+ 1 узел добавлен');
    await expect(page.getByTestId('count-removed')).toHaveText('− 1 узел удалён');
    await expect(page.getByTestId('count-changed')).toHaveText('~ 2 узла изменено');
    await expect(page.getByTestId('compare-settings')).toContainText('Тихие часы: нет → с 21:00 до 09:00');
    await page.getByRole('button', { name: 'Switch the interface to English' }).click();
    await expect(page.getByTestId('count-changed')).toHaveText('~ 2 nodes changed');
    await expect(page.getByTestId('compare-settings')).toContainText('Quiet hours: off → from 21:00 to 09:00');
    await expect(pane(page, 'after').locator('.cmp-pane-head')).toContainText('After: v2');
    await shot(page, 'versions-compare-en');
    await page.getByRole('button', { name: 'Переключить интерфейс на русский' }).click();
    await expect(page.getByTestId('count-changed')).toHaveText('~ 2 узла изменено');
  });

  await test.step('older on the left, newer on the right, every node coloured by what happened to it', async () => {
    await expect(pane(page, 'before').locator('.cmp-pane-head')).toContainText('Было: v1');
    await expect(pane(page, 'after').locator('.cmp-pane-head')).toContainText('Стало: v2');
    await expect(statusOf(page, 'before', 'remind')).toHaveAttribute('data-status', 'removed');
    await expect(statusOf(page, 'before', 'offer')).toHaveAttribute('data-status', 'changed');
    await expect(statusOf(page, 'before', 'start')).toHaveAttribute('data-status', 'unchanged');
    await expect(nodeIn(page, 'before', 'call')).toHaveCount(0);
    await expect(statusOf(page, 'after', 'call')).toHaveAttribute('data-status', 'added');
    await expect(statusOf(page, 'after', 'offer')).toHaveAttribute('data-status', 'changed');
    await expect(statusOf(page, 'after', 'w3')).toHaveAttribute('data-status', 'changed');
    await expect(statusOf(page, 'after', 'bonus')).toHaveAttribute('data-status', 'unchanged');
    await expect(nodeIn(page, 'after', 'remind')).toHaveCount(0);
    await expect(statusOf(page, 'after', 'call')).toContainText('добавлен');
    await expect(statusOf(page, 'before', 'remind')).toContainText('удалён');
    await expect(pane(page, 'after').locator('.react-flow__edge.cmp-edge-added[data-id="bonus:out->call"]')).toHaveCount(1);
    await expect(pane(page, 'before').locator('.react-flow__edge.cmp-edge-removed[data-id="bonus:out->remind"]')).toHaveCount(1);
    await expect(pane(page, 'after').locator('.react-flow__edge.cmp-edge-added')).toHaveCount(1);
    await shot(page, 'versions-compare-overview');
    // Unchanged nodes line up: the same place on both canvases.
    const offset = async (side: 'before' | 'after') => {
      const node = (await nodeIn(page, side, 'check').boundingBox())!;
      const box = (await pane(page, side).boundingBox())!;
      return { x: node.x - box.x, y: node.y - box.y };
    };
    await expect
      .poll(async () => {
        const [left, right] = [await offset('before'), await offset('after')];
        return Math.abs(left.x - right.x) < 2 && Math.abs(left.y - right.y) < 2;
      })
      .toBe(true);
  });

  await test.step('clicking the changed offer shows its text with the words that changed', async () => {
    await nodeIn(page, 'after', 'offer').click();
    const details = page.getByTestId('compare-node-details');
    await expect(details).toHaveAttribute('data-status', 'changed');
    const text = details.locator('.cmp-field[data-field="text"]');
    await expect(text.locator('dt')).toHaveText('Текст');
    await expect(text.locator('del')).toHaveText(['удалено: 20', 'удалено: пятницы']);
    await expect(text.locator('ins')).toHaveText(['добавлено: 25', 'добавлено: воскресенья']);
    await expect(text).toContainText('мы скучаем! Скидка');
    await expect(nodeIn(page, 'after', 'offer').locator('.scn-node')).toHaveClass(/is-selected/);
    await expect(nodeIn(page, 'before', 'offer').locator('.scn-node')).toHaveClass(/is-selected/);
    await expect(nodeIn(page, 'after', 'offer')).toBeVisible();
    await expect(nodeIn(page, 'before', 'remind')).toBeVisible();
    await shot(page, 'versions-compare');
  });

  await test.step('from the keyboard: the list of changes, the wait in days, Escape back to the list and to the editor', async () => {
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('compare-changes')).toBeVisible();
    await page.getByTestId('compare-changes').locator('button[data-node-id="w3"]').focus();
    await page.keyboard.press('Enter');
    const wait = page.getByTestId('compare-node-details').locator('.cmp-field[data-field="days"]');
    await expect(wait).toContainText('Ждать');
    await expect(wait.locator('del')).toHaveText('удалено: 3 дня');
    await expect(wait.locator('ins')).toHaveText('добавлено: 5 дней');
    await page.getByTestId('compare-node-details').getByRole('button', { name: 'Все изменения' }).click();
    await page.getByTestId('compare-changes').locator('button[data-node-id="call"]').click();
    await expect(page.getByTestId('compare-node-details')).toContainText('Позвонить клиенту и предложить подарок');
    await expect(page.getByTestId('compare-node-details').locator('.cmp-edge-row-added')).toContainText('Начислить бонусы → Задача сотруднику');
    await shot(page, 'versions-compare-added');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('compare-changes')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page).toHaveURL(new RegExp(`/scenarios/${created.id}$`));
    await expect(page.locator('.react-flow__node[data-id="call"]')).toBeVisible();
  });

  await test.step('the latest version against the draft: nothing to show, and the button back', async () => {
    await page.goto(`${baseUrl()}/scenarios/${created.id}/compare/draft/2`);
    await expect(page).toHaveURL(new RegExp(`/compare/2/draft$`));
    await expect(page.getByTestId('compare-summary')).toHaveText('Версии совпадают');
    await expect(statusOf(page, 'after', 'call')).toHaveAttribute('data-status', 'unchanged');
    await page.getByTestId('compare-back').click();
    await expect(page).toHaveURL(new RegExp(`/scenarios/${created.id}$`));
  });
});
