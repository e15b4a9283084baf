// emitYaml's contract: what it writes reads back, in YAML 1.1 and through podpath's own parser (every
// path), as the same data — checked on random JSON-like values and on the strings YAML 1.1 reads as
// something else (booleans, nulls, numbers, timestamps, merge keys).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseManifests } from '../parse/parse';
import { emitYaml } from './emit';

const TRICKY = ['yes', 'No', 'on', 'OFF', 'y', 'n', '~', 'null', '', ' ', '0x1F', '010', '1_000', '1:20', '2024-01-01', '.5', '1e3', '.inf', '<<', '=', '- a', 'a: b', 'a #b', '#c', '*x', '&y', '!t', '|', '>', '%', '@', '`', '"q"', "'s'", 'line\nbreak\n', 'trail \nx', '\ttab', 'a\r\nb', '\u202e', 'é', '---', '...', 'k8s.io/name', '10.0.0.1', '-1', '+1', '-.inf'];

describe('emitYaml', () => {
  it('reads back the same in YAML 1.1 (tricky strings as keys and values, numbers, nesting)', () => {
    const v = { list: TRICKY, map: Object.fromEntries(TRICKY.map((s, i) => [s, i])), nums: [0, -0, 1.5, -3, 1e21, 2 ** 60, 80.5], deep: [[1, [2]], [{ a: [] }, {}], { b: { c: null, d: true } }] };
    expect(parse(emitYaml(v), { version: '1.1' })).toEqual(v);
  });

  it('random JSON values round-trip through yaml 1.1 and parseManifests (fast-check)', () => {
    const text = fc.oneof(fc.string(), fc.constantFrom(...TRICKY), fc.stringMatching(/^[a-zA-Z0-9 .:_/#-]{0,12}$/));
    const json = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(text, tie('v'), { maxKeys: 4 })),
    })).v;
    fc.assert(
      fc.property(fc.dictionary(text, json, { maxKeys: 6 }), (obj) => {
        const doc = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: obj };
        const out = emitYaml(doc);
        const want = JSON.parse(JSON.stringify(doc));
        expect(JSON.parse(JSON.stringify(parse(out, { version: '1.1' })))).toEqual(want);
        for (const strategy of ['yaml', 'fast'] as const) {
          const p = parseManifests([{ name: 'e', text: out + (strategy === 'fast' ? '' : '') }], { strategy });
          expect(JSON.parse(JSON.stringify(p.objects[0]?.value)), strategy).toEqual(want);
        }
      }),
      { numRuns: 300, seed: 16 },
    );
  });
});
