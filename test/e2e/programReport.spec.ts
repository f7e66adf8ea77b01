import { expect, test, type Page } from '@playwright/test';
import { connect, type Sql } from '../../server/db/client';
import { insertControlDataset, PERIOD, removeControlDataset, type ControlDataset } from '../analytics/controlDataset';
import { baseUrl, signInAsNewUser } from './support';

/**
 * «How much did the whole program earn against customers who got nothing?»: an analyst opens the analytics screen,
 * picks September, and reads the program and every scenario against the global control group (a generated program
 * with known answers, inserted with SQL into the e2e server's embedded database and removed afterwards).
 */

function e2eDatabase(): Sql {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through playwright.config.ts (its globalSetup starts the server)');
  return connect(url, { max: 1 });
}

test('an analyst reads the program and each scenario against the global control group', async ({ page }) => {
  const sql = e2eDatabase();
  // The control group existed since August (a version below every other, so the policy in force, which the other
  // specs on this server rely on, stays as it is).
  const data = await insertControlDataset(sql, `e2ecg${Date.now().toString(36)}`, { policy: 'earlier' });
  try {
    await programSteps(page, data);
  } finally {
    await removeControlDataset(sql, data);
    await sql.end({ timeout: 5 });
  }
});

async function programSteps(page: Page, data: ControlDataset) {
  await signInAsNewUser(page, { role: 'analyst', name: 'Ада Аналитик', password: 'Ada-analyst-password-1' });
  const section = page.getByTestId('program-section');

  await test.step('the analytics screen has the program section; September is picked', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Аналитика' }).click();
    await expect(section.getByRole('heading', { name: 'Программа против контрольной группы' })).toBeVisible();
    await section.getByTestId('cg-from').fill(PERIOD.from);
    await section.getByTestId('cg-to').fill(PERIOD.to);
    await expect(section.getByTestId('cg-period')).toHaveText('с 01.09 по 30.09');
  });

  await test.step('one line per scenario: a working one, a small shop that needs more customers, one without effect', async () => {
    const sleeping = section.getByTestId(`cg-row-${data.scenarioIds.sleeping}`);
    await expect(sleeping).toHaveAttribute('data-verdict', 'better');
    for (const text of ['Спящие', '4\u00a0000', '1\u00a0000', '20,0\u00a0%', '10,0\u00a0%', '1\u00a0000\u00a0₽', '500\u00a0₽', '+10,0 п.п.', '2\u00a0000\u00a0000\u00a0₽', '75\u00a0₽', 'Работает']) {
      await expect(sleeping, text).toContainText(text);
    }
    const small = section.getByTestId(`cg-row-${data.scenarioIds.small}`);
    await expect(small).toHaveAttribute('data-verdict', 'not_enough_data');
    await expect(small).toContainText('Недостаточно данных: нужно ещё ~1\u00a0827 клиентов в контрольной группе');
    const flat = section.getByTestId(`cg-row-${data.scenarioIds.flat}`);
    await expect(flat).toContainText('Эффекта нет');
    await expect(flat).toContainText('не измеримо');
  });

  await test.step('the whole program: tiles and the verdict in plain Russian', async () => {
    const program = section.getByTestId('cg-program');
    await expect(program).toHaveAttribute('data-verdict', 'better');
    await expect(section.getByTestId('cg-program-text')).toContainText('Программа возвращает больше клиентов, чем контрольная группа');
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: test.info().outputPath('program-section.png') });
    await page.screenshot({ path: test.info().outputPath('analytics-program.png'), fullPage: true });
  });

  await test.step('the scenario report carries the same comparison for its period', async () => {
    await page.goto(`${baseUrl()}/scenarios/${data.scenarioIds.small}/report?from=${PERIOD.from}&to=${PERIOD.to}`);
    const panel = page.getByTestId('control-panel');
    await expect(panel.getByRole('heading', { name: 'Сценарий против контрольной группы' })).toBeVisible();
    await expect(panel.getByTestId('cg-scenario-text')).toHaveText(
      'Недостаточно данных, чтобы сказать, работает ли сценарий. Нужно ещё ~1\u00a0827 клиентов в контрольной группе (сейчас 250).',
    );
    await expect(panel.getByTestId('cg-scenario-extra-revenue')).toContainText('—');
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: test.info().outputPath('scenario-control-small.png') });
    await page.goto(`${baseUrl()}/scenarios/${data.scenarioIds.sleeping}/report?from=${PERIOD.from}&to=${PERIOD.to}`);
    await expect(page.getByTestId('cg-scenario-extra-revenue')).toContainText('2\u00a0000\u00a0000\u00a0₽');
    await expect(page.getByTestId('cg-scenario-cost')).toContainText('75\u00a0₽');
    await page.getByTestId('control-panel').scrollIntoViewIfNeeded();
    await page.getByTestId('control-panel').screenshot({ path: test.info().outputPath('scenario-control-sleeping.png') });
  });
}
