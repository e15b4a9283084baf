// The trace dispatcher: one query (FORMAT.md endpoint forms) in, one explained Trace out. Pod-level
// questions (pod/workload, `router`, `internet`/`ip:` ↔ pod) go to the pod leg (pod.ts, the policy engine);
// `svc:`, `dns:` and URL destinations to the edge legs (analyze/edge). Never throws on user input:
// a query it cannot understand gives a Trace with `error`.
//
// The pod leg is pod.ts, the Service / DNS / URL legs are in analyze/edge; every Trace is assembled by
// builder.ts. Here:
// - `ip:` an address the input gives to a Service (ClusterIP, externalIPs, load-balancer address) is traced
//   as that Service (the address is translated to an endpoint before policies see it), and a running pod's
//   own IP as that pod (address.ts); a hop says which field the address was found in.
import type { BuiltCluster } from '../../model/build';
import type { PodLike, Protocol } from '../../model/types';
import { ownerOfAddress } from '../address';
import { fieldRule } from '../edge/common';
import { traceEdge } from '../edge/index';
import { INTERNET_IP, parseEndpoint, type Endpoint } from '../endpoint';
import type { Hop, Query, Trace } from '../types';
import { finishTrace, hop, senderLabel, settleUndetermined } from './builder';
import { DEFAULT_PORT, podWarnings, tracePolicies, type Resolved } from './pod';

export { DEFAULT_PORT, settleUndetermined };

function errorTrace(query: Query, error: string): Trace {
  return { query, allowed: false, verdict: 'denied', summary: error, hops: [], reached: null, path: [], error };
}

/** Pods by name and pod counts by namespace, for the not-found message (a batch may miss often). */
const podNames = new WeakMap<BuiltCluster, { byName: Map<string, string[]>; perNamespace: Map<string, number> }>();

function podNameIndex(cluster: BuiltCluster) {
  let idx = podNames.get(cluster);
  if (!idx) {
    idx = { byName: new Map(), perNamespace: new Map() };
    for (const x of cluster.pods) {
      const ids = idx.byName.get(x.name);
      if (ids) ids.push(x.id);
      else idx.byName.set(x.name, [x.id]);
      idx.perNamespace.set(x.namespace, (idx.perNamespace.get(x.namespace) ?? 0) + 1);
    }
    podNames.set(cluster, idx);
  }
  return idx;
}

/** `ns/name` → the Pod, else the workload; a readable message when neither exists. */
export function findPod(cluster: BuiltCluster, namespace: string, name: string): PodLike | { error: string } {
  const p = cluster.podsById.get(`${namespace}/${name}`);
  if (p) return p;
  const idx = podNameIndex(cluster);
  const elsewhere = idx.byName.get(name) ?? [];
  const hint = elsewhere.length
    ? ` There is ${elsewhere.slice(0, 3).join(', ')}${elsewhere.length > 3 ? ' …' : ''} in another namespace.`
    : cluster.namespaces.has(namespace)
      ? ` Namespace ${namespace} has ${idx.perNamespace.get(namespace) ?? 0} pods/workloads.`
      : ` There is no namespace ${namespace} in the input.`;
  return { error: `No Pod or workload named ${JSON.stringify(name)} in namespace ${JSON.stringify(namespace)}.${hint}` };
}

function resolveSender(cluster: BuiltCluster, e: Endpoint): Resolved | { error: string } {
  switch (e.kind) {
    case 'pod': {
      const p = findPod(cluster, e.namespace, e.name);
      return 'error' in p ? p : { peer: { kind: 'pod', pod: p }, sender: { kind: 'pod', pod: p }, pod: p, label: p.id };
    }
    case 'internet':
    case 'ip': {
      const sender = { kind: 'external' as const, ip: e.ip, internet: e.kind === 'internet' };
      return { peer: { kind: 'external', ip: e.ip }, sender, label: senderLabel(cluster, sender) };
    }
    case 'router':
      return { peer: { kind: 'pod', pod: cluster.routerPod }, sender: { kind: 'router' }, pod: cluster.routerPod, label: senderLabel(cluster, { kind: 'router' }) };
    default:
      return { error: `${e.kind === 'service' ? 'A Service' : e.kind === 'dns' ? 'A DNS name' : 'A URL'} cannot send traffic; use a pod/workload (NS/NAME), internet, ip:A.B.C.D or router as "from".` };
  }
}

/** Answers one query. */
export function traceQuery(cluster: BuiltCluster, query: Query): Trace {
  return settleUndetermined(traceQueryRaw(cluster, query));
}

