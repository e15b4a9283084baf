// What a difference is blamed on: the hops of one side's trace that decided it (the policy rule that
// admitted the connection, the hop that stopped it), each with the object, rule label and file:line.
// Read off the trace itself (traceQuery, the same engine as `podpath trace`), never re-derived.
import type { SourceRange } from '../parse/source';
import type { Hop, Trace, Verdict } from './types';

export interface DiffCause {
  /** `NetworkPolicy ingress at shop/web` (the hop's title). */
  hop: string;
  verdict: Verdict;
  /** The deciding rule's label (`NetworkPolicy shop/allow-web, ingress rule 1, peer 2`), else the hop's title. */
  rule: string;
  /** The hop's one-line summary (what was checked, what matched or failed). */
  summary: string;
  /** `file:line:col`, or '' for objects the profile implies. */
  at: string;
}

/** One side of a difference: the trace's verdict and what decided it. */
export interface DiffSide {
  verdict: Verdict;
  summary: string;
  causes: DiffCause[];
}

function place(r: SourceRange | undefined): string {
  return r && r.file ? `${r.file}:${r.startLine}:${r.startCol}` : '';
}

/** The hop's own rule; else, for a hop that stopped the request, its summary (a denial by "no rule admits it"
 *  has no single rule, and the last rule that failed to match would mislead); else the last explanation step
 *  of the hop's verdict that names a rule; else the hop's title. */
function causeOf(h: Hop): DiffCause {
  const stepRule = [...h.steps].reverse().find((s) => s.rule?.source?.file && s.verdict === h.verdict)?.rule;
  const stopped = h.verdict === 'denied' || h.verdict === 'undetermined';
  const label = h.rule?.source?.file ? h.rule.label : stopped ? clip(h.summary) : (stepRule?.label ?? h.title);
  return { hop: h.title, verdict: h.verdict, rule: label, summary: h.summary, at: place(h.rule?.source?.file ? h.rule.source : (h.source ?? stepRule?.source)) };
}

function clip(s: string): string {
  return s.length > 200 ? `${s.slice(0, 199)}…` : s;
}

// Hops that carry a decision about the connection (an informational hop such as "source" or "dns" does not).
const DECIDING: ReadonlySet<Hop['kind']> = new Set(['route', 'ingress', 'gateway', 'tls', 'allowlist', 'redirect', 'service', 'endpoints', 'admin-policy', 'egress-policy', 'ingress-policy', 'baseline-policy', 'project-isolation', 'egress-firewall', 'egress-ip', 'egress-router', 'port', 'destination', 'external']);

/** The hops that decided `t`: for a trace that did not get through, the hops that denied or could not
 *  decide (the first is the one to change); for one that did, every deciding hop that names a rule. */
export function sideOf(t: Trace): DiffSide {
  const blocking = t.hops.filter((h) => h.verdict === 'denied' || h.verdict === 'undetermined');
  const hops = !t.allowed && blocking.length ? blocking : t.hops.filter((h) => DECIDING.has(h.kind) && (h.rule || h.source) && h.verdict !== 'info');
  return { verdict: t.error ? 'denied' : t.verdict, summary: t.error ?? t.summary, causes: hops.slice(0, 6).map(causeOf) };
}
