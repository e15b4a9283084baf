// The reachability summary of a whole cluster (issue 6): which workloads (and namespaces) can reach
// which, on which of the destination's ports, and which are exposed to the internet, without tracing
// every pod pair. Pods with the same namespace, labels and ports are one endpoint class (policies
// cannot tell them apart), and for each destination class and port the set of source classes that
// get through is computed with bit-set algebra over the classes each policy peer and subject selects,
// following the policy engine's order exactly: AdminNetworkPolicy → NetworkPolicy → Baseline →
// allow, egress of the source and ingress of the destination (or ovs-multitenant project isolation),
// in three values (summary-policy.ts): allowed, denied, or undetermined when it depends on a pod IP the
// input does not give or a policy object podpath does not model could apply to an end.
// It must agree with evaluateConnection's verdict pair by pair (summary.test.ts checks it by brute
// force, summary.properties.test.ts on random clusters with ipBlocks, networks and pod IPs).
//
// Ports probed: each declared containerPort of the destination (number and protocol; named rules are
// resolved on it as the engine does); a destination that declares none is probed on TCP 80, the
// trace's default port. Verdicts are the policies' (what evaluateConnection decides): finished Pods,
// workloads scaled to 0 and host-network pods are classed like any other; a trace adds those warnings.
// Pure: reads the cluster, returns plain data.
import type { BuiltCluster } from '../model/build';
import type { Labels, NetworkPolicy, PodLike, ProfileName, Protocol } from '../model/types';
import { andNotInto, and, copy, count, emptyBits, fullBits, hasBit, isEmpty, members, nonMembers, orInto, setBit, type Bits } from './bitset';
import { INTERNET_IP } from './endpoint';
import { policyIndex } from './policy/cache';
import { ipBlockMatchesPod, type ConnPort } from './policy/match';
import { hasUnmodelled, unmodelledFor } from './policy/unmodelled';
import { Atoms } from './summary-atoms';
import { policySets } from './summary-policy';
import { namespaceEdges } from './summary-namespaces';
import { netIds } from './policy/multitenant';
import { exposureFinder, type Exposure, type RouterVerdict } from './summary-exposure';
import { evaluateConnection, policyModeOf } from './policy/evaluate';

export interface ProbePort {
  port: number;
  protocol: Protocol;
  name?: string;
}

/** Pods and workloads that policies cannot tell apart: same namespace, labels and ports. */
export interface EndpointClass {
  id: number;
  namespace: string;
  labels: Labels;
  ports: ProbePort[];
  /** `namespace/name` of each pod or workload in the class (the router's stand-in for the router class). */
  members: string[];
  router?: boolean;
}

export interface PortReach extends ProbePort {
  /** `only`: exactly `classes` may connect; `allExcept`: every class but `classes` may. Sorted class ids. */
  mode: 'only' | 'allExcept';
  classes: number[];
  /** Classes whose verdict is undetermined (an unknown pod IP in a partly matching block, or a policy
   *  object podpath does not model at either end); disjoint from the allowed ones. Sorted. */
  undetermined: number[];
  /** A client on the internet (203.0.113.10) may connect straight to the pod on this port. */
  internet: boolean;
  /** The internet's verdict on this port is undetermined (an unmodelled policy object could apply to the pod). */
  internetUndetermined: boolean;
}

export interface DestinationReach {
  class: number;
  ports: PortReach[];
  /** Routes and Ingresses that send traffic here, and whether the router may connect on their port. */
  exposedBy: Exposure[];
}

export interface NamespaceEdge {
  from: string;
  to: string;
  /** Ordered (source, destination) pairs of distinct pods/workloads that connect on at least one port. */
  pairs: number;
}

export interface ReachabilitySummary {
  profile: ProfileName;
  classes: EndpointClass[];
  /** The class of cluster.pods[i]. */
  podClass: number[];
  routerClass: number;
  /** One entry per class except the router's, in class order. */
  destinations: DestinationReach[];
  namespaceEdges: NamespaceEdge[];
  stats: { pods: number; classes: number; probes: number; internetExposed: number; routeExposed: number };
}

