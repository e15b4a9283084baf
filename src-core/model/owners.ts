// model: one app, one set of endpoints. In an `oc get all` dump a Deployment, its ReplicaSets and their
// Pods are the same pods written three times (DeploymentConfig → ReplicationController → Pod, CronJob → Job
// → Pod, StatefulSet / DaemonSet / Job → Pod alike). The Pods' controller ownerReferences say which belong
// together: the live Pods are the endpoints, the top workload is their group, and neither the workload's
// template nor an owned ReplicaSet adds an endpoint of its own. A workload with no live Pod in the input
// keeps standing for the pods of its template, as before. Runs once per build, linear in the pods.
import type { BuiltCluster } from './build';
import { objectKey, type ObjectKey, type PodLike } from './types';

/** Pod name → workload name when the intermediate object is not in the input (`web-5d4f8b7c9` → `web`). */
const GENERATED_SUFFIX = /-[a-z0-9]+$/;

/** Which kind owns a generated intermediate kind (ReplicaSet ← Deployment, ...). */
const PARENT_OF: Record<string, string> = { ReplicaSet: 'Deployment', ReplicationController: 'DeploymentConfig', Job: 'CronJob' };

const finished = (p: PodLike) => p.phase === 'Succeeded' || p.phase === 'Failed';

/**
 * Sets `workload` on owned Pods (and owned workloads), moves workloads that stand for no endpoint of their
 * own to `cluster.workloads`, and points `NS/NAME` of such a workload at one of its live Pods.
 */
export function foldOwnedWorkloads(cluster: BuiltCluster): void {
  const byKey = new Map<ObjectKey, PodLike>();
  let owned = false;
  for (const p of cluster.pods) {
    byKey.set(objectKey(p.meta), p);
    if (p.owner) owned = true;
  }
  if (!owned) return;

  /** The workload that directly controls `p`, if it is in the input (or, for a generated intermediate
   *  that is not, its parent workload by name). */
  const ownerOf = (p: PodLike): PodLike | undefined => {
    if (!p.owner) return undefined;
    const direct = byKey.get(objectKey({ kind: p.owner.kind, namespace: p.namespace, name: p.owner.name }));
    if (direct && direct !== p) return direct;
    const parent = PARENT_OF[p.owner.kind];
    if (!parent) return undefined;
    // The intermediate object is missing (a dump of pods only): the name still says whose it is.
    return byKey.get(objectKey({ kind: parent, namespace: p.namespace, name: p.owner.name.replace(GENERATED_SUFFIX, '') }));
  };
  const topOf = (p: PodLike): PodLike | undefined => {
    let top: PodLike | undefined;
    let cur: PodLike | undefined = p;
    // Owner chains are at most Pod → Job → CronJob; the bound guards against ownerReference cycles.
    for (let depth = 0; depth < 4; depth++) {
      const next: PodLike | undefined = cur ? ownerOf(cur) : undefined;
      if (!next || next === p) break;
      top = next;
      cur = next;
    }
    return top;
  };

  const intermediate = new Set<PodLike>();
  const livePods = new Map<PodLike, PodLike[]>();
  for (const p of cluster.pods) {
    const top = topOf(p);
    if (!top) continue;
    p.workload = objectKey(top.meta);
    if (p.kind !== 'Pod') intermediate.add(p);
    else if (!finished(p)) {
      const list = livePods.get(top);
      if (list) list.push(p);
      else livePods.set(top, [p]);
    }
  }
  // An intermediate workload (a ReplicaSet of a Deployment) whose own top has no live pod stays out too:
  // the top's template stands in for it.
  const folded = (p: PodLike) => intermediate.has(p) || (p.kind !== 'Pod' && livePods.has(p));
  if (intermediate.size === 0 && livePods.size === 0) return;
  const keep: PodLike[] = [];
  for (const p of cluster.pods) (folded(p) ? cluster.workloads : keep).push(p);
  cluster.pods = keep;

  for (const w of cluster.workloads) {
    if (cluster.podsById.get(w.id) !== w) continue;
    const top = w.workload ? byKey.get(w.workload) : w;
    const pods = top ? livePods.get(top) : undefined;
    const standIn = pods ? representative(pods) : top && !folded(top) ? top : undefined;
    if (standIn) cluster.podsById.set(w.id, standIn);
    else cluster.podsById.delete(w.id);
  }
}

/** The Pod `NS/WORKLOAD` is traced with: a ready one first, then by name (stable across runs). */
function representative(pods: PodLike[]): PodLike {
  let best = pods[0];
  for (const p of pods) {
    const rank = (x: PodLike) => (x.ready === false ? 1 : 0);
    if (rank(p) < rank(best) || (rank(p) === rank(best) && p.name < best.name)) best = p;
  }
  return best;
}
