import { readFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { E2E_ADMIN } from './credentials';
import { baseUrl, shot, signIn } from './support';
import { canvas, nodeOnCanvas, panel, dropFromPalette, connect, canvasSettled, waitSaved } from './canvas';

/**
 * The marketer's whole path in the editor against the real server: build the seed 003 chain from an empty canvas
 * by dragging from the palette and connecting ports, configure it through the forms, fix a validation problem,
 * simulate, publish, reload, export and re-import, undo and redo.
 */


/**
 * Pans the canvas as a user does (dragging its empty left margin) until the element is in the upper middle of the
 * screen, clear of the minimap and zoom controls in the bottom corners.
 */
async function bringIntoView(page: Page, target: Locator) {
  for (let i = 0; i < 8; i++) {
    const pane = (await canvas(page).boundingBox())!;
    const box = (await target.boundingBox())!;
    const dy = pane.y + pane.height * 0.4 - (box.y + box.height / 2);
    if (Math.abs(dy) < pane.height * 0.25) return;
    const step = Math.max(-pane.height * 0.6, Math.min(pane.height * 0.6, dy));
    const grab = { x: pane.x + 40, y: pane.y + pane.height / 2 - step / 2 };
    await page.mouse.move(grab.x, grab.y);
    await page.mouse.down();
    await page.mouse.move(grab.x, grab.y + step, { steps: 5 });
    await page.mouse.up();
    await canvasSettled(page);
  }
}

async function select(page: Page, id: string) {
  // Jumping to a problem zooms in; bring the chain back into view before clicking a node. A chain taller than the
  // screen is shown from its top at a readable zoom: pan down to the node like a user would.
  await page.getByRole('toolbar').getByRole('button', { name: 'Показать всё' }).click();
  await canvasSettled(page);
  await bringIntoView(page, nodeOnCanvas(page, id));
  await nodeOnCanvas(page, id).click();
  await expect(panel(page).locator(`.node-panel[data-node-id="${id}"]`)).toBeVisible();
}

async function exportDocument(page: Page): Promise<{ text: string; path: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Экспорт JSON' }).click()]);
  const path = await download.path();
  return { text: await readFile(path, 'utf8'), path };
}


async function setMessage(form: Locator, options: { subject: string; text: string }) {
  await form.getByRole('radio', { name: 'Email' }).click();
  await form.getByLabel('Тема письма').fill(options.subject);
  await form.getByLabel('Текст сообщения').fill(options.text);
}

test('a marketer builds, checks, simulates and publishes the seed 003 reactivation chain', async ({ page }) => {
  await page.goto(`${baseUrl()}/`);
  await expect(page.getByRole('heading', { name: 'Вход' })).toBeVisible();
  await shot(page, '00-login');
  await signIn(page);
  await shot(page, '01-scenario-list');

  await test.step('start a blank scenario and empty the canvas', async () => {
    await page.getByRole('button', { name: 'Создать сценарий' }).click();
    await expect(page.locator('.template-card')).toHaveCount(10);
    await shot(page, '02-template-gallery');
    await page.locator('[data-template="blank"]').click();
    await expect(nodeOnCanvas(page, 'start')).toBeVisible();
    await page.getByLabel('Название сценария').fill('Возврат: полгода без заказов');
    await nodeOnCanvas(page, 'start').click();
    await page.keyboard.press('Delete');
    await expect(page.locator('.react-flow__node')).toHaveCount(0);
  });

  await test.step('drag the ten nodes of the chain from the palette', async () => {
    const col = [140, 410, 680];
    const row = [90, 270, 450, 630];
    const layout: Array<[string, number, number]> = [
      ['dailyTrigger', col[0], row[0]],
      ['filter', col[1], row[0]],
      ['frequencyLimit', col[2], row[0]],
      ['send', col[2], row[1]],
      ['wait', col[1], row[1]],
      ['checkOrders', col[0], row[1]],
      ['grantBonus', col[0], row[2]],
      ['send', col[1], row[2]],
      ['wait', col[2], row[2]],
      ['reminder', col[2], row[3]],
    ];
    for (const [type, x, y] of layout) await dropFromPalette(page, type, { x, y });
  });

  await test.step('connect the typed ports', async () => {
    await connect(page, 'start', 'out', 'filter-1');
    await connect(page, 'filter-1', 'yes', 'limit-1');
    await connect(page, 'limit-1', 'pass', 'send-1');
    await connect(page, 'send-1', 'out', 'wait-1');
    await connect(page, 'wait-1', 'out', 'check-1');
    await connect(page, 'check-1', 'no', 'bonus-1');
    await connect(page, 'bonus-1', 'out', 'send-2');
    await connect(page, 'send-2', 'out', 'wait-2');
    await connect(page, 'wait-2', 'out', 'remind-1');
  });

  await test.step('an invalid connection is refused while dragging', async () => {
    // The trigger never has an incoming edge, and a used port takes no second edge.
    const source = nodeOnCanvas(page, 'remind-1').locator('.react-flow__handle.source');
    const target = nodeOnCanvas(page, 'start').locator('.react-flow__handle.target');
    await expect(target).toHaveCount(0);
    await expect(source).toHaveCount(1);
    const a = (await nodeOnCanvas(page, 'filter-1').locator('.react-flow__handle.source[data-handleid="yes"]').boundingBox())!;
    const b = (await nodeOnCanvas(page, 'wait-1').locator('.react-flow__handle.target').boundingBox())!;
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
    await page.mouse.up();
    await expect(page.locator('.react-flow__edge[data-id="filter-1:yes->wait-1"]')).toHaveCount(0);
    await expect(page.locator('.toast')).toContainText('Из этого выхода уже идёт связь');
  });

  await test.step('lay the chain out', async () => {
    await page.getByRole('button', { name: 'Расставить узлы' }).click();
    await expect(page.locator('.react-flow__edge')).toHaveCount(9);
  });

  await test.step('configure the audience with the condition builder', async () => {
    await select(page, 'filter-1');
    const form = panel(page);
    await form.getByLabel('Значение').first().fill('180');
    for (const [field, value] of [
      ['daysSinceRegistration', '180'],
      ['orderCount', '1'],
    ]) {
      await form.getByRole('button', { name: '+ Условие' }).first().click();
      await form.getByLabel('Поле').last().selectOption(field);
      await form.getByLabel('Значение').last().fill(value);
    }
    await form.getByRole('button', { name: '+ Условие' }).first().click();
    await form.getByLabel('Поле').last().selectOption('subscribed.email');
    await expect(form.getByLabel('Значение').last()).toHaveValue('true');
    await shot(page, '03-condition-builder');
  });

  await test.step('see the empty messages as problems: publishing is blocked with the reason', async () => {
    await expect(nodeOnCanvas(page, 'send-1').locator('.scn-node')).toHaveClass(/has-error/);
    await expect(page.getByRole('button', { name: 'Опубликовать' })).toBeDisabled();
    await expect(page.locator('.publish-reason-bar')).toContainText('Нельзя опубликовать');
    await page.getByRole('tab', { name: /Проблемы/ }).click();
    await expect(page.locator('.problem-error').first()).toBeVisible();
    await shot(page, '04-problems');
    await page.locator('.problem').filter({ hasText: 'send-1' }).or(page.locator('.problem-error')).first().getByRole('button').click();
    await expect(panel(page).locator('.node-panel')).toBeVisible();
  });

  await test.step('write the messages, the bonus and the second wait', async () => {
    await select(page, 'send-1');
    await setMessage(panel(page), { subject: 'Мы скучаем', text: '{{ customer.firstName }}, давно не виделись! Заходите за новинками.' });
    await expect(page.getByTestId('message-preview')).toHaveText('Анна, давно не виделись! Заходите за новинками.');
    await expect(nodeOnCanvas(page, 'send-1').locator('.scn-node')).not.toHaveClass(/has-error/);

    await select(page, 'bonus-1');
    await panel(page).getByLabel('Баллов').fill('300');
    await panel(page).getByLabel('Срок действия').fill('14');

    await select(page, 'send-2');
    await setMessage(panel(page), { subject: 'Подарок', text: 'Дарим {{ bonus.points }} баллов до {{ bonus.expiresAt | date: "%d.%m" }}' });
    await expect(page.getByTestId('message-preview')).toContainText('Дарим 300 баллов до ');

    await select(page, 'wait-2');
    await panel(page).getByLabel('Дней').fill('12');

    await select(page, 'remind-1');
    await setMessage(panel(page), { subject: 'Баллы сгорают', text: 'Ваши {{ bonus.points }} баллов сгорят {{ bonus.expiresAt | date: "%d.%m" }}' });
    await panel(page).getByRole('radio', { name: 'SMS' }).click();
    await expect(page.getByTestId('sms-counter')).toContainText('1 SMS · UCS-2');
    await shot(page, '05-message-editor');
    await panel(page).getByRole('radio', { name: 'Email' }).click();
    await panel(page).getByLabel('Тема письма').fill('Баллы сгорают');

    await page.getByRole('tab', { name: /Проблемы/ }).click();
    await expect(page.locator('.problem-error')).toHaveCount(0);
    await waitSaved(page);
    await expect(page.getByRole('button', { name: 'Опубликовать' })).toBeEnabled();
  });

  await test.step('simulate and read the timeline', async () => {
    await page.getByRole('tab', { name: 'Симуляция' }).click();
    await page.getByRole('button', { name: 'Запустить симуляцию' }).click();
    const results = page.getByTestId('sim-results');
    await expect(results).toBeVisible({ timeout: 150_000 });
    const anna = results.locator('section.sim-run[data-customer-id="sim-1"]');
    await expect(anna.locator('.tl-message-text').first()).toHaveText('Анна, давно не виделись! Заходите за новинками.');
    await expect(anna).toContainText('+300 баллов до');
    await expect(results.locator('section.sim-run[data-customer-id="sim-3"]')).toContainText('не вошёл в сценарий');
    // Alexey buys on day 10 and the scenario stops for him.
    const alexey = results.locator('section.sim-run[data-customer-id="sim-2"]');
    await expect(alexey).toContainText('вернулся и купил');
    await expect(alexey.locator('.tl-order')).toContainText('Покупка: 4 000 ₽');
    await expect(page.locator('.scn-node.is-highlighted').first()).toBeVisible();
    await shot(page, '06-simulation');
  });

  let published = '';
  let scenarioId = '';
  await test.step('publish, reload and find it unchanged', async () => {
    await expect(page).toHaveURL(/\/scenarios\/[0-9a-f-]{36}$/);
    scenarioId = page.url().split('/').filter(Boolean).at(-1)!;
    await page.getByRole('button', { name: 'Опубликовать' }).click();
    await expect(page.locator('.toast')).toContainText('Опубликована версия 1');
    await expect(page.locator('.editor-bar .status')).toHaveText('активен');
    // Nothing changed since: publishing again is refused with the reason.
    await expect(page.getByRole('button', { name: 'Опубликовать' })).toBeDisabled();
    await expect(page.locator('.publish-wrap')).toHaveAttribute('title', 'Черновик совпадает с опубликованной версией 1');
    await page.getByRole('button', { name: 'Пауза' }).click();
    await expect(page.locator('.editor-bar .status')).toHaveText('на паузе');
    await page.getByRole('button', { name: 'Возобновить' }).click();
    await expect(page.locator('.editor-bar .status')).toHaveText('активен');
    published = (await exportDocument(page)).text;
    await page.reload();
    await expect(nodeOnCanvas(page, 'remind-1')).toBeVisible();
    expect((await exportDocument(page)).text).toBe(published);
    await page.getByRole('tab', { name: 'Версии' }).click();
    await expect(page.locator('.version-list li')).toHaveCount(1);
    await page.getByRole('button', { name: 'Сравнить' }).last().click();
    await expect(page.locator('.versions')).toContainText('Версии совпадают');
    await shot(page, '07-versions');
  });

  await test.step('export and re-import the JSON identically', async () => {
    const exported = await exportDocument(page);
    await page.getByTestId('editor-import').setInputFiles(exported.path);
    await expect(page.locator('.toast')).toContainText('заменён содержимым файла');
    expect((await exportDocument(page)).text).toBe(exported.text);
    expect(JSON.parse(exported.text)).toEqual(JSON.parse(published));
  });

  await test.step('insert a node by dropping it onto an edge, copy and paste, move with the keyboard — and undo it all', async () => {
    // The last node (and the edge into it) is below a readable fit: pan down to it.
    await bringIntoView(page, nodeOnCanvas(page, 'remind-1'));
    const edge = page.locator('.react-flow__edge[data-id="wait-2:out->remind-1"] path').first();
    const box = (await edge.boundingBox())!;
    await page.locator('.palette-item[data-node-type="task"]').dragTo(canvas(page), {
      targetPosition: await canvas(page).evaluate((el, p) => {
        const r = el.getBoundingClientRect();
        return { x: p.x - r.left, y: p.y - r.top };
      }, { x: box.x + box.width / 2, y: box.y + box.height / 2 }),
    });
    await expect(page.locator('.react-flow__edge[data-id="wait-2:out->task-1"]')).toHaveCount(1);
    await expect(page.locator('.react-flow__edge[data-id="task-1:out->remind-1"]')).toHaveCount(1);
    await page.keyboard.press('Control+z');
    await expect(nodeOnCanvas(page, 'task-1')).toHaveCount(0);
    await expect(page.locator('.react-flow__edge[data-id="wait-2:out->remind-1"]')).toHaveCount(1);

    await select(page, 'send-1');
    await nodeOnCanvas(page, 'send-1').focus();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect(nodeOnCanvas(page, 'send-1-copy')).toHaveCount(1);
    await page.keyboard.press('Control+z');
    await expect(nodeOnCanvas(page, 'send-1-copy')).toHaveCount(0);
  });

  await test.step('undo and redo', async () => {
    await select(page, 'wait-2');
    await nodeOnCanvas(page, 'wait-2').focus();
    await page.keyboard.press('Delete');
    await expect(page.locator('.react-flow__node')).toHaveCount(9);
    await expect(page.locator('.react-flow__edge')).toHaveCount(7);
    await page.keyboard.press('Control+z');
    await expect(page.locator('.react-flow__node')).toHaveCount(10);
    await expect(page.locator('.react-flow__edge')).toHaveCount(9);
    await page.keyboard.press('Control+Shift+z');
    await expect(page.locator('.react-flow__node')).toHaveCount(9);
    await page.keyboard.press('Control+z');
    await expect(page.locator('.react-flow__node')).toHaveCount(10);
    await waitSaved(page);
    expect(JSON.parse((await exportDocument(page)).text)).toEqual(JSON.parse(published));
    await page.getByRole('toolbar').getByRole('button', { name: 'Показать всё' }).click();
    await shot(page, '08-editor');
  });

  await test.step('open the published version read-only', async () => {
    await page.getByRole('tab', { name: 'Версии' }).click();
    await page.locator('.version-list li').first().getByRole('button', { name: 'Открыть' }).click();
    await expect(page.locator('.banner-info')).toContainText('Версия 1 — только просмотр');
    await expect(page.getByRole('button', { name: 'Опубликовать' })).toHaveCount(0);
    await expect(page.locator('.palette-item').first()).toBeDisabled();
    await page.getByRole('button', { name: 'Вернуться к черновику' }).click();
    await expect(page.getByRole('button', { name: 'Опубликовать' })).toBeVisible();
  });

  await test.step('the list shows it active, and it can be duplicated and archived', async () => {
    await page.getByRole('button', { name: /К списку/ }).click();
    // Only this test's rows: the other tests of the file create scenarios on the same server.
    const row = page.locator(`tbody tr[data-scenario-id="${scenarioId}"]`);
    await expect(row).toContainText('Возврат: полгода без заказов');
    await expect(row).toContainText('активен');
    await expect(row).toContainText('v1');
    const copies = page.locator('tbody tr', { hasText: 'Возврат: полгода без заказов (копия)' });
    const copyIds = () => copies.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-scenario-id')));
    const before = await copyIds();
    await row.getByRole('button', { name: 'Дублировать' }).click();
    await expect(copies).toHaveCount(before.length + 1);
    const copyId = (await copyIds()).find((id) => !before.includes(id))!;
    const copyRow = page.locator(`tbody tr[data-scenario-id="${copyId}"]`);
    await expect(copyRow).toContainText('черновик');
    await copyRow.getByRole('button', { name: 'Переименовать' }).click();
    await copyRow.getByLabel('Новое название сценария').fill('Возврат: копия для A/B');
    await copyRow.getByLabel('Новое название сценария').press('Enter');
    await expect(copyRow).toContainText('Возврат: копия для A/B');
    await shot(page, '09-scenario-list');
    page.once('dialog', (d) => void d.accept());
    await copyRow.getByRole('button', { name: 'В архив' }).click();
    await expect(copyRow).toHaveCount(0);
    await expect(row).toHaveCount(1);
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { name: 'Scenarios' })).toBeVisible();
    await expect(row).toContainText('active');
    await page.getByRole('button', { name: 'Русский' }).click();
    await expect(page.getByRole('heading', { name: 'Сценарии' })).toBeVisible();
  });
});