const PROBE_DEFAULT: ProbePort = { port: 80, protocol: 'TCP' };

function labelsKey(l: Labels): string {
  return Object.keys(l)
    .sort()
    .map((k) => `${k}=${l[k]}`)
    .join('\u0001');
}

function probePorts(p: PodLike): ProbePort[] {
  const seen = new Map<string, ProbePort>();
  for (const cp of p.ports) {
    const k = `${cp.protocol}/${cp.containerPort}`;
    if (!seen.has(k)) seen.set(k, cp.name ? { port: cp.containerPort, protocol: cp.protocol, name: cp.name } : { port: cp.containerPort, protocol: cp.protocol });
  }
  return seen.size ? [...seen.values()] : [PROBE_DEFAULT];
}

/** Everything policy evaluation reads of a pod: namespace, labels, (for named ports) its ports, and how
 *  each distinct ipBlock / ANP network of the cluster matches its address (`blockSig`). */
function classKey(p: PodLike, blockSig: string): string {
  const ports = p.ports.map((cp) => `${cp.name ?? ''}:${cp.containerPort}/${cp.protocol}`).join(',');
  return `${p.namespace}\u0000${labelsKey(p.podLabels)}\u0000${ports}\u0000${blockSig}`;
}

/** Every distinct address block a peer of the cluster names: NetworkPolicy ipBlocks, ANP/BANP networks. */
function addressBlocks(cluster: BuiltCluster): { cidr: string; except: string[] }[] {
  const seen = new Map<string, { cidr: string; except: string[] }>();
  const add = (cidr: string, except: string[]) => seen.set(`${cidr}\u0000${except.join(',')}`, { cidr, except });
  for (const np of cluster.networkPolicies) for (const r of [...np.ingress, ...np.egress]) for (const p of r.peers ?? []) if (p.ipBlock?.cidr) add(p.ipBlock.cidr, p.ipBlock.except);
  const admin = [...cluster.adminNetworkPolicies, ...(cluster.baselineAdminNetworkPolicy ? [cluster.baselineAdminNetworkPolicy] : [])];
  for (const a of admin) for (const r of [...a.ingress, ...a.egress]) for (const p of r.peers) for (const c of p.networks ?? []) add(c, []);
  return [...seen.values()];
}

