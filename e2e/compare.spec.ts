// Compare mode: "Set as before" keeps the baseline, an edit of the "after" lists the differences in the
// Changes tab (ranked by risk, from the core's diffClusters), and clicking one shows both traces side by side.
import { expect, test } from '@playwright/test';
import { openApp, setQuery, setText, shotPath, storeState, waitForGraph } from './helpers';

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
  await expect(conn).toContainText('before — denied: 1 NetworkPolicy selects shop/web for ingress; none admits shop/db on TCP 8080: deny-all has no ingress rules');
  await conn.getByRole('button').click();
  await expect(page.getByTestId('compare-before')).toHaveAttribute('data-verdict', 'denied');
  await expect(page.getByTestId('compare-after')).toHaveAttribute('data-verdict', 'allowed');
  await page.getByTestId('compare-traces').scrollIntoViewIfNeeded();
  await page.screenshot({ path: shotPath('compare-mode.png') });

  await page.getByRole('button', { name: 'Stop comparing' }).click();
  await expect(page.getByRole('tab', { name: /Changes/ })).toHaveCount(0);
  expect(watched.errors).toEqual([]);
});

test('compare mode on a 1k-workload pair: an edit of the "after" updates the Changes panel (time printed, not asserted)', async ({ page }) => {
  test.setTimeout(180_000);
  const { generateCluster } = await import('../src-core/cli/bench/generate');
  const text = generateCluster(1000).yaml;
  const watched = await openApp(page);
  await waitForGraph(page);
  await page.getByTestId('profile-picker').selectOption('openshift');
  await setText(page, text);
  await expect(page.getByTestId('busy')).toHaveText('', { timeout: 60_000 });
  await page.getByTestId('set-before').click();
  await expect(page.getByTestId('changes-headline')).toHaveText('No differences in reachability', { timeout: 60_000 });
  const times: { total: number; worker: number }[] = [];
  for (const values of ['[web]', '[web, batch]', '[batch]', '[web, batch]', '[web]']) {
    const total = await page.evaluate(async (v) => {
      type W = { podpath: { store: { getState(): { text: string; setText(t: string): void } } } };
      const st = (window as unknown as W).podpath.store.getState();
      const next = st.text.replace(/values: \[[a-z, ]*\]/, `values: ${v}`);
      const panel = () => document.querySelector('[data-testid=changes-panel]') as HTMLElement | null;
      const before = panel()?.dataset.count;
      const t0 = performance.now();
      st.setText(next);
      // Until the panel shows the diff of this text: its count changes (every edit here changes it).
      await new Promise<void>((res) => {
        const tick = () => (panel()?.dataset.count !== before ? res() : requestAnimationFrame(tick));
        tick();
      });
      return performance.now() - t0;
    }, values);
    const worker = await page.evaluate(() => (window as unknown as { podpath: { analysis: { getState(): { diffMs: number } } } }).podpath.analysis.getState().diffMs);
    times.push({ total, worker });
  }
  console.log('compare 1k: edit → Changes panel, ms', JSON.stringify(times.map((t) => ({ total: Math.round(t.total), worker: Math.round(t.worker) }))));
  await expect(page.getByTestId('change').first()).toBeVisible();
  await page.screenshot({ path: shotPath('compare-1k.png') });
  expect(watched.errors).toEqual([]);
});

/** The compare marks Cytoscape carries: node classes and overlay edges (app/compare/applyMarks.ts). */
async function compareMarks(page: import('@playwright/test').Page): Promise<{ nodes: string[]; edges: string[]; ghosts: string[] }> {
  return page.evaluate(() => {
    type El = { id(): string; data(k: string): string; classes(): string[] };
    type Coll = { map<T>(f: (e: El) => T): T[] };
    const cy = (window as unknown as { __podpathCy: { nodes(s: string): Coll; edges(s: string): Coll } }).__podpathCy;
    return {
      nodes: cy.nodes('.cmp-new, .cmp-changed, .cmp-undetermined').map((n) => `${n.classes().find((c) => c.startsWith('cmp-'))} ${n.id()}`).sort(),
      edges: cy.edges('.cmp-edge').map((e) => `${e.data('mark')} ${e.data('source')} -> ${e.data('target')} ${e.data('label')}`).sort(),
      ghosts: cy.nodes('.cmp-ghost').map((n) => `${n.id()} in ${n.data('parent')}`).sort(),
    };
  });
}

const CACHE = ['---', 'apiVersion: v1', 'kind: Pod', 'metadata: {name: cache, namespace: shop, labels: {app: cache}}', 'spec: {containers: [{name: c, ports: [{containerPort: 6379}]}]}', ''].join('\n');

