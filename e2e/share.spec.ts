// Share links: a link copied in one browser context opens the same view in a fresh one, with secrets
// left out (and the user told what was); damaged links load nothing and say why.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { act, expectEditor, openClean, setQuery, setText, storeState, waitForGraph } from './share-helpers';

const KEY_BODY = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw';
const MANIFESTS = `apiVersion: v1
kind: Secret
metadata: {name: db, namespace: shop}
stringData:
  password: hunter2-very-secret
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: quay.io/x/web:1
        ports: [{name: http, containerPort: 8080}]
        env:
        - {name: API_TOKEN, value: tok-123456789}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: web, namespace: shop}
spec:
  host: web.apps.example.com
  to: {kind: Service, name: web}
  port: {targetPort: http}
  tls:
    termination: edge
    key: |
      -----BEGIN RSA PRIVATE KEY-----
      ${KEY_BODY}
      -----END RSA PRIVATE KEY-----
`;

type Store = { getState(): Record<string, unknown> };

async function viewOf(page: Page) {
  return page.evaluate(() => {
    const s = (window as unknown as { podpath: { store: Store } }).podpath.store.getState() as Record<string, unknown>;
    return { text: s.text, profile: s.profile, traceQuery: s.traceQuery, selection: s.selection, tab: s.tab, theme: s.theme, view: s.view };
  });
}

async function prepareWorkspace(page: Page) {
  await openClean(page);
  await expectEditor(page);
  await waitForGraph(page);
  await setText(page, MANIFESTS);
  await act(page, 'setProfile', 'openshift');
  await act(page, 'select', 'Service/shop/web');
  await act(page, 'setView', { showConnections: true, filter: 'web' });
  await setQuery(page, { from: 'internet', to: 'https://web.apps.example.com/' });
  await waitForGraph(page);
}

test('a link copied in one context opens the same view in a fresh one, secrets redacted', async ({ browser }) => {
  const ctxA = await browser.newContext();
  await ctxA.grantPermissions(['clipboard-read', 'clipboard-write']);
  const a = await ctxA.newPage();
  await prepareWorkspace(a);
  await a.getByTestId('share-button').click();
  const panel = a.getByTestId('share-panel');
  await expect(panel).toBeVisible();
  // By default the link carries only what podpath reads (issue 16): the panel says what was left out, and
  // that link holds none of the secrets either.
  await expect(panel.getByTestId('share-mode-minimal')).toBeChecked();
  await expect(panel.getByTestId('share-dropped')).toContainText('Secret and ConfigMap data');
  await expect(panel.getByTestId('share-dropped')).toContainText('env values');
  const minimal = await a.getByTestId('share-link').inputValue();
  for (const secret of ['hunter2', 'tok-123456789', KEY_BODY]) expect(decodeURIComponent(minimal)).not.toContain(secret);
  // The exact text, an explicit choice: the user is told what was redacted, with lines.
  await panel.getByTestId('share-mode-exact').check();
  await expect(panel.getByTestId('share-exact-warning')).toBeVisible();
  const redactions = panel.getByTestId('share-redactions');
  await expect(redactions).toContainText('3 secret values were replaced');
  await expect(redactions).toContainText('line 5: Secret shop/db stringData.password');
  await expect(redactions).toContainText('line 20: env API_TOKEN');
  await expect(redactions).toContainText('line 38: Route shop/web spec.tls.key');
  await a.getByTestId('share-copy').click();
  await expect(a.getByTestId('share-copy')).toHaveText('Copied');
  const link = await a.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(await a.getByTestId('share-link').inputValue());
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#v1:[A-Za-z0-9_-]+$/);
  for (const secret of ['hunter2', 'tok-123456789', KEY_BODY]) expect(decodeURIComponent(link)).not.toContain(secret);
  const before = await viewOf(a);
  await a.screenshot({ path: 'test-results/screens/share-panel.png' });

  // A fresh context: no localStorage, no autosave — only the link.
  const ctxB = await browser.newContext();
  const b = await ctxB.newPage();
  const errors: string[] = [];
  b.on('pageerror', (e) => errors.push(String(e)));
  await b.goto(link);
  await waitForGraph(b);
  const after = await viewOf(b);
  expect(after.profile).toBe('openshift');
  expect(after.traceQuery).toEqual(before.traceQuery);
  expect(after.selection).toBe('Service/shop/web');
  expect(after.view).toMatchObject({ showConnections: true, filter: 'web' });
  expect(after.theme).toBe(before.theme);
  // The text is the original with secrets replaced, line for line.
  const text = String(after.text);
  expect(text.split('\n')).toHaveLength(MANIFESTS.split('\n').length);
  expect(text).toContain('password: REDACTED-by-podpath');
  expect(text).not.toContain('hunter2');
  expect(text).not.toContain(KEY_BODY);
  expect(text.replace(/REDACTED-by-podpath/g, '')).toContain('kind: Route');
  await expect(b.getByTestId('trace-result')).toBeVisible();
  await expect(b.getByTestId('hop').first()).toBeVisible();
  await b.screenshot({ path: 'test-results/screens/share-opened.png' });
  expect(errors).toEqual([]);
  await ctxA.close();
  await ctxB.close();
});

