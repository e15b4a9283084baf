// The Service / DNS hop as a person sees it: the endpoints hop of the terminating-fallback scenario names
// the endpoint the trace lands on, why that one, and the pod it skipped; the headless scenario's DNS hop
// says the client dials the pod's own port. Screenshots go to test-results/screens/ (shotPath).
import { expect, test } from '@playwright/test';
import { openApp, pickScenario, shotPath, traceVerdict, waitForGraph } from './helpers';

test('terminating fallback: the endpoints hop names the endpoint, the reason and the skipped pod', async ({ page }) => {
  const watched = await openApp(page);
  await waitForGraph(page);
  await pickScenario(page, 'service-terminating-fallback');
  const v = await traceVerdict(page);
  expect(v.verdict).toBe('warning');
  const hop = page.locator('[data-testid="hop"][data-kind="endpoints"]');
  await expect(hop).toHaveAttribute('data-verdict', 'warning');
  await expect(hop).toContainText('falling back to terminating, still-serving payments/checkout-7c9d5f6b8-q2w4e:8080');
  const toggle = hop.locator('.pp-hop-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await expect(hop).toContainText('serving-terminating fallback');
  await expect(hop).toContainText('checkout-7c9d5f6b8-x8k1z matches the selector but has no IP yet');
  await expect(hop.locator('.pp-facts')).toContainText('lands on');
  await hop.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shotPath('service-terminating-fallback.png') });
  expect(watched.errors).toEqual([]);
});

test('headless StatefulSet: the per-pod record and the port the client dials', async ({ page }) => {
  const watched = await openApp(page);
  await waitForGraph(page);
  await pickScenario(page, 'headless-statefulset');
  const v = await traceVerdict(page);
  expect(v.allowed).toBe('true');
  const dns = page.locator('[data-testid="hop"][data-kind="dns"]').first();
  await expect(dns).toContainText('pod record of data/pg-0');
  await expect(dns).toContainText('on the port it dials');
  await expect(page.locator('[data-testid="hop"][data-kind="port"]')).toContainText('5432/TCP on data/pg-0');
  await page.screenshot({ path: shotPath('headless-statefulset.png') });
  expect(watched.errors).toEqual([]);
});
