// Small helpers shared by the edge tracers: turning a model object (or one of its fields) into a
// RuleRef with its YAML position. Nothing here decides anything; hops are built by analyze/trace/builder.ts.
import type { BuiltCluster } from '../../model/build';
import type { ObjectMeta } from '../../model/types';
import { objectKey } from '../../model/types';
import { childRef, formatPath, type NodeRef, type PathSegment, type SourceRange } from '../../parse/source';
import { defineLazySource } from '../policy/explain';
import type { RuleRef } from '../types';

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

/** Hops, steps and summary sentences are built by the one trace builder (analyze/trace/builder.ts). */
export { hop, step, sentence, stoppedAt, type HopInit } from '../trace/builder';

/** Quotes untrusted text for messages. */
export function q(s: string): string {
  return JSON.stringify(s);
}
