// Calico selector language: cases from projectcalico/calico libcalico-go/lib/selector/parser/parser_test.go
// (selectorTests: expression, labels that match, labels that do not) and its badSelectors list.
import { describe, expect, it } from 'vitest';
import { calicoSelectorMatches, formatCalicoSelector, parseCalicoSelector } from './calico-selector';

function sel(s: string) {
  const p = parseCalicoSelector(s);
  if (!p.ok) throw new Error(`test bug: ${s}: ${p.error}`);
  return p.selector;
}

const cases: [string, Record<string, string>[], Record<string, string>[]][] = [
  ['', [{}, { a: 'b' }], []],
  [`a == "b"`, [{ a: 'b' }, { a: 'b', c: 'd' }], [{}, { a: 'c' }, { c: 'd' }]],
  [`a == 'b'`, [{ a: 'b' }], [{ a: 'c' }]],
  [`a != "b"`, [{}, { a: 'c' }, { c: 'd' }], [{ a: 'b' }]],
  [`has(a)`, [{ a: 'b' }, { a: '' }], [{}, { c: 'd' }]],
  [`!has(a)`, [{}, { c: 'd' }], [{ a: 'b' }]],
  [`a in {"b", "c"}`, [{ a: 'b' }, { a: 'c' }], [{}, { a: 'd' }]],
  [`a not in {"b", "c"}`, [{}, { a: 'd' }], [{ a: 'b' }, { a: 'c' }]],
  [`a in {}`, [], [{}, { a: '' }]],
  [`a not in {}`, [{}, { a: 'b' }], []],
  [`a contains "bc"`, [{ a: 'abcd' }, { a: 'bc' }], [{}, { a: 'b' }]],
  [`a starts with "bc"`, [{ a: 'bcd' }], [{ a: 'abc' }, {}]],
  [`a ends with "bc"`, [{ a: 'abc' }], [{ a: 'bcd' }, {}]],
  [`a == "b" && c == "d"`, [{ a: 'b', c: 'd' }], [{ a: 'b' }, { c: 'd' }]],
  [`a == "b" || c == "d"`, [{ a: 'b' }, { c: 'd' }], [{}, { a: 'c' }]],
  [`a == "b" || c == "d" && e == "f"`, [{ a: 'b' }, { c: 'd', e: 'f' }], [{ c: 'd' }]],
  [`(a == "b" || c == "d") && e == "f"`, [{ a: 'b', e: 'f' }], [{ a: 'b' }]],
  [`!(a == "b")`, [{}, { a: 'c' }], [{ a: 'b' }]],
  [`!!has(a)`, [{ a: '' }], [{}]],
  [`all()`, [{}, { a: 'b' }], []],
  [`!all()`, [], [{}]],
  [`global()`, [{}], []],
  [`has(calico/k8s_ns)`, [{ 'calico/k8s_ns': 'x' }], [{}]],
  [`  a   ==   "b"  `, [{ a: 'b' }], [{}]],
];

describe('Calico selectors (libcalico-go parser_test.go)', () => {
  for (const [expr, yes, no] of cases) {
    it(JSON.stringify(expr), () => {
      const s = sel(expr);
      for (const l of yes) expect(calicoSelectorMatches(s.root, l), `${expr} on ${JSON.stringify(l)}`).toBe(true);
      for (const l of no) expect(calicoSelectorMatches(s.root, l), `${expr} on ${JSON.stringify(l)}`).toBe(false);
    });
  }

  it('rejects what the upstream parser rejects, with the offset', () => {
    // parser_test.go badSelectors (a representative subset).
    for (const bad of ['b', 'a b', 'has(b) b', 'a ==', 'a == b', 'a = "b"', 'has(a', 'a in "b"', 'a in {"b"', '(a == "b"', 'a == "b")', '!', 'a & b', 'a | b', 'a == "b', 'all(', 'global( x', 'a starts "b"', 'a not "b"']) {
      const p = parseCalicoSelector(bad);
      expect(p.ok, bad).toBe(false);
    }
    const p = parseCalicoSelector(`app == 'x' && tier = 'y'`);
    expect(p).toMatchObject({ ok: false, error: 'expected ==', offset: 19 });
  });

  it('a trailing bare label is an error even where a label may stand (tokenizer.go findIdentifier returns "" at end of input)', () => {
    expect(parseCalicoSelector('has(a) && b').ok).toBe(false);
  });

  it('global() is all() outside a namespaceSelector, and no pod inside one (rules.go getEndpointSelector)', () => {
    const g = sel('global()');
    expect(calicoSelectorMatches(g.root, {})).toBe(true);
    expect(calicoSelectorMatches(g.root, {}, { namespaced: true })).toBe(false);
    expect(calicoSelectorMatches(sel('all()').root, {}, { namespaced: true })).toBe(true);
    expect(calicoSelectorMatches(sel('!global()').root, {}, { namespaced: true })).toBe(true);
  });

  it('never throws on hostile input: deep nesting and long inputs are parse errors or parse', () => {
    expect(parseCalicoSelector('('.repeat(100000) + 'all()' + ')'.repeat(100000))).toMatchObject({ ok: false, error: 'parentheses nested deeper than 100' });
    expect(parseCalicoSelector('!'.repeat(100000) + 'all()').ok).toBe(true);
    expect(parseCalicoSelector(Array.from({ length: 5000 }, (_, i) => `a${i} == "x"`).join(' || ')).ok).toBe(true);
    expect(parseCalicoSelector('a in {' + '"x",'.repeat(10000) + '"y"}').ok).toBe(true);
  });

  it('formats canonically', () => {
    expect(formatCalicoSelector(sel(`a in {'c','b','c'} && !has(x)`).root)).toBe('(a in {"b", "c"} && !has(x))');
  });
});
