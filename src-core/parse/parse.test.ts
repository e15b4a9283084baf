import { describe, expect, it } from 'vitest';
import { parseManifests } from './parse';

const one = (text: string) => parseManifests([{ name: 'in.yaml', text }]);

describe('parseManifests', () => {
  it('reads every document of a multi-document file with its position', () => {
    const r = one('apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n');
    expect(r.objects.map((o) => o.name)).toEqual(['a', 'b']);
    expect(r.objects[1].range.startLine).toBe(6);
    expect(r.diagnostics).toEqual([]);
  });

  it('unwraps kind: List and typed lists, giving items the list item kind', () => {
    const r = one(
      'apiVersion: v1\nkind: PodList\nitems:\n- metadata: {name: p1}\n- metadata: {name: p2}\n---\napiVersion: v1\nkind: List\nitems:\n- kind: Service\n  apiVersion: v1\n  metadata: {name: s}\n',
    );
    expect(r.objects.map((o) => `${o.kind}/${o.name}`)).toEqual(['Pod/p1', 'Pod/p2', 'Service/s']);
    expect(r.objects[1].ref.path).toEqual(['items', 1]);
    expect(r.objects[1].range.startLine).toBe(5);
  });

  it('reads JSON, including a top-level array', () => {
    const r = one('[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x","namespace":"n"}}]');
    expect(r.objects).toHaveLength(1);
    expect(r.objects[0].namespace).toBe('n');
  });

  it('reports a syntax error with line and column and still loads the other documents', () => {
    const r = one('kind: Service\nmetadata: {name: ok}\n---\nkind: Pod\nmetadata: [oops\n');
    expect(r.objects.map((o) => o.name)).toEqual(['ok']);
    const d = r.diagnostics.find((x) => x.code === 'yaml-syntax');
    expect(d?.severity).toBe('error');
    expect(d?.range.startLine).toBeGreaterThanOrEqual(5);
    expect(d?.range.file).toBe('in.yaml');
  });

  it('reports objects without kind or metadata.name at their position', () => {
    const r = one('metadata: {name: x}\n---\nkind: Pod\nmetadata:\n  labels: {a: b}\n');
    expect(r.objects).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.range.startLine])).toEqual([
      ['missing-kind', 1],
      ['missing-name', 4],
    ]);
  });

  it('refuses a YAML alias bomb instead of expanding it', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) bomb.push(`${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(9).fill('*' + 'abcdefghij'[i - 1]).join(',')}]`);
    const r = one(bomb.join('\n') + '\nkind: Pod\nmetadata: {name: boom}\n');
    expect(r.objects).toEqual([]);
    expect(r.diagnostics[0].code).toBe('yaml-alias-limit');
  });

  it('locates a nested field, and falls back to the nearest existing ancestor', () => {
    const r = one('kind: NetworkPolicy\nmetadata:\n  name: np\nspec:\n  ingress:\n  - from:\n    - podSelector: {}\n');
    const ref = r.objects[0].ref;
    expect(r.sourceMap.locate({ doc: ref.doc, path: ['spec', 'ingress', 0, 'from', 0] }).startLine).toBe(7);
    expect(r.sourceMap.locate({ doc: ref.doc, path: ['spec', 'egress', 0] }).startLine).toBe(4);
  });

  it('ignores empty documents and comments-only input', () => {
    expect(one('# nothing here\n---\n---\n').diagnostics).toEqual([]);
    expect(one('').objects).toEqual([]);
  });
});
