// Embed mode: the app inside an iframe of a plain HTML page on another origin (served by the test),
// showing a built-in scenario or a shared state, tracing, read-only unless asked, with "open in podpath".
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type FrameLocator, type Page } from '@playwright/test';

// The docs page comes from a small server of the test's own on another loopback port: a different
// origin from the app, as on a real docs site (and a loopback address, so Chromium's local-network
// checks allow the frame).
let docs: Server;
let docsOrigin = '';
let iframeSrc = '';
let iframeSize = { w: 760, h: 480 };
/** When set, the docs page's body is exactly this (a snippet pasted by a docs author). */
let rawBody: string | null = null;

test.beforeAll(async () => {
  docs = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><meta charset="utf-8"><title>Training: deny by default</title></head>
<body style="font-family:sans-serif;margin:24px">
<h1>NetworkPolicy: deny by default</h1>
<p>The embedded podpath below shows why the frontend cannot reach the backend.</p>
${rawBody ?? `<iframe id="pp" src="${iframeSrc.replace(/"/g, '&quot;')}" width="${iframeSize.w}" height="${iframeSize.h}" style="border:1px solid #ccc;border-radius:6px" title="podpath"></iframe>`}
</body></html>`);
  });
  await new Promise<void>((resolve) => docs.listen(0, '127.0.0.1', resolve));
  docsOrigin = `http://127.0.0.1:${(docs.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => docs.close(resolve));
});

/** Opens the plain docs page with one iframe showing `src`. */
async function docsPage(page: Page, src: string, size = { w: 760, h: 480 }): Promise<FrameLocator> {
  iframeSrc = src;
  iframeSize = size;
  await page.goto(`${docsOrigin}/training.html?${Math.random()}`);
  return page.frameLocator('#pp');
}

async function embedFrame(page: Page) {
  const frame = page.frames().find((f) => f !== page.mainFrame());
  if (!frame) throw new Error('no iframe');
  await frame.waitForFunction(() => {
    const cy = (window as unknown as { __podpathCy?: { nodes(): { length: number } } }).__podpathCy;
    return !!cy && cy.nodes().length > 0 && document.querySelector('[data-testid="embed"]')?.getAttribute('data-started') === 'true';
  });
  return frame;
}

