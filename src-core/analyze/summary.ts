// The reachability summary of a whole cluster (issue 6): which workloads (and namespaces) can reach
// which, on which of the destination's ports, and which are exposed to the internet, without tracing
// every pod pair. Pods with the same namespace, labels and ports are one endpoint class (policies
// cannot tell them apart), and for each destination class and port the set of source classes that
// get through is computed with bit-set algebra over the classes each policy peer and subject selects,
// following the policy engine's order exactly: AdminNetworkPolicy → NetworkPolicy → Baseline →
// allow, egress of the source and ingress of the destination (or ovs-multitenant project isolation).
// It must agree with evaluateConnection pair by pair (summary.test.ts checks it by brute force).
//
// Ports probed: each declared containerPort of the destination (number and protocol; named rules are
// resolved on it as the engine does); a destination that declares none is probed on TCP 80, the
// trace's default port. Verdicts are the policies' (what evaluateConnection decides): finished Pods,
// workloads scaled to 0 and host-network pods are classed like any other; a trace adds those warnings.
// Pure: reads the cluster, returns plain data.
import type { BuiltCluster } from '../model/build';
import type { Labels, NetworkPolicy, PodLike, ProfileName, Protocol } from '../model/types';
import { andNotInto, and, copy, count, emptyBits, fullBits, isEmpty, members, nonMembers, orInto, setBit, type Bits } from './bitset';
import { INTERNET_IP } from './endpoint';
import { effectivePolicyTypes, policyIndex, subjectSelects } from './policy/cache';
import { ipBlockMatches, ipInCIDR, type ConnPort } from './policy/match';
import { adminPeerSelectsPod, adminRulePortOk, Atoms, npPeerSelectsPod, npRulePortOk } from './summary-atoms';
import { namespaceEdges } from './summary-namespaces';
import { netIds } from './policy/multitenant';
import { exposureFinder, type Exposure } from './summary-exposure';

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
  /** A client on the internet (203.0.113.10) may connect straight to the pod on this port. */
  internet: boolean;
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

/** Everything policy evaluation reads of a pod: namespace, labels, and (for named ports) its ports. */
function classKey(p: PodLike): string {
  const ports = p.ports.map((cp) => `${cp.name ?? ''}:${cp.containerPort}/${cp.protocol}`).join(',');
  return `${p.namespace}\u0000${labelsKey(p.podLabels)}\u0000${ports}`;
}

