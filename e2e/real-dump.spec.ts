// A real `oc get all,networkpolicy,route -o yaml` dump pasted into a fresh app (issue 10): a List with
// managedFields, ownerReferences Deployment → ReplicaSet → Pod, status with podIPs, no Namespace objects,
// a Route, Services, Endpoints / EndpointSlice and NetworkPolicies. The app must pick the OpenShift profile
// from the input (not the LUMI-K defaults of the scenario it opened with) and say why above the trace,
// show one endpoint per live pod, the Deployments as the groups (no ReplicaSet nodes), the verdict, and the
// findings, with the assumed namespace labels said to be assumed.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { editorText, graphNodeIds, openApp, pasteText, setQuery, shotPath, storeState, traceVerdict, waitForGraph } from './helpers';

const DUMP = readFileSync(new URL('../src-core/testing/fixtures/oc-get-all-shop.yaml', import.meta.url), 'utf8');

test('a pasted oc get all dump: OpenShift profile from the input, one endpoint per pod, verdict and findings', async ({ page }) => {
  const watched = await openApp(page);
  await waitForGraph(page);
  // The first scenario runs under its own profile (LUMI-K); the pasted dump must not inherit it.
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+a');
  await pasteText(page, DUMP);
  await expect.poll(() => editorText(page)).toBe(DUMP);
  await expect.poll(() => storeState<string>(page, 'profile')).toBe('auto');
  await expect(page.getByTestId('busy')).toHaveText('');

  // The profile line above the trace: which profile, chosen from which object (with its line).
  const line = page.getByTestId('profile-line');
  await expect(line).toHaveAttribute('data-profile', 'openshift');
  await expect(line).toHaveAttribute('data-auto', 'true');
  const routeLine = DUMP.split('\n').findIndex((l) => l.includes('kind: Route')) + 1;
  await expect(line).toContainText('chosen from the input');
  await expect(line).toContainText('Route shop/frontend');
  await expect(line).toContainText(`line ${routeLine - 1}`);
  await expect(page.getByTestId('profile-picker')).toHaveValue('auto');
  await expect(page.getByTestId('profile-picker').locator('option[value="auto"]')).toHaveText('Auto: OpenShift');

  // The trace panel picks the Route by itself: internet → route → the one frontend pod, through the router.
  await expect(page.getByTestId('trace-to')).toHaveValue('https://shop.apps.ocp.example.com/');
  const v = await traceVerdict(page);
  expect(v.allowed).toBe('true');
  // Admitted by a selector on the router namespace's labels: the platform's own (not a guess), so no warning.
  expect(v.verdict).toBe('allowed');
  await expect(page.getByTestId('hop').filter({ hasText: 'Namespace labels assumed' })).toHaveCount(0);
  const endpoints = page.getByTestId('hop').filter({ hasText: 'frontend-6d8f7c9b5-x7k2p' });
  await expect(endpoints.first()).toBeVisible();
  await expect(page.getByTestId('hop').filter({ hasText: /Deployment shop\/frontend|ReplicaSet/ })).toHaveCount(0);
  expect(await page.getByTestId('trace-result').textContent()).toContain('Lands on shop/frontend-6d8f7c9b5-x7k2p');

  // The graph: Deployments are the groups of their pods; no ReplicaSet or Pod nodes beside them.
  await waitForGraph(page);
  const ids = await graphNodeIds(page);
  expect(ids).toEqual(expect.arrayContaining(['Deployment/shop/frontend', 'Deployment/shop/backend', 'Service/shop/backend', 'Route/shop/frontend']));
  expect(ids.filter((id) => id.startsWith('ReplicaSet/') || id.startsWith('Pod/'))).toEqual([]);
  const sublabels = await page.evaluate(() => {
    const g = (window as unknown as { podpath: { analysis: { getState(): { graph: { nodes: { id: string; sublabel?: string }[] } } } } }).podpath.analysis.getState().graph;
    return Object.fromEntries(g.nodes.filter((n) => n.id.startsWith('Deployment/')).map((n) => [n.id, n.sublabel ?? '']));
  });
  expect(sublabels['Deployment/shop/frontend']).toContain('1 pod');
  expect(sublabels['Deployment/shop/backend']).toContain('2 pods');
  await page.screenshot({ path: shotPath('real-dump-route.png') });

  // Pod to pod by workload name: `shop/frontend` stands for its live pod.
  await setQuery(page, { from: 'shop/frontend', to: 'shop/backend', port: 9000 });
  const inside = await traceVerdict(page);
  expect(inside).toEqual({ allowed: 'true', verdict: 'allowed' });
  await expect(page.getByTestId('trace-result')).toContainText('Lands on shop/backend-7c5d9f8b4-m2q9z');

  // Findings: the guessed `name: shop` selector, once; nothing reported once per copy of an app.
  await page.locator('#tab-findings').click();
  const findings = page.getByTestId('findings');
  await expect(findings.locator('li').filter({ hasText: 'namespace-selector-matches-nothing' })).toHaveCount(1);
  await expect(findings).toContainText('kubernetes.io/metadata.name: shop');
  const texts = await findings.locator('.pp-finding-msg').allTextContents();
  expect(new Set(texts).size).toBe(texts.length);
  await page.screenshot({ path: shotPath('real-dump-findings.png') });

  // A profile the user picks wins over the input.
  await page.getByTestId('profile-picker').selectOption('kubernetes');
  await page.locator('#tab-trace').click();
  await expect(page.getByTestId('profile-line')).toHaveAttribute('data-auto', 'false');
  await expect(page.getByTestId('profile-line')).toContainText('picked in the Profile menu');
  expect(watched.errors).toEqual([]);
});
