import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { connect, type Sql } from '../../server/db/client';
import { insertDataset, removeDataset, type Dataset } from '../analytics/dataset';
import { baseUrl, shot, signInAsNewUser } from './support';

/**
 * «What worked?»: an analyst opens the A/B report of the "gift vs 25 % off" scenario (a generated data set with
 * a holdout, inserted with SQL into the e2e server's embedded database), reads the verdicts and exports the table.
 */

/** The e2e server's embedded database (global setup exports its address). */
function e2eDatabase(): Sql {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set: run through playwright.config.ts (its globalSetup starts the server)');
  return connect(url, { max: 1 });
}

test('an analyst opens an A/B report, reads the verdict against the holdout and exports it', async ({ page }) => {
  const sql = e2eDatabase();
  const data: Dataset = await insertDataset(sql, `e2e${Date.now().toString(36)}`);
  // The other specs share this server: leave its data as it was.
  try {
    await reportSteps(page, data);
  } finally {
    await removeDataset(sql, data);
    await sql.end({ timeout: 5 });
  }
});

async function reportSteps(page: Page, data: Dataset) {
  await signInAsNewUser(page, { role: 'analyst', name: 'Ада Аналитик', password: 'Ada-analyst-password-1' });

  await test.step('from the top navigation to the scenario report', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Аналитика' }).click();
    await expect(page.getByRole('heading', { name: 'Аналитика' })).toBeVisible();
    await page.getByTestId(`report-link-${data.scenarioId}`).click();
    await expect(page).toHaveURL(new RegExp(`/scenarios/${data.scenarioId}/report`));
    await expect(page.getByRole('heading', { name: /^Отчёт: A\/B: подарок или скидка/ })).toBeVisible();
  });

  const api = await (await page.request.get(`${baseUrl()}/api/scenarios/${data.scenarioId}/report`)).json();
  const ab = await (await page.request.get(`${baseUrl()}/api/scenarios/${data.scenarioId}/ab`)).json();

  await test.step('KPI tiles and the funnel on the canvas', async () => {
    await expect(page.getByTestId('kpi-entered')).toContainText('200');
    await expect(page.getByTestId('kpi-returned')).toContainText(String(api.totals.returned));
    await expect(page.getByTestId('kpi-rate')).toContainText(`${api.totals.reactivationRate.toLocaleString('ru-RU', { maximumFractionDigits: 1 })} %`);
    await expect(page.getByTestId('funnel-reached-split')).toContainText('200 дошли');
    await expect(page.getByTestId('funnel-reached-split')).toContainText('контроль: 20');
    // Connected ports carry their count on the edge: 100 customers went the «gift» way, 80 the «discount» way.
    await expect(page.getByTestId('funnel-canvas').locator('.react-flow__edge-text').filter({ hasText: /^100$/ }).first()).toBeVisible();
    await expect(page.getByTestId('funnel-canvas').locator('.react-flow__edge-text').filter({ hasText: /^80$/ }).first()).toBeVisible();
    await expect(page.getByTestId('chart-daily').getByRole('application')).toBeVisible();
    await expect(page.getByRole('navigation').getByRole('link', { name: 'Аналитика' })).toHaveAttribute('aria-current', 'page');
    await shot(page, 'analytics-report');
    await page.screenshot({ path: 'test-results/screenshots/analytics-report-full.png', fullPage: true });
  });

  await test.step('the A/B panel: every group, the holdout as the control, verdicts in plain Russian', async () => {
    const panel = page.getByTestId('ab-panel');
    await panel.scrollIntoViewIfNeeded();
    await expect(panel.getByRole('note')).toContainText('Истинный прирост измеряется только против контрольной группы');
    const groups = ab.splits[0].groups as Array<{ key: string; entered: number; converted: number }>;
    for (const g of groups) {
      const row = panel.getByTestId(`ab-group-${g.key}`);
      await expect(row).toContainText(String(g.entered));
      await expect(row).toContainText(String(g.converted));
    }
    await expect(panel.getByTestId('ab-group-holdout')).toContainText('контроль');
    const gift = ab.splits[0].groups.find((g: { key: string }) => g.key === 'gift');
    await expect(panel.getByTestId('ab-verdict-gift')).toHaveText(gift.comparison.text.ru);
    await expect(panel.getByTestId('ab-verdict-gift')).toContainText('Пока недостаточно данных, чтобы сравнить «Подарок» с контрольной группой');
    await shot(page, 'analytics-ab');
    await page.getByTestId('ab-panel').screenshot({ path: 'test-results/screenshots/analytics-ab-panel.png' });
  });

  await test.step('export the A/B table to Excel: the same numbers come back', async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('export-ab-xlsx').click();
    const file = await (await download).path();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(file)).buffer as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).getCell(3).value).toBe('Вошли');
    const groups = ab.splits[0].groups as Array<{ entered: number; converted: number }>;
    groups.forEach((g, i) => {
      expect(sheet.getRow(i + 2).getCell(3).value).toBe(g.entered);
      expect(sheet.getRow(i + 2).getCell(4).value).toBe(g.converted);
    });
  });

  await test.step('one version narrows the report', async () => {
    await page.getByTestId('report-version').selectOption('1');
    await expect(page).toHaveURL(/version=1/);
    await expect(page.getByTestId('kpi-entered')).toContainText('150');
    await page.getByTestId('report-version').selectOption('');
    await expect(page.getByTestId('kpi-entered')).toContainText('200');
  });
}