function traceQueryRaw(cluster: BuiltCluster, query: Query): Trace {
  if (typeof query.from !== 'string' || typeof query.to !== 'string') return errorTrace(query, 'A query needs "from" and "to" endpoints (strings).');
  const protocol: Protocol = query.protocol ?? 'TCP';
  if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') return errorTrace(query, `protocol must be TCP, UDP or SCTP, not ${JSON.stringify(protocol)}.`);
  if (query.port !== undefined && !(Number.isInteger(query.port) && query.port >= 1 && query.port <= 65535)) {
    return errorTrace(query, `port must be a whole number from 1 to 65535, not ${JSON.stringify(query.port)}.`);
  }
  if (query.named_port !== undefined && (typeof query.named_port !== 'string' || !query.named_port)) return errorTrace(query, 'named_port must be a non-empty port name.');
  const parsedFrom = parseEndpoint(query.from);
  if ('error' in parsedFrom) return errorTrace(query, `from: ${parsedFrom.error}`);
  const parsedTo = parseEndpoint(query.to);
  if ('error' in parsedTo) return errorTrace(query, `to: ${parsedTo.error}`);
  const notes: Hop[] = [];
  const from = ownAddress(cluster, parsedFrom, 'source', notes).endpoint;
  const dest = ownAddress(cluster, parsedTo, 'destination', notes);
  const to = dest.endpoint;
  if (parsedTo.kind === 'ip' && to.kind === 'service' && dest.clusterIP && (from.kind === 'internet' || from.kind === 'ip')) {
    // Only NodePort / LoadBalancer / externalIPs enter from outside; the ClusterIP itself is not routed.
    const note = { ...notes[notes.length - 1], verdict: 'denied' as const, summary: `${parsedTo.ip} is the ClusterIP of Service ${to.namespace}/${to.name}: a virtual address that only exists inside the cluster (nodes and pods translate it); a client outside cannot reach it. Use a Route/Ingress, a NodePort, a LoadBalancer or an externalIP.` };
    const label = senderLabel(cluster, { kind: 'external', ip: from.ip, internet: from.kind === 'internet' });
    return finishTrace({ query, hops: [...notes.slice(0, -1), note], allowed: false, reached: null, path: note.rule ? [note.rule.object] : [], subject: `${label} → ${parsedTo.ip}`, form: 'connection' });
  }
  const t = traceResolved(cluster, query, protocol, from, to);
  if (notes.length === 0 || t.error) return t;
  // The address notes go right after the source hop (or first, when the trace starts elsewhere).
  const at = t.hops[0]?.kind === 'source' ? 1 : 0;
  return { ...t, hops: [...t.hops.slice(0, at), ...notes, ...t.hops.slice(at)] };
}

/** An `ip:` endpoint that belongs to a pod (or, as a destination, a Service) of the input becomes that
 *  pod/Service, with an explaining hop in `notes`; other endpoints are returned as they are. `clusterIP`:
 *  the address is a Service's ClusterIP (not routed from outside the cluster). */
function ownAddress(cluster: BuiltCluster, e: Endpoint, role: 'source' | 'destination', notes: Hop[]): { endpoint: Endpoint; clusterIP?: boolean } {
  if (e.kind !== 'ip') return { endpoint: e };
  const owner = ownerOfAddress(cluster, e.ip);
  if (!owner) return { endpoint: e };
  if (owner.kind === 'pod') {
    const p = owner.pod;
    notes.push(hop({ kind: role, title: `${e.ip} is pod ${p.id}`, verdict: 'info', summary: `${e.ip} is the address of pod ${p.id} (its status.podIPs): the connection is ${role === 'source' ? 'from' : 'to'} that pod, and NetworkPolicies match it by its labels.`, rule: fieldRule(cluster, p.meta, ['status', p.podIP ? 'podIP' : 'podIPs']) }));
    return { endpoint: { kind: 'pod', namespace: p.namespace, name: p.name } };
  }
  // A Service address as a source does not occur (replies aside); keep it as an address.
  if (role === 'source') return { endpoint: e };
  const s = owner.service;
  const clusterIP = owner.field === 'spec.clusterIP' || owner.field === 'spec.clusterIPs';
  const what = clusterIP ? 'the ClusterIP' : owner.field === 'spec.externalIPs' ? 'an externalIP' : 'the load-balancer address';
  notes.push(hop({
    kind: 'destination',
    title: `${e.ip} is Service ${s.meta.namespace}/${s.meta.name}`,
    verdict: 'info',
    summary: `${e.ip} is ${what} of Service ${s.meta.namespace}/${s.meta.name} (${owner.field}): kube-proxy / OVN-Kubernetes translate it to one of the Service's endpoints before NetworkPolicy sees the connection, so this is traced as svc:${s.meta.namespace}/${s.meta.name}.`,
    rule: fieldRule(cluster, s.meta, owner.field.split('.')),
  }));
  return { endpoint: { kind: 'service', namespace: s.meta.namespace, name: s.meta.name }, clusterIP };
}

function traceResolved(cluster: BuiltCluster, query: Query, protocol: Protocol, from: Endpoint, to: Endpoint): Trace {
  const src = resolveSender(cluster, from);
  if ('error' in src) return errorTrace(query, `from: ${src.error}`);

  if (to.kind === 'service' || to.kind === 'dns' || to.kind === 'url') {
    const t = traceEdge(cluster, query, src.sender, to);
    const w = src.pod && src.sender.kind === 'pod' ? podWarnings(src.pod, 'source') : { hops: [], blocks: false };
    if (w.hops.length === 0) return t;
    const hops = [...w.hops, ...t.hops];
    // A source that cannot send stops a request the edge would pass: the builder words that denial.
    if (w.blocks && t.allowed) return finishTrace({ query, hops, allowed: false, reached: null, path: t.path, subject: query.to, form: 'request' });
    return { ...t, hops, allowed: t.allowed && !w.blocks, reached: w.blocks ? null : t.reached, verdict: w.blocks ? 'denied' : t.allowed ? 'warning' : t.verdict };
  }

  let dst: Resolved;
  if (to.kind === 'pod' || to.kind === 'router') {
    const d = resolveSender(cluster, to);
    if ('error' in d) return errorTrace(query, `to: ${d.error}`);
    dst = d;
  } else {
    if (src.peer.kind === 'external') return errorTrace(query, 'Both ends are outside the cluster; podpath answers for traffic that starts or ends at a pod.');
    if (query.named_port !== undefined) return errorTrace(query, 'named_port needs a pod destination (it is looked up in the pod\'s containerPorts).');
    const ip = to.kind === 'internet' ? INTERNET_IP : to.ip;
    dst = { peer: { kind: 'external', ip }, sender: { kind: 'external', ip }, label: to.kind === 'internet' ? `internet (${ip})` : ip };
  }
  return tracePolicies(cluster, query, src, dst, protocol);
}

