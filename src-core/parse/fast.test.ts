// The fast parse path (js-yaml + lazy positions) against the full `yaml` parse: for every input both
// must give the same documents, objects (values, refs, ranges), diagnostics, and the same position for
// every field an explanation may point at. Inputs: the conformance corpus (when present), the
// benchmark's generated clusters, hand-written YAML 1.1 / layout corner cases, and random documents.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { NOT_RESOLVED } from 'js-yaml';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { generateCluster } from '../cli/bench/generate';
import { fastDocumentCount, parseManifests, type ParseResult } from './parse';
import type { Path } from './source';
import { resolvePlain11, YAML_OPTIONS } from './yaml11';

/** Longer fuzzing on demand, as in lite.test.ts: PODPATH_FUZZ_SCALE=10 PODPATH_FUZZ_SEED=3 */
const SCALE = Number(process.env.PODPATH_FUZZ_SCALE ?? 1);
const SEED = Number(process.env.PODPATH_FUZZ_SEED ?? 0);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = process.env.PODPATH_CONFORMANCE ? resolve(process.env.PODPATH_CONFORMANCE) : resolve(repoRoot, '..', 'shared', 'conformance');

/** Every path into a value (depth-first), capped so huge documents stay quick. */
function pathsOf(value: unknown, base: Path, out: Path[], cap: number): void {
  if (out.length >= cap) return;
  out.push(base);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...base, i], out, cap));
  else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...base, k], out, cap);
  }
}

function both(text: string, name = 'in.yaml'): { slow: ParseResult; fast: ParseResult } {
  return {
    slow: parseManifests([{ name, text }], { strategy: 'yaml' }),
    fast: parseManifests([{ name, text }], { strategy: 'fast' }),
  };
}

/** Asserts the two paths agree; returns how many documents took the fast path. */
function expectSame(text: string, pathCap = 400): number {
  const { slow, fast } = both(text);
  expect(fast.documents).toEqual(slow.documents);
  expect(fast.diagnostics).toEqual(slow.diagnostics);
  expect(fast.objects.length).toBe(slow.objects.length);
  fast.objects.forEach((o, i) => {
    const s = slow.objects[i];
    expect(o).toEqual(s);
    // toEqual treats -0 and 0 alike and skips own-property subtleties; compare the JSON-ish shape too.
    expect(Object.is(JSON.stringify(o.value), JSON.stringify(s.value))).toBe(true);
  });
  let budget = pathCap;
  for (const o of slow.objects) {
    const paths: Path[] = [];
    pathsOf(o.value, o.ref.path, paths, Math.max(1, budget));
    budget -= paths.length;
    for (const p of paths) {
      const ref = { doc: o.ref.doc, path: p };
      expect(fast.sourceMap.locate(ref)).toEqual(slow.sourceMap.locate(ref));
    }
    // A path that does not exist falls back to its nearest ancestor on both paths.
    const missing = { doc: o.ref.doc, path: [...o.ref.path, 'spec', 'nope', 3] };
    expect(fast.sourceMap.locate(missing)).toEqual(slow.sourceMap.locate(missing));
    if (budget <= 0) break;
  }
  return fastDocumentCount(fast);
}

