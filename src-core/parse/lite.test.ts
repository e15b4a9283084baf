// Differential tests of the lite reader (lite.ts): whenever it returns a value, that value must equal —
// strictly: Dates, -0, NaN, key order, own properties — what the fast path's js-yaml read (YAML 1.1
// schema, yaml11.ts) returns for the same text, and what the `yaml` package returns when it reads the
// text without error. Inputs: the conformance corpus (when present), the built-in examples, generated
// clusters (which it must accept entirely), hand-written corner cases, random objects dumped by js-yaml
// and by `yaml` in several styles, and random mutations of all of those.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { dump as dumpJsYaml, load as loadJsYaml } from 'js-yaml';
import { parseDocument, stringify as stringifyYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { generateCluster } from '../cli/bench/generate';
import { contentStart, splitDocuments } from './chunks';
import { JS_YAML_OPTIONS } from './fast';
import { YAML_OPTIONS } from './yaml11';
import { readLite } from './lite';
import { liteDocumentCount, parseManifests } from './parse';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Longer fuzzing on demand: PODPATH_FUZZ_SCALE=20 PODPATH_FUZZ_SEED=5 npx vitest run src-core/parse/lite.test.ts */
const SCALE = Number(process.env.PODPATH_FUZZ_SCALE ?? 1);
const SEED = Number(process.env.PODPATH_FUZZ_SEED ?? 0);
const corpus = process.env.PODPATH_CONFORMANCE ? resolve(process.env.PODPATH_CONFORMANCE) : resolve(repoRoot, '..', 'shared', 'conformance');

/** Strict structural equality: Object.is on leaves (NaN equal, -0 ≠ 0), Dates by time, same key order. */
function same(a: unknown, b: unknown, at = '$'): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && Object.is(a.getTime(), b.getTime()) ? undefined : `${at}: ${String(a)} vs ${String(b)}`;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${at}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${at}: array vs mapping`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${at}: different prototypes`;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join('\u0000') !== kb.join('\u0000') || ka.length !== kb.length) return `${at}: keys ${JSON.stringify(ka)} vs ${JSON.stringify(kb)}`;
  for (const k of ka) {
    const d = same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
    if (d) return d;
  }
  return undefined;
}

/** What the other readers make of a one-document text; `undefined` when the reader refuses it. */
function jsYamlValue(text: string): { value: unknown } | undefined {
  try {
    return { value: loadJsYaml(text, JS_YAML_OPTIONS) };
  } catch {
    return undefined;
  }
}
function yamlValue(text: string): { value: unknown } | undefined {
  try {
    const doc = parseDocument(text, { ...YAML_OPTIONS, logLevel: 'error' });
    if (doc.errors.length > 0) return undefined;
    return { value: doc.toJS({ maxAliasCount: 100 }) };
  } catch {
    return undefined;
  }
}

/** Checks one document text; returns whether lite accepted it. */
function checkDoc(text: string): boolean {
  const start = contentStart(text, 0, text.length);
  if (start === -1) return false;
  const got = readLite(text, start, text.length);
  if (got === undefined) return false;
  const js = jsYamlValue(text);
  if (!js) throw new Error(`lite accepted what js-yaml refuses:\n${text}`);
  const d = same(got, js.value);
  if (d) throw new Error(`lite differs from js-yaml at ${d}:\n${text}`);
  // The `yaml` package is the reference: what it rejects the lite reader must refuse too (issue 16:
  // it used to accept implicit keys over 1024 characters).
  const y = yamlValue(text);
  if (!y) throw new Error(`lite accepted what yaml rejects:\n${text}`);
  const dy = same(got, y.value);
  if (dy) throw new Error(`lite differs from yaml at ${dy}:\n${text}`);
  return true;
}

/** Checks every `---` document of a file; returns [accepted, total]. */
function checkFile(text: string): [number, number] {
  const chunks = splitDocuments(text);
  if (!chunks) return [0, 0];
  let accepted = 0;
  for (const c of chunks) {
    const start = contentStart(text, c.bodyStart, c.end);
    if (start === -1) continue;
    if (checkDoc(text.slice(text.lastIndexOf('\n', start) + 1, c.end))) accepted++;
  }
  return [accepted, chunks.length];
}

