// Safe by construction: (1) after loading its own static files the app makes no request anywhere else —
// through every scenario, trace, share, export and the embed page — and the Content-Security-Policy is
// in force with no violations; (2) names, labels, annotations and messages from manifests that carry
// HTML/script payloads render as text everywhere (graph, trace, findings, details, share panel,
// exports) and nothing executes.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page, type Request } from '@playwright/test';
import { act, expectEditor, openClean, waitForGraph } from './share-helpers';

/** Records every request of the context (pages and workers) and CSP violations of the page. */
function watchNetwork(page: Page, baseURL: string) {
  const origin = new URL(baseURL).origin;
  const outside: string[] = [];
  const onRequest = (r: Request) => {
    const url = r.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== origin) outside.push(`${r.method()} ${url}`);
  };
  page.context().on('request', onRequest);
  page.context().on('serviceworker', (w) => outside.push(`service worker ${w.url()}`));
  return outside;
}

async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const list: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = list;
    document.addEventListener('securitypolicyviolation', (e) => list.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
});

test('no request leaves the local server: scenarios, traces, share, exports, embed', async ({ page, baseURL, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const outside = watchNetwork(page, baseURL!);
  const errors = await openClean(page);
  await expectEditor(page);
  await waitForGraph(page);
  expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toContain("default-src 'self'");

  // Every built-in scenario, with its preset trace.
  const ids = await page.getByTestId('scenario-picker').locator('option:not([disabled])').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(ids.length).toBeGreaterThan(5);
  for (const id of ids) {
    await page.getByTestId('scenario-picker').selectOption(id);
    await expect(page.getByTestId('scenario-picker')).toHaveValue(id);
    await waitForGraph(page);
    await expect(page.getByTestId('trace-result')).toBeVisible();
  }
  // Connections, the other tabs, theme, share, every export.
  await act(page, 'setView', { showConnections: true, showDenied: true });
  await waitForGraph(page);
  await page.getByRole('tab', { name: /Findings/ }).click();
  await page.getByRole('tab', { name: /Details/ }).click();
  await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click();
  await page.getByTestId('share-button').click();
  await page.getByTestId('share-copy').click();
  await page.getByTestId('share-copy-embed').click();
  const link = await page.getByTestId('share-link').inputValue();
  await Promise.all([page.waitForEvent('download'), page.getByTestId('download-yaml').click()]);
  await page.keyboard.press('Escape');
  await page.getByTestId('export-button').click();
  for (const id of ['export-png', 'export-svg', 'export-md', 'export-text']) await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()]);
  await page.getByTestId('export-md-copy').click();

  // The shared link and the embed page, in the same watched context (a real load, not a fragment change).
  await page.goto('about:blank');
  await page.goto(link);
  await waitForGraph(page);
  await page.goto(`${baseURL}embed/?panes=editor,graph,trace${link.slice(link.indexOf('#'))}`);
  await page.waitForFunction(() => document.querySelector('[data-testid="embed"]')?.getAttribute('data-started') === 'true');
  await waitForGraph(page);

  expect(outside).toEqual([]);
  expect(await cspViolations(page)).toEqual([]);
  expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
});

// --- XSS ------------------------------------------------------------------------------------------

const PAYLOAD_NAME = '<img src=x onerror=window.__xss=1>';
const XSS_YAML = `apiVersion: v1
kind: Namespace
metadata:
  name: xss
  labels: {team: "<b id=xss-b>bold</b>"}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: "${PAYLOAD_NAME}"
  namespace: xss
  labels: {app: "\\"><svg onload=window.__xss=2>"}
  annotations:
    note: "<script>window.__xss=3</script>"
    link: "javascript:window.__xss=4"
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, x: "<iframe src=javascript:window.__xss=5>"}}
    spec: {containers: [{name: "<u id=xss-u>c</u>", image: x, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: "web</title><script>window.__xss=6</script>", namespace: xss}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: "<img src=y onerror=window.__xss=7>", namespace: xss}
spec: {podSelector: {}, ingress: []}
---
apiVersion: v1
kind: "<img src=z onerror=window.__xss=8>"
metadata: {name: odd, namespace: xss}
---
apiVersion: v1
kind: Secret
metadata: {name: "<img src=w onerror=window.__xss=9>", namespace: xss}
stringData: {password: hunter2}
`;

async function injected(page: Page) {
  return page.evaluate(() => ({
    xss: (window as unknown as { __xss?: number }).__xss ?? null,
    // Elements the payloads would create if they were parsed as markup.
    elements: document.querySelectorAll('img[src="x"], img[src="y"], img[src="z"], img[src="w"], svg[onload], iframe, #xss-b, #xss-u, [onerror], [onload]').length,
    title: document.title,
  }));
}