export function summarizeReachability(cluster: BuiltCluster): ReachabilitySummary {
  const idx = policyIndex(cluster);

  // Endpoint classes; the router's stand-in is a source class of its own.
  const classOf = new Map<string, number>();
  const classes: EndpointClass[] = [];
  const reps: PodLike[] = [];
  const podClass: number[] = [];
  // Pods that differ only in address are one class unless some block tells them apart (the same
  // predicate as the engine: ipBlockMatchesPod); no blocks, or ovs-multitenant, no signature at all.
  // The mode that decides (policy/evaluate.ts POLICY_MODES): its bit-set algebra, or none (then the engine is
  // asked pair by pair, and every pod is its own class: the summary cannot know what such an evaluator reads).
  const mode = policyModeOf(cluster).summary;
  const blocks = mode === 'policies' ? addressBlocks(cluster) : [];
  const blockSig = (p: PodLike): string => {
    let sig = '';
    for (const b of blocks) {
      const m = ipBlockMatchesPod(b.cidr, b.except, p, cluster.profile.podCIDR);
      sig += m.matches ? 'y' : m.undecided ? 'u' : 'n';
    }
    return sig;
  };
  const add = (p: PodLike, router = false): number => {
    const key = router ? `router\u0000${p.id}` : mode === undefined ? `pod\u0000${p.id}` : classKey(p, blocks.length ? blockSig(p) : '');
    let c = classOf.get(key);
    if (c === undefined) {
      c = classes.length;
      classOf.set(key, c);
      classes.push({ id: c, namespace: p.namespace, labels: p.podLabels, ports: probePorts(p), members: [], ...(router ? { router: true } : {}) });
      reps.push(p);
    }
    classes[c].members.push(p.id);
    return c;
  };
  for (const p of cluster.pods) podClass.push(add(p));
  const routerClass = add(cluster.routerPod, true);
  const n = classes.length;
  const byNamespace = new Map<string, number[]>();
  classes.forEach((c) => {
    const list = byNamespace.get(c.namespace);
    if (list) list.push(c.id);
    else byNamespace.set(c.namespace, [c.id]);
  });
  const atoms = new Atoms(idx, reps, byNamespace, n);
  const ALL = fullBits(n);

  const sets = policySets(cluster, idx, atoms, n);
  const multitenant = mode === 'project-isolation';
  const netid = multitenant ? netIds(cluster) : undefined;
  // OpenShift SDN Subnet mode (policy/subnet.ts): a flat network, every source reaches every port.
  const flat = mode === 'flat';
  const byEngine = mode === undefined;
  // Classes a policy object podpath does not model could apply to: their pairs are undetermined unless denied.
  const unknown = emptyBits(n);
  if (hasUnmodelled(cluster)) reps.forEach((rep, c) => unmodelledFor(cluster, rep).length > 0 && setBit(unknown, c));
  const anyUnknown = !isEmpty(unknown);
  // Without blocks that split classes and unmodelled objects nothing can be undetermined.
  const mayBeOpen = anyUnknown || blocks.length > 0 || byEngine;

  const exposures = exposureFinder(cluster);
  const destinations: DestinationReach[] = [];
  let probes = 0;
  let internetExposed = 0;
  let routeExposed = 0;
  const [sure, denied, open] = Array.from({ length: 3 }, () => emptyBits(n));
  const NONE = sets.none;

  /** Sources allowed for certain (`sure`) and denied for certain (`denied`) on one probe; the rest is undetermined. */
  function verdicts(d: number, dst: PodLike, conn: ConnPort, protocol: Protocol): void {
    if (byEngine) {
      sure.fill(0);
      denied.fill(0);
      for (let c = 0; c < n; c++) {
        const v = evaluateConnection(cluster, { kind: 'pod', pod: reps[c] }, { kind: 'pod', pod: dst }, conn.num ?? 0, protocol).verdict;
        if (v === 'allowed') setBit(sure, c);
        else if (v === 'denied') setBit(denied, c);
      }
    } else if (flat) {
      copy(sure, ALL);
      copy(denied, ALL);
      andNotInto(denied, sure);
    } else if (multitenant) {
      copy(sure, multitenantSources(d));
      copy(denied, ALL);
      andNotInto(denied, sure);
    } else {
      const e = sets.egress(dst, conn, protocol);
      const i = sets.ingress(dst, conn, protocol);
      if (e.d === NONE) {
        // No egress policy applies to anyone (the common case): ingress alone decides.
        copy(sure, i.a);
        andNotInto(sure, i.d);
        copy(denied, i.d);
        andNotInto(denied, i.a);
      } else {
        // Certain egress allow / deny, then ingress (the two use separate buffers).
        copy(sure, e.a);
        andNotInto(sure, e.d);
        copy(denied, e.d);
        andNotInto(denied, e.a);
        copy(open, i.a);
        andNotInto(open, i.d); // ingress allowed for certain
        and(sure, open, sure);
        copy(open, i.d);
        andNotInto(open, i.a); // ingress denied for certain
        orInto(denied, open);
      }
    }
    if (!anyUnknown) return;
    if (hasBit(unknown, d)) sure.fill(0);
    else andNotInto(sure, unknown);
  }

  for (let d = 0; d < n; d++) {
    if (d === routerClass) continue;
    const dst = reps[d];
    const ports: PortReach[] = [];
    for (const probe of classes[d].ports) {
      probes++;
      const conn: ConnPort = { num: probe.port };
      verdicts(d, dst, conn, probe.protocol);
      const c = count(sure);
      const mode = c > n / 2 ? 'allExcept' : 'only';
      let undetermined: number[] = [];
      if (mayBeOpen) {
        copy(open, ALL);
        andNotInto(open, sure);
        andNotInto(open, denied);
        undetermined = members(open);
      }
      const fromInternet = byEngine ? evaluateConnection(cluster, { kind: 'external', ip: INTERNET_IP }, { kind: 'pod', pod: dst }, probe.port, probe.protocol).verdict : undefined;
      const ext = fromInternet ? fromInternet !== 'denied' : multitenant || flat || sets.external(INTERNET_IP, dst, conn, probe.protocol);
      const extUnknown = ext && ((anyUnknown && hasBit(unknown, d)) || fromInternet === 'undetermined');
      ports.push({ ...probe, mode, classes: mode === 'only' ? members(sure) : nonMembers(sure, n), undetermined, internet: ext && !extUnknown, internetUndetermined: extUnknown });
    }
    const exposedBy = exposures(dst, (port, protocol, via) => {
      // A router other than the stand-in (HostNetwork, edge/shards.ts) is one source: the engine decides it.
      let v: RouterVerdict;
      if (via.pod !== cluster.routerPod) v = evaluateConnection(cluster, { kind: 'pod', pod: via.pod }, { kind: 'pod', pod: dst }, port, protocol).verdict;
      else {
        const pr = ports.find((p) => p.port === port && p.protocol === protocol);
        if (pr) v = (pr.mode === 'only' ? pr.classes.includes(routerClass) : !pr.classes.includes(routerClass)) ? 'allowed' : pr.undetermined.includes(routerClass) ? 'undetermined' : 'denied';
        else {
          verdicts(d, dst, { num: port }, protocol);
          v = hasBit(sure, routerClass) ? 'allowed' : hasBit(denied, routerClass) ? 'denied' : 'undetermined';
        }
      }
      // Routers of both kinds serve the route: which one carries a request is not in the input (as the trace says).
      return via.undetermined && v !== 'denied' ? 'undetermined' : v;
    });
    if (ports.some((p) => p.internet)) internetExposed++;
    if (exposedBy.some((e) => e.routerAllowed)) routeExposed++;
    destinations.push({ class: d, ports, exposedBy });
  }

  /** ovs-multitenant: the destination admits its own netid and global (0) ones; a global destination admits all. */
  function multitenantSources(d: number): Bits {
    const t = netid!;
    const mine = t.get(classes[d].namespace).netid;
    if (mine === 0) return ALL.slice();
    const b = emptyBits(n);
    for (const [ns, cs] of byNamespace) {
      const other = t.get(ns).netid;
      if (other === mine || other === 0) for (const c of cs) setBit(b, c);
    }
    return b;
  }

  return {
    profile: cluster.profile.name,
    classes,
    podClass,
    routerClass,
    destinations,
    namespaceEdges: namespaceEdges(classes, destinations, n),
    stats: { pods: cluster.pods.length, classes: n, probes, internetExposed, routeExposed },
  };
}

