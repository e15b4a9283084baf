// Issue 16, "one YAML, one answer": every parse path (the `yaml` package in YAML 1.1 mode — the reference —,
// the js-yaml fallback and the lite reader of the fast path) gives the `yaml` package's values or its
// error, and what kubectl's YAML reader refuses (invalid UTF-8, control characters) is reported with its
// line and column. Each divergence the issue lists has a case here, and a differential fuzz test (fixed
// seed, bounded; PODPATH_FUZZ_SCALE=10 PODPATH_FUZZ_SEED=n for a longer run) looks for the next one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCluster } from '../index';
import { traceQuery } from '../analyze/trace';
import { decodeUtf8 } from './encoding';
import { readLite } from './lite';
import { parseManifests, type InputFile, type ParseResult } from './parse';

const SCALE = Number(process.env.PODPATH_FUZZ_SCALE ?? 1);
const SEED = Number(process.env.PODPATH_FUZZ_SEED ?? 0);

const both = (text: string, extra: Partial<InputFile> = {}) => ({
  yaml: parseManifests([{ name: 'in.yaml', text, ...extra }], { strategy: 'yaml' }),
  fast: parseManifests([{ name: 'in.yaml', text, ...extra }], { strategy: 'fast' }),
});
/** What a path made of the input: object values and diagnostics (code, severity, position). */
const outcome = (r: ParseResult) => ({
  objects: r.objects.map((o) => JSON.stringify(o.value)),
  diagnostics: r.diagnostics.map((d) => `${d.code}:${d.severity}@${d.range.startLine}:${d.range.startCol}`),
});
function expectOneAnswer(text: string, extra: Partial<InputFile> = {}): ParseResult {
  const { yaml, fast } = both(text, extra);
  expect(outcome(fast), JSON.stringify(text)).toEqual(outcome(yaml));
  return yaml;
}

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: ns\n';
const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: ns\nspec:\n  podSelector: {}\n';

