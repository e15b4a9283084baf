// decidingHop: the hop a compact trace leads with.
import { describe, expect, it } from 'vitest';
import type { Hop, Verdict } from '../../src-core/analyze/types';
import { decidingHop } from './deciding';

const hop = (kind: Hop['kind'], verdict: Verdict, rule = false): Hop => ({ kind, verdict, title: kind, summary: '', steps: [], ...(rule ? { rule: { label: 'r' } } : {}) }) as unknown as Hop;

describe('decidingHop', () => {
  it('a denial decides, even after an undecided hop', () => {
    expect(decidingHop({ verdict: 'denied', hops: [hop('source', 'info'), hop('route', 'undetermined'), hop('ingress-policy', 'denied', true), hop('destination', 'info')] })).toBe(2);
  });
  it('undetermined: the first hop the input cannot decide', () => {
    expect(decidingHop({ verdict: 'undetermined', hops: [hop('source', 'info'), hop('service', 'allowed'), hop('egress-policy', 'undetermined'), hop('ingress-policy', 'undetermined')] })).toBe(2);
  });
  it('allowed: the last hop a named rule decided, not the destination', () => {
    expect(decidingHop({ verdict: 'allowed', hops: [hop('source', 'info'), hop('egress-policy', 'allowed', true), hop('ingress-policy', 'allowed', true), hop('destination', 'allowed', true)] })).toBe(2);
    expect(decidingHop({ verdict: 'allowed', hops: [hop('source', 'info'), hop('destination', 'allowed')] })).toBe(1);
  });
  it('redirected: the redirect; no hops: -1', () => {
    expect(decidingHop({ verdict: 'redirected', hops: [hop('route', 'allowed', true), hop('redirect', 'redirected'), hop('destination', 'allowed')] })).toBe(1);
    expect(decidingHop({ verdict: 'allowed', hops: [] })).toBe(-1);
  });
});