/** The summary's verdict for a class pair on one probed port: what evaluateConnection's `verdict` says. */
export function summaryVerdict(s: ReachabilitySummary, srcClass: number, dstClass: number, port: number, protocol: Protocol = 'TCP'): 'allowed' | 'denied' | 'undetermined' | undefined {
  const dr = s.destinations[dstClass]?.class === dstClass ? s.destinations[dstClass] : s.destinations.find((d) => d.class === dstClass);
  const p = dr?.ports.find((x) => x.port === port && x.protocol === protocol);
  if (!p) return undefined;
  if (p.mode === 'only' ? p.classes.includes(srcClass) : !p.classes.includes(srcClass)) return 'allowed';
  return p.undetermined.includes(srcClass) ? 'undetermined' : 'denied';
}

/** Can a pod/workload of class `srcClass` connect to one of class `dstClass` on a probed port (by default:
 *  on any of them)? Classes come from `podClass` / `routerClass`. Undetermined pairs are not allowed. */
export function summaryAllows(s: ReachabilitySummary, srcClass: number, dstClass: number, port?: number, protocol: Protocol = 'TCP'): boolean {
  // Destinations are in class order and the router's class comes last, so the index is the class.
  const dr = s.destinations[dstClass]?.class === dstClass ? s.destinations[dstClass] : s.destinations.find((d) => d.class === dstClass);
  if (!dr) return false;
  return dr.ports.some((p) => (port === undefined || (p.port === port && p.protocol === protocol)) && (p.mode === 'only' ? p.classes.includes(srcClass) : !p.classes.includes(srcClass)));
}
