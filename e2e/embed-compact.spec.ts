// Training embeds (issue 14): an 800×500 iframe on a docs page of another origin. The compact trace leads
// with the verdict and the hop that decided it, expanded and in view without scrolling; the other hops and
// the question form are one click away. A link can carry "open this hop" (share state view.hop, or hop=N).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { shotPath } from './helpers';

let docs: Server;
let docsOrigin = '';
let iframeSrc = '';

test.beforeAll(async () => {
  docs = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Training: deny by default</title></head>
<body style="font-family:sans-serif;margin:16px"><h1>Deny by default</h1>
<iframe id="pp" src="${iframeSrc.replace(/"/g, '&quot;')}" width="800" height="500" style="border:1px solid #ccc" title="podpath"></iframe></body></html>`);
  });
  await new Promise<void>((resolve) => docs.listen(0, '127.0.0.1', resolve));
  docsOrigin = `http://127.0.0.1:${(docs.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => docs.close(resolve));
});

async function frameOf(page: Page, src: string) {
  iframeSrc = src;
  await page.setViewportSize({ width: 900, height: 640 });
  await page.goto(`${docsOrigin}/training.html?${Math.random()}`);
  const fl = page.frameLocator('#pp');
  await expect(fl.getByTestId('embed')).toHaveAttribute('data-started', 'true');
  return fl;
}

test('compact embed at 800×500: verdict and deciding hop first, in view; the rest one click away', async ({ page, baseURL }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const fl = await frameOf(page, `${baseURL}?embed&compact=1&scenario=netpol-deny-by-default&panes=graph,trace`);
  const result = fl.getByTestId('trace-result');
  await expect(result).toHaveAttribute('data-verdict', 'denied');
  const lead = fl.getByTestId('deciding-hop').getByTestId('hop');
  await expect(lead).toHaveAttribute('data-verdict', 'denied');
  await expect(lead).toHaveAttribute('data-open', 'true');
  // The deciding hop's explanation is inside the frame without scrolling.
  const frameBox = (await page.locator('#pp').boundingBox())!;
  const hopBox = (await lead.locator('.pp-hop-head').boundingBox())!;
  expect(hopBox.y + hopBox.height).toBeLessThanOrEqual(frameBox.y + frameBox.height);
  expect(hopBox.x + hopBox.width).toBeLessThanOrEqual(frameBox.x + frameBox.width);
  // Only the one hop until asked.
  await expect(fl.getByTestId('hop')).toHaveCount(1);
  await expect(fl.getByTestId('compact-question')).toContainText('shop/frontend → shop/backend');
  await page.screenshot({ path: shotPath('embed-compact-800x500.png') });
  const all = fl.getByTestId('compact-all-hops');
  const total = Number((await all.textContent())!.match(/\d+/)![0]);
  await all.click();
  await expect(fl.getByTestId('hop')).toHaveCount(total);
  // The question form is one click away, and back.
  await fl.getByTestId('compact-change').click();
  await expect(fl.getByTestId('trace-from')).toHaveValue('shop/frontend');
  await fl.getByTestId('compact-back').click();
  await expect(fl.getByTestId('compact-trace')).toBeVisible();
  // Nothing wider than the frame.
  const frame = page.frames().find((f) => f !== page.mainFrame())!;
  expect(await frame.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
  expect(errors).toEqual([]);
});

test('hop=N opens that hop: in the compact trace it leads, in the full trace it is expanded', async ({ page, baseURL }) => {
  let fl = await frameOf(page, `${baseURL}?embed&compact=1&scenario=netpol-deny-by-default&panes=graph,trace&hop=2`);
  await expect(fl.getByTestId('deciding-hop')).toHaveAttribute('data-index', '2');
  await expect(fl.getByTestId('deciding-hop').getByTestId('hop')).toHaveAttribute('data-open', 'true');
  fl = await frameOf(page, `${baseURL}?embed&scenario=netpol-deny-by-default&panes=trace&hop=2`);
  await expect(fl.getByTestId('hop').nth(1)).toHaveAttribute('data-open', 'true');
  await expect(fl.getByTestId('hop').nth(0)).toHaveAttribute('data-open', 'false');
});

test('a share link that carries a hop opens the embed with it; the snippet offers the compact mode', async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`${baseURL}`);
  await page.getByTestId('scenario-picker').selectOption('netpol-deny-by-default');
  await expect(page.getByTestId('trace-result')).toHaveAttribute('data-verdict', 'denied');
  await page.getByTestId('hop').nth(2).locator('.pp-hop-toggle').click();
  await page.getByTestId('share-button').click();
  await page.getByTestId('share-compact').check();
  const url = await page.getByTestId('share-link').inputValue();
  const fragment = url.slice(url.indexOf('#'));
  const fl = await frameOf(page, `${baseURL}?embed&compact=1&panes=graph,trace${fragment}`);
  await expect(fl.getByTestId('deciding-hop')).toHaveAttribute('data-index', '3');
});

test('axe-core: the compact embed has no serious or critical violations', async ({ page, baseURL }) => {
  await frameOf(page, `${baseURL}?embed&compact=1&scenario=netpol-deny-by-default&panes=graph,trace`);
  const r = await new AxeBuilder({ page }).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
});

test('keyboard: Tab leaves the read-only editor of an embed, and its text is unchanged', async ({ page, baseURL }) => {
  const fl = await frameOf(page, `${baseURL}?embed&scenario=netpol-deny-by-default&panes=editor,trace`);
  const frame = page.frames().find((f) => f !== page.mainFrame())!;
  await expect(fl.locator('.monaco-editor')).toBeVisible();
  // Wait until the embed made the editor read-only.
  await frame.waitForFunction(() => (window as unknown as { podpath: { editor(): { getRawOptions(): { readOnly?: boolean } } | null } }).podpath.editor()?.getRawOptions().readOnly === true);
  const before = await frame.evaluate(() => (window as unknown as { podpath: { editor(): { getValue(): string } } }).podpath.editor().getValue());
  await fl.locator('.monaco-editor .view-lines').first().click();
  await expect(fl.getByTestId('editor-keyhint')).toBeVisible();
  await page.keyboard.press('Tab');
  await expect.poll(() => frame.evaluate(() => !!document.activeElement?.closest('.monaco-editor'))).toBe(false);
  expect(await frame.evaluate(() => (window as unknown as { podpath: { editor(): { getValue(): string } } }).podpath.editor().getValue())).toBe(before);
});
