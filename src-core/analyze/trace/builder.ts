// The one trace builder. Every tracer — the pod leg (pod.ts), the Service and DNS legs (edge/svctrace.ts,
// edge/dnstrace.ts), the request leg through the router / ingress controller / gateway (edge/url.ts) —
// builds its hops with `hop()` and `step()`, starts with `sourceHop()`, and hands its hops to
// `finishTrace()`, which alone decides: the blocking hop, the verdict, the undetermined rule and the
// summary sentence (with the customer's symptom words, symptom.ts). The legs only add hops.
//
// To reword the source hop or the summary sentence, change this file; to reword a leg's hop, change the
// leg (the hop's `code` (codes.ts) is what readers decide on, so rewording never changes a verdict or a
// lint finding). Nothing here reads a hop's prose.
import type { BuiltCluster } from '../../model/build';
import type { ObjectKey, PodLike } from '../../model/types';
import { objectKey } from '../../model/types';
import { defineLazySource, describeLabels } from '../policy/explain';
import type { ExplanationStep, Fix, Hop, HopCode, HopKind, Query, RuleRef, Trace, Verdict } from '../types';
import { codeSymptom } from './codes';
import { SYMPTOM_WORDS, symptomOf, symptomWords, type Front } from './symptom';

/** Who sends a request: a pod, a client outside the cluster (`internet` / `ip:`), or the router. */
export type Sender = { kind: 'pod'; pod: PodLike } | { kind: 'external'; ip: string; internet?: boolean } | { kind: 'router' };

export interface HopInit {
  kind: HopKind;
  title: string;
  verdict: Verdict;
  summary: string;
  steps?: ExplanationStep[];
  rule?: RuleRef;
  object?: string;
  fix?: Fix;
  facts?: Record<string, string>;
  code?: HopCode;
}

/** The one way to build a Hop: `object` defaults to the rule's object, `source` is read lazily from the rule. */
export function hop(h: HopInit): Hop {
  const out: Hop = {
    kind: h.kind,
    title: h.title,
    verdict: h.verdict,
    summary: h.summary,
    steps: h.steps ?? [],
    object: h.object ?? h.rule?.object,
    source: undefined,
    rule: h.rule,
    fix: h.fix,
    facts: h.facts,
  };
  if (h.code) out.code = h.code;
  const rule = h.rule;
  // Read the rule's position only when someone reads the hop's (lazy, like RuleRef.source).
  return rule ? defineLazySource(out, () => rule.source) : out;
}

export function step(text: string, verdict?: Verdict, rule?: RuleRef): ExplanationStep {
  return rule ? { text, verdict, rule } : verdict ? { text, verdict } : { text };
}

/** A sentence: `text` with a full stop unless it already ends with one (hop summaries may or may not). */
export function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Where a trace stopped, for its one-line summary: the blocking hop's title and summary. */
export function stoppedAt(last: Hop | undefined): string {
  return sentence(last ? `${last.title} — ${last.summary}` : 'stopped');
}

/** `ns/name: Pod of Deployment ns/web, labels app=web` — a pod end, for the source hop. */
export function describePodLike(p: PodLike): string {
  // A Pod of a workload in the input says whose it is (`NS/WORKLOAD` is traced with one of its live Pods).
  const group = p.workload ? ` of ${p.workload.split('/')[0]} ${p.workload.split('/').slice(1).join('/')}` : '';
  const kind = p.kind === 'Pod' ? `Pod${group}` : `${p.kind} (standing for the pods of its template)`;
  return `${p.id}: ${kind}, labels ${describeLabels(p.podLabels)}`;
}

/** How a sender is named in titles and summaries. */
export function senderLabel(cluster: BuiltCluster, from: Sender): string {
  if (from.kind === 'pod') return from.pod.id;
  if (from.kind === 'router') return `router (${cluster.routerPod.id})`;
  return from.internet ? `internet (${from.ip})` : from.ip;
}

/** The first hop of every trace: who sends. `steps`: what the leg adds about this sender (e.g. that a pod
 *  calling a route host leaves through the cluster's ingress address). */
export function sourceHop(cluster: BuiltCluster, from: Sender, steps: ExplanationStep[] = []): Hop {
  const label = senderLabel(cluster, from);
  const pod = from.kind === 'pod' ? from.pod : from.kind === 'router' ? cluster.routerPod : undefined;
  const own: ExplanationStep[] =
    from.kind === 'router'
      ? [step(`The ${cluster.profile.title} router is modelled as pod ${cluster.routerPod.id} with labels ${describeLabels(cluster.routerPod.podLabels)} in a namespace labelled ${describeLabels(cluster.namespaces.get(cluster.routerPod.namespace)?.labels ?? {})}.`, 'info')]
      : [];
  return hop({
    kind: 'source',
    title: `From ${label}`,
    verdict: 'info',
    summary: pod ? describePodLike(pod) : `${label}: a client outside the cluster`,
    steps: [...own, ...steps],
    object: pod && !pod.meta.impliedBy ? objectKey(pod.meta) : undefined,
  });
}

