// Editing in the browser: typing re-analyses graph and trace, a syntax error keeps the last good graph,
// the text survives a reload, and clicks link editor, graph and trace.
import { expect, test } from '@playwright/test';
import { clickInEditor, editorText, pasteText, shotPath, graphEdges, graphNodeIds, openApp, pickScenario, selectInEditor, storeState, traceVerdict, waitForGraph } from './helpers';

const SCENARIO = 'lumi-k-route-targetport-503';

test.beforeEach(async ({ page }) => {
  await openApp(page);
  await waitForGraph(page);
  await pickScenario(page, SCENARIO);
});

test('typing a fix updates the trace and the graph', async ({ page }) => {
  expect((await traceVerdict(page)).allowed).toBe('false');
  const positions = () =>
    page.evaluate(() => {
      const cy = (window as unknown as { __podpathCy: { nodes(): { map(f: (n: { id(): string; isParent(): boolean; position(): { x: number; y: number } }) => [string, string]): [string, string][] } } }).__podpathCy;
      return Object.fromEntries(cy.nodes().map((n) => [n.id(), n.isParent() ? '' : `${Math.round(n.position().x)},${Math.round(n.position().y)}`]));
    });
  const before = await positions();
  // The Route's targetPort 80 is the mistake: type the container port instead.
  await selectInEditor(page, '80', 'port:\n    targetPort: 80');
  await page.keyboard.type('8080');
  await expect.poll(async () => (await traceVerdict(page)).allowed).toBe('true');
  const edges = await graphEdges(page);
  expect(edges.find((e) => e.id.startsWith('backend:Route/hello-lumi/web->'))?.label).toBe('→8080');
  // Nothing moved: editing keeps the layout.
  expect(await positions()).toEqual(before);
  await page.screenshot({ path: 'test-results/screens/typed-fix.png' });

  // A new Service typed at the end appears in the graph.
  await page.evaluate(() => {
    const ed = (window as unknown as { podpath: { editor(): { getModel(): { getLineCount(): number; getLineMaxColumn(l: number): number }; setPosition(p: unknown): void; focus(): void } } }).podpath.editor();
    const m = ed.getModel();
    ed.setPosition({ lineNumber: m.getLineCount(), column: m.getLineMaxColumn(m.getLineCount()) });
    ed.focus();
  });
  await pasteText(page, '\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: typed-svc\n  namespace: hello-lumi\nspec:\n  ports:\n  - port: 9000\n');
  await expect.poll(() => graphNodeIds(page)).toContain('Service/hello-lumi/typed-svc');
});

test('a syntax error shows a marker and keeps the last good graph', async ({ page }) => {
  const before = (await graphNodeIds(page)).sort();
  const good = await editorText(page);
  await selectInEditor(page, 'kind: Service', 'apiVersion: v1');
  await pasteText(page, 'kind: Service: oops');
  await expect(page.locator('.monaco-editor .squiggly-error').first()).toBeVisible();
  await expect(page.getByText('YAML syntax error — showing the last good graph')).toBeVisible();
  expect((await graphNodeIds(page)).sort()).toEqual(before);
  const markers = await page.evaluate(() => (window as unknown as { podpath: { editor(): { getModel(): unknown } } }).podpath && document.querySelectorAll('.squiggly-error').length);
  expect(markers).toBeGreaterThan(0);
  await page.screenshot({ path: 'test-results/screens/syntax-error.png' });
  // Undo brings the good text back and the banner goes away.
  for (let i = 0; i < 10 && (await editorText(page)) !== good; i++) await page.keyboard.press('Control+z');
  expect(await editorText(page)).toBe(good);
  await expect(page.getByText('YAML syntax error — showing the last good graph')).toBeHidden();
});

test('reload restores the text', async ({ page }) => {
  await selectInEditor(page, 'name: web', 'kind: Route');
  await page.keyboard.type('name: web-restored');
  await expect.poll(() => page.evaluate(() => localStorage.getItem('podpath:autosave') ?? '')).toContain('web-restored');
  await page.reload();
  await expect(page.locator('.monaco-editor').first()).toBeVisible();
  await expect.poll(() => editorText(page)).toContain('name: web-restored');
  expect(await storeState<string>(page, 'profile')).toBe('lumi-k');
  await waitForGraph(page);
  expect(await graphNodeIds(page)).toContain('Route/hello-lumi/web-restored');
});

test('clicking a hop selects its object in the graph and its lines in the editor', async ({ page }) => {
  await traceVerdict(page);
  const hop = page.getByTestId('hop').filter({ has: page.locator('[data-kind="route"], .pp-hop-title', { hasText: 'Route' }) }).first();
  await hop.locator('.pp-hop-main').click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { __podpathCy: { $(s: string): { map(f: (n: { id(): string }) => string): string[] } } }).__podpathCy.$('node:selected').map((n) => n.id()))).toEqual(['Route/hello-lumi/web']);
  await expect(page.locator('.monaco-editor .pp-line-highlight').first()).toBeVisible();
  const highlighted = await page.locator('.monaco-editor .view-line').filter({ hasText: 'kind: Route' }).count();
  expect(highlighted).toBeGreaterThan(0);
  // The traced path is drawn on the graph, with the stop marked.
  const onPath = await page.evaluate(() => (window as unknown as { __podpathCy: { $(s: string): { length: number } } }).__podpathCy.$('.trace-path').length);
  expect(onPath).toBeGreaterThan(1);
  const stops = await page.evaluate(() => (window as unknown as { __podpathCy: { $(s: string): { length: number } } }).__podpathCy.$('.trace-stop').length);
  expect(stops).toBeGreaterThan(0);
  await page.screenshot({ path: 'test-results/screens/hop-click.png' });
});

