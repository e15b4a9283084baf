import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createAnalyzer, suggestionsFor, type Analyzer } from './analyze';
import { applyResult, type ShownResult } from './apply';
import { loadCluster } from '../../src-core/index';
import type { AnalysisView } from './protocol';
import type { ProfileChoice } from '../../src-core/model/types';
import type { Query } from '../../src-core/analyze/types';
import { ObjectIndex } from './objects';

/** What the UI holds before any result, and how it folds a whole request's parts in (as the client does). */
const EMPTY: ShownResult = { diagnostics: [], findings: [], graph: null, trace: null, stale: false, suggestions: { sources: [], destinations: [] }, objects: ObjectIndex.empty(), profile: null };
function show(ui: ShownResult, a: Analyzer, id: number, text: string, profile: ProfileChoice, q: Query | null, view: AnalysisView = VIEW): ShownResult {
  const { first, rest } = a.stages(id, text, profile, q, view);
  return [first, ...rest.map((st) => st()).filter((r) => r !== null)].reduce(applyResult, ui);
}
const visible = (u: ShownResult) => ({ ...u, objects: u.objects.keys.map((k) => u.objects.find(k)) });

const VIEW: AnalysisView = { hiddenNamespaces: [], expandedNamespaces: [], expandedWorkloads: [], showConnections: false, showDenied: false };
const FALLBACK = readFileSync(new URL('../../public/examples/default-fallback.yaml', import.meta.url), 'utf8');

