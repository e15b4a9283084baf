// The OVN EgressRouter CR scenario: the trace lands on the operator's router pod (a stand-in, the input has
// only the CR) and says where the redirect rule sends the port; a port no rule names is rejected.
import { expect, test } from '@playwright/test';
import { graphNodeIds, openApp, pickScenario, setQuery, setText, shotPath, traceVerdict, waitForGraph } from './helpers';

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

test('EgressFirewall dnsName rule before a deny-all: an address trace is undetermined and says what is missing', async ({ page }) => {
  const watched = await openApp(page);
  await waitForGraph(page);
  await page.getByTestId('profile-picker').selectOption('openshift');
  await setText(page, [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: app, namespace: shop, labels: {app: app}}',
    'spec: {containers: [{name: c}]}',
    '---',
    'apiVersion: k8s.ovn.org/v1',
    'kind: EgressFirewall',
    'metadata: {name: default, namespace: shop}',
    'spec:',
    '  egress:',
    '  - {type: Allow, to: {dnsName: api.example.com}}',
    '  - {type: Deny, to: {cidrSelector: 0.0.0.0/0}}',
    '',
  ].join('\n'));
  await setQuery(page, { from: 'shop/app', to: 'ip:203.0.113.5', port: 443 });
  await expect.poll(async () => (await traceVerdict(page)).verdict).toBe('undetermined');
  expect((await traceVerdict(page)).allowed).toBe('false');
  await expect(page.getByTestId('hop').filter({ hasText: 'whether api.example.com resolves to 203.0.113.5' }).first()).toBeVisible();
  await page.screenshot({ path: shotPath('egress-firewall-undetermined.png') });
  expect(watched.errors).toEqual([]);
});
