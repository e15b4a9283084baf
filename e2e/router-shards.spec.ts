// The router-shards scenario: a Route that no IngressController's routeSelector selects is shown as denied
// with reason NoRouterSelectsRoute, naming both shards' selectors; a route labelled for a shard is served.
import { expect, test } from '@playwright/test';
import { openApp, pickScenario, setQuery, shotPath, traceVerdict, waitForGraph } from './helpers';

test('router shards: the unlabelled Route is served by no router, the labelled ones by their shard', async ({ page }) => {
  const watched = await openApp(page);
  await waitForGraph(page);
  await pickScenario(page, 'router-shards');
  expect(await traceVerdict(page)).toMatchObject({ allowed: 'false', verdict: 'denied' });
  const hop = page.getByTestId('hop').filter({ hasText: 'NoRouterSelectsRoute' }).first();
  await expect(hop).toBeVisible();
  await expect(hop).toHaveAttribute('data-verdict', 'denied');
  await expect(hop).toContainText('IngressController "default" serves only routes labelled type=public');
  await expect(hop).toContainText('IngressController "internal" serves only routes labelled type=internal');
  await page.screenshot({ path: shotPath('router-shards.png') });

  await setQuery(page, { from: 'internet', to: 'https://ledger-admin.apps-internal.ocp.example.com/' });
  expect(await traceVerdict(page)).toMatchObject({ allowed: 'true' });
  expect(watched.errors).toEqual([]);
});
