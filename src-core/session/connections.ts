// The connections overlay of the graph: for small inputs every ordered pod/workload pair and the ports
// the policy engine (analyze/policy/evaluate.ts) lets through; for large ones namespace → namespace
// edges from the reachability summary (analyze/summary.ts). Never a second policy engine: both are the
// core's own verdicts. `node` narrows the pairs to those that start or end at one object.
import type { BuiltCluster } from '../model/build';
import { objectKey, type Protocol } from '../model/types';
import { evaluateConnection } from '../analyze/policy/evaluate';
import { summarizeReachability } from '../analyze/summary';
import type { GraphConnection } from '../graph/index';

/** Pairwise connections are drawn only for small inputs (the overlay is for reading, not for dumps). */
export const MAX_CONNECTION_PODS = 60;

export interface Connections {
  list: GraphConnection[];
  /** Why the overlay is empty or partial, for the user. */
  note?: string;
}

export function connectionsOf(cluster: BuiltCluster, withDenied: boolean, node?: string): Connections {
  const pods = cluster.pods.filter((p) => !p.meta.impliedBy);
  if (pods.length > MAX_CONNECTION_PODS) return namespaceConnections(cluster, pods.length);
  const list: GraphConnection[] = [];
  for (const from of pods) {
    for (const to of pods) {
      if (from === to) continue;
      if (node !== undefined && objectKey(from.meta) !== node && objectKey(to.meta) !== node) continue;
      const ports = to.ports.length ? [...new Set(to.ports.map((p) => `${p.containerPort}/${p.protocol}`))].slice(0, 4) : ['80/TCP'];
      const allowed: string[] = [];
      const open: string[] = [];
      for (const pp of ports) {
        const [port, protocol] = pp.split('/');
        try {
          const v = evaluateConnection(cluster, { kind: 'pod', pod: from }, { kind: 'pod', pod: to }, Number(port), protocol as Protocol).verdict;
          if (v === 'allowed') allowed.push(port);
          else if (v === 'undetermined') open.push(port);
        } catch {
          // A failure of the engine on one pair must not hide the others.
        }
      }
      if (allowed.length) list.push({ from: objectKey(from.meta), to: objectKey(to.meta), allowed: true, label: allowed.join(',') });
      // Undetermined pairs are drawn whatever the denied toggle says: they are what needs checking.
      else if (open.length) list.push({ from: objectKey(from.meta), to: objectKey(to.meta), allowed: false, undetermined: true, label: `${open.join(',')}?` });
      else if (withDenied) list.push({ from: objectKey(from.meta), to: objectKey(to.meta), allowed: false });
    }
  }
  return { list };
}

/** Large inputs: namespace → namespace edges from the core's reachability summary (equivalence classes,
 *  not pod pairs), labelled with how many pod/workload pairs connect. */
function namespaceConnections(cluster: BuiltCluster, podCount: number): Connections {
  try {
    const summary = summarizeReachability(cluster);
    const list = summary.namespaceEdges.filter((e) => e.from !== e.to).map((e) => ({ from: `ns:${e.from}`, to: `ns:${e.to}`, allowed: true, label: `${e.pairs} pair${e.pairs === 1 ? '' : 's'}` }));
    return { list, note: `${podCount} pods/workloads: connections are drawn between namespaces (pairs that can connect); trace a pair for details.` };
  } catch (e) {
    return { list: [], note: `The reachability summary failed on this input: ${e instanceof Error ? e.message : String(e)}` };
  }
}