/** Policy hops: a warning there (an unknown pod IP) may be what denies. */
const POLICY_KINDS: ReadonlySet<HopKind> = new Set<HopKind>(['egress-policy', 'ingress-policy', 'admin-policy', 'baseline-policy']);

/** The hop that stopped a request: the first that denies (the packet meets it first); else a hop whose code
 *  says it stops the connection although it is only a warning (a finished pod); else a policy hop that is a
 *  warning (it depends on an unknown pod IP); else the first undecided hop. */
export function blockingHop(hops: readonly Hop[]): Hop | undefined {
  return (
    hops.find((h) => h.verdict === 'denied') ??
    hops.find((h) => h.code === 'pod-finished' || h.code === 'pod-scaled-to-zero') ??
    hops.find((h) => h.verdict === 'warning' && POLICY_KINDS.has(h.kind)) ??
    hops.find((h) => h.verdict === 'undetermined')
  );
}

export interface TraceParts {
  query: Query;
  hops: Hop[];
  allowed: boolean;
  /** The pod (`ns/name`) the request lands on when allowed. */
  reached: string | null;
  path: ObjectKey[];
  /** What the summary is about: `a/x → b/y on TCP 80` for a connection, the destination for a request. */
  subject: string;
  /** `connection`: "SUBJECT: allowed (by …)"; `request` (svc:, dns:, URLs): "SUBJECT reaches POD". */
  form: 'connection' | 'request';
  /** Connection form: what admitted it, e.g. ` (ingress by NetworkPolicy shop/web)`. */
  allowedBy?: string;
  /** The answer followed a redirect (verdict `redirected`). */
  redirected?: boolean;
  /** Whether an allowed trace is a warning; by default: any hop is a warning. */
  warned?: boolean;
  /** Who answers the client when the connection behind it fails (symptom.ts). */
  front?: Front;
}

/** A port no container declares: what the client sees if nothing listens there (the kernel's reset). */
function warnedSymptom(hops: readonly Hop[]): string {
  const s = codeSymptom(hops.find((x) => x.verdict === 'warning' && x.code === 'port-not-declared')?.code);
  return s ? `; if nothing listens on that port: ${SYMPTOM_WORDS[s]}` : '';
}

/** The one place a Trace is assembled: verdict, undetermined rule, blocking hop and summary sentence. */
export function finishTrace(p: TraceParts): Trace {
  const path = [...new Set(p.path)];
  const warn = p.warned ?? p.hops.some((h) => h.verdict === 'warning');
  const verdict: Verdict = !p.allowed ? 'denied' : p.redirected ? 'redirected' : warn ? 'warning' : 'allowed';
  let summary: string;
  if (p.allowed) {
    summary = p.form === 'connection'
      ? `${p.subject}: allowed${p.allowedBy ?? ''}.`
      : `${p.subject} ${p.redirected ? 'redirects to https and then ' : ''}reaches ${p.reached ?? 'its destination'}${warn ? ` (with warnings${warnedSymptom(p.hops)})` : ''}.`;
  } else {
    const blocking = blockingHop(p.hops);
    summary = `${p.subject}: denied${symptomWords(symptomOf(blocking, p.front))} — ${stoppedAt(blocking)}`;
  }
  const t: Trace = { query: p.query, allowed: p.allowed, verdict, summary, hops: p.hops, reached: p.allowed ? p.reached : null, path };
  return settle(t, p.subject);
}

/** The one rule for undecided hops: a trace that has a hop the input cannot decide, and no hop that denies,
 *  is `undetermined` (`allowed: false`, nothing reached), and its summary names that hop. A hop that denies
 *  outright still decides (every hop of a trace must pass), so a denied trace stays denied. */
function settle(t: Trace, subject: string): Trace {
  if (t.error || t.verdict === 'undetermined') return t;
  const open = t.hops.find((h) => h.verdict === 'undetermined');
  if (!open || t.hops.some((h) => h.verdict === 'denied')) return t;
  // The closing "reaches the pod" hop holds only if the undecided hop passes: it is no longer a verdict.
  const last = t.hops[t.hops.length - 1];
  const hops = t.hops.map((h) => (h.verdict === 'allowed' && (h.kind === 'destination' || h.kind === 'external') && h === last ? { ...h, verdict: 'info' as const, summary: `only if the undetermined hop passes: ${h.summary}` } : h));
  return { ...t, allowed: false, verdict: 'undetermined', reached: null, hops, summary: `${subject}: undetermined — ${open.summary}` };
}

/** `settle` for a trace that was changed after it was built (hops added in front): its subject is the
 *  summary up to the verdict word. */
export function settleUndetermined(t: Trace): Trace {
  const subject = t.summary.replace(/(: (allowed|denied|redirected|warning)\b| reaches | redirects ).*$/s, '');
  return settle(t, subject);
}
