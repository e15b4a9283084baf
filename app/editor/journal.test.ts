// The edit journal: replaying Monaco-style changes on the stored version gives the edited text, and a
// journal that does not fit its base is refused rather than applied.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChanges, replay, type Change } from './journal';

describe('edit journal', () => {
  it('replays random edits (several changes per edit, as multi-cursor typing makes) to the same text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.array(fc.array(fc.tuple(fc.nat(), fc.nat({ max: 5 }), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 3 }), { maxLength: 20 }), (base, edits) => {
        let text = base;
        const entries = edits.map((raw, seq) => {
          // Non-overlapping changes within the current text, as Monaco reports them.
          const changes: Change[] = [];
          let floor = 0;
          for (const [o, l, t] of raw.map(([o, l, t]) => [o % (text.length + 1), l, t] as Change).sort((a, b) => a[0] - b[0])) {
            const offset = Math.max(o, floor);
            if (offset > text.length) break;
            const length = Math.min(l, text.length - offset);
            changes.push([offset, length, t]);
            floor = offset + length + 1;
          }
          text = applyChanges(text, changes);
          return { seq, changes };
        });
        expect(replay(base, entries)).toBe(text);
      }),
      { numRuns: 300, seed: 16 },
    );
  });

  it('refuses a journal that does not fit its base', () => {
    expect(replay('abc', [{ seq: 1, changes: [[2, 5, 'x']] }])).toBeNull();
    expect(replay('abc', [{ seq: 1, changes: [[-1, 0, 'x']] }])).toBeNull();
  });
});
