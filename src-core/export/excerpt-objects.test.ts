// YAML excerpts of a real `oc get all,networkpolicy,route -o yaml` List dump (issue 14): cut to the object
// that decided the hop — never the previous object's last line as "context" — and without the
// managedFields bookkeeping, in both the redacted (shared) and the raw (local) excerpts; the text export's
// line numbers stay those of the file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCluster } from '../index';
import { traceQuery } from '../analyze/trace';
import type { Trace } from '../analyze/types';
import { objectLinesAt } from '../share/excerpt';
import { foldNoise, traceExcerpts } from './common';
import { traceToMarkdown } from './markdown';
import { traceToText } from './text';

const DUMP = readFileSync(new URL('../testing/fixtures/oc-get-all-shop.yaml', import.meta.url), 'utf8');
const LINES = DUMP.split('\n');
const lineOf = (needle: string, from = 0) => LINES.findIndex((l, i) => i >= from && l === needle) + 1;

function routeTrace() {
  const cluster = loadCluster([{ name: 'dump.yaml', text: DUMP }], { profile: 'openshift' });
  const trace = traceQuery(cluster, { from: 'internet', to: 'https://shop.apps.ocp.example.com/' });
  return { cluster, trace };
}

describe('the object a line is in', () => {
  it('is the List item, from its `- apiVersion` line to its last line', () => {
    const route = lineOf('  kind: Route');
    const o = objectLinesAt(DUMP, route + 2)!;
    expect(o.first).toBe(route - 1);
    expect(LINES[o.first - 1]).toBe('- apiVersion: route.openshift.io/v1');
    // The next item (or the List's own `kind: List`) starts right after it.
    expect(LINES[o.last]).toMatch(/^(- apiVersion|kind: List)/);
    expect(objectLinesAt(DUMP, LINES.indexOf('kind: List') + 1)).toBeUndefined();
  });
});

describe('excerpts of a real List dump', () => {
  it('the Route the trace went through: its own lines, from its first, without managedFields (redacted)', () => {
    const { cluster, trace } = routeTrace();
    expect(trace.allowed).toBe(true);
    const md = traceToMarkdown(trace, { sourceMap: cluster.sourceMap });
    const block = /Route shop\/frontend[^\n]*`dump\.yaml:(\d+)-\d+`[^\n]*\n\n```yaml\n([\s\S]*?)\n```/.exec(md);
    expect(block).not.toBeNull();
    const [, start, body] = block!;
    expect(Number(start)).toBe(lineOf('  kind: Route') - 1);
    expect(body.split('\n')[0]).toBe('- apiVersion: route.openshift.io/v1');
    expect(body).not.toMatch(/fieldsV1|f:host|manager:|operation: Update/);
    expect(body).toContain('host: shop.apps.ocp.example.com'); // the deciding field is within the limit now
    // The EndpointSlice before it ends with `protocol: TCP`; that line is not the Route's context.
    expect(LINES[Number(start) - 2]).toBe('    protocol: TCP');
    expect(body.split('\n')).not.toContain('    protocol: TCP');
  });

  it('raw excerpts (local use) show `managedFields: …` once, and the text export keeps the file’s line numbers', () => {
    const { cluster, trace } = routeTrace();
    const text = traceToText(trace, { sourceMap: cluster.sourceMap, redact: false, maxExcerptLines: 200 });
    const shown = text.split('\n').filter((l) => /^ *\d+ \| /.test(l));
    expect(shown.filter((l) => l.endsWith('managedFields: …')).length).toBeGreaterThan(0);
    expect(text).not.toMatch(/fieldsV1|f:metadata/);
    for (const l of shown) {
      const [, n, line] = /^ *(\d+) \| (.*)$/.exec(l)!;
      if (line.endsWith('managedFields: …')) expect(LINES[Number(n) - 1]).toMatch(/managedFields:$/);
      else expect(LINES[Number(n) - 1], `line ${n}`).toBe(line);
    }
  });

  it('context stops at the object: a rule on an item’s first line, and one on its last', () => {
    const src = (a: number, b: number) => ({ file: 'dump.yaml', startLine: a, startCol: 1, endLine: b, endCol: 1 });
    const svc = lineOf('  kind: Service') - 1;
    const svcObj = objectLinesAt(DUMP, svc)!;
    const trace: Trace = {
      query: { from: 'a/b', to: 'c/d' },
      allowed: false,
      verdict: 'denied',
      summary: 's',
      reached: null,
      path: [],
      hops: [
        { kind: 'service', title: 'first', verdict: 'denied', summary: 'x', steps: [], rule: { object: 'Service/shop/x', path: '', label: 'first line', source: src(svc, svc) } },
        { kind: 'service', title: 'last', verdict: 'denied', summary: 'x', steps: [], rule: { object: 'Service/shop/x', path: '', label: 'last line', source: src(svcObj.last, svcObj.last) } },
      ],
    };
    const ex = traceExcerpts(trace, { sourceMap: { textOf: () => DUMP }, redact: false });
    expect(ex[0].startLine).toBe(svc);
    expect(ex[0].lines[0]).toBe(LINES[svc - 1]);
    const last = ex.find((e) => e.labels.includes('last line'))!;
    expect(last.endLine).toBe(svcObj.last);
    expect(last.lines.at(-1)).toBe(LINES[svcObj.last - 1]);
    // The next object's first line is never this excerpt's context.
    expect(last.lines).not.toContain(LINES[svcObj.last]);
  });

  it('excerpts of two neighbouring objects stay two', () => {
    const src = (a: number) => ({ file: 'dump.yaml', startLine: a, startCol: 1, endLine: a, endCol: 1 });
    const route = lineOf('  kind: Route') - 1;
    const prevLast = route - 1;
    const trace: Trace = {
      query: { from: 'a/b', to: 'c/d' },
      allowed: true,
      verdict: 'allowed',
      summary: 's',
      reached: null,
      path: [],
      hops: [
        { kind: 'service', title: 'a', verdict: 'allowed', summary: 'x', steps: [], source: src(prevLast) },
        { kind: 'route', title: 'b', verdict: 'allowed', summary: 'x', steps: [], source: src(route) },
      ],
    };
    const ex = traceExcerpts(trace, { sourceMap: { textOf: () => DUMP }, redact: false });
    expect(ex.map((e) => [e.startLine <= prevLast && prevLast <= e.endLine, e.startLine <= route && route <= e.endLine])).toEqual([
      [true, false],
      [false, true],
    ]);
  });
});

describe('foldNoise', () => {
  it('folds a managedFields block as kubectl writes it, and runs of dropped lines, keeping line numbers', () => {
    const lines = ['  metadata:', '    managedFields:', '    - apiVersion: v1', '      fieldsV1:', '        f:spec: {}', '    name: web', '    …', '      …', '    …', '  spec: {}'];
    expect(foldNoise(lines, 10)).toEqual({
      lines: ['  metadata:', '    managedFields: …', '    name: web', '    …', '  spec: {}'],
      numbers: [10, 11, 15, 16, 19],
    });
    expect(foldNoise(['a: 1', 'managedFields: []'], 1).lines).toEqual(['a: 1', 'managedFields: []']);
  });
});
