// The connectivity matrix (Show ▾ → Connectivity matrix…): sources × destinations with the allowed
// ports, the same answers as trace; a click on a cell traces it; a namespace narrows it.
import { expect, test } from '@playwright/test';
import { openApp, setText, shotPath, storeState, traceVerdict, waitForGraph } from './helpers';

const APP = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080, name: http}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: c, image: x, ports: [{containerPort: 5432}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: prom, namespace: ops, labels: {app: prom}}
spec: {containers: [{name: c, image: x}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
`;

test('the matrix lists allowed ports per pair, traces a clicked cell, and narrows to a namespace', async ({ page }) => {
  await openApp(page);
  await waitForGraph(page);
  await page.evaluate(() => (window as unknown as { podpath: { store: { getState(): { setProfile(p: string): void } } } }).podpath.store.getState().setProfile('kubernetes'));
  await setText(page, APP);
  await waitForGraph(page);
  await page.getByTestId('graph-show').click();
  await page.getByTestId('show-matrix').click();
  const m = page.getByTestId('matrix');
  await expect(m).toBeVisible();
  await expect(m.getByText(/allowed connections? · profile kubernetes/)).toBeVisible();
  // web may reach db on 5432; prom may not (the policy admits app=web only).
  const row = (name: string) => m.locator('tbody tr').filter({ has: page.locator(`th[title="${name}"]`) });
  const cols = await m.locator('thead th').evaluateAll((ths) => ths.map((th) => th.getAttribute('title')));
  const dbCol = cols.indexOf('shop/db');
  expect(dbCol).toBeGreaterThan(0);
  await expect(row('shop/web').locator('td').nth(dbCol - 1)).toHaveText('5432');
  await expect(row('ops/prom').locator('td').nth(dbCol - 1)).toHaveText('·');
  await page.screenshot({ path: shotPath('matrix.png') });

  await row('shop/web').locator('td').nth(dbCol - 1).getByRole('button').click();
  await expect.poll(() => storeState<{ from: string; to: string; port: number }>(page, 'traceQuery')).toEqual({ from: 'shop/web', to: 'shop/db', port: 5432 });
  await expect.poll(() => traceVerdict(page).then((v) => v.allowed)).toBe('true');

  await page.getByTestId('matrix-namespace').selectOption('ops');
  // Only rows from or to ops: nobody there reaches shop/db, so it is no column any more.
  await expect(m.locator('thead th[title="shop/db"]')).toHaveCount(0);
  await expect(m.locator('thead th[title="ops/prom"]')).toHaveCount(1);
  await m.getByRole('button', { name: 'Close the matrix' }).click();
  await expect(m).toHaveCount(0);
});

test('what was loaded, at a glance, and a namespace focus that the findings and suggestions follow', async ({ page }) => {
  await openApp(page);
  await waitForGraph(page);
  await page.evaluate(() => (window as unknown as { podpath: { store: { getState(): { setProfile(p: string): void } } } }).podpath.store.getState().setProfile('kubernetes'));
  await setText(page, APP + '---\napiVersion: v1\nkind: Service\nmetadata: {name: nothing, namespace: ops}\nspec:\n  selector: {app: none}\n  ports: [{port: 80}]\n');
  await waitForGraph(page);
  await page.getByRole('tab', { name: 'Details' }).click();
  const o = page.getByTestId('overview');
  await expect(o).toContainText('5 objects in 2 namespaces');
  await expect(o.getByRole('table', { name: 'Objects per kind' })).toContainText('Pod3');
  await page.screenshot({ path: shotPath('overview.png') });
  // The Service that selects nothing is a finding in ops; focusing on shop leaves it out and says so.
  await o.getByRole('row', { name: /shop/ }).getByRole('button', { name: 'Focus' }).click();
  await expect.poll(() => storeState<{ hiddenNamespaces: string[] }>(page, 'view').then((v) => v.hiddenNamespaces)).toEqual(['ops']);
  await page.getByRole('tab', { name: /Findings/ }).click();
  await expect(page.getByText(/finding(s)? in hidden namespaces not shown/)).toBeVisible();
  await page.getByRole('button', { name: 'show all namespaces' }).click();
  await expect.poll(() => storeState<{ hiddenNamespaces: string[] }>(page, 'view').then((v) => v.hiddenNamespaces)).toEqual([]);
});
