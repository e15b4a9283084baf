// The OVN EgressRouter CR scenario: the trace lands on the operator's router pod (a stand-in, the input has
// only the CR) and says where the redirect rule sends the port; a port no rule names is rejected.
import { expect, test } from '@playwright/test';
import { graphNodeIds, openApp, pickScenario, setQuery, shotPath, traceVerdict, waitForGraph } from './helpers';

test('EgressRouter CR: redirect rule shown on the router hop, an unnamed port rejected', async ({ page }) => {
  const watched = await openApp(page);
  await waitForGraph(page);
  await pickScenario(page, 'egress-router-ovn-cr');
  expect((await traceVerdict(page)).allowed).toBe('true');
  await expect(page.getByTestId('hop').filter({ hasText: '203.0.113.27:443' }).first()).toBeVisible();
  expect(await graphNodeIds(page)).toEqual(expect.arrayContaining(['Service/billing/app-egress']));
  await page.screenshot({ path: shotPath('egress-router-cr.png') });

  await setQuery(page, { from: 'billing/payment-sender', to: 'svc:billing/app-egress', port: 9000 });
  await expect.poll(async () => (await traceVerdict(page)).allowed).toBe('false');
  await expect(page.getByTestId('hop').filter({ hasText: 'no fallbackIP' }).first()).toBeVisible();
  await page.screenshot({ path: shotPath('egress-router-cr-rejected.png') });
  expect(watched.errors).toEqual([]);
});