test('clicking into a YAML object selects its node; clicking a node shows details', async ({ page }) => {
  await clickInEditor(page, 'kind: Service', 'apiVersion: v1');
  await expect.poll(() => storeState<string>(page, 'selection')).toBe('Service/hello-lumi/web');
  await expect.poll(() => page.evaluate(() => (window as unknown as { __podpathCy: { $(s: string): { map(f: (n: { id(): string }) => string): string[] } } }).__podpathCy.$('node:selected').map((n) => n.id()))).toEqual(['Service/hello-lumi/web']);
  // Tap the Deployment node: details open and list the implied LUMI-K policies that select it.
  await page.evaluate(() => {
    (window as unknown as { __podpathCy: { getElementById(id: string): { emit(e: string): void } } }).__podpathCy.getElementById('Deployment/hello-lumi/web').emit('tap');
  });
  await expect(page.getByTestId('details')).toContainText('Deployment');
  await expect(page.getByTestId('details')).toContainText('deny-other-namespaces-access');
});

test('a new user pastes Route + Service + Deployment and sees why the request fails', async ({ page }) => {
  const yaml = [
    'apiVersion: route.openshift.io/v1',
    'kind: Route',
    'metadata:',
    '  name: shop',
    '  namespace: webshop',
    'spec:',
    '  host: shop.apps.example.com',
    '  to:',
    '    kind: Service',
    '    name: shop',
    '  port:',
    '    targetPort: 80',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: shop',
    '  namespace: webshop',
    'spec:',
    '  selector:',
    '    app: shop',
    '  ports:',
    '  - port: 80',
    '    targetPort: 8080',
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: shop',
    '  namespace: webshop',
    'spec:',
    '  selector:',
    '    matchLabels:',
    '      app: shop',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app: shop',
    '    spec:',
    '      containers:',
    '      - name: shop',
    '        ports:',
    '        - containerPort: 8080',
    '',
  ].join('\n');
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+a');
  await pasteText(page, yaml);
  await expect.poll(() => editorText(page)).toBe(yaml);
  // The trace panel picks the pasted Route's URL by itself and explains the failure.
  await expect(page.getByTestId('trace-to')).toHaveValue(/shop\.apps\.example\.com/);
  expect((await traceVerdict(page)).allowed).toBe('false');
  await expect(page.getByTestId('hop').filter({ hasText: /targetPort|503/ }).first()).toBeVisible();
  await expect(page.getByTestId('fix').first()).toBeVisible();
  expect(await storeState<string | null>(page, 'scenarioId')).toBeNull();
  expect(await graphNodeIds(page)).toEqual(expect.arrayContaining(['Route/webshop/shop', 'Service/webshop/shop', 'Deployment/webshop/shop']));
  await page.screenshot({ path: shotPath('app-pasted.png') });

  // A query the user typed is theirs: pasting other manifests does not replace it.
  await page.getByTestId('trace-to').fill('http://nothing.example.com/');
  await expect.poll(() => storeState<{ to: string }>(page, 'traceQuery')).toMatchObject({ to: 'http://nothing.example.com/' });
  await selectInEditor(page, 'shop.apps.example.com');
  await page.keyboard.type('other.apps.example.com');
  await expect(page.getByTestId('busy')).toHaveText('');
  expect(await storeState<{ to: string }>(page, 'traceQuery')).toMatchObject({ to: 'http://nothing.example.com/' });
});

test('undo of a paste restores the trace query too; the automatic question asks the internet about the LoadBalancer (issue 14)', async ({ page }) => {
  const scenarioText = await editorText(page);
  const scenarioFrom = await page.getByTestId('trace-from').inputValue();
  const scenarioTo = await page.getByTestId('trace-to').inputValue();
  expect(scenarioTo).not.toBe('');
  // A Deployment behind a ClusterIP Service and another behind a LoadBalancer: no Route, so the first
  // question is whether the internet reaches the LoadBalancer — not a pod to its own Service.
  const deploy = (name: string) => ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${name}`, '  namespace: shop', 'spec:', '  selector:', '    matchLabels:', `      app: ${name}`, '  template:', '    metadata:', '      labels:', `        app: ${name}`, '    spec:', '      containers:', '      - name: c', '        ports:', '        - containerPort: 8080'];
  const service = (name: string, type: string) => ['apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${name}`, '  namespace: shop', 'spec:', `  type: ${type}`, '  selector:', `    app: ${name}`, '  ports:', '  - port: 80', '    targetPort: 8080'];
  const yaml = [...deploy('api'), '---', ...service('api', 'ClusterIP'), '---', ...deploy('web'), '---', ...service('web', 'LoadBalancer'), ''].join('\n');
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+a');
  await pasteText(page, yaml);
  await expect.poll(() => editorText(page)).toBe(yaml);
  await expect(page.getByTestId('trace-to')).toHaveValue('svc:shop/web');
  await expect(page.getByTestId('trace-from')).toHaveValue('internet');
  await expect(page.getByTestId('trace-result')).toBeVisible();
  // The automatic question is derived: the store keeps the scenario's query.
  expect(await storeState<{ to: string }>(page, 'traceQuery')).toMatchObject({ to: scenarioTo });

  // Undo: the scenario's text and its question come back together.
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+z');
  await expect.poll(() => editorText(page)).toBe(scenarioText);
  await expect(page.getByTestId('trace-to')).toHaveValue(scenarioTo);
  await expect(page.getByTestId('trace-from')).toHaveValue(scenarioFrom);
  await expect(page.getByTestId('busy')).toHaveText('');
  expect((await page.getByTestId('trace-result').getAttribute('data-verdict')) ?? '').not.toBe('');
});
