import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_SLICE, MIN_SLICE, formatSize, nextSliceSize, normalizeEol, progressLabel, sliceEnd, spliceText } from './bulk';

/** The slices a load would append, with a fixed size. */
function slices(text: string, size: number): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < text.length) {
    const end = sliceEnd(text, at, size);
    out.push(text.slice(at, end));
    at = end;
  }
  return out;
}

describe('spliceText', () => {
  it('replaces the selection with the pasted text', () => {
    expect(spliceText('kind: A\nkind: B\n', 6, 7, 'Service')).toBe('kind: Service\nkind: B\n');
    expect(spliceText('abc', 0, 3, 'xyz')).toBe('xyz');
    expect(spliceText('abc', 3, 3, '!')).toBe('abc!');
  });

  it('clamps offsets outside the text and a reversed range to an insertion', () => {
    expect(spliceText('abc', -5, 99, 'z')).toBe('z');
    expect(spliceText('abc', 2, 1, 'z')).toBe('abzc');
  });
});

describe('sliceEnd', () => {
  it('ends slices after a line break, so each appends whole lines', () => {
    const text = 'a: 1\nbb: 2\nccc: 3\n';
    expect(slices(text, 3)).toEqual(['a: 1\n', 'bb: 2\n', 'ccc: 3\n']);
    expect(slices(text, 7)).toEqual(['a: 1\nbb: 2\n', 'ccc: 3\n']);
  });

  it('keeps a line longer than the slice whole, and the tail without a final newline', () => {
    expect(slices('x'.repeat(50) + '\nend', 10)).toEqual(['x'.repeat(50) + '\n', 'end']);
  });

  it('never splits a CR LF pair', () => {
    for (const s of slices('a\r\nb\r\nc\r\n', 2)) expect(s.endsWith('\r')).toBe(false);
  });

  it('slices always add up to the text, for any text and size', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '\n', '\r', ' ', 'é', '😀') }), fc.integer({ min: 1, max: 40 }), (text, size) => {
        const parts = slices(text, size);
        expect(parts.join('')).toBe(text);
        for (const p of parts.slice(0, -1)) expect(p.endsWith('\n')).toBe(true);
      }),
      { seed: 6, numRuns: 300 },
    );
  });
});

describe('nextSliceSize', () => {
  it('aims at the time budget', () => {
    expect(nextSliceSize(200_000, 50, 25)).toBe(100_000);
    expect(nextSliceSize(200_000, 20, 25)).toBe(250_000);
  });

  it('grows at most ×2 and shrinks at most ÷4 per step, within the bounds', () => {
    expect(nextSliceSize(100_000, 1, 25)).toBe(200_000);
    expect(nextSliceSize(400_000, 10_000, 25)).toBe(100_000);
    expect(nextSliceSize(MAX_SLICE, 1, 25)).toBe(MAX_SLICE);
    expect(nextSliceSize(MIN_SLICE, 500, 25)).toBe(MIN_SLICE);
    expect(nextSliceSize(100_000, 0, 25)).toBe(200_000);
  });
});

describe('normalizeEol', () => {
  it('turns CR LF and lone CR into LF, and leaves LF text as the same string', () => {
    expect(normalizeEol('a\r\nb\rc\n')).toBe('a\nb\nc\n');
    const lf = 'a\nb\n';
    expect(normalizeEol(lf)).toBe(lf);
  });
});

describe('progress label', () => {
  it('reads as size and whole percent, 100 only when done', () => {
    expect(progressLabel(5_460_000, 12_705_738)).toBe('Loading 12.7 MB… 42 %');
    expect(progressLabel(12_705_737, 12_705_738)).toBe('Loading 12.7 MB… 99 %');
    expect(progressLabel(12_705_738, 12_705_738)).toBe('Loading 12.7 MB… 100 %');
    expect(formatSize(840_123)).toBe('840 kB');
    expect(formatSize(512)).toBe('512 B');
  });
});
