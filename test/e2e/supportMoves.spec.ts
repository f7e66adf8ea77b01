import { expect, test } from '@playwright/test';
import { adminApi, baseUrl, coffeeChain, emailCustomers, enterRuns, shot, signIn } from './support';

/**
 * The support desk on a run a move plan took from v1 to v2, on the real product: the customer card says "v1 → v2",
 * the flight recorder draws the path on v1's canvas up to the move and on v2's from it, and the journal shows the
 * move with who made it and when.
 */

test('support reads a moved run: v1 → v2 on the card, both versions’ canvases and the move in the journal', async ({ page, request }) => {
  const admin = await adminApi(request);
  const name = `Поддержка: перенос e2e ${Date.now().toString(36)}`;
  const created = await admin.post('/api/scenarios', coffeeChain(name, 7, 'Второй кофе — в подарок.'), 201);
  await admin.post(`/api/scenarios/${created.id}/publish`, {});
  const { plan } = await admin.get(`/api/scenarios/${created.id}/versions/1`);

  // A demo customer who can get email and has no run yet enters v1 and waits at w7.
  const [customerId] = await emailCustomers(admin, 1, { withoutRuns: true });
  expect(customerId, 'a demo customer with email consent and no run').toBeDefined();
  await enterRuns(created.id, plan, [customerId]);
  const run = async () => (await admin.get(`/api/runs?scenarioId=${created.id}`)).items[0];
  await expect.poll(async () => ((await run())?.nextWakeAt ? (await run()).currentNodeId : null), { timeout: 60_000 }).toBe('w7');

  // v2 shortens the wait; a plan moves the waiting customer to v2's wait.
  const draft = await admin.get(`/api/scenarios/${created.id}`);
  await admin.put(`/api/scenarios/${created.id}`, { document: coffeeChain(name, 5, 'Новое: десерт к кофе в подарок.'), baseRevision: draft.draftRevision });
  await admin.post(`/api/scenarios/${created.id}/publish`, {});
  await admin.post(`/api/scenarios/${created.id}/moves`, { choices: { '1': { w7: { action: 'move', to: 'w7' } } } }, 201);
  await expect.poll(async () => {
    const r = await run();
    return r.currentVersion === 2 && r.nextWakeAt ? r.movedTo : null;
  }, { timeout: 60_000 }).toEqual([2]);
  const { id: runId } = await run();

  await signIn(page);
  await test.step('the customer card says the run went from v1 to v2', async () => {
    await page.goto(`${baseUrl()}/customers/${encodeURIComponent(customerId)}`);
    const row = page.locator(`tr[data-run-id="${runId}"]`);
    await expect(row).toContainText(name);
    await expect(row.getByTestId('run-versions-moved')).toHaveText('v1 → v2');
    await row.scrollIntoViewIfNeeded();
    await shot(page, 'support-moves-00-card');
  });

  await test.step('the flight recorder opens on v2, where the run is now, and lists the move', async () => {
    await page.locator(`tr[data-run-id="${runId}"]`).getByRole('link', { name: 'Открыть' }).click();
    await expect(page.getByRole('heading', { name: `${name} v1 → v2` })).toBeVisible();
    const versions = page.getByTestId('run-versions');
    await expect(versions.getByRole('button', { name: /^v1 до / })).toHaveAttribute('aria-pressed', 'false');
    await expect(versions.getByRole('button', { name: /^v2 с / })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('.run-canvas')).toHaveAttribute('data-current', 'w7');
    await expect(page.getByTestId('run-current')).toHaveText('Ждать');
    const move = page.getByTestId('run-move');
    await expect(move).toContainText(new RegExp(`Перенесён на v2 «Ждать 5 дн\\.» — ${admin.name}, \\d\\d\\.\\d\\d \\d\\d:\\d\\d`));
    await expect(move).toContainText('с v1 «Ждать 7 дн.»');
    const timeline = page.getByTestId('run-timeline');
    await expect(timeline.getByRole('button', { name: 'Версия 1' })).toBeVisible();
    await expect(timeline.getByRole('button', { name: 'Версия 2' })).toBeVisible();
    await expect(page.locator('.react-flow__node[data-id="w7"]')).toContainText('Ждать 5 дн.');
    await shot(page, 'support-moves-01-v2');
  });

  await test.step('v1’s canvas shows the path up to the move', async () => {
    await page.getByTestId('run-versions').getByRole('button', { name: /^v1 до / }).click();
    await expect(page.locator('.run-canvas')).toHaveAttribute('data-version', '1');
    await expect(page.locator('.react-flow__node[data-id="w7"]')).toContainText('Ждать 7 дн.');
    // The path on v1 ends at the wait it was moved from; nothing after it was taken on v1.
    await expect(page.locator('.react-flow__node[data-id="hello"] .scn-node')).not.toHaveClass(/is-dimmed/);
    await expect(page.locator('.react-flow__node[data-id="offer"] .scn-node')).toHaveClass(/is-dimmed/);
    await expect(page.getByTestId('run-timeline').getByRole('button', { name: 'Версия 1' })).toHaveAttribute('aria-pressed', 'true');
    await shot(page, 'support-moves-02-v1');
  });

  await test.step('support cuts the wait short on v2: the signal reaches the execution the move continued as', async () => {
    await page.getByRole('button', { name: 'Пропустить ожидание' }).click();
    await page.getByRole('dialog', { name: 'Пропустить ожидание?' }).getByRole('button', { name: 'Пропустить ожидание' }).click();
    await expect(page.getByTestId('run-status')).toHaveText('пройден', { timeout: 30_000 });
    // The page keeps the version support picked; v2's canvas shows the offer sent after the skipped wait.
    await expect(page.locator('.run-canvas')).toHaveAttribute('data-version', '1');
    await page.getByTestId('run-timeline').getByRole('button', { name: 'Версия 2' }).click();
    await expect(page.locator('.run-canvas')).toHaveAttribute('data-version', '2');
    await expect(page.locator('.react-flow__node[data-id="offer"] .scn-node')).toHaveClass(/is-highlighted/);
    await expect(page.locator('.react-flow__node[data-id="w7"]')).toContainText('Ждать 5 дн.');
    await expect(page.getByTestId('run-timeline')).toContainText('Ждать пропущено');
    const detail = await admin.get(`/api/runs/${encodeURIComponent(runId)}`);
    expect(detail.steps.map((s: { nodeId: string; outcome: string; version: number }) => `${s.nodeId}:${s.outcome}:v${s.version}`).slice(-3)).toEqual(['w7:waiting:v2', 'w7:skipped:v2', 'offer:sent:v2']);
    await shot(page, 'support-moves-03-skipped');
  });
});