test('no work is lost: a save from another tab is not overwritten, and unsaved edits survive a reload', async ({ page, context }) => {
  await signIn(page);
  await page.getByRole('button', { name: 'Создать сценарий' }).click();
  await page.locator('[data-template="pre-churn"]').click();
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  await waitSaved(page);
  const url = page.url();

  await test.step('an edit saved in another tab makes this tab stop and ask', async () => {
    const other = await context.newPage();
    await other.goto(url);
    await other.getByLabel('Название сценария').fill('Пре-отток (вкладка 2)');
    await waitSaved(other);
    await page.getByLabel('Название сценария').fill('Пре-отток (вкладка 1)');
    await expect(page.locator('.banner-warning')).toContainText('изменён в другой вкладке');
    await page.getByRole('button', { name: 'Загрузить их версию' }).click();
    await expect(page.getByLabel('Название сценария')).toHaveValue('Пре-отток (вкладка 2)');
    await waitSaved(page);
    await other.close();
  });

  await test.step('an edit that could not reach the server comes back after a reload', async () => {
    await page.route('**/api/scenarios/*', (route) => (route.request().method() === 'PUT' ? route.abort('internetdisconnected') : route.continue()));
    await page.getByLabel('Название сценария').fill('Пре-отток: офлайн-правка');
    await expect(page.locator('[data-save-state]')).toHaveAttribute('data-save-state', 'offline');
    await page.unroute('**/api/scenarios/*');
    page.once('dialog', (d) => void d.accept());
    await page.reload();
    await expect(page.getByLabel('Название сценария')).toHaveValue('Пре-отток: офлайн-правка');
    await expect(page.locator('.toast')).toContainText('Восстановлены несохранённые изменения');
    await waitSaved(page);
    await page.reload();
    await expect(page.getByLabel('Название сценария')).toHaveValue('Пре-отток: офлайн-правка');
  });
});

