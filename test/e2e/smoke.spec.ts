import { expect, test } from '@playwright/test';
import { shot, signIn } from './support';

test('smoke', async ({ page }) => {
  await signIn(page);
  await shot(page, 'smoke-list');
  await page.getByRole('button', { name: 'Создать сценарий' }).click();
  await shot(page, 'smoke-gallery');
  await page.locator('[data-template="mindbox-reactivation"]').click();
  await expect(page.locator('.scn-node').first()).toBeVisible();
  await page.waitForTimeout(1500);
  await shot(page, 'smoke-editor');
});
