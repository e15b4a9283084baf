// Files: dropping several .yaml/.json files on the editor loads them all; the Open files button too.
import { expect, test } from '@playwright/test';
import { clickInEditor, editorText, graphNodeIds, openApp, pasteText, setQuery, shotPath, storeState, traceVerdict, waitForGraph } from './helpers';

const SVC = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: dropped-svc\n  namespace: drop\nspec:\n  selector:\n    app: dropped\n  ports:\n  - port: 80\n    targetPort: 8080\n';
const DEPLOY_JSON = JSON.stringify({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'dropped-app', namespace: 'drop' },
  spec: { selector: { matchLabels: { app: 'dropped' } }, template: { metadata: { labels: { app: 'dropped' } }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 8080 }] }] } } },
});

test('dropping two files (YAML and JSON) loads both, and undo brings the old text back', async ({ page }) => {
  await openApp(page);
  await waitForGraph(page);
  const before = await editorText(page);
  const dataTransfer = await page.evaluateHandle(
    ({ svc, deploy }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([svc], 'service.yaml', { type: 'application/yaml' }));
      dt.items.add(new File([deploy], 'deployment.json', { type: 'application/json' }));
      return dt;
    },
    { svc: SVC, deploy: DEPLOY_JSON },
  );
  const target = page.getByTestId('editor-drop');
  await target.dispatchEvent('dragenter', { dataTransfer });
  await target.dispatchEvent('dragover', { dataTransfer });
  await expect(page.getByText('Drop .yaml / .json files, a folder or a must-gather archive to load them')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/drop-overlay.png' });
  await target.dispatchEvent('drop', { dataTransfer });
  await expect.poll(() => editorText(page)).toContain('# file: deployment.json');
  await waitForGraph(page);
  await expect.poll(() => graphNodeIds(page)).toEqual(expect.arrayContaining(['Service/drop/dropped-svc', 'Deployment/drop/dropped-app']));
  const edges = await page.evaluate(() => (window as unknown as { __podpathCy: { edges(): { map(f: (e: { id(): string }) => string): string[] } } }).__podpathCy.edges().map((e) => e.id()));
  expect(edges).toContain('endpoint:Service/drop/dropped-svc->Deployment/drop/dropped-app');
  await expect(page.getByRole('status').filter({ hasText: 'Loaded service.yaml, deployment.json' })).toBeVisible();

  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+z');
  await expect.poll(() => editorText(page).then((t) => t.slice(0, 300))).toBe(before.slice(0, 300));
  await expect.poll(() => editorText(page)).toBe(before);
});

test('Open files… reads the chosen files', async ({ page }) => {
  await openApp(page);
  await waitForGraph(page);
  await page.getByTestId('file-input').setInputFiles([{ name: 'svc.yaml', mimeType: 'application/yaml', buffer: Buffer.from(SVC) }]);
  await expect.poll(() => editorText(page)).toBe(SVC);
  await expect.poll(() => graphNodeIds(page)).toContain('Service/drop/dropped-svc');
});

test('an `oc get -o yaml` List dump: every item is a node, and a click in an item selects that item', async ({ page }) => {
  await openApp(page);
  await waitForGraph(page);
  const list = [
    'apiVersion: v1',
    'kind: List',
    'items:',
    '- apiVersion: v1',
    '  kind: Service',
    '  metadata:',
    '    name: listed-a',
    '    namespace: dump',
    '  spec:',
    '    ports:',
    '    - port: 80',
    '- apiVersion: v1',
    '  kind: Service',
    '  metadata:',
    '    name: listed-b',
    '    namespace: dump',
    '  spec:',
    '    ports:',
    '    - port: 81',
    'metadata:',
    '  resourceVersion: ""',
    '',
  ].join('\n');
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+a');
  await pasteText(page, list);
  await expect.poll(() => graphNodeIds(page)).toEqual(expect.arrayContaining(['Service/dump/listed-a', 'Service/dump/listed-b']));
  await clickInEditor(page, 'port: 81');
  await expect.poll(() => storeState<string>(page, 'selection')).toBe('Service/dump/listed-b');
  await clickInEditor(page, 'name: listed-a');
  await expect.poll(() => storeState<string>(page, 'selection')).toBe('Service/dump/listed-a');
});

test('a must-gather archive and a must-gather folder open as the command reads them, positions naming the file', async ({ page }) => {
  await openApp(page);
  await waitForGraph(page);
  const fixtures = new URL('../src-core/input/fixtures/', import.meta.url).pathname;
  await page.getByTestId('file-input').setInputFiles(`${fixtures}must-gather.tar.gz`);
  const notice = page.getByRole('status').filter({ hasText: 'must-gather.tar.gz: read 8 files (must-gather / inspect layout); skipped 8' });
  await expect(notice).toBeVisible();
  await expect.poll(() => editorText(page)).toContain('# file: must-gather.tar.gz/must-gather.local.5544/');
  await waitForGraph(page);
  await expect.poll(() => graphNodeIds(page)).toEqual(expect.arrayContaining(['Route/shop/web', 'Service/shop/web']));
  expect((await graphNodeIds(page)).some((id) => id.endsWith('/shop/db-0'))).toBe(true);
  await page.screenshot({ path: shotPath('must-gather-archive.png') });

  // A hop's rule names the file inside the archive and its own line there.
  await setQuery(page, { from: 'internet', to: 'shop/db-0', port: 5432 });
  await expect.poll(() => traceVerdict(page).then((v) => v.allowed)).toBe('false');
  await page.getByRole('button', { name: /Ingress to shop\/db-0/ }).first().click();
  await expect(page.getByText(/line \d+ \(must-gather\.tar\.gz\/.*networkpolicies\.yaml:11\)/).first()).toBeVisible();

  await page.getByTestId('folder-input').setInputFiles(`${fixtures}must-gather.local.5544`);
  await expect(page.getByRole('status').filter({ hasText: 'must-gather.local.5544: read 8 files (must-gather / inspect layout)' })).toBeVisible();
  await expect.poll(() => editorText(page)).toContain('# file: must-gather.local.5544/quay-io-');
});

test('a file that is not valid UTF-8 loads with a notice that says where (issue 16)', async ({ page }) => {
  await openApp(page);
  await waitForGraph(page);
  // A Latin-1 "é" (one byte 0xE9) in a comment on line 12: not UTF-8.
  const bad = Buffer.concat([Buffer.from(`${SVC}# team: caf`), Buffer.from([0xe9]), Buffer.from('\n')]);
  await page.getByTestId('file-input').setInputFiles([{ name: 'latin1.yaml', mimeType: 'application/yaml', buffer: bad }]);
  const notice = page.getByRole('status').filter({ hasText: 'latin1.yaml: not valid UTF-8 at line 12, column 12' });
  await expect(notice).toBeVisible();
  await expect.poll(() => editorText(page)).toContain('# team: caf\uFFFD');
  await page.screenshot({ path: shotPath('invalid-utf8-notice.png') });
});
