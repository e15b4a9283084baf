import { describe, expect, it } from 'vitest';
import { combineFiles, decodedFile, isManifestFile, originOf } from './files';
import { parseManifests } from '../../src-core/parse/parse';

describe('combineFiles', () => {
  it('keeps a single file as is', () => {
    expect(combineFiles([{ name: 'a.yaml', text: 'kind: Service\n' }])).toBe('kind: Service\n');
  });

  it('joins files into documents that all parse, a JSON file included', () => {
    const text = combineFiles([
      { name: 'a.yaml', text: '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\n' },
      { name: 'b.json', text: '{"apiVersion":"v1","kind":"Service","metadata":{"name":"b"}}' },
      { name: 'c.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: c\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: d\n' },
    ]);
    const parsed = parseManifests([{ name: 'x', text }]);
    expect(parsed.objects.map((o) => o.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(text).toContain('# file: b.json');
  });

  it('recognises manifest file names', () => {
    expect(isManifestFile('x.YAML')).toBe(true);
    expect(isManifestFile('x.yml')).toBe(true);
    expect(isManifestFile('x.json')).toBe(true);
    expect(isManifestFile('x.png')).toBe(false);
  });
});

describe('originOf', () => {
  it('maps an editor line of combined files back to the file and its line', () => {
    const a = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n';
    const b = '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n';
    const text = combineFiles([{ name: 'dir/a.yaml', text: a }, { name: 'dir/b.yaml', text: b }]);
    const lines = text.split('\n');
    const at = (needle: string) => lines.indexOf(needle) + 1;
    expect(originOf(text, at('  name: a'))).toEqual({ file: 'dir/a.yaml', line: 4 });
    // b.yaml's leading `---` was dropped: its line 5 is still called line 5.
    expect(originOf(text, at('  name: b'))).toEqual({ file: 'dir/b.yaml', line: 5 });
    expect(originOf('kind: Pod\n', 1)).toBeNull();
  });
});

describe('decodedFile (issue 16: invalid UTF-8 is said, with its position)', () => {
  const bytes = (...parts: (string | number[])[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));
  it('gives the text File.text() would, and a problem naming the line and column of the first bad byte', () => {
    const problems: string[] = [];
    const f = decodedFile('bad.yaml', bytes('\uFEFFkind: Pod\nmetadata:\n  name: é', [0xff], '\n  x: ', [0xc3], '\n'), problems);
    expect(f.text).toBe('kind: Pod\nmetadata:\n  name: é\uFFFD\n  x: \uFFFD\n');
    expect(problems).toEqual(['bad.yaml: not valid UTF-8 at line 3, column 10 and on 1 more line; those bytes are shown as \uFFFD and kubectl would refuse the file']);
    const ok: string[] = [];
    expect(decodedFile('ok.yaml', bytes('a: "\uFFFD"\n'), ok).text).toBe('a: "\uFFFD"\n');
    expect(ok).toEqual([]);
  });
});