describe('every parse path gives the yaml package answer', () => {
  it('refuses implicit keys whose ":" is more than 1024 characters after the key starts (KEY_OVER_1024_CHARS)', () => {
    const keys = ['a'.repeat(1025), `"${'a'.repeat(1023)}"`, `'${'a'.repeat(1023)}'`, `a${' '.repeat(1024)}`];
    for (const k of keys) {
      const text = `${POD}${k}: 1\n`;
      expect(readLite(text, 0, text.length), k.slice(0, 3)).toBeUndefined();
      const r = expectOneAnswer(text);
      expect(r.objects).toEqual([]);
      expect(r.diagnostics[0].code).toBe('yaml-syntax');
    }
    // At the limit both read it (and the lite reader may take it or leave it).
    const ok = `${POD}${'a'.repeat(1000)}: 1\n`;
    expect(expectOneAnswer(ok).objects).toHaveLength(1);
  });

  it('does not let js-yaml read what yaml rejects or reads differently', () => {
    const cases = [
      `${POD}: x: y\n`, // an empty key with a compact mapping (js-yaml: {"": {x: y}})
      `${POD}spec:\n  : x\n`,
      `${POD}spec:\n- : x\n`,
      `${POD}spec: 1\rextra: 2\n`, // a lone CR: a line break for js-yaml, content for yaml
      `${POD}spec:\n  text\r   more\n`,
      `${POD}? k\n: v\n`,
      `${POD}spec:\n\tz: 1\n`,
      `${POD}spec:\n  a: 1\r\n: x: y\r\n`,
    ];
    for (const c of cases) expectOneAnswer(c);
    expect(outcome(both(`${POD}: x: y\n`).fast).objects).toEqual([]);
  });

  it('keeps a valid document before a document that starts with a stray ] or }', () => {
    for (const stray of [']', '}', '  ]', '} # c']) {
      const text = `${DENY}---\n${stray}\n${POD}`;
      const r = expectOneAnswer(text);
      // The default-deny is kept; the broken document is the one skipped, with its error on its own line.
      expect(r.objects.map((o) => o.kind)).toEqual(['NetworkPolicy']);
      expect(r.diagnostics.map((d) => [d.code, d.range.startLine])).toContainEqual(['yaml-syntax', 9]);
      expect(expectOneAnswer(text + '#'.repeat(70_000) + '\n').objects.map((o) => o.kind)).toEqual(['NetworkPolicy']);
    }
  });

  it('a stray ] no longer turns a default-deny into ALLOWED', () => {
    const files = [{ name: 'in.yaml', text: `${POD}  labels: {app: a}\n---\n${DENY.replace('name: deny', 'name: deny\n')}---\n]\napiVersion: v1\nkind: Pod\nmetadata:\n  name: q\n  namespace: ns\n` }];
    const c = loadCluster(files);
    expect(c.networkPolicies.map((p) => p.meta.name)).toEqual(['deny']);
    const t = traceQuery(c, { from: 'internet', to: 'ns/p', port: 80 });
    expect(t.allowed).toBe(false);
  });

  it('reports NUL and other control characters with their position and skips that document only', () => {
    for (const [ch, name] of [['\0', 'U+0000 (NUL)'], ['\x01', 'U+0001'], ['\x7F', 'U+007F (DEL)'], ['\x85'.replace('\x85', '\x9B'), 'U+009B'], ['\uFFFE', 'U+FFFE']]) {
      const text = `${DENY}---\n${POD}  labels:\n    app: "a${ch}b"\n`;
      const r = expectOneAnswer(text);
      expect(r.objects.map((o) => o.kind)).toEqual(['NetworkPolicy']);
      const d = r.diagnostics.find((x) => x.code === 'invalid-character');
      expect(d, name).toMatchObject({ severity: 'error', range: { startLine: 15, startCol: 12 } });
      expect(d?.message).toContain(name);
      expectOneAnswer(text + '#'.repeat(70_000) + '\n'); // and on the fast path of `auto`
    }
    // Tabs, CR LF, NEL and non-ASCII text are allowed (go-yaml's printable set).
    const fine = expectOneAnswer(`${POD}  labels:\n    app: "a\tb\u0085c\u00e9\u4e2d"\r\n`);
    expect(fine.diagnostics).toEqual([]);
    expect(fine.objects).toHaveLength(1);
  });

  it('decodes bytes as UTF-8 and reports invalid sequences with line and column (the CLI reads bytes)', () => {
    const enc = new TextEncoder();
    const bytes = (...parts: (string | number[])[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...enc.encode(p)] : p)));
    expect(decodeUtf8(bytes('é: 1\n'))).toEqual({ text: 'é: 1\n', invalidUtf8: [] });
    expect(decodeUtf8(bytes('\uFEFFa: 1\n')).text).toBe('\uFEFFa: 1\n'); // a BOM is kept for the YAML parsers
    // Lone continuation byte, overlong encoding, surrogate, truncated sequence, invalid lead byte.
    for (const bad of [[0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xff]]) {
      const d = decodeUtf8(bytes(`${DENY}---\n${POD}  labels:\n    app: é`, bad, '\n'));
      expect(d.invalidUtf8).toHaveLength(1);
      expect(d.text[d.invalidUtf8[0]]).toBe('\uFFFD');
      const r = expectOneAnswer(d.text, { invalidUtf8: d.invalidUtf8 });
      expect(r.objects.map((o) => o.kind)).toEqual(['NetworkPolicy']);
      expect(r.diagnostics.find((x) => x.code === 'invalid-utf8')).toMatchObject({ severity: 'error', range: { startLine: 15, startCol: 11 } });
    }
    // A real U+FFFD in valid UTF-8 is text, not an error.
    const real = decodeUtf8(bytes(`${POD}  labels:\n    app: "\uFFFD"\n`));
    expect(real.invalidUtf8).toEqual([]);
  });

  /** Lines of YAML that matter to the readers' disagreements, at random indentation and line ends. */
  const fragment = fc.constantFrom(
    'a:', 'b: 1', 'c: x y', '- x', '- k: v', '-', '# c', ': x: y', ':', '? k', '"q": 1', "'s': 2", 'x', ']', '}', '[1,', '2]',
    '{a: 1}', '|', '>-', 'text', 'k: v # c', 'k: "a', 'b"', 'd: [1, 2]', 'e: {f: g}', 'kind: Pod', 'k:v', 'k: - x', 'k: a: b',
    '- - y', 'z: |', 'w: >', '"k" : 1', 'k : 1', '&a x: 1', 'y: *a', 'q: !t v', 'n: null', 'k:  # c', '#c', 'v: @x', '%x: 1',
    '---', '...', 'labels: {app: "a\u0000"}', 'x: "\uFFFD"', `${'k'.repeat(1030)}: 1`,
  );
  const line = fc.tuple(fc.constantFrom('', '', ' ', '  ', '   ', '    ', '\t'), fragment, fc.constantFrom('\n', '\n', '\n', '\r\n', '\r', '\n\n', ' \n')).map(([i, f, e]) => i + f + e);
  const head = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n';

  it('agrees with yaml on random documents made of those fragments (differential fuzz)', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 7 }), fc.boolean(), (lines, withHead) => {
        expectOneAnswer(`${withHead ? head : ''}${lines.join('')}---\n${head}`);
      }),
      { numRuns: 400 * SCALE, seed: 1616 + SEED },
    );
  });
});
