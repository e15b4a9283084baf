// The app as its users meet it (issue 14), at 1280×720, 1920×1080, 800 px and 360 px wide: nothing cut
// off, graph labels readable after Fit (or named by a tooltip on hover and keyboard focus), a namespace's
// apps in rows, the connections overlay limited to the selection, the editor saying how to leave it, the
// first-visit line, long hosts in the verdict, the Share popover inside the window, and an axe-core scan.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openApp, setQuery, setText, shotPath, storeState, traceVerdict, waitForGraph } from './helpers';
import { microservicesDemo } from './demo-manifests';

const SIZES = [
  { name: '1280x720', width: 1280, height: 720 },
  { name: '1920x1080', width: 1920, height: 1080 },
  { name: '800', width: 800, height: 720 },
  { name: '360', width: 360, height: 740 },
];

/** Every element matched lies inside the window horizontally. */
async function insideWindow(page: Page, selector: string): Promise<void> {
  const width = page.viewportSize()!.width;
  const boxes = await page.locator(selector).evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right, w: r.width })));
  expect(boxes.length, selector).toBeGreaterThan(0);
  for (const b of boxes) {
    expect(b.left, selector).toBeGreaterThanOrEqual(0);
    expect(b.right, selector).toBeLessThanOrEqual(width + 0.5);
  }
}

/** openApp for narrow windows: the editor is in a tab of its own there, so only wait for it to exist. */
async function openAt(page: Page, width: number, height: number): Promise<string[]> {
  await page.setViewportSize({ width, height });
  if (width > 900) return (await openApp(page)).errors;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('pp-test-cleared')) {
      localStorage.clear();
      sessionStorage.setItem('pp-test-cleared', '1');
    }
  });
  await page.goto('./');
  await expect(page.locator('.monaco-editor')).toHaveCount(1);
  return errors;
}

async function graphStats(page: Page) {
  return page.evaluate(() => {
    const cy = (window as unknown as { __podpathCy: import('cytoscape').Core }).__podpathCy;
    // pstyle: Cytoscape's parsed style (not in its typings); pfValue is the size in model pixels.
    const n = cy.nodes('[kind = "Deployment"]').first() as unknown as { pstyle(p: string): { pfValue: number } };
    return { zoom: cy.zoom(), font: n.pstyle('font-size').pfValue, minFont: n.pstyle('min-zoomed-font-size').pfValue };
  });
}

for (const size of SIZES) {
  test(`nothing is cut off at ${size.name}: top bar, panes, trace`, async ({ page }) => {
    const errors = await openAt(page, size.width, size.height);
    await waitForGraph(page);
    // The page is no wider than the window (at 800 px it was 981 px).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
    for (const sel of ['[data-testid="share-button"]', 'button[aria-label^="Switch to"]', '[data-testid="profile-picker"]', '[data-testid="scenario-picker"]']) await insideWindow(page, sel);
    const narrow = size.width <= 900;
    if (narrow) {
      // One pane at a time: the trace first, the others one tab away.
      await expect(page.getByTestId('pane-tab-side')).toHaveAttribute('aria-selected', 'true');
      await expect(page.getByTestId('trace-result')).toBeVisible();
      await insideWindow(page, '[data-testid="trace-result"]');
      await insideWindow(page, '[data-testid="trace-from"]');
      await page.screenshot({ path: shotPath(`app-${size.name}-trace.png`) });
      await page.getByTestId('pane-tab-graph').click();
      await expect(page.getByTestId('graph')).toBeVisible();
      await expect.poll(async () => (await page.getByTestId('graph').boundingBox())?.width ?? 0).toBeGreaterThan(size.width - 20);
      await page.screenshot({ path: shotPath(`app-${size.name}-graph.png`) });
      await page.getByTestId('pane-tab-editor').click();
      await expect(page.locator('.monaco-editor').first()).toBeVisible();
      await page.screenshot({ path: shotPath(`app-${size.name}-editor.png`) });
    } else {
      await expect(page.getByTestId('pane-tab-side')).toHaveCount(0);
      await insideWindow(page, '[data-testid="trace-result"]');
      await page.screenshot({ path: shotPath(`app-${size.name}.png`) });
    }
    // The Share popover fits the window.
    await page.getByTestId('share-button').click();
    await expect(page.getByTestId('share-panel')).toBeVisible();
    await insideWindow(page, '[data-testid="share-panel"]');
    // Its content fits it too (no text cut at its right edge).
    expect(await page.getByTestId('share-panel').evaluate((e) => e.scrollWidth <= e.clientWidth + 1)).toBe(true);
    const panel = await page.getByTestId('share-panel').boundingBox();
    expect(panel!.y + panel!.height).toBeLessThanOrEqual(size.height + 0.5);
    await page.screenshot({ path: shotPath(`share-${size.name}.png`) });
    expect(errors).toEqual([]);
  });
}