describe('the worker analysis', () => {
  it('gives graph, trace, object positions and suggestions for the fallback example', () => {
    const a = createAnalyzer();
    const r = a.analyze(1, FALLBACK, 'openshift', { from: 'internet', to: 'http://shop.apps.example.com/' }, VIEW);
    expect(r.syntaxError).toBe(false);
    expect(r.graph!.nodes.some((n) => n.id === 'Route/shop/shop')).toBe(true);
    expect(r.trace?.query.to).toBe('http://shop.apps.example.com/');
    expect(r.trace?.hops.some((h) => h.object === 'Route/shop/shop')).toBe(true);
    const route = ObjectIndex.empty().next(r.objects!).find('Route/shop/shop');
    expect(route?.range.startLine).toBe(FALLBACK.split('\n').findIndex((l) => l.startsWith('apiVersion: route')) + 1);
    expect(r.suggestions!.destinations).toContain('http://shop.apps.example.com/');
    expect(r.suggestions!.sources).toContain('shop/web');
  });

  it('with the profile on auto, the first part says which profile the input shows and from which object (editor line)', () => {
    const a = createAnalyzer();
    const route = 'apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: web, namespace: shop}\nspec: {host: a.example.com, to: {kind: Service, name: web}}\n';
    const first = a.stages(1, route, 'auto', null, VIEW).first;
    expect(first.profile).toMatchObject({ name: 'openshift', auto: true, evidence: [{ line: 1 }] });
    expect(first.profile?.evidence?.[0].text).toContain('Route shop/web');
    // The same again leaves what the UI holds untouched; a picked profile says so.
    const ui = applyResult(EMPTY, first);
    expect(applyResult(ui, a.stages(2, route + '# note\n', 'auto', null, VIEW).first).profile).toBe(ui.profile);
    expect(a.stages(3, route, 'lumi-k', null, VIEW).first.profile).toMatchObject({ name: 'lumi-k', auto: false });
  });

  it('omits object positions and suggestions that did not change since the last result', () => {
    const a = createAnalyzer();
    const first = a.analyze(1, FALLBACK, 'openshift', null, VIEW);
    expect(first.objects?.keys?.length).toBeGreaterThan(3);
    const index = ObjectIndex.empty().next(first.objects!);
    const sameLines = a.analyze(2, FALLBACK.replace('image: postgres:16', 'image: postgres:17'), 'openshift', null, VIEW);
    expect(sameLines.objects).toBeUndefined();
    expect(sameLines.suggestions).toBeUndefined();
    const shifted = a.analyze(3, '# a new first line\n' + FALLBACK, 'openshift', null, VIEW);
    // Same keys: only the positions travel, and they apply on top of the previous index.
    expect(shifted.objects?.keys).toBeUndefined();
    const moved = index.next(shifted.objects!);
    expect(moved.find('Route/shop/shop')?.range.startLine).toBe(index.find('Route/shop/shop')!.range.startLine + 1);
    const routeLine = moved.find('Route/shop/shop')!.range.startLine;
    expect(moved.atLine(routeLine + 2)?.key).toBe('Route/shop/shop');
    expect(moved.atLine(1)).toBeUndefined();
  });

  it('stages: the trace first and alone, then graph, index and findings; unchanged parts are not sent again', () => {
    const a = createAnalyzer();
    const q = { from: 'internet', to: 'http://shop.apps.example.com/' };
    const { first, rest } = a.stages(1, FALLBACK, 'openshift', q, VIEW);
    expect(first.phase).toBe('trace');
    expect(first.trace?.query).toEqual(q);
    expect(first.graph).toBeUndefined();
    expect(first.findings).toBeUndefined();
    expect(first.diagnostics).toEqual([]);
    const all = rest.map((step) => step());
    // The lint runs in parts (null: nothing to send yet) before the findings go out.
    expect(all.map((p) => p?.phase ?? null)).toEqual(['graph', 'index', null, null, null, 'done']);
    const parts = all.filter((p) => p !== null);
    expect(parts[0]?.graph?.nodes.length).toBeGreaterThan(3);
    expect(parts[0]?.trace).toBeUndefined();
    expect(parts[1]?.objects?.keys?.length).toBeGreaterThan(3);
    expect(Array.isArray(parts[2]?.findings)).toBe(true);
    // Same text and view, another query: only the trace is new; the findings are the cached ones.
    const again = a.stages(2, FALLBACK, 'openshift', { from: 'internet', to: 'shop/db', port: 5432 }, VIEW);
    expect(again.first.trace?.query.to).toBe('shop/db');
    const more = again.rest.map((step) => step());
    expect(more.map((p) => p?.phase ?? null)).toEqual([null, null, 'done']);
    expect(more[2]?.findings).toBeUndefined(); // the same findings are not sent again
    expect(again.first.diagnostics).toBeUndefined(); // nor the same diagnostics
    // Another view of the same model: a new graph.
    const expanded = a.stages(3, FALLBACK, 'openshift', null, { ...VIEW, hiddenNamespaces: ['shop'] });
    expect(expanded.rest[0]()?.graph?.nodes.some((n) => n.namespace === 'shop')).toBe(false);
  });

  it('what the UI shows after a warm analyser\'s parts equals a fresh analyser\'s answer', () => {
    const q = { from: 'internet', to: 'http://shop.apps.example.com/' };
    const warm = createAnalyzer();
    let ui = show(EMPTY, warm, 1, FALLBACK.replace('kind: Route', 'kind: ConfigMap'), 'openshift', q);
    ui = show(ui, warm, 2, FALLBACK, 'openshift', q);
    const fresh = show(EMPTY, createAnalyzer(), 2, FALLBACK, 'openshift', q);
    expect(visible(ui)).toEqual(visible(fresh));
    expect(ui.graph?.nodes.some((n) => n.kind === 'Route')).toBe(true);
    // A comment changes no part but the trace: the graph and findings are not sent again, still shown.
    const stages = warm.stages(3, FALLBACK + '# note\n', 'openshift', q, VIEW);
    const parts = [stages.first, ...stages.rest.map((st) => st()).filter((r) => r !== null)];
    expect(parts.some((r) => r.graph || r.findings || r.diagnostics || r.trace !== undefined)).toBe(false);
    expect(parts[0].phase).toBe('trace'); // still answered: the verdict shown is current
    expect(visible(parts.reduce(applyResult, ui))).toEqual(visible(fresh));
  });

  it('after a broken document, deleting it (same objects as the broken text) redraws the graph of what is left', () => {
    const q = { from: 'internet', to: 'http://shop.apps.example.com/' };
    const extra = '\n---\napiVersion: v1\nkind: Service\nmetadata: {name: extra, namespace: shop}\nspec: {ports: [{port: 1}]}\n';
    const a = createAnalyzer();
    let ui = show(EMPTY, a, 1, FALLBACK + extra, 'openshift', q);
    expect(ui.graph?.nodes.some((n) => n.id === 'Service/shop/extra')).toBe(true);
    ui = show(ui, a, 2, FALLBACK + extra.replace('kind: Service', 'kind: Service: ['), 'openshift', q);
    expect(ui.stale).toBe(true);
    // The broken document's lines deleted, its `---` kept: the same documents and objects as the broken
    // text (whose graph the UI did not take), so the model is reused — the graph must still be sent.
    const fixed = FALLBACK + '\n---\n# removed\n';
    ui = show(ui, a, 3, fixed, 'openshift', q);
    expect(ui.stale).toBe(false);
    expect(ui.graph?.nodes.some((n) => n.id === 'Service/shop/extra')).toBe(false);
    expect(visible(ui)).toEqual(visible(show(EMPTY, createAnalyzer(), 1, fixed, 'openshift', q)));
  });

  it('a first text with a syntax error (the UI takes its graph) then a fix: the UI ends where a fresh analyser does', () => {
    const q = { from: 'internet', to: 'http://shop.apps.example.com/' };
    const broken = FALLBACK.replace('  name: web\n  namespace: shop\nspec:\n  selector:', '  name: web\n  namespace: shop\nspec:\n  selector: [\n');
    for (const first of [broken, FALLBACK]) {
      const a = createAnalyzer();
      let ui = show(EMPTY, a, 1, FALLBACK, 'openshift', q);
      ui = show(first === broken ? EMPTY : ui, a, 2, broken, 'openshift', q);
      expect(ui.graph).not.toBeNull();
      ui = show(ui, a, 3, FALLBACK, 'openshift', q);
      expect(ui.stale).toBe(false);
      expect(visible(ui)).toEqual(visible(show(EMPTY, createAnalyzer(), 1, FALLBACK, 'openshift', q)));
    }
  });

  it('after random edits, an analyser with warm caches answers exactly as a fresh one (graph, trace, findings, diagnostics)', () => {
    const dir = new URL('../../public/examples/', import.meta.url);
    const index = JSON.parse(readFileSync(new URL('index.json', dir), 'utf8')) as { file: string; profile: ProfileChoice; trace?: Query }[];
    const FRAGMENTS = ['#', 'x', '\n', '---\n', '  ', ': ', '"', '- ', '80', 'app', '# c\n', '\n---\nkind: Service: [\n'];
    // An edit, or an undo back to an earlier text (the caches then meet texts and objects seen before).
    const op = fc.oneof(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 4 }), fc.constantFrom(...FRAGMENTS)), fc.integer({ min: 1, max: 3 }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: index.length - 1 }), fc.array(op, { minLength: 1, maxLength: 8 }), fc.constantFrom(VIEW, { ...VIEW, showConnections: true }), (pick, ops, view) => {
        const ex = index[pick];
        let text = readFileSync(new URL(ex.file, dir), 'utf8');
        const history = [text];
        const q = ex.trace ?? null;
        const warm = createAnalyzer();
        let ui = show(EMPTY, warm, 1, text, ex.profile, q, view);
        ops.forEach((o, i) => {
          if (typeof o === 'number') text = history[Math.max(0, history.length - 1 - o)];
          else {
            const [at, del, ins] = o;
            const k = Math.floor(at * text.length);
            text = text.slice(0, k) + ins + text.slice(k + del);
          }
          history.push(text);
          ui = show(ui, warm, i + 2, text, ex.profile, q, view);
          const want = show(EMPTY, createAnalyzer(), 1, text, ex.profile, q, view);
          // With a syntax error the UI keeps the last good graph and trace (marked stale).
          if (ui.stale) expect({ d: ui.diagnostics, f: ui.findings }).toEqual({ d: want.diagnostics, f: want.findings });
          else expect(visible(ui)).toEqual(visible(want));
        });
      }),
      { numRuns: 80, seed: 42 },
    );
  });

  it('re-traces when the text changes: without the Route the URL reaches nothing', () => {
    const a = createAnalyzer();
    const q = { from: 'internet', to: 'http://shop.apps.example.com/' };
    const before = a.analyze(2, FALLBACK, 'openshift', q, VIEW);
    const noRoute = FALLBACK.replace('kind: Route', 'kind: ConfigMap');
    const after = a.analyze(3, noRoute, 'openshift', q, VIEW);
    expect(before.trace?.reached).toBe('shop/web');
    expect(after.trace?.allowed).toBe(false);
    expect(after.trace?.reached).toBeNull();
    expect(after.graph!.nodes.some((n) => n.kind === 'Route')).toBe(false);
  });

  it('flags a YAML syntax error and still answers', () => {
    const a = createAnalyzer();
    const r = a.analyze(3, FALLBACK.replace('  name: web\n  namespace: shop\nspec:\n  selector:', '  name: web\n  namespace: shop\nspec:\n  selector: [\n'), 'openshift', null, VIEW);
    expect(r.syntaxError).toBe(true);
    expect(r.diagnostics?.some((d) => d.code === 'yaml-syntax')).toBe(true);
  });

  it('draws allowed connections from the policy engine: web may reach db, db may not reach web? (no policy on web: allowed)', () => {
    const a = createAnalyzer();
    const r = a.analyze(4, FALLBACK, 'openshift', null, { ...VIEW, showConnections: true, showDenied: true });
    const edge = (from: string, to: string) => r.graph!.edges.find((e) => e.source === from && e.target === to && (e.kind === 'allowed' || e.kind === 'denied'));
    expect(edge('Deployment/shop/web', 'Deployment/shop/db')?.kind).toBe('allowed');
    expect(edge('Deployment/shop/web', 'Deployment/shop/db')?.label).toBe('5432');
    // db-from-web admits only app=web: nothing else reaches db; web itself is unselected, so db → web is allowed.
    expect(edge('Deployment/shop/db', 'Deployment/shop/web')?.kind).toBe('allowed');
  });

  it('large inputs get namespace-to-namespace connections from the reachability summary', () => {
    const docs: string[] = [];
    for (let n = 0; n < 8; n++) {
      for (let i = 0; i < 9; i++) {
        docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d${i}, namespace: ns${n}}\nspec:\n  selector: {matchLabels: {app: d${i}}}\n  template:\n    metadata: {labels: {app: d${i}}}\n    spec: {containers: [{name: c, ports: [{containerPort: 80}]}]}`);
      }
    }
    // ns0 admits nothing from other namespaces; the rest is open.
    docs.push('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: same-ns, namespace: ns0}\nspec:\n  podSelector: {}\n  ingress: [{from: [{podSelector: {}}]}]');
    const a = createAnalyzer();
    const r = a.analyze(1, docs.join('\n---\n'), 'kubernetes', null, { ...VIEW, showConnections: true });
    expect(r.connectionsNote).toMatch(/between namespaces/);
    const conn = r.graph!.edges.filter((e) => e.kind === 'allowed');
    expect(conn.some((e) => e.source === 'ns:ns1' && e.target === 'ns:ns2')).toBe(true);
    expect(conn.some((e) => e.target === 'ns:ns0')).toBe(false);
    expect(conn.some((e) => e.source === 'ns:ns0' && e.target === 'ns:ns1')).toBe(true);
  });

  it('details list the policies that select a workload and the services that select it', () => {
    const a = createAnalyzer();
    a.analyze(5, FALLBACK, 'openshift', null, VIEW);
    const d = a.details(6, 'Deployment/shop/db');
    expect(d?.selectedBy.map((r) => r.key)).toEqual(['NetworkPolicy/shop/db-from-web']);
    expect(d?.related.map((r) => r.key)).toEqual(['Service/shop/db']);
    const web = d?.reachableFrom?.find((x) => x.from === 'shop/web');
    expect(web?.allowed).toBe(true);
    expect(d?.reachableFrom?.find((x) => x.from === 'internet')?.allowed).toBe(false);
  });

  it('details of a NetworkPolicy list the pods it selects', () => {
    const a = createAnalyzer();
    a.analyze(1, FALLBACK, 'openshift', null, VIEW);
    const d = a.details(2, 'NetworkPolicy/shop/db-from-web');
    expect(d?.related.map((r) => r.key)).toEqual(['Deployment/shop/db']);
    expect(d?.facts.find(([k]) => k === 'policyTypes')?.[1]).toBe('Ingress (defaulted)');
  });

  it('suggests https and http URLs by TLS policy', () => {
    const c = loadCluster([{ name: 'x', text: 'apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: r, namespace: web}\nspec:\n  host: a.example\n  to: {kind: Service, name: s}\n  tls: {termination: edge}\n' }], { profile: 'openshift' });
    const s = suggestionsFor(c);
    expect(s.destinations).toContain('https://a.example/');
    expect(s.destinations).not.toContain('http://a.example/');
  });
});
