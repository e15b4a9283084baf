// Exports from the Export menu, checked by their contents: PNG (signature, size, transparent or themed
// corner pixel), SVG (well-formed, one group per node, labels as text, background), trace Markdown
// (hop table matching the trace panel, YAML excerpt) and plain text (via the clipboard).
import { readFile } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { act, expectEditor, openClean, waitForGraph } from './share-helpers';

async function download(page: Page, testId: string): Promise<{ name: string; data: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: d.suggestedFilename(), data: await readFile((await d.path())!) };
}

/** Width, height and the top-left pixel (RGBA) of an 8-bit RGBA PNG. */
function pngInfo(png: Buffer): { width: number; height: number; corner: number[] } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let off = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat: Buffer[] = [];
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.toString('ascii', off + 4, off + 8);
    const body = png.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect(body[8]).toBe(8);
      colorType = body[9];
    } else if (type === 'IDAT') idat.push(body);
    off += 12 + len;
  }
  expect(colorType).toBe(6);
  const raw = inflateSync(Buffer.concat(idat));
  // Row 0: every PNG filter adds 0 to the first pixel (no left or upper neighbour), so its bytes are raw.
  return { width, height, corner: [raw[1], raw[2], raw[3], raw[4]] };
}

async function openScenario(page: Page) {
  await openClean(page);
  await expectEditor(page);
  await waitForGraph(page);
  await expect(page.getByTestId('trace-result')).toBeVisible();
}

test('graph PNG: whole graph or current view, themed or transparent background', async ({ page }) => {
  await openScenario(page);
  await page.getByTestId('export-button').click();
  const themed = await download(page, 'export-png');
  expect(themed.name).toMatch(/-graph\.png$/);
  const a = pngInfo(themed.data);
  expect(a.width).toBeGreaterThan(50);
  expect(a.height).toBeGreaterThan(50);
  expect(a.corner[3]).toBe(255); // opaque theme background

  await page.getByTestId('export-transparent').check();
  const clear = pngInfo((await download(page, 'export-png')).data);
  expect(clear.corner[3]).toBe(0);

  // Zoomed in, the current view is the viewport (at scale 2), not the whole graph.
  await page.evaluate(() => {
    const cy = (window as unknown as { __podpathCy: { zoom(z?: number): number; center(): void } }).__podpathCy;
    cy.zoom(cy.zoom() * 3);
    cy.center();
  });
  await page.getByTestId('export-view').check();
  const view = pngInfo((await download(page, 'export-png')).data);
  const size = await page.getByTestId('graph').boundingBox();
  expect(Math.abs(view.width - Math.round(size!.width * 2))).toBeLessThanOrEqual(4);
});

test('graph SVG: well-formed, every visible node as a labelled group, escaped text, background choice', async ({ page }) => {
  await openScenario(page);
  const nodes = await page.evaluate(() => {
    const cy = (window as unknown as { __podpathCy: { nodes(s: string): { map(f: (n: { id(): string; style(k: string): string }) => { id: string; label: string }): { id: string; label: string }[] } } }).__podpathCy;
    return cy.nodes(':visible').map((n) => ({ id: n.id(), label: String(n.style('label')) }));
  });
  await page.getByTestId('export-button').click();
  const svg = (await download(page, 'export-svg')).data.toString('utf8');
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const err = doc.querySelector('parsererror');
    return {
      error: err ? err.textContent : null,
      root: doc.documentElement.localName,
      ids: Array.from(doc.querySelectorAll('g.node')).map((g) => g.getAttribute('data-id')),
      texts: Array.from(doc.querySelectorAll('g.node text')).map((t) => t.textContent),
      firstRectFill: doc.querySelector('svg > rect')?.getAttribute('fill') ?? null,
      scripts: doc.querySelectorAll('script, foreignObject, [onload], [onerror]').length,
    };
  }, svg);
  expect(parsed.error).toBeNull();
  expect(parsed.root).toBe('svg');
  expect(parsed.ids.sort()).toEqual(nodes.map((n) => n.id).sort());
  for (const n of nodes.filter((x) => x.label)) expect(parsed.texts.join('\n').replace(/\s+/g, '')).toContain(n.label.replace(/\s+/g, ''));
  expect(parsed.firstRectFill).toMatch(/^(rgb|#)/);
  expect(parsed.scripts).toBe(0);

  await page.getByTestId('export-transparent').check();
  const clear = (await download(page, 'export-svg')).data.toString('utf8');
  expect(clear).not.toMatch(/<svg[^>]*>\s*<title>[^<]*<\/title>\s*<defs>[\s\S]*?<\/defs>\s*<rect/);
});

test('trace Markdown and text: the hop table matches the trace panel, with the YAML excerpt', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openScenario(page);
  const hops = await page.getByTestId('hop').evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict')));
  const query = await page.evaluate(() => (window as unknown as { podpath: { store: { getState(): { traceQuery: { from: string; to: string } } } } }).podpath.store.getState().traceQuery);
  await page.getByTestId('export-button').click();
  const md = await download(page, 'export-md');
  expect(md.name).toMatch(/-trace\.md$/);
  const text = md.data.toString('utf8');
  expect(text.split('\n')[0]).toMatch(/^### podpath trace: \S.* → \S/);
  expect(text.split('\n')[0]).toContain(query.from);
  const rows = text.split('\n').filter((l) => /^\| \d+ \|/.test(l));
  expect(rows).toHaveLength(hops.length);
  rows.forEach((row, i) => expect(row).toContain(hops[i]!));
  expect(text).toMatch(/#### YAML\n\n.+ — `manifests\.yaml:\d+-\d+`/);
  expect(text).toMatch(/```yaml\n[\s\S]+?\n```/);

  await page.getByTestId('export-text-copy').click();
  await expect(page.getByTestId('export-status')).toHaveText('Copied the trace as text');
  const plain = await page.evaluate(() => navigator.clipboard.readText());
  expect(plain.split('\n')[0]).toContain(`podpath trace: ${query.from} → ${query.to}`);
  expect(plain.split('\n').filter((l) => /^\s*\d+\. \[/.test(l))).toHaveLength(hops.length);
});

test('trace exports redact secrets in their YAML excerpts', async ({ page }) => {
  await openClean(page);
  await expectEditor(page);
  await waitForGraph(page);
  const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: x, ports: [{containerPort: 8080}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop, annotations: {audit-auth: "Bearer abcdefghijklmnopqrstuvwx0123"}}
spec: {podSelector: {}, ingress: []}
`;
  await act(page, 'loadState', { text: yaml, profile: 'kubernetes', scenarioId: null, traceQuery: { from: 'internet', to: 'shop/api', port: 8080 } });
  // The default scenario's trace is denied too: wait for this query's own result, not a stale one.
  await expect(page.getByTestId('trace-result')).toContainText('shop/api');
  await expect(page.getByTestId('trace-result')).toHaveAttribute('data-verdict', 'denied');
  await page.getByTestId('export-button').click();
  await expect(page.getByTestId('export-redacted')).toContainText('only the fields podpath reads');
  const md = (await download(page, 'export-md')).data.toString('utf8');
  expect(md).toContain('#### YAML');
  // The annotation's line is in the excerpt (next to the deciding rule), but only what podpath reads is
  // shown (issue 16): the annotation podpath does not model, token and all, is `…`.
  expect(md).toContain('metadata: {name: deny, namespace: shop, annotations: {…}}');
  expect(md).not.toContain('audit-auth');
  expect(md).not.toContain('abcdefghijklmnopqrstuvwx0123');
});