test('first visit: one line says what the page does and what to do; then the scenario description, uncut at 1280', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  await waitForGraph(page);
  const intro = page.getByTestId('intro');
  await expect(intro).toBeVisible();
  await expect(intro).toContainText('shows how traffic moves');
  await expect(intro).toContainText(/Paste or open YAML.*Scenario.*Trace/);
  await page.getByTestId('intro-dismiss').click();
  const desc = page.getByTestId('scenario-description');
  await expect(desc).toBeVisible();
  // Not cut: the whole text is laid out (no overflow hidden behind an ellipsis).
  expect(await desc.evaluate((e) => e.scrollWidth <= e.clientWidth + 1 && e.scrollHeight <= e.clientHeight + 1)).toBe(true);
  // The editor hint is not cut either.
  const hint = page.locator('.pp-editor-pane .pp-hint');
  expect(await hint.evaluate((e) => e.scrollHeight <= e.clientHeight + 1)).toBe(true);
  await page.screenshot({ path: shotPath('first-visit-1280.png') });
  // Remembered.
  await page.reload();
  await waitForGraph(page);
  await expect(page.getByTestId('intro')).toHaveCount(0);
});

test('a long notice wraps in the info bar at 1280 instead of being cut', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  await waitForGraph(page);
  const long = 'Loaded a.yaml, b.yaml, c.yaml, d.yaml, e.yaml, f.yaml, g.yaml, h.yaml, i.yaml, j.yaml, k.yaml, l.yaml, m.yaml, n.yaml, o.yaml, p.yaml, q.yaml, r.yaml, s.yaml, t.yaml, u.yaml, v.yaml — Ctrl+Z brings back the previous text.';
  await page.evaluate((n) => (window as unknown as { podpath: { store: { getState(): { setNotice(s: string): void } } } }).podpath.store.getState().setNotice(n), long);
  const notice = page.locator('.pp-notice');
  await expect(notice).toContainText('Ctrl+Z brings back the previous text.');
  await insideWindow(page, '.pp-notice');
  expect(await page.getByTestId('infobar').evaluate((e) => e.scrollWidth <= e.clientWidth + 1)).toBe(true);
});

