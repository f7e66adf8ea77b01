import { expect, type Page } from '@playwright/test';

// How browser specs work the editor's canvas as a marketer does: the palette, nodes, ports, the side panel.

export const canvas = (page: Page) => page.locator('.react-flow__pane');
export const nodeOnCanvas = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
export const panel = (page: Page) => page.locator('.side-body');
export const paletteItem = (page: Page, type: string) => page.locator(`.palette-item[data-node-type="${type}"]`);

/** Drags a node type from the palette onto the canvas at `at` and waits for the node to appear. */
export async function dropFromPalette(page: Page, type: string, at: { x: number; y: number }) {
  const before = await page.locator('.react-flow__node').count();
  await paletteItem(page, type).dragTo(canvas(page), { targetPosition: at });
  await expect(page.locator('.react-flow__node')).toHaveCount(before + 1);
}

/** Drags from a node's port to another node's input and waits for the edge. */
export async function connect(page: Page, from: string, port: string, to: string) {
  const source = nodeOnCanvas(page, from).locator(`.react-flow__handle.source[data-handleid="${port}"]`);
  const target = nodeOnCanvas(page, to).locator('.react-flow__handle.target');
  const a = (await source.boundingBox())!;
  const b = (await target.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(page.locator(`.react-flow__edge[data-id="${from}:${port}->${to}"]`)).toHaveCount(1);
}

/** Waits until the canvas stops moving (fit and focus pan with a short animation). */
export async function canvasSettled(page: Page) {
  let last: string | null = null;
  await expect
    .poll(async () => {
      const now = await page.locator('.react-flow__viewport').getAttribute('style');
      const same = now === last;
      last = now;
      return same;
    })
    .toBe(true);
}

/** Waits until the editor says the draft is saved. */
export async function waitSaved(page: Page) {
  await expect(page.locator('[data-save-state]')).toHaveAttribute('data-save-state', 'saved', { timeout: 20_000 });
}
