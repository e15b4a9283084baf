// The one rule for undecided hops (settleUndetermined): undetermined only when nothing denies, never "allowed".
import { describe, expect, it } from 'vitest';
import { settleUndetermined } from './index';
import type { Hop, Trace } from '../types';

const hop = (verdict: Hop['verdict'], summary = `a ${verdict} hop`): Hop => ({ kind: 'ingress-policy', title: verdict, verdict, summary, steps: [] });
const trace = (allowed: boolean, hops: Hop[]): Trace => ({
  query: { from: 'a/x', to: 'b/y', port: 80 },
  allowed,
  verdict: allowed ? 'allowed' : 'denied',
  summary: `a/x → b/y on TCP 80: ${allowed ? 'allowed (ingress by NetworkPolicy b/p)' : 'denied — nope'}`,
  hops,
  reached: allowed ? 'b/y' : null,
  path: [],
});

describe('settleUndetermined', () => {
  it('an allowed trace with an undecided hop becomes undetermined: not allowed, nothing reached, the hop named', () => {
    const t = settleUndetermined(trace(true, [hop('allowed'), hop('undetermined', 'the pod IP of b/y is not in the input'), hop('allowed')]));
    expect(t.allowed).toBe(false);
    expect(t.verdict).toBe('undetermined');
    expect(t.reached).toBeNull();
    expect(t.summary).toBe('a/x → b/y on TCP 80: undetermined — the pod IP of b/y is not in the input');
  });
  it('the closing "reaches" hop is no longer shown as a pass', () => {
    const t = settleUndetermined(trace(true, [hop('undetermined'), { kind: 'destination', title: 'Reaches b/y', verdict: 'allowed', summary: 'reaches b/y', steps: [] }]));
    expect(t.hops[1].verdict).toBe('info');
    expect(t.hops[1].summary).toBe('only if the undetermined hop passes: reaches b/y');
  });
  it('a hop that denies outright decides, whatever else is undecided', () => {
    const t = settleUndetermined(trace(false, [hop('undetermined'), hop('denied')]));
    expect(t.verdict).toBe('denied');
    expect(t.summary).toContain('denied — nope');
  });
  it('a trace without undecided hops is left as it is', () => {
    const t0 = trace(true, [hop('allowed'), hop('warning')]);
    expect(settleUndetermined(t0)).toBe(t0);
  });
});