test('an iframe on a plain page loads an embedded scenario, traces, and links back to the full app', async ({ page, baseURL }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const fl = await docsPage(page, `${baseURL}embed/?scenario=netpol-deny-by-default&panes=graph,trace`);
  const frame = await embedFrame(page);
  expect(frame.url()).toContain('?embed&scenario=netpol-deny-by-default&panes=graph,trace');
  // Only the chosen panes: no top bar, no editor.
  await expect(fl.getByTestId('embed')).toBeVisible();
  await expect(fl.locator('.pp-topbar')).toHaveCount(0);
  await expect(fl.locator('.monaco-editor')).toHaveCount(0);
  await expect(fl.getByTestId('graph')).toBeVisible();
  // The scenario's preset trace ran: denied at the backend's ingress.
  const result = fl.getByTestId('trace-result');
  await expect(result).toHaveAttribute('data-verdict', 'denied');
  await expect(fl.locator('[data-testid="hop"][data-verdict="denied"]').first()).toBeVisible();
  // Fits its iframe: the embed page is no wider than the frame (no horizontal scrolling).
  const width = await frame.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(760);
  // Tracing inside the embed: a new query gives a new result.
  const before = await result.getAttribute('data-version');
  // deny-by-default isolates ingress only: the frontend may still call out of the cluster.
  await fl.getByTestId('trace-to').fill('ip:192.0.2.10');
  await fl.getByTestId('trace-from').press('Enter');
  await expect(result).not.toHaveAttribute('data-version', before ?? '');
  await expect(result).toHaveAttribute('data-verdict', 'allowed');
  // "open in podpath" carries the current state to the full app.
  const open = fl.getByTestId('open-in-podpath');
  await open.focus();
  const href = (await open.getAttribute('href')) ?? '';
  expect(href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#v1:/);
  expect(await open.getAttribute('target')).toBe('_blank');
  expect((await open.getAttribute('rel')) ?? '').toContain('noopener');
  await page.screenshot({ path: 'test-results/screens/embed-iframe.png' });

  const full = await page.context().newPage();
  await full.goto(href);
  await full.waitForFunction(() => (window as unknown as { __podpathCy?: { nodes(): { length: number } } }).__podpathCy?.nodes().length);
  const q = await full.evaluate(() => (window as unknown as { podpath: { store: { getState(): { traceQuery: unknown } } } }).podpath.store.getState().traceQuery);
  expect(q).toMatchObject({ from: 'shop/frontend', to: 'ip:192.0.2.10' });
  await expect(full.locator('.pp-topbar')).toBeVisible();
  expect(errors).toEqual([]);
});

test('embed parameters: editor pane read-only by default, editable with edit=1, theme and preset trace', async ({ page, baseURL }) => {
  const fl = await docsPage(page, `${baseURL}?embed&scenario=netpol-deny-by-default&panes=editor,graph,trace&theme=dark&from=shop/frontend&to=shop/backend&port=8080`, { w: 1000, h: 560 });
  const frame = await embedFrame(page);
  await expect(fl.locator('.monaco-editor').first()).toBeVisible();
  expect(await frame.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  await expect(fl.getByTestId('trace-from')).toHaveValue('shop/frontend');
  await expect(fl.getByTestId('trace-result')).toHaveAttribute('data-verdict', 'denied');
  // Typing into the read-only editor changes nothing.
  const textBefore = await frame.evaluate(() => (window as unknown as { podpath: { store: { getState(): { text: string } } } }).podpath.store.getState().text);
  await fl.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.type('oops');
  await page.waitForTimeout(300);
  expect(await frame.evaluate(() => (window as unknown as { podpath: { store: { getState(): { text: string } } } }).podpath.store.getState().text)).toBe(textBefore);
  // The full app's saved theme and workspace were not touched by the embed.
  expect(await frame.evaluate(() => [localStorage.getItem('podpath:theme'), localStorage.getItem('podpath:autosave')])).toEqual([null, null]);

  // edit=1: the same embed accepts typing.
  const fl2 = await docsPage(page, `${baseURL}?embed&scenario=netpol-deny-by-default&panes=editor,graph&edit=1`, { w: 1000, h: 560 });
  const frame2 = await embedFrame(page);
  await fl2.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n# edited in the embed');
  await expect.poll(() => frame2.evaluate(() => (window as unknown as { podpath: { store: { getState(): { text: string } } } }).podpath.store.getState().text)).toContain('# edited in the embed');
});

test('/embed/#v1:... shows a shared state in the embed', async ({ page, baseURL }) => {
  // Make a link in the full app, then embed it.
  await page.goto(`${baseURL}?embed&scenario=netpol-allow-same-namespace`);
  await embedFrameOf(page);
  const href = await page.evaluate(async () => {
    const a = document.querySelector('[data-testid="open-in-podpath"]') as HTMLAnchorElement;
    a.focus();
    return a.href;
  });
  const fragment = href.slice(href.indexOf('#'));
  const fl = await docsPage(page, `${baseURL}embed/?panes=graph,trace${fragment}`);
  await embedFrame(page);
  await expect(fl.getByTestId('trace-result')).toBeVisible();
  const text = await (await embedFrame(page)).evaluate(() => (window as unknown as { podpath: { store: { getState(): { text: string; scenarioId: string | null } } } }).podpath.store.getState());
  expect(text.scenarioId).toBe('netpol-allow-same-namespace');
});

async function embedFrameOf(page: Page) {
  await page.waitForFunction(() => document.querySelector('[data-testid="embed"]')?.getAttribute('data-started') === 'true');
}

test('the iframe snippet from the Share panel, pasted into a page, shows the shared view', async ({ page, baseURL, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  // The full app with its default scenario: copy the snippet.
  await page.goto(`${baseURL}`);
  await page.waitForFunction(() => (window as unknown as { __podpathCy?: { nodes(): { length: number } } }).__podpathCy?.nodes().length);
  await page.getByTestId('share-button').click();
  await page.getByTestId('share-copy-embed').click();
  const snippet = await page.evaluate(() => navigator.clipboard.readText());
  expect(snippet).toMatch(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?embed&amp;panes=graph,trace#v1:[A-Za-z0-9_-]+" [^>]*allow="clipboard-write"><\/iframe>$/);
  const scenario = await page.evaluate(() => (window as unknown as { podpath: { store: { getState(): { scenarioId: string | null } } } }).podpath.store.getState().scenarioId);
  expect(scenario).toBeTruthy();
  rawBody = snippet.replace('<iframe ', '<iframe id="pp" ');
  try {
    const fl = await docsPage(page, '');
    await embedFrame(page);
    await expect(fl.getByTestId('trace-result')).toBeVisible();
    await expect(fl.locator('.pp-topbar')).toHaveCount(0);
    const inFrame = await (await embedFrame(page)).evaluate(() => (window as unknown as { podpath: { store: { getState(): { scenarioId: string | null } } } }).podpath.store.getState().scenarioId);
    expect(inFrame).toBe(scenario);
  } finally {
    rawBody = null;
  }
});