test('graph at 1280×720: Fit keeps labels readable, apps sit in rows, hover and keyboard focus name nodes', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const watched = await openApp(page);
  await waitForGraph(page);
  await setText(page, microservicesDemo());
  await expect.poll(async () => (await page.evaluate(() => (window as unknown as { __podpathCy: import('cytoscape').Core }).__podpathCy.nodes('[kind = "Deployment"]').length))).toBe(12);
  await expect(page.getByTestId('busy')).toHaveText('');
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  const s = await graphStats(page);
  // Cytoscape hides a label whose on-screen size is under min-zoomed-font-size: after Fit it is not.
  expect(s.font * s.zoom).toBeGreaterThanOrEqual(s.minFont);
  // Service beside its workload, on one row, left to right.
  const pos = await page.evaluate(() => {
    const cy = (window as unknown as { __podpathCy: import('cytoscape').Core }).__podpathCy;
    const p = (id: string) => cy.getElementById(id).position();
    return { svc: p('Service/default/cartservice'), dep: p('Deployment/default/cartservice'), svc2: p('Service/default/adservice'), dep2: p('Deployment/default/adservice') };
  });
  expect(Math.abs(pos.svc.y - pos.dep.y)).toBeLessThan(2);
  expect(pos.svc.x).toBeLessThan(pos.dep.x);
  expect(Math.abs(pos.svc2.y - pos.dep2.y)).toBeLessThan(2);
  await page.screenshot({ path: shotPath('graph-microservices-1280.png') });

  // Zoomed far out, labels are hidden — hover still names the node.
  await page.evaluate(() => {
    const cy = (window as unknown as { __podpathCy: import('cytoscape').Core }).__podpathCy;
    cy.zoom({ level: 0.3, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    cy.center(cy.getElementById('Deployment/default/cartservice'));
  });
  const box = await page.getByTestId('graph').boundingBox();
  const at = await page.evaluate(() => {
    const cy = (window as unknown as { __podpathCy: import('cytoscape').Core }).__podpathCy;
    return cy.getElementById('Deployment/default/cartservice').renderedPosition();
  });
  await page.mouse.move(box!.x + at.x, box!.y + at.y);
  await expect(page.getByTestId('graph-tip')).toContainText('cartservice');
  await expect(page.getByTestId('graph-tip')).toContainText('Deployment in default');
  await page.screenshot({ path: shotPath('graph-tooltip-hover.png') });
  await page.mouse.move(box!.x + 2, box!.y + box!.height - 2);
  await expect(page.getByTestId('graph-tip')).toHaveCount(0);
  // Keyboard: focus the graph, arrow to a node: the tooltip names it and the graph is described by it.
  await page.getByTestId('graph').focus();
  await page.keyboard.press('ArrowRight');
  const tip = page.getByTestId('graph-tip');
  await expect(tip).toBeVisible();
  const sel = await storeState<string>(page, 'selection');
  expect(sel).toBeTruthy();
  await expect(page.getByTestId('graph')).toHaveAttribute('aria-describedby', 'pp-graph-tip');
  await page.screenshot({ path: shotPath('graph-tooltip-keyboard.png') });
  expect(watched.errors).toEqual([]);
});

test('legend names undetermined (purple), beside allowed and denied', async ({ page }) => {
  await openApp(page);
  await waitForGraph(page);
  const item = page.getByTestId('legend').locator('li', { hasText: 'undetermined' });
  await expect(item).toBeVisible();
  const colour = await item.locator('.pp-edge-swatch').evaluate((e) => getComputedStyle(e).borderTopColor);
  expect(colour).toBe('rgb(124, 58, 237)');
});

test('connections overlay: only the selected node\'s connections are drawn', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const watched = await openApp(page);
  await waitForGraph(page);
  await setText(page, microservicesDemo());
  await expect(page.getByTestId('busy')).toHaveText('');
  await page.getByTestId('graph-show').click();
  await page.getByTestId('show-allowed').check();
  await page.getByTestId('graph-show').click();
  const counts = () =>
    page.evaluate(() => {
      const cy = (window as unknown as { __podpathCy: import('cytoscape').Core }).__podpathCy;
      const conn = cy.edges('[kind = "allowed"], [kind = "denied"], [kind = "undetermined"]');
      const shown = conn.filter((e) => !e.hasClass('conn-off')) as unknown as import('cytoscape').EdgeCollection;
      const sel = cy.nodes(':selected').first();
      return { total: conn.length, shown: shown.length, foreign: sel.nonempty() ? shown.filter((e) => e.source().id() !== sel.id() && e.target().id() !== sel.id()).length : -1 };
    });
  await expect.poll(async () => (await counts()).total).toBeGreaterThan(20);
  // Nothing selected: none drawn, and the pane says how to see them.
  expect((await counts()).shown).toBe(0);
  await expect(page.getByTestId('connections-hint')).toContainText('Connectivity matrix');
  await page.evaluate(() => (window as unknown as { podpath: { store: { getState(): { select(k: string): void } } } }).podpath.store.getState().select('Deployment/default/frontend'));
  await expect.poll(async () => (await counts()).shown).toBeGreaterThan(0);
  const c = await counts();
  expect(c.foreign).toBe(0);
  expect(c.shown).toBeLessThan(c.total);
  await expect(page.getByTestId('connections-hint')).toHaveCount(0);
  await page.screenshot({ path: shotPath('connections-selected.png') });
  expect(watched.errors).toEqual([]);
});

test('keyboard: the editor says how to leave it, and Esc then Tab leaves without changing the text', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  await waitForGraph(page);
  const before = await storeState<string>(page, 'text');
  await page.locator('.monaco-editor .view-lines').first().click();
  const hint = page.getByTestId('editor-keyhint');
  await expect(hint).toBeVisible();
  await expect(hint).toContainText('Esc then Tab');
  await expect(hint).toContainText('Ctrl+M');
  await page.screenshot({ path: shotPath('editor-keyboard-hint.png') });
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  // Focus left Monaco; the text (and so the autosave) is unchanged.
  expect(await page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'))).toBe(false);
  await expect(hint).toHaveCount(0);
  expect(await storeState<string>(page, 'text')).toBe(before);
  // Shift+Tab after Esc goes back out the other way.
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Tab');
  expect(await page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'))).toBe(false);
  // A plain Tab still indents (Monaco's own behaviour is kept).
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'))).toBe(true);
  await expect.poll(() => storeState<string>(page, 'text')).not.toBe(before);
});

test('a long host does not overflow the verdict banner', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  await waitForGraph(page);
  const host = `${'a-very-long-label-'.repeat(3)}x.${'subdomain-'.repeat(6)}apps.cluster.example.com`;
  await setText(page, `apiVersion: route.openshift.io/v1
kind: Route
metadata: { name: long, namespace: shop }
spec:
  host: ${host}
  to: { kind: Service, name: nothere }
`);
  await setQuery(page, { from: 'internet', to: `https://${host}/${'path/'.repeat(20)}` });
  await traceVerdict(page);
  const banner = page.locator('.pp-verdict').first();
  await expect(banner).toBeVisible();
  expect(await banner.evaluate((e) => e.scrollWidth <= e.clientWidth + 1)).toBe(true);
  expect(await page.locator('.pp-tabpanel').evaluate((e) => e.scrollWidth <= e.clientWidth + 1)).toBe(true);
  await page.screenshot({ path: shotPath('verdict-long-host.png') });
});

