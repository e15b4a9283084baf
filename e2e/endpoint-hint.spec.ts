// A From/To that is not an endpoint (issue 14): "cart" gets an inline hint under the field — "Did you
// mean default/cartservice or svc:default/cartservice?" — and no trace runs, so no red DENIED. A
// suggestion fills the field and traces. A well-formed name that the input does not have comes back from
// the tracer as a hint with suggestions too, not as a verdict. The names are those of
// GoogleCloudPlatform/microservices-demo (release/kubernetes-manifests.yaml).
import { expect, test } from '@playwright/test';
import { openApp, setText, shotPath, storeState, waitForGraph } from './helpers';

const deployment = (name: string, port: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: default}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: server, image: x, ports: [{containerPort: ${port}}]}]
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: default}
spec:
  selector: {app: ${name}}
  ports: [{name: grpc, port: ${port}, targetPort: ${port}}]
`;
const DEMO = [deployment('cartservice', 7070), deployment('frontend', 8080), deployment('redis-cart', 6379), deployment('checkoutservice', 5050)].join('---\n');

test('"cart" is a hint with suggestions, not a red DENIED; a suggestion traces', async ({ page }) => {
  const w = await openApp(page);
  await setText(page, DEMO);
  await waitForGraph(page);
  await page.getByRole('tab', { name: 'Trace' }).click();
  await page.getByTestId('trace-from').fill('default/frontend');
  await page.getByTestId('trace-to').fill('cart');
  await page.getByTestId('trace-port').fill('7070');

  const hint = page.getByTestId('trace-to-hint');
  await expect(hint).toBeVisible();
  await expect(hint).toContainText('"cart" is not an endpoint');
  await expect(hint).toContainText('Did you mean');
  await expect(hint.getByTestId('trace-to-hint-pick').nth(0)).toHaveText('default/cartservice');
  await expect(hint.getByTestId('trace-to-hint-pick').nth(1)).toHaveText('svc:default/cartservice');
  await expect(page.getByTestId('trace-to')).toHaveAttribute('aria-invalid', 'true');
  // Nothing was traced: no verdict at all, and the query in the store is not "cart".
  await expect(page.getByTestId('trace-result')).toHaveCount(0);
  await expect(page.locator('.pp-verdict-denied')).toHaveCount(0);
  expect((await storeState<{ to: string } | null>(page, 'traceQuery'))?.to ?? '').not.toBe('cart');
  await page.locator('.pp-trace').screenshot({ path: shotPath('endpoint-hint.png') });

  await hint.getByTestId('trace-to-hint-pick').nth(1).click();
  await expect(page.getByTestId('trace-to')).toHaveValue('svc:default/cartservice');
  await expect(page.getByTestId('trace-to-hint')).toHaveCount(0);
  await expect(page.getByTestId('trace-result')).toHaveAttribute('data-verdict', 'allowed');
  expect((await storeState<{ to: string }>(page, 'traceQuery')).to).toBe('svc:default/cartservice');

  // A Service as the sender: a hint under From, pointing at the workload.
  await page.getByTestId('trace-from').fill('svc:default/frontend');
  const fromHint = page.getByTestId('trace-from-hint');
  await expect(fromHint).toContainText('A Service cannot send traffic');
  await expect(fromHint.getByTestId('trace-from-hint-pick').first()).toHaveText('default/frontend');
  await fromHint.getByTestId('trace-from-hint-pick').first().click();
  await expect(page.getByTestId('trace-result')).toHaveAttribute('data-verdict', 'allowed');
  expect(w.errors).toEqual([]);
});

test('a name the input does not have: the tracer’s message as a hint with suggestions, no red verdict', async ({ page }) => {
  const w = await openApp(page);
  await setText(page, DEMO);
  await waitForGraph(page);
  await page.getByRole('tab', { name: 'Trace' }).click();
  await page.getByTestId('trace-from').fill('default/frontend');
  await page.getByTestId('trace-to').fill('default/cart');
  await page.getByTestId('trace-port').fill('7070');
  const hint = page.getByTestId('trace-error-hint');
  await expect(hint).toBeVisible();
  await expect(hint).toContainText('No Pod or workload named "cart"');
  await expect(hint.getByTestId('trace-error-hint-pick').first()).toHaveText('default/cartservice');
  await expect(page.locator('.pp-verdict-denied')).toHaveCount(0);
  await page.locator('.pp-trace').screenshot({ path: shotPath('endpoint-hint-unknown.png') });
  await hint.getByTestId('trace-error-hint-pick').first().click();
  await expect(page.getByTestId('trace-to')).toHaveValue('default/cartservice');
  await expect(page.getByTestId('trace-result')).toHaveAttribute('data-verdict', 'allowed');
  expect(w.errors).toEqual([]);
});
