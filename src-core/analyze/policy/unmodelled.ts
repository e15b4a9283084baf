// Policy objects podpath does not model (model/unmodelled.ts) against one end of a connection: the
// objects that could apply to a pod, and the 'undetermined' hop that names them with their YAML range.
// The connection's verdict is then undetermined unless a modelled hop denies (evaluate.ts,
// settleUndetermined in trace/builder.ts); the reachability summary marks such pairs the same way.
import type { BuiltCluster } from '../../model/build';
import type { GenericObject, PodLike } from '../../model/types';
import { objectKey } from '../../model/types';
import { UNMODELLED_POLICY_KINDS, unmodelledKind, type UnmodelledKind } from '../../model/unmodelled';
import type { Hop } from '../types';
import { objectName, ruleRef } from './explain';

interface Index {
  cluster: GenericObject[];
  byNamespace: Map<string, GenericObject[]>;
}

const indexes = new WeakMap<BuiltCluster, Index>();

function index(cluster: BuiltCluster): Index {
  let idx = indexes.get(cluster);
  if (idx) return idx;
  idx = { cluster: [], byNamespace: new Map() };
  const kinds = new Set(UNMODELLED_POLICY_KINDS.map((k) => k.kind));
  for (const kind of kinds) {
    for (const o of cluster.others.get(kind) ?? []) {
      const k = unmodelledKind(o.meta.apiVersion, o.meta.kind, cluster.profile.name);
      if (!k) continue;
      if (k.scope === 'cluster' || (k.rootNamespace && o.meta.namespace === k.rootNamespace)) idx.cluster.push(o);
      else {
        const list = idx.byNamespace.get(o.meta.namespace);
        if (list) list.push(o);
        else idx.byNamespace.set(o.meta.namespace, [o]);
      }
    }
  }
  indexes.set(cluster, idx);
  return idx;
}

/** Unmodelled policy objects that could apply to `pod`: those of its namespace and the cluster-wide ones. */
export function unmodelledFor(cluster: BuiltCluster, pod: PodLike): GenericObject[] {
  const idx = index(cluster);
  const own = idx.byNamespace.get(pod.namespace);
  return own ? [...own, ...idx.cluster] : idx.cluster;
}

/** Whether the cluster has any unmodelled policy object at all (the summary's fast path). */
export function hasUnmodelled(cluster: BuiltCluster): boolean {
  const idx = index(cluster);
  return idx.cluster.length > 0 || idx.byNamespace.size > 0;
}

function describe(o: GenericObject, k: UnmodelledKind | undefined, pod: PodLike): string {
  const scope = o.meta.namespace === '' ? 'cluster-wide' : k?.rootNamespace === o.meta.namespace ? `in Istio's root namespace ${o.meta.namespace}, so mesh-wide` : `in namespace ${pod.namespace}`;
  return `${objectName(o.meta)} (${o.meta.apiVersion}; ${k?.what ?? 'not modelled'}, ${scope})`;
}

/** " Under the calico profile podpath evaluates …": the profiles that would model some of these objects. */
function modelledUnder(found: readonly GenericObject[]): string {
  const profiles = [...new Set(found.map((o) => unmodelledKind(o.meta.apiVersion, o.meta.kind)?.modelledBy).filter((p): p is NonNullable<typeof p> => !!p))];
  return profiles.length ? ` Under the ${profiles.join(' / ')} profile podpath evaluates ${profiles.length > 1 ? 'some of ' : ''}them: pick it if that is the cluster's network plug-in.` : '';
}

/** The undetermined hop for `pod` as the connection's `role`, or undefined when nothing unmodelled could apply. */
export function unmodelledHop(cluster: BuiltCluster, pod: PodLike, role: 'source' | 'destination'): Hop | undefined {
  const found = unmodelledFor(cluster, pod);
  if (found.length === 0) return undefined;
  const first = found[0];
  const names = found.slice(0, 3).map((o) => describe(o, unmodelledKind(o.meta.apiVersion, o.meta.kind), pod));
  const more = found.length > 3 ? ` and ${found.length - 3} more` : '';
  const rule = ruleRef(cluster, first.meta, first.meta.ref, objectName(first.meta));
  const hop: Hop = {
    kind: 'unmodelled-policy',
    title: `Policies podpath does not model (${role} ${pod.id})`,
    verdict: 'undetermined',
    summary: `${names[0]} could apply to ${pod.id}${found.length > 1 ? `, with ${found.length - 1} more such object${found.length > 2 ? 's' : ''}` : ''}; podpath does not model ${found.length > 1 ? 'them' : 'it'}, so the verdict is undetermined`,
    steps: [
      {
        text: `${names.join('; ')}${more}: ${found.length > 1 ? 'these objects' : 'this object'} can allow or drop traffic of ${pod.id} (${role}), and podpath does not evaluate ${found.length > 1 ? 'them' : 'it'}. The other hops show what the Kubernetes objects alone decide.`,
        verdict: 'undetermined',
        rule,
      },
      { text: `To decide, check the connection on the cluster itself (its own policy tools, e.g. \`cilium policy trace\`, \`calicoctl\`, \`istioctl x authz check\`), or remove ${found.length > 1 ? 'these objects' : 'the object'} from the input if ${found.length > 1 ? 'they are' : 'it is'} not deployed.${modelledUnder(found)}`, verdict: 'info' },
    ],
    object: objectKey(first.meta),
    rule,
  };
  Object.defineProperty(hop, 'source', { enumerable: true, configurable: true, get: () => rule.source });
  return hop;
}