test('every action has a keyboard path, and a 300-node scenario opens and pans', async ({ page }, testInfo) => {
  await signIn(page);

  await test.step('add and wire nodes without a mouse', async () => {
    await page.getByRole('button', { name: 'Создать сценарий' }).click();
    await page.locator('[data-template="blank"]').click();
    await nodeOnCanvas(page, 'start').click();
    // Enter on a palette item adds the node after the selected one and connects its free port.
    await page.getByRole('button', { name: 'Добавить «Фильтр»' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('.react-flow__edge[data-id="start:out->filter-1"]')).toHaveCount(1);
    await page.getByRole('button', { name: 'Добавить «Ждать»' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('.react-flow__edge[data-id="filter-1:yes->wait-1"]')).toHaveCount(1);
    await select(page, 'filter-1');
    await panel(page).getByLabel('Выход «нет» ведёт в').selectOption('wait-1');
    await expect(page.locator('.react-flow__edge[data-id="filter-1:no->wait-1"]')).toHaveCount(1);
    // The trigger is offered but cannot be chosen: nothing may lead into it.
    await expect(panel(page).getByLabel('Выход «нет» ведёт в').locator('option[value="start"]')).toBeDisabled();
    await waitSaved(page);
  });

  await test.step('a 300-node scenario opens and pans', async () => {
    const nodes: object[] = [{ id: 'start', type: 'dailyTrigger', config: { at: '10:00' } }];
    const edges: object[] = [];
    for (let i = 1; i < 300; i++) {
      nodes.push({ id: `w${i}`, type: 'wait', config: { days: (i % 30) + 1 } });
      edges.push({ from: i === 1 ? 'start' : `w${i - 1}`, port: 'out', to: `w${i}` });
    }
    const file = testInfo.outputPath('big.scenario.json');
    await (await import('node:fs/promises')).writeFile(file, JSON.stringify({ format: 'scenario/v1', name: 'Большой сценарий', nodes, edges }));
    await page.getByRole('button', { name: /К списку/ }).click();
    await page.getByTestId('list-import').setInputFiles(file);
    await expect(page.getByLabel('Название сценария')).toHaveValue('Большой сценарий');
    await expect(nodeOnCanvas(page, 'start')).toBeVisible();
    const ids = async () => new Set(await page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id'))));
    const before = await ids();
    // Only what is on screen is rendered.
    expect(before.size).toBeGreaterThan(0);
    expect(before.size).toBeLessThan(300);
    const pane = (await canvas(page).boundingBox())!;
    for (let i = 0; i < 4; i++) {
      // Grab the empty canvas beside the chain (grabbing a node would move the node).
      await page.mouse.move(pane.x + 80, pane.y + pane.height - 120);
      await page.mouse.down();
      await page.mouse.move(pane.x + 80, pane.y + 40, { steps: 6 });
      await page.mouse.up();
    }
    const after = await ids();
    expect([...after].some((id) => !before.has(id))).toBe(true);
    await shot(page, '10-large-scenario');
  });
});

test('the forms: A/B shares stay at 100 %, the budget guard, SMS segments, and the English interface', async ({ page }) => {
  await signIn(page);
  await page.getByRole('button', { name: 'Создать сценарий' }).click();
  await page.locator('[data-template="gift-vs-discount"]').click();
  await expect(nodeOnCanvas(page, 'split')).toBeVisible();
  await shot(page, '11-template-opened');

  await test.step('A/B split', async () => {
    await select(page, 'split');
    await panel(page).getByLabel('Доля, % gift').fill('70');
    await expect(panel(page).getByLabel('Доля, % discount')).toHaveValue('30');
    await panel(page).getByRole('button', { name: '+ Добавить вариант' }).click();
    await expect(panel(page).getByLabel('Доля, % A')).toBeVisible();
    const shares = await panel(page).locator('.ab-table input[type="number"]').evaluateAll((els) => els.map((e) => Number((e as HTMLInputElement).value)));
    expect(shares.reduce((a, b) => a + b, 0)).toBe(100);
    // The new variant is a new port on the canvas.
    await expect(nodeOnCanvas(page, 'split').locator('.react-flow__handle.source[data-handleid="A"]')).toHaveCount(1);
    await shot(page, '12-ab-split');
  });

  await test.step('budget guard on the bonus', async () => {
    await select(page, 'gift');
    await expect(panel(page).getByText('Задайте бюджет в настройках сценария')).toBeVisible();
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await panel(page).getByLabel('Бюджет на возврат').check();
    await expect(panel(page)).toContainText('Не больше 180 баллов на клиента');
    await select(page, 'gift');
    await expect(page.getByTestId('budget-guard')).toContainText('Больше бюджета: максимум 180 баллов');
    await expect(nodeOnCanvas(page, 'gift').locator('.scn-node')).toHaveClass(/has-warning/);
    await panel(page).getByLabel('Баллов').fill('150');
    await expect(page.getByTestId('budget-guard')).toContainText('В пределах бюджета');
    await shot(page, '13-bonus-budget');
  });

  await test.step('SMS counter follows the rendered text', async () => {
    await select(page, 'discountMail');
    await panel(page).getByRole('radio', { name: 'SMS' }).click();
    await panel(page).getByLabel('Текст сообщения').fill('Дарим вам 100 рублей на покупку до 12.12 Ждем вас за покупкой!');
    await expect(page.getByTestId('sms-counter')).toContainText('62 симв. · 1 SMS · UCS-2');
    await panel(page).getByLabel('Текст сообщения').fill('{{ customer.firstName }}, дарим вам 100 рублей на покупку до 12.12. Ждём вас в любимой кофейне!');
    await expect(page.getByTestId('sms-counter')).toContainText('2 SMS');
    await expect(nodeOnCanvas(page, 'discountMail').locator('.scn-node')).toHaveClass(/has-warning/);
  });

  await test.step('English', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('tab', { name: 'Simulate' })).toBeVisible();
    await expect(panel(page)).toContainText('Message text');
    await shot(page, '14-english');
    await page.getByRole('button', { name: 'Русский' }).click();
  });
});

test('a new marketer signs in with a one-time password, sets a password and edits; an analyst only reads', async ({ page, request, browser }) => {
  // The admin creates the accounts through the API, as the admin screen would.
  const login = await request.post(`${baseUrl()}/api/auth/login`, { data: E2E_ADMIN });
  const { csrfToken } = await login.json();
  const create = async (email: string, role: string) => {
    const r = await request.post(`${baseUrl()}/api/users`, { data: { email, name: role === 'marketer' ? 'Мария Маркетолог' : 'Антон Аналитик', role }, headers: { 'X-CSRF-Token': csrfToken } });
    expect(r.status()).toBe(201);
    return (await r.json()).oneTimePassword as string;
  };
  const stamp = Date.now().toString(36);
  const marketerPassword = await create(`maria-${stamp}@comeback.test`, 'marketer');
  const analystPassword = await create(`anton-${stamp}@comeback.test`, 'analyst');

  await test.step('the marketer must set a password first', async () => {
    await page.goto(`${baseUrl()}/`);
    await page.getByLabel('Email').fill(`maria-${stamp}@comeback.test`);
    await page.getByLabel('Пароль').fill(marketerPassword);
    await page.getByRole('button', { name: 'Войти' }).click();
    await expect(page.getByRole('heading', { name: 'Задайте свой пароль' })).toBeVisible();
    await page.getByLabel('Одноразовый (текущий) пароль').fill(marketerPassword);
    await page.getByLabel('Новый пароль', { exact: true }).fill('Maria-new-password-1');
    await page.getByLabel('Новый пароль ещё раз').fill('Maria-new-password-1');
    await page.getByRole('button', { name: 'Сохранить пароль' }).click();
    await expect(page.getByRole('heading', { name: 'Сценарии' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Создать сценарий' })).toBeVisible();
    await page.getByRole('button', { name: 'Создать сценарий' }).click();
    await page.locator('[data-template="vip-balance"]').click();
    await expect(page.getByLabel('Название сценария')).toBeEditable();
    await waitSaved(page);
  });

  await test.step('the analyst sees scenarios read-only', async () => {
    const context = await browser.newContext();
    const analyst = await context.newPage();
    await analyst.goto(`${baseUrl()}/`);
    await analyst.getByLabel('Email').fill(`anton-${stamp}@comeback.test`);
    await analyst.getByLabel('Пароль').fill(analystPassword);
    await analyst.getByRole('button', { name: 'Войти' }).click();
    await analyst.getByLabel('Одноразовый (текущий) пароль').fill(analystPassword);
    await analyst.getByLabel('Новый пароль', { exact: true }).fill('Anton-new-password-1');
    await analyst.getByLabel('Новый пароль ещё раз').fill('Anton-new-password-1');
    await analyst.getByRole('button', { name: 'Сохранить пароль' }).click();
    await expect(analyst.getByRole('heading', { name: 'Сценарии' })).toBeVisible();
    await expect(analyst.getByRole('button', { name: 'Создать сценарий' })).toHaveCount(0);
    await analyst.getByRole('link', { name: /VIP/ }).first().click();
    await expect(analyst.getByLabel('Название сценария')).not.toBeEditable();
    await expect(analyst.locator('.palette-item').first()).toBeDisabled();
    await expect(analyst.getByRole('button', { name: 'Опубликовать' })).toHaveCount(0);
    await context.close();
  });
});

/** Digits of a figure as the editor prints it («1 234», «17,5 ₽»), for comparing with the API's number. */
const figure = (text: string | null) => Number((text ?? '').replace(/[^\d,]/g, '').replace(',', '.'));
/** Roubles are shown whole from 10 ₽ up. */
const sameRoubles = (text: string | null, amount: number) => expect(Math.abs(figure(text) - amount)).toBeLessThanOrEqual(0.5);

test('the audience and the cost of a run before publishing, a price change, and a real customer in the simulation', async ({ page }) => {
  await signIn(page);
  await page.getByRole('button', { name: 'Создать сценарий' }).click();
  await page.locator('[data-template="one-time-buyer"]').click();
  await expect(nodeOnCanvas(page, 'audience')).toBeVisible();
  await waitSaved(page);
  await expect(page).toHaveURL(/\/scenarios\/[0-9a-f-]{36}$/);
  const scenarioId = page.url().split('/').filter(Boolean).at(-1)!;
  const fromApi = async () => {
    const res = await page.request.get(`${baseUrl()}/api/scenarios/${scenarioId}/audience`);
    expect(res.status()).toBe(200);
    return res.json();
  };

  await test.step('the count on the audience panel and in the top bar is what the server counts', async () => {
    const report = await fromApi();
    expect(report.size.entering).toBeGreaterThan(0);
    await select(page, 'audience');
    const audience = panel(page).getByTestId('audience-panel');
    await expect(audience.getByTestId('audience-entering')).toHaveText(new Intl.NumberFormat('ru-RU').format(report.size.entering));
    await expect(page.getByTestId('audience-summary')).toContainText(`Аудитория: ${new Intl.NumberFormat('ru-RU').format(report.size.entering)}`);
    // The seed 004 audience is SMS-subscribed: the first message goes out by SMS to everyone.
    await expect(audience.locator('.audience-first [data-channel="sms"]')).toContainText(String(report.size.entering));
    const cost = audience.getByTestId('cost-estimate');
    sameRoubles(await cost.getByTestId('cost-total').textContent(), report.cost.total);
    await expect(cost.locator('tr[data-channel="sms"]')).toBeVisible();
    await expect(cost).toContainText('Оценка сверху: никто не покупает');
    await expect(cost).toContainText('3,5 ₽ за сегмент');
    await shot(page, '15-audience-cost');
  });

  await test.step('a narrower filter is counted again as you type', async () => {
    const before = (await fromApi()).size.entering;
    const form = panel(page);
    await form.getByLabel('Значение').nth(1).fill('3000');
    await expect(page.getByTestId('audience-summary')).toContainText('Аудитория: 0');
    await expect(panel(page).getByTestId('audience-entering')).toHaveText('0');
    await form.getByLabel('Значение').nth(1).fill('66');
    await expect(panel(page).getByTestId('audience-entering')).toHaveText(new Intl.NumberFormat('ru-RU').format(before));
    await waitSaved(page);
  });

  await test.step('an admin changes the SMS price and the estimate follows', async () => {
    const cost = panel(page).getByTestId('cost-estimate');
    const before = (await fromApi()).cost.total;
    await cost.getByRole('button', { name: 'Изменить цены' }).click();
    await cost.getByLabel('SMS, ₽ за сегмент').fill('7');
    await cost.getByRole('button', { name: 'Сохранить' }).click();
    await expect(page.locator('.toast')).toContainText('Цены сохранены');
    await expect(cost).toContainText('7 ₽ за сегмент');
    const report = await fromApi();
    expect(report.cost.prices.smsPerSegment).toBe(7);
    expect(report.cost.total).toBeCloseTo(before * 2, 6);
    await expect.poll(async () => Math.abs(figure(await cost.getByTestId('cost-total').textContent()) - report.cost.total)).toBeLessThanOrEqual(0.5);
    // Back to the default, so other tests see the usual tariff.
    await cost.getByRole('button', { name: 'Изменить цены' }).click();
    await cost.getByLabel('SMS, ₽ за сегмент').fill('3,5');
    await cost.getByRole('button', { name: 'Сохранить' }).click();
    await expect(cost).toContainText('3,5 ₽ за сегмент');
  });

  await test.step('simulate a real customer from the audience beside the synthetic ones', async () => {
    await page.getByRole('tab', { name: 'Симуляция' }).click();
    const picker = page.locator('.real-picker');
    const first = picker.locator('.real-list li').first();
    await expect(first).toContainText('в аудитории');
    const customerId = (await first.getAttribute('data-customer-id'))!;
    const name = (await first.locator('strong').textContent())!;
    await first.getByRole('button', { name: /Добавить/ }).click();
    await expect(page.locator('.real-chosen')).toContainText(name);
    await page.getByRole('button', { name: 'Запустить симуляцию' }).click();
    const results = page.getByTestId('sim-results');
    await expect(results).toBeVisible({ timeout: 150_000 });
    const real = results.locator(`section.sim-run[data-customer-id="${customerId}"]`);
    await expect(real).toContainText(name);
    // In the audience with a phone for SMS: the first gift arrives, rendered for this customer.
    await expect(real.locator('.tl-message-text').first()).toContainText('Дарим вам 100 рублей на покупку до');
    await expect(results.locator('.sim-summary')).toContainText('из 4');
    await shot(page, '16-simulation-real-customer');
  });

  await test.step('search the database by name', async () => {
    const picker = page.locator('.real-picker');
    const first = picker.locator('.real-list li').first();
    const name = (await first.locator('strong').textContent())!;
    await picker.getByRole('searchbox').fill(name);
    await expect(picker.locator('.real-list li').first()).toContainText(name);
    await picker.getByRole('searchbox').fill('Нет такого клиента');
    await expect(picker).toContainText('Никого не нашли');
  });
});
