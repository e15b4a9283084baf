// Model reuse must be invisible: after an edit that changes no value (comment lines, blank lines), the
// reused model answers traces, lint and graph exactly as a model built from scratch — positions
// included — and it is never reused when the objects differ or the model reported diagnostics.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCluster, traceQuery } from '../index';
import { buildGraph } from '../graph/index';
import { lintCluster } from '../lint/index';
import { parseManifests } from '../parse/parse';
import type { ProfileName } from '../model/types';
import type { Query } from '../analyze/types';
import { ModelBuilder, sameObjects, sameValue } from './reuse';

const dir = new URL('../../public/examples/', import.meta.url);
const INDEX = (JSON.parse(readFileSync(new URL('index.json', dir), 'utf8')) as { file: string; profile: ProfileName; trace?: Query }[]).filter((e) => e.trace);
const parse = (text: string) => parseManifests([{ name: 'manifests.yaml', text }]);
const NOW = new Date('2026-11-21T00:00:00Z');

/** Everything a user sees of a model, as JSON (positions included). */
function answers(c: ReturnType<typeof buildCluster>, q: Query): string {
  return JSON.stringify({ trace: traceQuery(c, q), lint: lintCluster(c, { now: NOW }), graph: buildGraph(c), diagnostics: c.diagnostics });
}

describe('model reuse', () => {
  it('sameValue: equal for structured clones, unequal after any change', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(sameValue(a, structuredClone(a))).toBe(true);
        expect(sameValue(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b));
      }),
      { numRuns: 500, seed: 5 },
    );
    expect(sameValue({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false); // key order reaches the graph's labels
    expect(sameValue(Number.NaN, Number.NaN)).toBe(true);
    expect(sameValue(Number.NaN, null)).toBe(false);
    expect(sameValue(new Date(0), new Date(0))).toBe(true);
    expect(sameValue(new Date(0), '1970-01-01T00:00:00.000Z')).toBe(false);
    expect(sameValue([1], { 0: 1 })).toBe(false);
  });

  it('after comment and blank lines anywhere, the reused model answers exactly as a fresh one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: INDEX.length - 1 }), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('# note\n', '\n', '#\n#\n')), { minLength: 1, maxLength: 4 }), (pick, inserts) => {
        const ex = INDEX[pick];
        let text = readFileSync(new URL(ex.file, dir), 'utf8');
        const b = new ModelBuilder();
        let prev = parse(text);
        const modelReported = buildCluster(prev, { profile: ex.profile }).diagnostics.length > prev.diagnostics.length;
        b.build(prev, ex.profile);
        for (const [at, ins] of inserts) {
          // At the start of a line, so the insert is a comment or blank line, never inside a value.
          const k = text.lastIndexOf('\n', Math.floor(at * text.length)) + 1;
          text = text.slice(0, k) + ins + text.slice(k);
          const parsed = parse(text);
          const c = b.build(parsed, ex.profile);
          const fresh = buildCluster(parse(text), { profile: ex.profile });
          expect(answers(c, ex.trace as Query)).toBe(answers(fresh, ex.trace as Query));
          // Reused exactly when the objects are the same (a line inside a block scalar changes a value)
          // and the model reported nothing at the last real build.
          const same = sameObjects(prev, parsed);
          expect(b.reused).toBe(same && !modelReported);
          if (!same) return; // a changed value: the next comparison starts from a new build
          prev = parsed;
        }
      }),
      { numRuns: 60, seed: 9 },
    );
  });

  it('is not reused when a value, a name or the profile changes, or after a model diagnostic', () => {
    const text = readFileSync(new URL('route-edge-allow.yaml', dir), 'utf8');
    const b = new ModelBuilder();
    b.build(parse(text), 'openshift');
    b.build(parse(text.replace('targetPort: 8080', 'targetPort: 8081')), 'openshift');
    expect(b.reused).toBe(false);
    b.build(parse(text), 'openshift');
    b.build(parse('# c\n' + text), 'kubernetes');
    expect(b.reused).toBe(false);
    b.build(parse('# c\n' + text), 'kubernetes');
    expect(b.reused).toBe(true);
    const bad = text + '\n---\napiVersion: v1\nkind: Service\nmetadata: {name: bad, namespace: x}\nspec: {ports: [{port: 99999}]}\n';
    const first = b.build(parse(bad), 'kubernetes');
    expect(first.diagnostics.length).toBeGreaterThan(0);
    const again = b.build(parse('# moved\n' + bad), 'kubernetes');
    expect(b.reused).toBe(false);
    expect(again.diagnostics.find((d) => d.code === 'invalid-port')?.range.startLine).toBe((first.diagnostics.find((d) => d.code === 'invalid-port')?.range.startLine ?? 0) + 1);
  });
});

it('has examples with traces to check against', () => expect(INDEX.length).toBeGreaterThan(10));