export function summarizeReachability(cluster: BuiltCluster): ReachabilitySummary {
  const idx = policyIndex(cluster);

  // Endpoint classes; the router's stand-in is a source class of its own.
  const classOf = new Map<string, number>();
  const classes: EndpointClass[] = [];
  const reps: PodLike[] = [];
  const podClass: number[] = [];
  const add = (p: PodLike, router = false): number => {
    const key = router ? `router\u0000${p.id}` : classKey(p);
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

  // Egress: who is isolated, and the egress rules a destination in each namespace might match.
  const egressPolicies = cluster.networkPolicies.filter((np) => effectivePolicyTypes(np).types.includes('Egress'));
  const isolatedE = emptyBits(n);
  for (const np of egressPolicies) orInto(isolatedE, atoms.npSubject(np));
  const localEgress = new Map<string, NetworkPolicy[]>();
  const globalEgress: NetworkPolicy[] = [];
  for (const np of egressPolicies) {
    const global = np.egress.some((r) => !r.peers || r.peers.length === 0 || r.peers.some((p) => p.namespaceSelector));
    if (global) globalEgress.push(np);
    else {
      const l = localEgress.get(np.meta.namespace);
      if (l) l.push(np);
      else localEgress.set(np.meta.namespace, [np]);
    }
  }
  const anpEgress = cluster.adminNetworkPolicies.filter((a) => a.egress.length > 0);
  const banp = cluster.baselineAdminNetworkPolicy;
  const multitenant = cluster.profile.multitenant;
  const netid = multitenant ? netIds(cluster) : undefined;
  // OpenShift SDN Subnet mode (policy/subnet.ts): a flat network, every source reaches every port.
  const flat = cluster.network?.sdnMode === 'Subnet';

  const exposures = exposureFinder(cluster);
  const destinations: DestinationReach[] = [];
  let probes = 0;
  let internetExposed = 0;
  let routeExposed = 0;
  // Reused buffers: one set per probe would be garbage at 10k classes × 2 ports.
  const [iUndecided, iAllowed, iPassed, iM, iNp, eUndecided, eAllowed, ePassed, eM, eAdmitted, res] = Array.from({ length: 11 }, () => emptyBits(n));

  for (let d = 0; d < n; d++) {
    if (d === routerClass) continue;
    const dst = reps[d];
    const ports: PortReach[] = [];
    for (const probe of classes[d].ports) {
      probes++;
      const conn: ConnPort = { num: probe.port };
      const allowed = flat ? ALL.slice() : multitenant ? multitenantSources(d) : and(egressAllowed(dst, conn, probe.protocol), ingressAllowed(dst, conn, probe.protocol), res);
      const c = count(allowed);
      const mode = c > n / 2 ? 'allExcept' : 'only';
      ports.push({ ...probe, mode, classes: mode === 'only' ? members(allowed) : nonMembers(allowed, n), internet: internetAllowed(dst, conn, probe.protocol) });
    }
    const exposedBy = exposures(dst, (port, protocol) => {
      const pr = ports.find((p) => p.port === port && p.protocol === protocol);
      if (pr) return pr.mode === 'only' ? pr.classes.includes(routerClass) : !pr.classes.includes(routerClass);
      if (flat) return true;
      if (multitenant) return hasRouterBit(multitenantSources(d));
      return hasRouterBit(and(egressAllowed(dst, { num: port }, protocol), ingressAllowed(dst, { num: port }, protocol), res));
    });
    if (ports.some((p) => p.internet)) internetExposed++;
    if (exposedBy.some((e) => e.routerAllowed)) routeExposed++;
    destinations.push({ class: d, ports, exposedBy });
  }

  function hasRouterBit(b: Bits): boolean {
    return (b[routerClass >>> 5] & (1 << (routerClass & 31))) !== 0;
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

  /** Source classes the destination's ingress policies admit on the probe. */
  function ingressAllowed(dst: PodLike, conn: ConnPort, protocol: Protocol): Bits {
    const undecided = copy(iUndecided, ALL);
    const allowed = iAllowed.fill(0);
    const passed = iPassed.fill(0);
    for (const a of idx.adminPoliciesSelecting(dst)) {
      for (const r of a.ingress) {
        if (!adminRulePortOk(r.ports, conn, protocol, dst)) continue;
        const m = iM.fill(0);
        for (const peer of r.peers) orInto(m, atoms.adminPeer(peer));
        and(m, undecided, m);
        if (r.action === 'Allow') orInto(allowed, m);
        else if (r.action === 'Pass') orInto(passed, m);
        andNotInto(undecided, m);
      }
    }
    orInto(undecided, passed);
    const rest = undecided;
    const selecting = idx.networkPoliciesSelecting(dst, 'Ingress');
    if (selecting.length > 0) {
      const np = iNp.fill(0);
      for (const p of selecting) {
        for (const r of p.ingress) {
          if (!npRulePortOk(r, conn, protocol, dst)) continue;
          if (!r.peers || r.peers.length === 0) orInto(np, ALL);
          else for (const peer of r.peers) orInto(np, atoms.npPeer(peer, p.meta.namespace));
        }
      }
      orInto(allowed, and(rest, np, np));
      return allowed;
    }
    if (banp && banp.ingress.length > 0 && subjectSelects(banp.subject, dst, idx.namespaceLabels(dst.namespace))) {
      for (const r of banp.ingress) {
        if (!adminRulePortOk(r.ports, conn, protocol, dst)) continue;
        const m = iM.fill(0);
        for (const peer of r.peers) orInto(m, atoms.adminPeer(peer));
        and(m, rest, m);
        if (r.action !== 'Deny') orInto(allowed, m); // Allow; a Pass in a baseline decides nothing: default allow
        andNotInto(rest, m);
      }
    }
    orInto(allowed, rest);
    return allowed;
  }

  /** Source classes whose egress policies let them send to the destination on the probe. */
  function egressAllowed(dst: PodLike, conn: ConnPort, protocol: Protocol): Bits {
    if (anpEgress.length === 0 && isEmpty(isolatedE) && !(banp && banp.egress.length > 0)) return ALL;
    const undecided = copy(eUndecided, ALL);
    const allowed = eAllowed.fill(0);
    const passed = ePassed.fill(0);
    // An ANP's egress rules match on the destination only, so its first matching rule decides for all its subjects.
    for (const a of anpEgress) {
      const r = a.egress.find((rule) => adminRulePortOk(rule.ports, conn, protocol, dst) && rule.peers.some((peer) => adminPeerSelectsPod(idx, peer, dst)));
      if (!r) continue;
      const m = and(atoms.adminSubject(a), undecided, eM);
      if (r.action === 'Allow') orInto(allowed, m);
      else if (r.action === 'Pass') orInto(passed, m);
      andNotInto(undecided, m);
    }
    orInto(undecided, passed);
    const rest = undecided;
    // NetworkPolicy: an isolated source may send if a rule of a policy selecting it admits the destination.
    const admitted = eAdmitted.fill(0);
    for (const np of [...(localEgress.get(dst.namespace) ?? []), ...globalEgress]) {
      const ok = np.egress.some(
        (r) => npRulePortOk(r, conn, protocol, dst) && (!r.peers || r.peers.length === 0 || r.peers.some((peer) => npPeerSelectsPod(idx, peer, np.meta.namespace, dst))),
      );
      if (ok) orInto(admitted, atoms.npSubject(np));
    }
    const isolatedRest = and(rest, isolatedE, eM);
    orInto(allowed, and(isolatedRest, admitted, eM));
    andNotInto(rest, isolatedE);
    // Not isolated: the baseline, then allow.
    if (banp && banp.egress.length > 0) {
      const r = banp.egress.find((rule) => adminRulePortOk(rule.ports, conn, protocol, dst) && rule.peers.some((peer) => adminPeerSelectsPod(idx, peer, dst)));
      if (r && r.action === 'Deny') andNotInto(rest, atoms.adminSubject(banp));
    }
    orInto(allowed, rest);
    return allowed;
  }

  /** A client at INTERNET_IP straight to the pod: ingress only (its own egress is not the cluster's). */
  function internetAllowed(dst: PodLike, conn: ConnPort, protocol: Protocol): boolean {
    if (multitenant || flat) return true; // traffic from outside arrives through the node (netid 0); Subnet: no policy
    admin: for (const a of idx.adminPoliciesSelecting(dst)) {
      for (const r of a.ingress) {
        if (!adminRulePortOk(r.ports, conn, protocol, dst)) continue;
        if (!r.peers.some((p) => !!p.networks && p.networks.some((c) => ipInCIDR(INTERNET_IP, c)))) continue;
        if (r.action === 'Allow') return true;
        if (r.action === 'Deny') return false;
        break admin; // Pass: the remaining AdminNetworkPolicies are skipped, on to NetworkPolicies
      }
    }
    const selecting = idx.networkPoliciesSelecting(dst, 'Ingress');
    if (selecting.length > 0) {
      return selecting.some((p) =>
        p.ingress.some((r) => npRulePortOk(r, conn, protocol, dst) && (!r.peers || r.peers.length === 0 || r.peers.some((peer) => !!peer.ipBlock && ipBlockMatches(peer.ipBlock, INTERNET_IP).matches))),
      );
    }
    if (banp && banp.ingress.length > 0 && subjectSelects(banp.subject, dst, idx.namespaceLabels(dst.namespace))) {
      for (const r of banp.ingress) {
        if (!adminRulePortOk(r.ports, conn, protocol, dst)) continue;
        if (!r.peers.some((p) => !!p.networks && p.networks.some((c) => ipInCIDR(INTERNET_IP, c)))) continue;
        return r.action !== 'Deny';
      }
    }
    return true;
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

/** Can a pod/workload of class `srcClass` connect to one of class `dstClass` on a probed port (by default:
 *  on any of them)? Classes come from `podClass` / `routerClass`. */
export function summaryAllows(s: ReachabilitySummary, srcClass: number, dstClass: number, port?: number, protocol: Protocol = 'TCP'): boolean {
  // Destinations are in class order and the router's class comes last, so the index is the class.
  const dr = s.destinations[dstClass]?.class === dstClass ? s.destinations[dstClass] : s.destinations.find((d) => d.class === dstClass);
  if (!dr) return false;
  return dr.ports.some((p) => (port === undefined || (p.port === port && p.protocol === protocol)) && (p.mode === 'only' ? p.classes.includes(srcClass) : !p.classes.includes(srcClass)));
}
