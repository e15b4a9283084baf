// Sharing a large workspace (a cluster dump of several hundred kB and more): the link is built in a
// worker, the panel says so meanwhile, and the result is the same redacted link the small path builds.
import { expect, test } from '@playwright/test';
import { act, expectEditor, openClean, setText, waitForGraph } from './share-helpers';

function bigDump(apps: number): { text: string; secretLine: number } {
  const parts: string[] = [];
  for (let i = 0; i < apps; i++) {
    parts.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${i}, namespace: ns-${i % 20}, labels: {app: app-${i}}}
spec:
  replicas: 2
  selector: {matchLabels: {app: app-${i}}}
  template:
    metadata: {labels: {app: app-${i}, tier: backend}}
    spec:
      containers:
      - name: main
        image: registry.example.com/team/app-${i}:1.${i}
        ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: app-${i}, namespace: ns-${i % 20}}
spec:
  selector: {app: app-${i}}
  ports: [{name: http, port: 80, targetPort: http}]
`);
  }
  const text = `${parts.join('---\n')}---
apiVersion: v1
kind: Secret
metadata: {name: db, namespace: ns-1}
stringData:
  password: very-secret-value
`;
  return { text, secretLine: text.split('\n').findIndex((l) => l.includes('very-secret-value')) + 1 };
}

test('a large workspace is shared through the worker: pending state, then the redacted link', async ({ page, browser }) => {
  await openClean(page);
  await expectEditor(page);
  await waitForGraph(page);
  const { text, secretLine } = bigDump(700);
  expect(text.length).toBeGreaterThan(200_000);
  await setText(page, text);
  // Record whether the panel ever said it was preparing the link (it may be brief).
  await page.evaluate(() => {
    const w = window as unknown as { __sawPending?: boolean };
    w.__sawPending = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="share-pending"]')) w.__sawPending = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
  await page.getByTestId('share-button').click();
  const panel = page.getByTestId('share-panel');
  const link = page.getByTestId('share-link');
  await expect(link).toBeVisible({ timeout: 30_000 });
  expect(await page.evaluate(() => (window as unknown as { __sawPending?: boolean }).__sawPending)).toBe(true);
  // By default only what podpath reads travels (issue 16): the Secret's data is left out altogether.
  await expect(panel.getByTestId('share-dropped')).toContainText('Secret and ConfigMap data (1)');
  expect(decodeURIComponent(await link.inputValue())).not.toContain('very-secret-value');
  // The exact text, chosen: built in the worker too, the secret replaced on its own line.
  await panel.getByTestId('share-mode-exact').check();
  await expect(panel.getByTestId('share-redactions')).toContainText(`line ${secretLine}: Secret ns-1/db stringData.password`, { timeout: 30_000 });
  expect(await link.inputValue()).toMatch(/#v1:[A-Za-z0-9_-]+$/);
  await page.screenshot({ path: 'test-results/screens/share-large.png' });

  // Changes while the panel is open (each a new link, ~0.5 s of worker time on a dump): the link that
  // settles carries the last of them, however many were queued behind the one running.
  for (const name of ['app-1', 'app-2', 'app-3']) await act(page, 'select', `Deployment/ns-${name.slice(4)}/${name}`);
  await expect(page.getByTestId('share-pending')).toHaveCount(0, { timeout: 30_000 });
  await expect(link).toBeVisible();
  const url = await link.inputValue();

  // The link opens the same text in a fresh browser, with the secret replaced and every line in place.
  const ctx = await browser.newContext();
  const other = await ctx.newPage();
  await other.goto(url);
  await other.waitForFunction((n) => ((window as unknown as { podpath?: { store: { getState(): { text: string } } } }).podpath?.store.getState().text.length ?? 0) > n, 200_000);
  const opened = await other.evaluate(() => (window as unknown as { podpath: { store: { getState(): { text: string } } } }).podpath.store.getState().text);
  expect(opened).not.toContain('very-secret-value');
  expect(opened).toBe(text.replace('very-secret-value', 'REDACTED-by-podpath'));
  expect(await other.evaluate(() => (window as unknown as { podpath: { store: { getState(): { selection: string | null } } } }).podpath.store.getState().selection)).toBe('Deployment/ns-3/app-3');
  await ctx.close();
});
