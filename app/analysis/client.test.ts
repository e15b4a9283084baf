// Which query the trace panel shows and a link carries: the store's, or the session's automatic question
// for that very stored query — never written back to the store (issue 11), so undo brings the stored one back.
import { describe, expect, it } from 'vitest';
import { pickShownQuery } from './client';

const scenario = { from: 'internet', to: 'https://old.example.com/' };
const auto = { from: 'internet', to: 'svc:shop/web', port: 80 };

describe('the query shown', () => {
  it('the automatic question when the session answered the stored preset query with it', () => {
    expect(pickShownQuery(scenario, 'preset', auto, scenario)).toBe(auto);
  });

  it('the stored query once the answer is for it again (undo), or for an equal one', () => {
    expect(pickShownQuery(scenario, 'preset', { ...scenario }, scenario)).toBe(scenario);
  });

  it('the stored query while the answer is for an older one (a new scenario, not yet analysed)', () => {
    const next = { from: 'a/b', to: 'c/d' };
    expect(pickShownQuery(next, 'preset', auto, scenario)).toBe(next);
  });

  it('a query the person typed, whatever the answer says', () => {
    expect(pickShownQuery(scenario, 'user', auto, scenario)).toBe(scenario);
  });

  it('the stored query before any answer', () => {
    expect(pickShownQuery(scenario, 'preset', undefined, undefined)).toBe(scenario);
    expect(pickShownQuery(null, 'preset', undefined, undefined)).toBeNull();
  });
});
