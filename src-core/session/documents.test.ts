// The incremental parser must give exactly what a whole-text parse gives, after any sequence of edits:
// documents, objects (values, refs, ranges), diagnostics and the position of fields. Its cache is keyed
// by document text; these property tests edit texts at random (including edits that keep the length,
// touch `---` lines, break the YAML, duplicate documents) and compare every step with a fresh parse.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateCluster } from '../cli/bench/generate';
import { parseManifests, type ParseResult } from '../parse/parse';
import type { Path } from '../parse/source';
import { IncrementalParser } from './documents';

const FILE = 'manifests.yaml';
const examplesDir = new URL('../../public/examples/', import.meta.url);
const EXAMPLES = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => readFileSync(new URL(f, examplesDir), 'utf8'));

function fieldPaths(value: unknown, base: Path, out: Path[], cap: number): void {
  if (out.length >= cap) return;
  out.push(base);
  if (Array.isArray(value)) value.forEach((v, i) => fieldPaths(v, [...base, i], out, cap));
  else if (value !== null && typeof value === 'object' && !(value instanceof Date)) for (const [k, v] of Object.entries(value)) fieldPaths(v, [...base, k], out, cap);
}

function expectSame(got: ParseResult, text: string, pathCap = 200): void {
  const want = parseManifests([{ name: FILE, text }]);
  expect(got.documents).toEqual(want.documents);
  expect(got.diagnostics).toEqual(want.diagnostics);
  expect(got.objects).toEqual(want.objects);
  expect(got.sourceMap.textOf(FILE)).toBe(text);
  let budget = pathCap;
  for (const o of want.objects) {
    const paths: Path[] = [];
    fieldPaths(o.value, o.ref.path, paths, Math.max(1, budget));
    budget -= paths.length;
    for (const path of [...paths, [...o.ref.path, 'spec', 'nope', 2]]) {
      const ref = { doc: o.ref.doc, path };
      expect(got.sourceMap.locate(ref)).toEqual(want.sourceMap.locate(ref));
    }
    if (budget <= 0) break;
  }
}

/** Fragments an edit inserts: comments, markers, YAML that breaks or changes values, quotes, tabs. */
const FRAGMENTS = ['#', ' ', '\n', 'x', '0', '---\n', '\n---\n', '...\n', ': ', '- ', '"', "'", '{', '}', '[', '\t', '# c\n', '  extra: 1\n', '&a ', '*a', '%YAML 1.1\n', 'kind: Pod\n', '|\n  text\n'];

type Edit = { at: number; del: number; ins: string };
const editArb: fc.Arbitrary<Edit> = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.integer({ min: 0, max: 6 }), ins: fc.constantFrom(...FRAGMENTS) });

function apply(text: string, e: Edit): string {
  const at = Math.floor(e.at * text.length);
  return text.slice(0, at) + e.ins + text.slice(at + e.del);
}

describe('incremental parse equals a whole-text parse', () => {
  it('on every example, cold and after a one-character edit', () => {
    const p = new IncrementalParser(FILE);
    for (const text of EXAMPLES) {
      expectSame(p.parse(text), text);
      const edited = text.replace(/\n(\s+)name: /, '\n$1name: z');
      const r = p.parse(edited);
      expectSame(r, edited);
    }
  });

  it('with CRLF line ends, a byte-order mark, directives and `...` markers (the last three: whole-text parse)', () => {
    const p = new IncrementalParser(FILE);
    const crlf = EXAMPLES.slice(0, 6).join('---\n').replace(/\n/g, '\r\n');
    expectSame(p.parse(crlf), crlf);
    p.warm(Infinity);
    const edited = crlf.replace('name: ', 'name: q');
    expectSame(p.parse(edited), edited);
    expect(p.stats.parsed).toBe(1);
    for (const text of ['\ufeff' + EXAMPLES[0], '%YAML 1.1\n---\n' + EXAMPLES[1], EXAMPLES[2] + '\n...\n---\n' + EXAMPLES[3]]) {
      expectSame(p.parse(text), text);
      expect(p.stats.parsed).toBe(-1);
    }
  });

  it('reparses only the document an edit touched', () => {
    const text = EXAMPLES.join('\n---\n');
    const p = new IncrementalParser(FILE);
    p.parse(text);
    expect(p.warm(Infinity)).toBe(true);
    const docs = p.parse(text).documents.length;
    expect(p.stats).toEqual({ parsed: 0, reused: docs }); // copies of one document included
    const edited = text.replace('name: web', 'name: webx');
    expectSame(p.parse(edited), edited);
    expect(p.stats.parsed).toBe(1);
    // A comment at the end: one document again, positions of the others unchanged.
    expectSame(p.parse(edited + '# note\n'), edited + '# note\n');
    expect(p.stats.parsed).toBe(1);
  });

  it('after random sequences of edits to several examples (one parser, cache kept across edits)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: EXAMPLES.length - 1 }), { minLength: 1, maxLength: 4 }), fc.array(editArb, { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 3 }), (pick, edits, warmth) => {
        let text = pick.map((i) => EXAMPLES[i]).join('---\n');
        const p = new IncrementalParser(FILE);
        expectSame(p.parse(text), text, 60);
        for (const e of edits) {
          if (warmth > 0) p.warm(warmth === 3 ? Infinity : performance.now() + warmth);
          text = apply(text, e);
          expectSame(p.parse(text), text, 60);
        }
      }),
      { numRuns: 100, seed: 20261121 },
    );
  });

  it('edits that keep the length and documents written twice never get another text\'s parse', () => {
    const base = EXAMPLES[0];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('a', 'b', '1', ' ', '#', ':')), { minLength: 1, maxLength: 10 }), (subs) => {
        // The same document twice, then single-character substitutions (same length, new text).
        let text = `${base}---\n${base}`;
        const p = new IncrementalParser(FILE);
        expectSame(p.parse(text), text, 40);
        for (const [at, ch] of subs) {
          const i = Math.floor(at * (text.length - 1));
          if (text[i] === '\n') continue;
          text = text.slice(0, i) + ch + text.slice(i + 1);
          expectSame(p.parse(text), text, 40);
        }
      }),
      { numRuns: 50, seed: 7 },
    );
  });

  it('on the generated 100-workload cluster: cold (whole), warmed, then edits anywhere', () => {
    let text = generateCluster(100).yaml;
    const p = new IncrementalParser(FILE);
    expectSame(p.parse(text), text, 400);
    expect(p.stats.parsed).toBe(-1); // cold: the whole-text fast path
    while (!p.warm(performance.now() + 5));
    const edits: Edit[] = [
      { at: 0.5, del: 0, ins: '#' },
      { at: 0.25, del: 1, ins: 'x' },
      { at: 0.999, del: 0, ins: '\n---\n' },
      { at: 0.75, del: 0, ins: '"' },
      { at: 0.75, del: 1, ins: '' },
      { at: 0.1, del: 0, ins: '  extra: 1\n' },
    ];
    for (const e of edits) {
      text = apply(text, e);
      expectSame(p.parse(text), text, 300);
    }
  });
});
