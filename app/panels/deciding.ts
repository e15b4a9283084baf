// Which hop of a trace decided it — the one a compact view (a training embed) leads with, expanded. Pure.
// Denied: the first hop that denies (settleUndetermined in src-core/analyze/trace.ts: a denial decides even
// after an undecided hop). Undetermined: the first hop the input cannot decide. Otherwise the last hop that
// a named rule decided (a policy that admits it, a redirect), else the last hop.
import type { Trace } from '../../src-core/index';

/** 0-based index of the deciding hop, or -1 for a trace with no hops. */
export function decidingHop(trace: Pick<Trace, 'hops' | 'verdict'>): number {
  const hops = trace.hops;
  if (hops.length === 0) return -1;
  const denied = hops.findIndex((h) => h.verdict === 'denied');
  if (denied >= 0) return denied;
  const open = hops.findIndex((h) => h.verdict === 'undetermined');
  if (open >= 0) return open;
  if (trace.verdict === 'redirected') {
    const r = hops.findIndex((h) => h.verdict === 'redirected');
    if (r >= 0) return r;
  }
  for (let i = hops.length - 1; i >= 0; i--) if (hops[i].rule && hops[i].kind !== 'source' && hops[i].kind !== 'destination') return i;
  return hops.length - 1;
}
