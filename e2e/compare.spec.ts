// Compare mode: "Set as before" keeps the baseline, an edit of the "after" lists the differences in the
// Changes tab (ranked by risk, from the core's diffClusters), and clicking one shows both traces side by side.
import { expect, test } from '@playwright/test';
import { openApp, setText, shotPath, waitForGraph } from './helpers';

const PODS = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata: {name: web, namespace: shop, labels: {app: web}}',
  'spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}',
  '---',
  'apiVersion: v1',
  'kind: Pod',
  'metadata: {name: db, namespace: shop, labels: {app: db}}',
  'spec: {containers: [{name: c, ports: [{containerPort: 5432}]}]}',
  '',
].join('\n');
const DENY = ['---', 'apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata: {name: deny-all, namespace: shop}', 'spec: {podSelector: {}, policyTypes: [Ingress]}', ''].join('\n');

test('compare mode: removing a default deny lists the new exposure first and shows both traces', async ({ page }) => {
  const watched = await openApp(page);
  await waitForGraph(page);
  // Plain Kubernetes: no implied policies, so the deny-all is all that isolates the pods.
  await page.getByTestId('profile-picker').selectOption('kubernetes');
  await setText(page, PODS + DENY);
  await expect(page.getByTestId('busy')).toHaveText('');
  await page.getByTestId('set-before').click();
  await expect(page.getByTestId('changes-headline')).toHaveText('No differences in reachability');

  await setText(page, PODS);
  const panel = page.getByTestId('changes-panel');
  await expect.poll(async () => Number(await panel.getAttribute('data-count'))).toBeGreaterThan(0);
  const first = page.getByTestId('change').first();
  await expect(first).toHaveAttribute('data-kind', 'exposure');
  await expect(first).toHaveAttribute('data-status', 'opened');

  const conn = page.getByTestId('change').filter({ hasText: 'shop/db → shop/web: newly allowed on TCP 8080' });
  await expect(conn).toContainText('before — denied: NetworkPolicy shop/deny-all');
  await conn.getByRole('button').click();
  await expect(page.getByTestId('compare-before')).toHaveAttribute('data-verdict', 'denied');
  await expect(page.getByTestId('compare-after')).toHaveAttribute('data-verdict', 'allowed');
  await page.getByTestId('compare-traces').scrollIntoViewIfNeeded();
  await page.screenshot({ path: shotPath('compare-mode.png') });

  await page.getByRole('button', { name: 'Stop comparing' }).click();
  await expect(page.getByRole('tab', { name: /Changes/ })).toHaveCount(0);
  expect(watched.errors).toEqual([]);
});
