// An undetermined trace in the app: a real `oc get all`-style dump (a List with managedFields, status and
// ownerReferences, no Namespace objects) plus a CiliumNetworkPolicy, which podpath does not model outside the
// `cilium` profile (Auto would pick `cilium` for it, so the test picks plain Kubernetes: a cluster whose CNI
// the input does not say). The
// verdict, the hop naming the object, the graph's stop node and the connection overlay all use the
// undetermined colour, never the allowed one.
import { expect, test } from '@playwright/test';
import { openApp, setQuery, setText, shotPath, storeState, traceVerdict, waitForGraph } from './helpers';

const pod = (name: string, app: string, ip: string) => `- apiVersion: v1
  kind: Pod
  metadata:
    name: ${name}
    namespace: shop
    labels: {app: ${app}, pod-template-hash: 5d4f8b7c9}
    uid: ${name}-uid
    resourceVersion: "4711"
    creationTimestamp: "2026-11-30T10:00:00Z"
    managedFields:
    - manager: kube-controller-manager
      operation: Update
      apiVersion: v1
      fieldsType: FieldsV1
      fieldsV1: {f:metadata: {f:labels: {}}}
    ownerReferences:
    - {apiVersion: apps/v1, kind: ReplicaSet, name: ${app}-5d4f8b7c9, uid: rs-${app}, controller: true, blockOwnerDeletion: true}
  spec:
    containers:
    - name: ${app}
      image: registry.example.com/${app}:1.0
      ports: [{containerPort: 8080, protocol: TCP}]
  status:
    phase: Running
    podIP: ${ip}
    podIPs: [{ip: ${ip}}]
    conditions: [{type: Ready, status: "True"}]`;

const DUMP = `apiVersion: v1
kind: List
metadata: {resourceVersion: ""}
items:
${pod('web-5d4f8b7c9-abcde', 'web', '10.128.2.10')}
${pod('api-5d4f8b7c9-fghij', 'api', '10.128.2.11')}
- apiVersion: cilium.io/v2
  kind: CiliumNetworkPolicy
  metadata:
    name: l7-web
    namespace: shop
    uid: cnp-uid
    managedFields:
    - {manager: kubectl, operation: Apply, apiVersion: cilium.io/v2, fieldsType: FieldsV1, fieldsV1: {f:spec: {}}}
  spec:
    endpointSelector: {matchLabels: {app: web}}
    ingress:
    - fromEndpoints: [{matchLabels: {app: api}}]
      toPorts: [{ports: [{port: "8080", protocol: TCP}], rules: {http: [{method: GET}]}}]
`;

test('an unmodelled CiliumNetworkPolicy makes the trace undetermined, shown in its own colour', async ({ page }) => {
  const watched = await openApp(page);
  await waitForGraph(page);
  await setText(page, DUMP);
  await page.getByTestId('profile-picker').selectOption('kubernetes');
  await setQuery(page, { from: 'shop/api-5d4f8b7c9-fghij', to: 'shop/web-5d4f8b7c9-abcde', port: 8080 });
  const v = await traceVerdict(page);
  expect(v).toEqual({ allowed: 'false', verdict: 'undetermined' });
  const verdict = page.locator('.pp-verdict');
  await expect(verdict).toHaveClass(/pp-verdict-undetermined/);
  await expect(verdict).toContainText('Undetermined');
  await expect(verdict).toContainText('CiliumNetworkPolicy shop/l7-web');
  // The colours come from the undetermined palette (styles.css --undetermined / --undetermined-bg), not allowed/denied.
  const bg = await verdict.evaluate((e) => getComputedStyle(e).backgroundColor);
  const want = await page.evaluate(() => {
    const probe = document.createElement('div');
    probe.style.background = 'var(--undetermined-bg)';
    document.body.appendChild(probe);
    const c = getComputedStyle(probe).backgroundColor;
    probe.remove();
    return c;
  });
  expect(bg).toBe(want);
  // One hop per end the object could apply to (both pods are in its namespace).
  await expect(page.locator('[data-testid="hop"][data-kind="unmodelled-policy"]')).toHaveCount(2);
  const hop = page.locator('[data-testid="hop"][data-kind="unmodelled-policy"]').filter({ hasText: 'destination shop/web' });
  await expect(hop).toHaveAttribute('data-verdict', 'undetermined');
  await expect(hop).toHaveClass(/pp-hop-undetermined/);
  await expect(hop).toContainText('could apply to shop/web-5d4f8b7c9-abcde');
  // The graph stops the path in the undetermined colour (trace-open), not as a denial (trace-stop).
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __podpathCy: { elements(s: string): { length: number } } }).__podpathCy.elements('.trace-open').length))
    .toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { __podpathCy: { elements(s: string): { length: number } } }).__podpathCy.elements('.trace-stop').length)).toBe(0);
  expect(await storeState<{ to: string }>(page, 'traceQuery')).toMatchObject({ to: 'shop/web-5d4f8b7c9-abcde' });
  await page.screenshot({ path: shotPath('trace-undetermined.png') });
  expect(watched.errors).toEqual([]);
});