test('compare mode marks the graph: new edges and a new pod, lost edges to a removed pod drawn as a ghost; gone when comparing stops', async ({ page }) => {
  const watched = await openApp(page);
  await waitForGraph(page);
  await page.getByTestId('profile-picker').selectOption('kubernetes');
  await setText(page, PODS + CACHE + DENY);
  await expect(page.getByTestId('busy')).toHaveText('');
  await page.getByTestId('set-before').click();
  await expect(page.getByTestId('changes-headline')).toHaveText('No differences in reachability');
  expect((await compareMarks(page)).edges).toEqual([]);
  await expect(page.getByTestId('legend-compare')).toContainText('lost, only before');

  // After: no deny-all (everything opens) and no cache pod (its connections are lost with it).
  await setText(page, PODS);
  await expect.poll(async () => (await compareMarks(page)).ghosts).toEqual(['cmp-ghost:Pod/shop/cache in ns:shop']);
  const m = await compareMarks(page);
  expect(m.edges).toEqual(['new Pod/shop/db -> Pod/shop/web + TCP 8080', 'new Pod/shop/web -> Pod/shop/db + TCP 5432']);
  expect(m.nodes).toEqual(['cmp-changed Pod/shop/db', 'cmp-changed Pod/shop/web']);
  await page.screenshot({ path: shotPath('compare-graph-marks.png') });

  // The other way round: the cache comes back, the deny-all too — new pod, lost edges.
  await page.getByTestId('set-before').click();
  await setText(page, PODS + CACHE + DENY);
  await expect.poll(async () => (await compareMarks(page)).nodes).toContain('cmp-new Pod/shop/cache');
  await expect.poll(async () => (await compareMarks(page)).edges).toEqual(['lost Pod/shop/db -> Pod/shop/web − TCP 8080', 'lost Pod/shop/web -> Pod/shop/db − TCP 5432']);
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await page.screenshot({ path: shotPath('compare-graph-marks-lost.png') });

  await page.getByRole('button', { name: 'Stop comparing' }).click();
  await expect.poll(async () => compareMarks(page)).toEqual({ nodes: [], edges: [], ghosts: [] });
  await expect(page.getByTestId('legend-compare')).toHaveCount(0);
  expect(watched.errors).toEqual([]);
});

test('a file as the baseline: "Before from file…" reads it with the editor\'s readers; a drop on the Changes panel replaces it', async ({ page }) => {
  const watched = await openApp(page);
  await waitForGraph(page);
  await page.getByTestId('profile-picker').selectOption('kubernetes');
  await setText(page, PODS);
  await expect(page.getByTestId('busy')).toHaveText('');
  await page.getByTestId('before-file-input').setInputFiles({ name: 'old.yaml', mimeType: 'application/yaml', buffer: Buffer.from(PODS + DENY) });
  const panel = page.getByTestId('changes-panel');
  await expect.poll(async () => Number(await panel.getAttribute('data-count'))).toBeGreaterThan(0);
  await expect(page.getByTestId('change').filter({ hasText: 'shop/db → shop/web: newly allowed on TCP 8080' })).toHaveCount(1);
  // The editor keeps the "after".
  expect(await storeState<string>(page, 'text')).toBe(PODS);
  expect(await storeState<{ text: string }>(page, 'before')).toEqual({ text: PODS + DENY, profile: 'kubernetes' });

  // A drop of the same text as the editor's on the Changes panel: nothing differs.
  const dt = await page.evaluateHandle((text) => {
    const d = new DataTransfer();
    d.items.add(new File([text], 'same.yaml', { type: 'application/yaml' }));
    return d;
  }, PODS);
  await page.getByTestId('before-drop').dispatchEvent('dragover', { dataTransfer: dt });
  await page.getByTestId('before-drop').dispatchEvent('drop', { dataTransfer: dt });
  await expect(page.getByTestId('changes-headline')).toHaveText('No differences in reachability');
  expect(await storeState<string>(page, 'text')).toBe(PODS);
  await page.screenshot({ path: shotPath('compare-before-file.png') });

  // Not a manifest: no baseline change, a notice says why.
  await page.getByTestId('before-file-input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(page.getByText(/No baseline set: notes.txt/)).toBeVisible();
  expect(watched.errors).toEqual([]);
});

test('the embed of a compare-mode link switches between Before and After; After carries the graph marks', async ({ page, baseURL }) => {
  const watched = await openApp(page);
  await waitForGraph(page);
  await page.getByTestId('profile-picker').selectOption('kubernetes');
  await setText(page, PODS + DENY);
  await expect(page.getByTestId('busy')).toHaveText('');
  await page.getByTestId('set-before').click();
  await setText(page, PODS);
  await setQuery(page, { from: 'shop/db', to: 'shop/web', port: 8080 });
  await expect.poll(async () => Number(await page.getByTestId('changes-panel').getAttribute('data-count'))).toBeGreaterThan(0);
  await page.getByTestId('share-button').click();
  const link = await page.getByTestId('share-link').inputValue();
  const fragment = link.slice(link.indexOf('#'));

  await page.goto(`${baseURL}embed/?panes=graph,trace${fragment}`);
  const sides = page.getByTestId('embed-sides');
  await expect(sides).toHaveAttribute('data-side', 'after');
  await expect(page.getByTestId('trace-result')).toHaveAttribute('data-verdict', 'allowed');
  await expect.poll(async () => (await compareMarks(page)).edges).toContain('new Pod/shop/db -> Pod/shop/web + TCP 8080');
  await page.screenshot({ path: shotPath('compare-embed-after.png') });

  await sides.getByRole('button', { name: 'Before' }).click();
  await expect(sides).toHaveAttribute('data-side', 'before');
  await expect(page.getByTestId('trace-result')).toHaveAttribute('data-verdict', 'denied');
  await expect.poll(async () => compareMarks(page)).toEqual({ nodes: [], edges: [], ghosts: [] });
  await page.screenshot({ path: shotPath('compare-embed-before.png') });

  await sides.getByRole('button', { name: 'After' }).click();
  await expect(page.getByTestId('trace-result')).toHaveAttribute('data-verdict', 'allowed');
  await expect.poll(async () => (await compareMarks(page)).edges).toContain('new Pod/shop/db -> Pod/shop/web + TCP 8080');
  expect(watched.errors).toEqual([]);
});