describe('lite reader agrees with js-yaml (YAML 1.1 schema) and yaml', () => {
  const cases = existsSync(corpus) ? readdirSync(corpus).filter((d) => existsSync(join(corpus, d, 'manifests.yaml'))) : [];
  it.skipIf(cases.length === 0)('on every conformance manifest', () => {
    let accepted = 0;
    let total = 0;
    for (const c of cases) {
      const [a, t] = checkFile(readFileSync(join(corpus, c, 'manifests.yaml'), 'utf8'));
      accepted += a;
      total += t;
    }
    expect(accepted).toBeGreaterThan(total * 0.8); // most of the corpus is inside the subset
  });

  it('on every built-in example', () => {
    const dir = join(repoRoot, 'public', 'examples');
    let accepted = 0;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) accepted += checkFile(readFileSync(join(dir, f), 'utf8'))[0];
    expect(accepted).toBeGreaterThan(20);
  });

  it('accepts every document of the generated clusters', () => {
    for (const n of [100, 1_000]) {
      const c = generateCluster(n);
      expect(checkFile(c.yaml)).toEqual([c.documents, c.documents]);
      // …and through the parser's wiring: every document read by the lite reader, none by js-yaml.
      const parsed = parseManifests([{ name: 'g.yaml', text: c.yaml }], { strategy: 'fast' });
      expect(liteDocumentCount(parsed)).toBe(c.documents);
    }
  });

  it('reads the corner cases of the subset exactly', () => {
    const accepted = [
      'a: 1\nb: yes\nc: ~\nd:\ne: 012\nf: 1:30\ng: 2026-01-02T03:04:05Z\nh: -0\ni: .nan\nj: e5\nk: 0x1F\nl: 1_000\nm: .inf\n',
      'yes: 1\n~: 2\n012: 3\n1:30: 4\n"quoted key": 5\n\'single\': 6\nconstructor: 7\ntoString: 8\nk.io/a:b: 9\nkey  : 10\n',
      'a: "x\\ty\\n\\"z\\\\ \\u00e9\\x41\\/ \\0"\nb: \'it\'\'s\'\nc: "" # c\nd: \'\'\ne: "#not" #yes\n',
      'a: plain # comment\nb: with#hash\nc: url://x:y/z\nd: a,b]c\ne: -x\nf: -1\ng: "a" \n',
      'l:\n- a\n- - b\n  - - c\n    -   - d\n  -\n- e\n',
      'l:\n- a\n-\n- b: 1\n  c:\n  - x\n  d: {}\n-   e: 2\n    f: []\nnext: 1\n',
      'l:\n  - name: a\n    ports:\n      - 80\n      - {port: 81, name: "x,y"}\n  -\n    nested: true\n',
      'f: {a: 1, b: [x, "y z", \'w\'], c: {}, d: []}\ng: [1, 2.5, yes, ~, 2026-01-02]\n',
      's: |\n  line one\n\n  line three\n  # not a comment\nt: |-\n    strip\n    me\n\nu: >\n  folded\n  text\n\n  para\nv: >-\n  x\n',
      's: |\n\n  leading empty\n# a comment\nnext: 1\n',
      'f: >\n\n\n  leading\n  empties\n\n\n  gap\nl:\n- |\n  in a sequence\n- >-\n  folded\n  item\n- k: |-\n    in a compact mapping\n  j: 1\n',
      '# header\n\na: 1 # c\n   # indented comment\nb:\n  # c\n  c: 2\n',
      'metadata:\n  annotations:\n    last: \'{"apiVersion":"v1","kind":"Pod"}\'\n',
      '2026-01-02: a\n', // a string key for go-yaml v2, as it is for kubectl
    ];
    for (const t of accepted) {
      expect(checkDoc(t), t).toBe(true);
    }
    const v = readLite(accepted[0], 0, accepted[0].length) as Record<string, unknown>;
    expect(v.b).toBe(true);
    expect(v.e).toBe(10);
    // As go-yaml v2 reads them (yaml11.ts): no base-60 numbers, timestamps stay strings, -0 is ParseInt's 0.
    expect(v.f).toBe('1:30');
    expect(v.g).toBe('2026-01-02T03:04:05Z');
    expect(Object.is(v.h, 0)).toBe(true);
    expect(v.j).toBe('e5');
    expect(Object.keys(readLite(accepted[1], 0, accepted[1].length) as object).slice(0, 4)).toEqual(['10', 'true', '', '1:30']); // integer-like keys first, as in js-yaml
  });

  it('refuses what is outside the subset', () => {
    const refused = [
      'a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a: !t 1\n', '? a\n: b\n', 'a: 1\n<<: {b: 2}\n', 'a: 1\na: 2\n', '1: a\n"1": b\n',
      'a: multi\n  line\n', 'a: "multi\n  line"\n', "a: 'open\n", 'a:\t1\n', '\ta: 1\n', 'a: 1\r\nb: 2\r\n', '%YAML 1.1\n---\na: 1\n',
      'a:\n  b: 1\n c: 2\n', ' a: 1\n', 'a: b: c\n', 'a: b:\n', 'a: [1,\n  2]\n', 'a: [1, 2,]\n', 'a: {b}\n', 'a: |+\n  keep\n',
      'a: |2\n   x\n', 'a: |\n  x\n    \n  y\n', 'a: >\n  x\n    more\n', '__proto__: 1\n', 'a: "\\U0001F600"\n',
      'a: "\\ud83d"\n', 'a: "\\N"\n', 'a: \u0085x\n', 'a: 😀\n', 'a: \uFEFFx\n', '- a\n', 'a\n', 'a: - b\n', 'a: @x\n', 'a: `x\n',
      'a: "x" y\n', 'a: |\n', 'a: 1\n...\n', 'a: 1\n---\nb: 2\n', 'a: |\n  x\n...\n', 'a:\n  value on next line\n', 'a: {"b":1}\n',
    ];
    for (const t of refused) expect(readLite(t, 0, t.length), JSON.stringify(t)).toBeUndefined();
  });

  const key = fc.oneof(
    fc.constantFrom('name', 'yes', 'on', '012', '1:30', '~', 'null', '', '-x', 'a b', 'k.io/a', '#', ': ', "'", '"', '__proto__x', '2026-01-02', '1e3', '.5'),
    fc.string({ unit: fc.constantFrom('a', 'b', ' ', ':', '#', '-', "'", '"', '\\', '0', '1', '.', 'é', '{', ',', '?', '&', '*'), maxLength: 6 }),
  );
  const text = fc.string({
    unit: fc.constantFrom('a', 'z', ' ', ' ', ':', '#', '-', "'", '"', '\\', '\n', '\t', '{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '%', '@', '`', '?', '0', '1', '.', 'e', 'x', 'y', 'é', '\u0085', '😀', '\r'),
    maxLength: 12,
  });
  const scalar = fc.oneof(
    text,
    fc.constantFrom('yes', 'No', 'on', '012', '0x1F', '1:30', '~', 'null', '', '2026-01-02', '2026-01-02T03:04:05Z', '.inf', '-.Inf', '.NaN', '1_000', 'e5', '-0', 'a # b', 'multi\nline\n', 'trail\n\n', ' lead'),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }),
  );
  const value = fc.letrec<{ v: unknown }>((tie) => ({
    v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(key, tie('v'), { maxKeys: 4 })),
  })).v;
  const root = fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 });

  /** A random object dumped in one of several styles by js-yaml or by yaml. */
  const dumped = fc.tuple(root, fc.nat(11), fc.constantFrom(2, 3, 4), fc.boolean()).map(([obj, style, indent, flag]) => {
    try {
      switch (style) {
        case 0: return dumpJsYaml(obj, { indent });
        case 1: return dumpJsYaml(obj, { indent, seqNoIndent: flag, quoteStyle: 'double', lineWidth: 20 });
        case 2: return dumpJsYaml(obj, { indent, flowLevel: 2, forceQuotes: flag, lineWidth: -1 });
        case 3: return dumpJsYaml(obj, { seqInlineFirst: false, flowLevel: 1 });
        case 4: return stringifyYaml(obj, { version: '1.1', indent, indentSeq: flag });
        case 5: return stringifyYaml(obj, { version: '1.2', indentSeq: flag, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' });
        case 6: return stringifyYaml(obj, { version: '1.1', defaultStringType: 'QUOTE_SINGLE', lineWidth: 20, minContentWidth: 5 });
        case 7: return stringifyYaml(obj, { version: '1.1', defaultStringType: 'BLOCK_LITERAL', indent });
        case 8: return stringifyYaml(obj, { version: '1.1', defaultStringType: 'BLOCK_FOLDED', lineWidth: 20 });
        case 9: return stringifyYaml(obj, { version: '1.1', collectionStyle: 'flow', flowCollectionPadding: flag });
        case 10: return stringifyYaml(obj, { version: '1.2', indent, indentSeq: flag, lineWidth: 0 });
        default: return stringifyYaml(obj, { version: '1.1', collectionStyle: flag ? 'any' : 'block', defaultStringType: 'PLAIN', lineWidth: 30 });
      }
    } catch {
      return 'a: 1\n';
    }
  });

  it('on random objects dumped by js-yaml and yaml in several styles', () => {
    let accepted = 0;
    fc.assert(
      fc.property(dumped, (t) => {
        if (checkDoc(t)) accepted++;
      }),
      { numRuns: 3000 * SCALE, seed: 611 + SEED },
    );
    if (process.env.PODPATH_FUZZ_LOG) console.log("dumped accepted", accepted);
    expect(accepted).toBeGreaterThan(600); // the subset covers a good part of what the dumpers write
  });

  /** Random edits: characters that matter to YAML at random places, indentation changes, line moves. */
  const pieces = ['\t', ' ', '  ', '"', "'", ':', ': ', '#', ' #', '- ', '-', '\n', '\n  ', '\n- ', '{', '}', '[', ']', ',', '&a ', '*a', '!x ', '|', '>-', '|+', '\\', '? ', '~', '\r', 'yes', '012', '1:30', '2026-01-02', '<<: ', '\n\n', '...', '---', 'é'];
  const edit = fc.tuple(fc.nat(3), fc.nat(), fc.nat(), fc.constantFrom(...pieces));
  function mutate(t: string, edits: [number, number, number, string][]): string {
    for (const [op, a, b, piece] of edits) {
      const i = t.length ? a % (t.length + 1) : 0;
      if (op === 0) t = t.slice(0, i) + piece + t.slice(i);
      else if (op === 1) t = t.slice(0, i) + t.slice(Math.min(t.length, i + 1 + (b % 4)));
      else {
        const lines = t.split('\n');
        const l = b % lines.length;
        if (op === 2) lines[l] = (a % 2 ? ' ' : '  ') + lines[l];
        else lines.splice(a % lines.length, 0, lines[l]);
        t = lines.join('\n');
      }
    }
    return t;
  }
  const sample = generateCluster(100).yaml.split('---\n').filter(Boolean);
  const base = fc.oneof(dumped, fc.constantFrom(...sample.slice(0, 40)));

  it('on random mutations of dumped and generated documents', () => {
    let accepted = 0;
    fc.assert(
      fc.property(base, fc.array(edit, { minLength: 1, maxLength: 3 }), (t, edits) => {
        if (checkDoc(mutate(t, edits))) accepted++;
      }),
      { numRuns: 4000 * SCALE, seed: 2026 + SEED },
    );
    if (process.env.PODPATH_FUZZ_LOG) console.log("mutated accepted", accepted);
    expect(accepted).toBeGreaterThan(400);
  });
});