const pod = (name: string, extra = '') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ns\n${extra}`;

describe('fast parse path agrees with the yaml package', () => {
  const cases = existsSync(corpus) ? readdirSync(corpus).filter((d) => existsSync(join(corpus, d, 'manifests.yaml'))) : [];
  it.skipIf(cases.length === 0)('on every conformance manifest', () => {
    let fastDocs = 0;
    for (const c of cases) fastDocs += expectSame(readFileSync(join(corpus, c, 'manifests.yaml'), 'utf8'), 150);
    expect(fastDocs).toBeGreaterThan(100); // the corpus really goes through the fast path
  });

  it('on the generated 100- and 1,000-workload clusters, every document fast', () => {
    for (const n of [100, 1_000]) {
      const c = generateCluster(n);
      expect(expectSame(c.yaml, 3_000)).toBe(c.documents);
    }
  });

  it('finds the items of a kind: List dump without a full parse, at the positions yaml gives', () => {
    const docs = generateCluster(100).yaml.split('---\n').filter(Boolean);
    const asItems = (indent: string) => docs.map((d) => d.trimEnd().split('\n').map((l, i) => (i === 0 ? `${indent}- ${l}` : `${indent}  ${l}`)).join('\n')).join('\n');
    const list = (indent: string, tail = 'kind: List\nmetadata:\n  resourceVersion: ""\n') => `apiVersion: v1\nitems:\n${asItems(indent)}\n${tail}`;
    const big = (t: string) => t + '#'.repeat(70 * 1024) + '\n'; // over FAST_PATH_MIN_BYTES, as `auto` would see it
    for (const text of [list(''), list('  '), list('', 'kind: List\n'), `---\n${list('')}---\n${list('  ')}`]) {
      expect(expectSame(text, 4_000)).toBeGreaterThan(0);
      const { fast } = both(big(text));
      expect(fast.objects.length).toBe(docs.length * (text.startsWith('---') ? 2 : 1));
    }
    // Layouts the scan refuses still come out the same (through yaml).
    expectSame(`apiVersion: v1\nitems:\n# a comment\n${asItems('')}\nkind: List\n`);
    expectSame(`apiVersion: v1\nkind: List\nitems:\n- {kind: Pod, metadata: {name: a}}\n- kind: Pod\n  metadata:\n    name: b\n    labels:\n`);
    expectSame(`apiVersion: v1\nkind: PodList\nitems:\n- metadata:\n    name: a\n\n- metadata:\n    name: b\n    labels: {x: "1"}\n`);
  });

  it('finds the items of a JSON List (kubectl get -o json) at the positions yaml gives', () => {
    const objects = parseManifests([{ name: 'g', text: generateCluster(100).yaml }]).objects.map((o) => o.value);
    const json = (indent: number) => JSON.stringify({ apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } }, null, indent);
    for (const text of [json(4), json(0), `${json(2)}\n`, `---\n${json(4)}\n---\n${json(1)}\n`]) {
      expect(expectSame(text, 4_000)).toBeGreaterThan(0);
    }
    // What the scan refuses (a comment, a scalar item, single quotes) is read by yaml, with the same outcome.
    expectSame(`{"kind": "List", "items": [{"kind": "Pod", "metadata": {"name": "a"}}, 3]}`);
    expectSame(`{"kind": "List", "items": [{"kind": "Pod", "metadata": {"name": "a"}} # c\n]}`);
    expectSame(`{"kind": 'List', "items": [{"kind": "Pod", "metadata": {"name": "a\\"}"}}]}`);
    expectSame(`{"kind": "List", "items": []}`);
    // Random JSON objects as items: strings with escapes and unicode, nested arrays, numbers.
    const itemArb = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });
    fc.assert(
      fc.property(fc.array(itemArb, { maxLength: 4 }), fc.constantFrom(0, 2), (items, indent) => {
        expectSame(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: items.map((it, i) => ({ ...it, kind: 'Pod', metadata: { name: `p${i}` } })) }, null, indent));
      }),
      { numRuns: 200 * SCALE, seed: 11 + SEED },
    );
  });

  it('reads YAML 1.1 scalars as the yaml package does', () => {
    const scalars = [
      'yes', 'No', 'ON', 'off', 'y', 'n', 'Y', 'N', 'true', 'False', '~', 'null', 'NULL', '', 'nul',
      '012', '0o12', '08', '0b101', '0x1F', '0x_1', '1_000', '+12', '-0', '-012', '0_', '190:20:30', '1:30.5',
      '1e3', '-1.5E-2', '.5', '1.', '.', '-.', '.inf', '-.Inf', '.NaN', '.nan', '2026-03-04', '2026-03-04T05:06:07Z',
      '2026-3-4 5:06:07.5 +02:00', '2026-03-04t05:06:07-3', '12:61', 'x:1', 'onion', 'yesterday', 'nano', 'Ox',
    ];
    const body = scalars.map((v, i) => `    k${i}: ${v}`).join('\n');
    // Keys that stay distinct once stringified (yes/true/on would be a duplicate key on both paths).
    const keys = ['yes', 'no', '~', '012', '0x1F', '1_000', '1:30', '.inf', '2e3', 'onion', 'x:1'].map((v, i) => `    ${v}: key${i}`).join('\n');
    const text = `${pod('scalars')}  labels:\n${body}\n  annotations:\n${keys}\n`;
    expect(expectSame(text)).toBe(1);
    const { fast } = both(text);
    const labels = fast.objects[0].value.metadata as { labels: Record<string, unknown>; annotations: Record<string, unknown> };
    expect(labels.labels.k0).toBe(true);
    expect(labels.labels.k15).toBe(10); // 012 is octal in YAML 1.1
    // go-yaml v2 (kubectl's reader) keeps an unquoted timestamp a string when it decodes into interface{}.
    expect(labels.labels.k38).toBe('2026-03-04');
    expect(labels.labels.k26).toBe('190:20:30'); // no base-60 numbers in go-yaml v2
    expect(Object.keys(labels.annotations)).toContain('true');
  });

  // Cases from go-yaml v2's own decode_test.go (unmarshalTests into interface{}) and resolve.go, which
  // kubectl reads manifests with (sigs.k8s.io/yaml → go.yaml.in/yaml/v2); where the `yaml` package's YAML 1.1
  // schema differs, go-yaml wins (yaml11.ts).
  it('reads plain scalars as go-yaml v2 does (decode_test.go, resolve.go)', () => {
    const cases: [string, unknown][] = [
      ['10', 10], ['0b10', 2], ['0xA', 10], ['4294967296', 4294967296], ['0.1', 0.1], ['.1', 0.1], ['.Inf', Infinity],
      ['-.Inf', -Infinity], ['-10', -10], ['-.1', -0.1], ['6.8523e+5', 685230], ['685.230_15e+03', 685230.15],
      ['685_230.15', 685230.15], ['-.inf', -Infinity], ['y', true], ['NO', false], ['True', true], ['on', true],
      ['685230', 685230], ['+685_230', 685230], ['02472256', 685230], ['0x_0A_74_AE', 685230],
      ['0b1010_0111_0100_1010_1110', 685230], ['-0b101010', -42], ['~', null], ['null', null], ['', null],
      ['9223372036854775807', 9223372036854775807], ['18446744073709551615', 18446744073709551615],
      // Strings in go-yaml v2, numbers or dates in the YAML 1.1 type repository:
      ['190:20:30', '190:20:30'], ['190:20:30.15', '190:20:30.15'], ['1:30', '1:30'], ['2015-02-24T18:19:39Z', '2015-02-24T18:19:39Z'],
      ['2026-01-02', '2026-01-02'], ['e5', 'e5'], ['E0', 'E0'], ['-e5', '-e5'], ['.', '.'], ['-.', '-.'], ['._5', '._5'],
      ['1e999', '1e999'], ['0x1FFFFFFFFFFFFFFFF', '0x1FFFFFFFFFFFFFFFF'], ['-18446744073709551615', -18446744073709551615],
      // Numbers in go-yaml v2 (strconv.ParseInt base 0), strings in the YAML 1.1 repository:
      ['0X1F', 31], ['0o17', 15], ['0O17', 15], ['0B11', 3], ['-0x1F', -31],
      ['-0', 0], ['08', 8], ['1.', 1], ['+.5', 0.5], ['.5_0', 0.5],
    ];
    for (const [s, want] of cases) {
      const got = resolvePlain11(s);
      expect(got === NOT_RESOLVED ? s : got, s).toStrictEqual(want);
      // The `yaml` package with podpath's options reads the same.
      expect((parseYaml(`v: ${s}`, YAML_OPTIONS) as { v: unknown }).v, `yaml: ${s}`).toStrictEqual(want);
    }
  });

  it('resolves random plain scalars exactly as the yaml package with podpath\'s options does', () => {
    const piece = fc.constantFrom(...'0123456789', '0', '1', '_', '.', ':', '-', '+', 'e', 'E', 'x', 'b', 'o', 'n', 'N', 'y', 'Y', 'T', 'F', 'inf', 'nan', 'NaN', 'Inf', 'true', 'no', 'ON', 'Off', 'null', '~', 'T', ' ', 'Z', '2026-01-02', 'a');
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), (parts) => {
        const s = parts.join('');
        if (s !== s.trim() || /: |:$| #|^[-?:,\[\]{}#&*!|>'"%@`]/.test(s)) return;
        let expected: unknown;
        try {
          expected = (parseYaml(`v: ${s}`, YAML_OPTIONS) as { v: unknown }).v;
        } catch {
          return;
        }
        const got = resolvePlain11(s);
        const value = got === NOT_RESOLVED ? s : got;
        if (expected instanceof Date) expect((value as Date).getTime()).toBe(expected.getTime());
        else expect(Object.is(value, expected) || (typeof expected === 'number' && Number.isNaN(expected) && Number.isNaN(value))).toBe(true);
      }),
      { numRuns: 3000 * SCALE, seed: 7 + SEED },
    );
  });

  it('sends what it cannot vouch for to the yaml package, with the same outcome', () => {
    const docs = [
      pod('merge', 'base: &b {a: 1}\nspec:\n  <<: *b\n'),
      pod('alias', 'x: &a [1, 2]\ny: *a\n'),
      pod('tagged', 'x: !!str 123\ny: !custom thing\n'),
      pod('dup', 'x: 1\nx: 2\n'),
      pod('dupish', '1: a\n"1": b\n'),
      pod('proto', '__proto__: {polluted: true}\nconstructor: c\n'),
      pod('nullkey', '~: a\nnull: b\n'),
      pod('datekey', '2026-01-01: a\n'),
      pod('seqkey', '? [a, b]\n: c\n'),
      pod('block', 'data:\n  script: |\n    # not a comment\n    echo hi\n# a real comment\n'),
      pod('keep', 'data:\n  s: |+\n    text\n\n\n'),
      pod('strip', 'data:\n  s: >-\n    folded\n    text\n\n'),
      pod('quoted', 'x: "multi\n  # line"\n'),
      pod('flow-close', 'x: [1,\n  2\n]\n'),
      pod('trailing', 'x: 1   # end\n\n# after\n   \n'),
      pod('tabs', 'x:\t1\n'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: syntax\n',
      pod('indent', ' bad: 1\n'),
      '{"apiVersion": "v1", "kind": "Pod",\n "metadata": {"name": "json", "labels": {"a": "1.0"}}}\n',
      '[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"arr"}}] # c\n',
      'apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  apiVersion: v1\n  metadata: {name: l1}\n- kind: Pod\n  metadata:\n    name: l2\n',
      'just a string\n',
      '- 1\n- 2\n',
      '# only a comment\n',
      '',
    ];
    // Each alone, with and without a leading `---`, and all of them in one file.
    for (const d of docs) {
      expectSame(d);
      expectSame(`---\n${d}`);
    }
    expectSame(docs.map((d) => `--- # doc\n${d}`).join(''));
    expectSame(`# header\n\n${docs.join('---\n')}`);
    expectSame(`%YAML 1.1\n---\n${docs[0]}`);
    expectSame(`${docs[0]}...\n---\n${docs[1]}`);
    expectSame(`\uFEFF${docs[0]}`);
    expectSame(docs.join('---\n').replace(/\n/g, '\r\n'));
    expectSame(`--- {apiVersion: v1, kind: Pod, metadata: {name: online}}\n---\n${docs[0]}`);
    expectSame('---\n---\n' + docs[0] + '---\n');
  });

  it('agrees on random documents built from tricky fragments', () => {
    const key = fc.constantFrom('name', 'a', 'yes', 'on', '1', '012', '~', '"q"', "'s'", 'x y', 'k.io/a', 'null', '-x', '2026-01-02');
    const scalar = fc.constantFrom(
      'v', 'yes', 'No', '12', '012', '0x1f', '1:20', '.5', '.inf', '~', '', '"a: b"', "'it''s'", '"\\u00e9\\n"', 'a # c',
      '2026-01-02T03:04:05Z', '[a, b]', '{x: 1}', '[]', '{}', '|\n      lit\n      # x', '>-\n      fold\n\n      ed', '"two\n      lines"',
      'plain\n      continued', '&anc v', '*anc', '!t v', '!!int "3"', '@bad', '`bad', 'a: b', '- x', '"unclosed',
    );
    const line = fc.tuple(key, scalar, fc.boolean(), fc.constantFrom('', '  # c', '\n# c', '\n', '\n   ', '\n  # c')).map(
      ([k, v, nested, tail]) => (nested ? `  ${k}:\n    inner: ${v}${tail}` : `  ${k}: ${v}${tail}`),
    );
    const doc = fc.tuple(fc.constantFrom('Pod', 'Service', 'NetworkPolicy'), fc.array(line, { minLength: 0, maxLength: 6 }), fc.integer({ min: 0, max: 99 })).map(
      ([kind, lines, n]) => `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: n${n}\nspec:\n${lines.join('\n')}\n`,
    );
    const item = (d: string, indent: string) => d.trimEnd().split('\n').map((l, i) => (i === 0 ? `${indent}- ${l}` : `${indent}  ${l}`)).join('\n');
    const list = fc.tuple(fc.array(doc, { minLength: 1, maxLength: 3 }), fc.constantFrom('', '  '), fc.constantFrom('\n', '\n\n')).map(
      ([ds, indent, gap]) => `apiVersion: v1\nitems:\n${ds.map((d) => item(d, indent)).join(gap)}\nkind: List\n`,
    );
    const file = fc.tuple(fc.array(fc.oneof(doc, doc, list), { minLength: 1, maxLength: 4 }), fc.constantFrom('---\n', '--- # x\n', '---\n\n# gap\n')).map(([ds, sep]) => sep + ds.join(sep));
    fc.assert(
      fc.property(file, (text) => {
        expectSame(text, 200);
      }),
      { numRuns: 300 * SCALE, seed: 20261121 + SEED },
    );
  });
});