test('Download YAML saves what the link carries: only what podpath reads, or the exact text redacted', async ({ page }) => {
  await prepareWorkspace(page);
  await page.getByTestId('share-button').click();
  const [minimal] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-yaml').click()]);
  expect(minimal.suggestedFilename()).toBe('manifests.yaml');
  const minimalText = await readFile((await minimal.path())!, 'utf8');
  expect(minimalText).toMatch(/^# Shared by podpath: only the fields its analysis reads/);
  for (const secret of ['hunter2', 'tok-123456789', KEY_BODY, 'stringData']) expect(minimalText).not.toContain(secret);
  expect(minimalText).toContain('kind: Route');
  // The exact text (no "keep secrets" any more: issue 16 — a download follows the link's choice).
  await page.getByTestId('share-mode-exact').check();
  const [redacted] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-yaml').click()]);
  const savedText = await readFile((await redacted.path())!, 'utf8');
  expect(savedText).toContain('password: REDACTED-by-podpath');
  expect(savedText.split('\n')).toHaveLength(MANIFESTS.split('\n').length);
  await expect(page.getByTestId('download-keep-secrets')).toHaveCount(0);
});

for (const [name, mangle] of [
  ['corrupt', (link: string) => link.replace(/#v1:.{12}/, '#v1:@@not-base64@@')],
  ['truncated', (link: string) => link.slice(0, link.indexOf('#') + Math.floor((link.length - link.indexOf('#')) / 2))],
  ['future-version', (link: string) => link.replace('#v1:', '#v7:')],
] as const) {
  test(`a ${name} link loads nothing and says why`, async ({ browser }) => {
    const ctxA = await browser.newContext();
    const a = await ctxA.newPage();
    await prepareWorkspace(a);
    await a.getByTestId('share-button').click();
    const link = await a.getByTestId('share-link').inputValue();
    await ctxA.close();

    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(mangle(link));
    await expectEditor(page);
    // Nothing is loaded from it (issue 16: no empty workspace over autosaved work); a fresh tab stays empty.
    await expect(page.locator('.pp-notice')).toContainText(/link.*(damaged|cut short|newer podpath).*Nothing was loaded/i);
    expect(await storeState<string>(page, 'text')).toBe('');
    expect(errors).toEqual([]);
    await ctx.close();
  });
}

test('a link pasted into an open podpath tab (only the fragment changes) opens too', async ({ page, browser }) => {
  const ctxA = await browser.newContext();
  const a = await ctxA.newPage();
  await prepareWorkspace(a);
  await a.getByTestId('share-button').click();
  const link = await a.getByTestId('share-link').inputValue();
  await ctxA.close();

  await openClean(page);
  await expectEditor(page);
  await waitForGraph(page);
  expect(await storeState<string>(page, 'text')).not.toContain('REDACTED-by-podpath');
  await page.evaluate((hash) => (location.hash = hash), link.slice(link.indexOf('#')));
  await expect.poll(() => storeState<string>(page, 'text')).toContain('# Shared by podpath');
  expect(await storeState<string>(page, 'text')).not.toContain('hunter2');
  expect(await storeState<string>(page, 'profile')).toBe('openshift');
});
