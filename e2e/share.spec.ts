// Share links: a link copied in one browser context opens the same view in a fresh one, with secrets
// redacted (and the user told what was); damaged links open a clean workspace with a message.
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
  // The user is told what was redacted, with lines.
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

test('Download YAML saves the redacted manifests, or the original when asked', async ({ page }) => {
  await prepareWorkspace(page);
  await page.getByTestId('share-button').click();
  const [redacted] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-yaml').click()]);
  expect(redacted.suggestedFilename()).toBe('manifests.yaml');
  const savedText = await readFile((await redacted.path())!, 'utf8');
  expect(savedText).toContain('password: REDACTED-by-podpath');
  expect(savedText.split('\n')).toHaveLength(MANIFESTS.split('\n').length);
  await page.getByTestId('download-keep-secrets').check();
  const [original] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-yaml').click()]);
  expect(await readFile((await original.path())!, 'utf8')).toBe(MANIFESTS);
});

for (const [name, mangle] of [
  ['corrupt', (link: string) => link.replace(/#v1:.{12}/, '#v1:@@not-base64@@')],
  ['truncated', (link: string) => link.slice(0, link.indexOf('#') + Math.floor((link.length - link.indexOf('#')) / 2))],
  ['future-version', (link: string) => link.replace('#v1:', '#v7:')],
] as const) {
  test(`a ${name} link opens a clean workspace with a clear message`, async ({ browser }) => {
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
    await expect(page.locator('.pp-notice')).toContainText(/link.*(damaged|cut short|newer podpath).*clean workspace/i);
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
  await expect.poll(() => storeState<string>(page, 'text')).toContain('password: REDACTED-by-podpath');
  expect(await storeState<string>(page, 'profile')).toBe('openshift');
});