test('HTML/script payloads in names, labels, annotations and kinds render as text everywhere; nothing executes', async ({ page }) => {
  const errors = await openClean(page);
  await expectEditor(page);
  await waitForGraph(page);
  await act(page, 'loadState', { text: XSS_YAML, scenarioId: null, profile: 'kubernetes', traceQuery: { from: `xss/${PAYLOAD_NAME}`, to: 'ip:192.0.2.1', port: 443 } });
  await waitForGraph(page);

  // Graph: the label is the raw text (drawn on a canvas, never parsed).
  const labels = await page.evaluate(() => (window as unknown as { __podpathCy: { nodes(): { map(f: (n: { style(k: string): string }) => string): string[] } } }).__podpathCy.nodes().map((n) => String(n.style('label'))));
  expect(labels.some((l) => l.includes(PAYLOAD_NAME))).toBe(true);

  // Trace: hop titles show the payload as text.
  await expect(page.getByTestId('trace-result')).toBeVisible();
  await expect(page.getByTestId('hops')).toContainText(PAYLOAD_NAME);

  // Findings: the unknown kind's message.
  await page.getByRole('tab', { name: /Findings/ }).click();
  await expect(page.getByTestId('findings')).toContainText('<img src=z onerror=window.__xss=8>');

  // Details of the Deployment: labels and annotations as text.
  await act(page, 'select', `Deployment/xss/${PAYLOAD_NAME}`);
  await page.getByRole('tab', { name: /Details/ }).click();
  const details = page.getByTestId('details');
  await expect(details).toContainText(PAYLOAD_NAME);
  await expect(details).toContainText('<script>window.__xss=3</script>');
  await expect(details.locator('a[href^="javascript:"]')).toHaveCount(0);

  // Share panel: with the exact text chosen, the redaction list names the Secret as text.
  await page.getByTestId('share-button').click();
  await page.getByTestId('share-mode-exact').check();
  await expect(page.getByTestId('share-redactions')).toContainText('Secret xss/<img src=w onerror=window.__xss=9> stringData.password');
  await page.keyboard.press('Escape');

  // Exports: SVG text is escaped; Markdown escapes markup outside code.
  await page.getByTestId('export-button').click();
  const [svgDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
  const svg = await readFile((await svgDl.path())!, 'utf8');
  expect(svg).toContain('&lt;img src=x onerror=window.__xss=1&gt;');
  expect(svg).not.toContain('<img');
  const svgCheck = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return { error: !!doc.querySelector('parsererror'), active: doc.querySelectorAll('script, foreignObject, img, iframe, [onload], [onerror]').length };
  }, svg);
  expect(svgCheck).toEqual({ error: false, active: 0 });
  const [mdDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-md').click()]);
  const md = await readFile((await mdDl.path())!, 'utf8');
  const outsideCode = md.replace(/^ *(`{3,})[^\n]*\n[\s\S]*?\n *\1$/gm, '').replace(/(?<![`\\])(`+)(?!`)[^\n]*?(?<!`)\1(?!`)/g, '');
  expect(outsideCode).toContain('\\<img src=x onerror=window.\\_\\_xss=1\\>');
  expect(outsideCode).not.toMatch(/(?<!\\)<(img|script|svg|iframe)/);

  // Opening the shared link with the payloads in a fresh page: still nothing.
  await page.getByTestId('share-button').click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(await injected(page)).toEqual({ xss: null, elements: 0, title: 'podpath' });
  await page.goto('about:blank');
  await page.goto(link);
  await waitForGraph(page);
  // The link restored the Details tab it was made on; the trace is one click away.
  await expect(page.getByTestId('details')).toContainText(PAYLOAD_NAME);
  await page.getByRole('tab', { name: /Trace/ }).click();
  await expect(page.getByTestId('hops')).toContainText(PAYLOAD_NAME);
  expect(await injected(page)).toEqual({ xss: null, elements: 0, title: 'podpath' });
  expect(await cspViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

// --- Hostile input in the browser -----------------------------------------------------------------

const HOSTILE: Record<string, string> = {
  'alias bomb': `kind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n${Array.from({ length: 9 }, (_, i) => `  a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(',')}]`).join('\n')}\n`,
  '5,000-level nesting': `kind: Pod\nmetadata: {name: p}\nspec: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
  'binary junk': Array.from({ length: 100_000 }, (_, i) => String.fromCharCode((i * 7919 + 13) % 256)).join(''),
};

test('hostile input in the editor gives findings, and the page keeps drawing frames (worker analysis)', async ({ page }) => {
  const errors = await openClean(page);
  await expectEditor(page);
  await waitForGraph(page);
  const big = Array.from({ length: 41_000 }, (_, i) => `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app-${i}, namespace: ns-${i % 50}}\nspec:\n  selector: {matchLabels: {app: a${i}}}\n  template:\n    metadata: {labels: {app: a${i}}}\n    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}\n`).join('');
  expect(big.length).toBeGreaterThan(10 * 1024 * 1024);
  for (const [name, text] of [...Object.entries(HOSTILE), ['10 MB paste', big] as const]) {
    const r = await page.evaluate(async (t) => {
      // The longest gap between animation frames while the input is loaded and analysed: a frozen
      // main thread would show as a gap of the whole analysis.
      let maxGap = 0;
      let last = performance.now();
      let running = true;
      const tick = () => {
        const now = performance.now();
        maxGap = Math.max(maxGap, now - last);
        last = now;
        if (running) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      (window as unknown as { podpath: { store: { getState(): { loadState(p: unknown): void } } } }).podpath.store.getState().loadState({ text: t, scenarioId: null });
      const t0 = performance.now();
      await new Promise((res) => setTimeout(res, 300));
      while (document.querySelector('.pp-busy-on') && performance.now() - t0 < 180_000) await new Promise((res) => setTimeout(res, 100));
      running = false;
      return { maxGap, busy: !!document.querySelector('.pp-busy-on') };
    }, text);
    expect(r.busy, name).toBe(false);
    // Generous: a frame every 5 s at worst (seen: under 1 s for 10 MB); a blocked page would not draw at all.
    expect(r.maxGap, name).toBeLessThan(5000);
    if (name !== '10 MB paste') {
      const diagnostics = await page.evaluate(() => document.querySelector('.pp-count')?.textContent ?? '');
      expect(Number(diagnostics), name).toBeGreaterThan(0);
    }
  }
  // Still a working app afterwards.
  await page.getByTestId('scenario-picker').selectOption({ index: 1 });
  await waitForGraph(page);
  await expect(page.getByTestId('trace-result')).toBeVisible();
  expect(errors).toEqual([]);
});