test('an old-format share link (the first release\'s) still opens', async ({ page }) => {
  const frozen =
    'v1:TZCxbsMwDER_ReDsIOkWaM3ULUCLLnUHRaZjITYpUIxdwPC_l0oydOPpyMcTV1D8VfAQcvpCKYnJu_mtpVuizrsPlDlFbGlCDV3Q4N1KYULvFrw0rpYlh2i6DJy3lkrG6FtyruCIUVlsIOT86DfbucyixbvvtRbeHQ-N0yBX1PNLHw_bT0vQQBbu04iWjTNSGVKv9qpi68Cv0AtP5iVSFMKHxabLHH3NsreFFWJU8Lal4pQjj9bzeTrD1sCccKmkZ1TszHn9d_-PoANONUQX5FZluJh4pmjA-pYTE9m8Xa6AV7mjoUtECpL4vUKF74o77K64C-PIC2x_';
  const watched = await openApp(page, `./#${frozen}`);
  await expect.poll(() => storeState<{ from: string } | null>(page, 'traceQuery')).toEqual({ from: 'internet', to: 'svc:shop/web', port: 80, protocol: 'TCP' });
  await expect(page.getByTestId('trace-result')).toBeVisible();
  expect(watched.errors).toEqual([]);
});

test('"open this hop": the hop a person opened travels in the share link and opens expanded', async ({ page, context }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  await waitForGraph(page);
  await page.getByTestId('scenario-picker').selectOption('netpol-deny-by-default');
  await traceVerdict(page);
  const hops = page.getByTestId('hop');
  const n = await hops.count();
  expect(n).toBeGreaterThan(2);
  // Open the second hop.
  await hops.nth(1).locator('.pp-hop-toggle').click();
  await expect(hops.nth(1)).toHaveAttribute('data-open', 'true');
  await page.getByTestId('share-button').click();
  await expect(page.getByTestId('share-hop')).toContainText('hop 2');
  const url = await page.getByTestId('share-link').inputValue();
  // Same state, same link.
  await page.getByTestId('share-button').click();
  await page.getByTestId('share-button').click();
  expect(await page.getByTestId('share-link').inputValue()).toBe(url);
  const other = await context.newPage();
  await other.goto(url);
  await expect(other.getByTestId('hop').nth(1)).toHaveAttribute('data-open', 'true');
  await other.close();
});

const VIEWS: { name: string; go(page: Page): Promise<void> }[] = [
  { name: 'trace', go: async () => {} },
  { name: 'findings', go: async (page) => page.getByRole('tab', { name: /Findings/ }).click() },
  { name: 'details', go: async (page) => page.getByRole('tab', { name: /Details/ }).click() },
  {
    name: 'share',
    go: async (page) => {
      await page.getByTestId('share-button').click();
      await expect(page.getByTestId('share-panel')).toBeVisible();
    },
  },
  {
    name: 'matrix',
    go: async (page) => {
      await page.getByTestId('graph-show').click();
      await page.getByTestId('show-matrix').click();
    },
  },
];

for (const view of VIEWS) {
  test(`axe-core: no serious or critical violations in the ${view.name} view (1280×720, light and dark)`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await openApp(page);
    await waitForGraph(page);
    await view.go(page);
    for (const theme of ['light', 'dark']) {
      await page.evaluate((t) => (window as unknown as { podpath: { store: { getState(): { setTheme(t: string): void } } } }).podpath.store.getState().setTheme(t), theme);
      // Monaco's own widgets (its hidden textarea, its minimap-less scrollbars) are its business; the canvas
      // has no DOM to scan. Everything else of the page is scanned.
      const r = await new AxeBuilder({ page }).exclude('.monaco-editor').analyze();
      const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`), theme).toEqual([]);
    }
  });
}

test('axe-core: no serious or critical violations at 360 px', async ({ page }) => {
  await openAt(page, 360, 740);
  await waitForGraph(page);
  const r = await new AxeBuilder({ page }).exclude('.monaco-editor').analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
});
