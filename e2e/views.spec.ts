// How the app looks and scales: screenshots at 1280×800 and 1920×1080 in both themes (kept in
// docs/screenshots/ for the README), and a large input that starts aggregated and expands on demand.
import { expect, test } from '@playwright/test';
import { graphNodeIds, openApp, pickScenario, setText, shotPath, storeState, traceVerdict, waitForGraph } from './helpers';


function bigCluster(namespaces: number, perNs: number): string {
  const docs: string[] = [];
  for (let n = 0; n < namespaces; n++) {
    const ns = `team-${String(n).padStart(3, '0')}`;
    for (let i = 0; i < perNs; i++) {
      const app = `app-${i}`;
      docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels:\n      app: ${app}\n  template:\n    metadata:\n      labels:\n        app: ${app}\n    spec:\n      containers:\n      - name: c\n        ports:\n        - containerPort: 8080\n          name: http`);
      docs.push(`apiVersion: v1\nkind: Service\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  selector:\n    app: ${app}\n  ports:\n  - port: 80\n    targetPort: http`);
      if (i % 3 === 0) docs.push(`apiVersion: route.openshift.io/v1\nkind: Route\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  host: ${app}-${ns}.apps.example.com\n  to:\n    kind: Service\n    name: ${app}`);
    }
  }
  return docs.join('\n---\n') + '\n';
}

test('1280×800, light: the default scenario is legible', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page);
  await waitForGraph(page);
  await traceVerdict(page);
  await page.waitForTimeout(400);
  await page.screenshot({ path: shotPath('app-1280x800-light.png') });
  // Nothing overflows horizontally at this size.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('1920×1080, dark: a NetworkPolicy denial with its fix', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await openApp(page);
  await waitForGraph(page);
  await pickScenario(page, 'netpol-deny-by-default');
  expect((await traceVerdict(page)).allowed).toBe('false');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByTestId('graph-show').click();
  await page.getByTestId('show-allowed').check();
  await page.getByTestId('graph-show').click();
  await expect(page.getByTestId('busy')).toHaveText('');
  await page.waitForTimeout(400);
  await page.screenshot({ path: shotPath('app-1920x1080-dark.png') });
});

test('a Gateway API scenario, light, 1440×900', async ({ page }) => {
  await openApp(page);
  await waitForGraph(page);
  await pickScenario(page, 'gateway-httproute');
  await traceVerdict(page);
  await page.waitForTimeout(400);
  await page.screenshot({ path: shotPath('app-gateway.png') });
});

test('a large input starts aggregated by namespace and a namespace expands on double-click', async ({ page }) => {
  await openApp(page);
  await waitForGraph(page);
  const text = bigCluster(60, 6);
  await setText(page, text);
  await expect.poll(() => graphNodeIds(page), { timeout: 20_000 }).toContain('ns:team-007');
  await expect(page.getByText(/namespaces are folded/)).toBeVisible();
  const ids = await graphNodeIds(page);
  expect(ids).not.toContain('Service/team-007/app-0');
  expect(ids.length).toBeLessThan(100);
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'test-results/screens/aggregated.png' });
  await page.evaluate(() => {
    (window as unknown as { __podpathCy: { getElementById(id: string): { emit(e: string): void } } }).__podpathCy.getElementById('ns:team-007').emit('dbltap');
  });
  await expect.poll(() => graphNodeIds(page)).toContain('Service/team-007/app-0');
  expect(await storeState<{ expandedNamespaces: string[] }>(page, 'view')).toMatchObject({ expandedNamespaces: ['team-007'] });
  // Still folded elsewhere.
  expect(await graphNodeIds(page)).not.toContain('Service/team-008/app-0');
  // A trace into the folded part still draws its path (onto the namespace node).
  await page.evaluate(() => {
    (window as unknown as { podpath: { store: { getState(): { setTraceQuery(q: unknown): void } } } }).podpath.store.getState().setTraceQuery({ from: 'internet', to: 'http://app-0-team-010.apps.example.com/' });
  });
  await traceVerdict(page);
  const onPath = await page.evaluate(() => (window as unknown as { __podpathCy: { $(s: string): { map(f: (n: { id(): string }) => string): string[] } } }).__podpathCy.$('node.trace-path').map((n) => n.id()));
  expect(onPath).toContain('ns:team-010');
});

test('the connections overlay draws allowed pod-to-pod edges from the policy engine', async ({ page }) => {
  await openApp(page);
  await waitForGraph(page);
  await pickScenario(page, 'netpol-allow-same-namespace');
  await page.getByTestId('graph-show').click();
  await page.getByTestId('show-allowed').check();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('busy')).toHaveText('');
  const kinds = await page.evaluate(() => (window as unknown as { __podpathCy: { edges(): { map(f: (e: { data(k: string): string }) => string): string[] } } }).__podpathCy.edges().map((e) => e.data('kind')));
  expect(kinds).toContain('allowed');
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'test-results/screens/connections.png' });
});
