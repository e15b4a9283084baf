// Small helpers shared by the edge tracers: turning a model object (or one of its fields) into a
// RuleRef with its YAML position, and building hops. Nothing here decides anything.
import type { BuiltCluster } from '../../model/build';
import type { ObjectMeta } from '../../model/types';
import { objectKey } from '../../model/types';
import { childRef, formatPath, type NodeRef, type PathSegment, type SourceRange } from '../../parse/source';
import { defineLazySource } from '../policy/explain';
import type { ExplanationStep, Fix, Hop, HopKind, RuleRef, Verdict } from '../types';

/** `Route shop/web` — how objects are named in explanations (names are untrusted text: quoted when odd). */
export function nameOf(meta: Pick<ObjectMeta, 'kind' | 'namespace' | 'name'>): string {
  const safe = (s: string) => (/^[A-Za-z0-9._:\-*]*$/.test(s) ? s : JSON.stringify(s));
  return `${meta.kind} ${meta.namespace ? safe(meta.namespace) + '/' : ''}${safe(meta.name)}`;
}

/** A RuleRef for `ref` (a field of the object `meta`), with a label for people. Its `source` is resolved
 *  on first read (positions are lazy on large inputs; a batch of queries or a lint pass reads none). */
export function ruleAt(cluster: BuiltCluster, meta: ObjectMeta, ref: NodeRef, label?: string): RuleRef {
  const rel = ref.path.slice(meta.ref.path.length);
  return defineLazySource(
    {
      object: objectKey(meta),
      path: rel.length ? formatPath(rel) : '',
      source: undefined as unknown as SourceRange,
      label: label ?? (rel.length ? `${nameOf(meta)}, ${formatPath(rel)}` : nameOf(meta)),
      impliedBy: meta.impliedBy,
    },
    () => cluster.sourceMap.locate(ref),
  );
}

/** A RuleRef for a field path below an object (when the model kept no NodeRef for that field). */
export function fieldRule(cluster: BuiltCluster, meta: ObjectMeta, path: PathSegment[], label?: string): RuleRef {
  return ruleAt(cluster, meta, childRef(meta.ref, ...path), label);
}

/** `spec.alternateBackends[0].weight` → the path segments below the object. */
export function fieldPath(field: string): PathSegment[] {
  return field.split('.').flatMap((p) => p.split(/\[(\d+)\]/).filter(Boolean).map((x) => (/^\d+$/.test(x) ? Number(x) : x)));
}

export function sourceOf(cluster: BuiltCluster, ref: NodeRef): SourceRange {
  return cluster.sourceMap.locate(ref);
}

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
}

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
  const rule = h.rule;
  // Read the rule's position only when someone reads the hop's (lazy, like RuleRef.source).
  return rule ? defineLazySource(out, () => rule.source) : out;
}

export function step(text: string, verdict?: Verdict, rule?: RuleRef): ExplanationStep {
  return rule ? { text, verdict, rule } : verdict ? { text, verdict } : { text };
}

/** Quotes untrusted text for messages. */
export function q(s: string): string {
  return JSON.stringify(s);
}

/** Whether a hop blocks the request. */
/** A sentence: `text` with a full stop unless it already ends with one (hop summaries may or may not). */
export function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Where a trace stopped, for its one-line summary: the blocking hop's title and summary. */
export function stoppedAt(last: Hop | undefined): string {
  return sentence(last ? `${last.title} — ${last.summary}` : 'stopped');
}

export function blocks(h: Hop): boolean {
  return h.verdict === 'denied';
}
