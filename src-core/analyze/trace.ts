// The trace dispatcher: one query (FORMAT.md endpoint forms) in, one explained Trace out. Pod-level
// questions (pod/workload, `router`, `internet`/`ip:` ↔ pod) are answered here with the policy engine;
// `svc:`, `dns:` and URL destinations go to the edge tracer (analyze/edge). Never throws on user input:
// a query it cannot understand gives a Trace with `error`.
//
// Choices where the issue is silent (docs/semantics-policy.md):
// - no `port`: the destination pod's first declared containerPort of the protocol, else 80 (80 for addresses);
// - a named port the destination does not declare (for the protocol) is a denial, not an error;
// - a Pod in phase Succeeded/Failed has no running containers and no IP, and a workload with
//   spec.replicas: 0 has no pods: the trace is denied, with a warning hop (the policy hops still show what
//   the policies alone would say); Job/CronJob pods get a warning that they exist only while running;
// - hostNetwork pods: the policy verdict is shown, with a warning that plug-ins do not apply NetworkPolicy
//   to host-network pods the same way (Kubernetes leaves it undefined);
// - `ip:` an address the input gives to a Service (ClusterIP, externalIPs, load-balancer address) is traced
//   as that Service (the address is translated to an endpoint before policies see it), and a running pod's
//   own IP as that pod (address.ts); a hop says which field the address was found in.
import type { BuiltCluster } from '../model/build';
import type { ObjectKey, PodLike, Protocol } from '../model/types';
import { objectKey } from '../model/types';
import { ownerOfAddress } from './address';
import { fieldRule, hop } from './edge/common';
import { egressHops, egressRouterHops, traceEdge, type Sender } from './edge/index';
import { INTERNET_IP, parseEndpoint, type Endpoint } from './endpoint';
import { describeLabels } from './policy/explain';
import { evaluateConnection } from './policy/evaluate';
import { guessedLabelHops } from './nsguess';
import { namedPortNumber } from './policy/match';
import type { PolicyPeer } from './policy/types';
import type { Hop, Query, Trace } from './types';

export const DEFAULT_PORT = 80;

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

function describePodLike(p: PodLike): string {
  // A Pod of a workload in the input says whose it is (`NS/WORKLOAD` is traced with one of its live Pods).
  const group = p.workload ? ` of ${p.workload.split('/')[0]} ${p.workload.split('/').slice(1).join('/')}` : '';
  const kind = p.kind === 'Pod' ? `Pod${group}` : `${p.kind} (standing for the pods of its template)`;
  return `${p.id}: ${kind}, labels ${describeLabels(p.podLabels)}`;
}

function finished(p: PodLike): boolean {
  return p.phase === 'Succeeded' || p.phase === 'Failed';
}

/** Warnings about an end that is a pod: finished, host network, not ready. `blocks` = no connection at all. */
function podWarnings(p: PodLike, role: 'source' | 'destination'): { hops: Hop[]; blocks: boolean } {
  const hops: Hop[] = [];
  let blocks = false;
  const object = objectKey(p.meta);
  if (finished(p)) {
    blocks = true;
    hops.push({
      kind: role === 'source' ? 'source' : 'destination',
      title: `${p.id} has finished`,
      verdict: 'warning',
      summary: `${p.id} is in phase ${p.phase}: its containers are not running and it holds no IP, so it can neither send nor receive.`,
      steps: [{ text: `status.phase is ${p.phase}. The policy hops below show what the policies alone would decide for a running pod with these labels.`, verdict: 'warning' }],
      object,
    });
  }
  if (p.kind !== 'Pod' && p.replicas === 0) {
    blocks = true;
    hops.push({
      kind: role === 'source' ? 'source' : 'destination',
      title: `${p.id} is scaled to zero`,
      verdict: 'warning',
      summary: `${p.kind} ${p.id} has spec.replicas: 0, so no pod runs to ${role === 'source' ? 'send' : 'receive'} the traffic.`,
      steps: [{ text: `Scale it up (e.g. \`kubectl scale ${p.kind.toLowerCase()}/${p.name} -n ${p.namespace} --replicas=1\`). The policy hops below show what the policies alone would decide.`, verdict: 'warning' }],
      object,
    });
  }
  if (p.kind === 'Job' || p.kind === 'CronJob') {
    hops.push({
      kind: role === 'source' ? 'source' : 'destination',
      title: `${p.id} runs only ${p.kind === 'CronJob' ? 'on its schedule' : 'until it completes'}`,
      verdict: 'warning',
      summary: `The pods of ${p.kind} ${p.id} exist only while it runs; outside that the connection has no ${role === 'source' ? 'sender' : 'receiver'}.`,
      steps: [],
      object,
    });
  }
  if (p.hostNetwork) {
    hops.push({
      kind: role === 'source' ? 'source' : 'destination',
      title: `${p.id} uses the host network`,
      verdict: 'warning',
      summary: `${p.id} has hostNetwork: true: it uses its node's address. Kubernetes leaves NetworkPolicy for host-network pods undefined; most plug-ins treat its traffic as the node's, which pod selectors do not match.`,
      steps: [{ text: 'The policy verdict below is the one for a pod with these labels; the real cluster may differ.', verdict: 'warning' }],
      object,
    });
  }
  if (role === 'destination' && p.ready === false && !finished(p)) {
    hops.push({ kind: 'destination', title: `${p.id} is not ready`, verdict: 'warning', summary: `${p.id} reports Ready=False: policies allow the connection, but the pod may not accept it.`, steps: [], object });
  }
  return { hops, blocks };
}

type Resolved = { peer: PolicyPeer; sender: Sender; pod?: PodLike; label: string };

function resolveSender(cluster: BuiltCluster, e: Endpoint): Resolved | { error: string } {
  switch (e.kind) {
    case 'pod': {
      const p = findPod(cluster, e.namespace, e.name);
      return 'error' in p ? p : { peer: { kind: 'pod', pod: p }, sender: { kind: 'pod', pod: p }, pod: p, label: p.id };
    }
    case 'internet':
    case 'ip':
      return { peer: { kind: 'external', ip: e.ip }, sender: { kind: 'external', ip: e.ip }, label: e.kind === 'internet' ? `internet (${e.ip})` : e.ip };
    case 'router':
      return { peer: { kind: 'pod', pod: cluster.routerPod }, sender: { kind: 'router' }, pod: cluster.routerPod, label: `router (${cluster.routerPod.id})` };
    default:
      return { error: `${e.kind === 'service' ? 'A Service' : e.kind === 'dns' ? 'A DNS name' : 'A URL'} cannot send traffic; use a pod/workload (NS/NAME), internet, ip:A.B.C.D or router as "from".` };
  }
}

/** Answers one query. */
export function traceQuery(cluster: BuiltCluster, query: Query): Trace {
  return settleUndetermined(traceQueryRaw(cluster, query));
}

/** The one rule for undecided hops: a trace that would pass, but has a hop the input cannot decide, is
 *  `undetermined` (`allowed: false`, nothing reached), and its summary names that hop. A hop that denies
 *  outright still decides (every hop of a trace must pass), so a denied trace stays denied. */
export function settleUndetermined(t: Trace): Trace {
  // Already settled where it was built (the Service / DNS traces settle themselves): keep its summary.
  if (t.error || t.verdict === 'undetermined') return t;
  const open = t.hops.find((h) => h.verdict === 'undetermined');
  if (!open || t.hops.some((h) => h.verdict === 'denied')) return t;
  const head = t.summary.replace(/: (allowed|denied|redirected|warning)\b.*$/s, '');
  // The closing "reaches the pod" hop holds only if the undecided hop passes: it is no longer a verdict.
  const hops = t.hops.map((h) => (h.verdict === 'allowed' && (h.kind === 'destination' || h.kind === 'external') && h === t.hops[t.hops.length - 1] ? { ...h, verdict: 'info' as const, summary: `only if the undetermined hop passes: ${h.summary}` } : h));
  return { ...t, allowed: false, verdict: 'undetermined', reached: null, hops, summary: `${head}: undetermined — ${open.summary}` };
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
    const label = from.kind === 'internet' ? `internet (${from.ip})` : from.ip;
    return { query, allowed: false, verdict: 'denied', summary: `${label} → ${parsedTo.ip}: denied — ${note.summary}`, hops: [...notes.slice(0, -1), note], reached: null, path: note.rule ? [note.rule.object] : [] };
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
    return { ...t, hops: [...w.hops, ...t.hops], allowed: t.allowed && !w.blocks, reached: w.blocks ? null : t.reached, verdict: w.blocks ? 'denied' : t.allowed ? 'warning' : t.verdict };
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

function tracePolicies(cluster: BuiltCluster, query: Query, src: Resolved, dst: Resolved, protocol: Protocol): Trace {
  const hops: Hop[] = [];
  const dstPod = dst.pod;
  // The port: a name looked up on the destination, the number given, or the default.
  let port: number | undefined = query.port;
  let portNote = '';
  if (query.named_port !== undefined) {
    port = namedPortNumber(dstPod, query.named_port, protocol);
    if (port === undefined) {
      const declared = dstPod?.ports.map((p) => `${p.name ?? '(unnamed)'}=${p.protocol} ${p.containerPort}`).join(', ') || 'none';
      hops.push({
        kind: 'port',
        title: `Named port "${query.named_port}"`,
        verdict: 'denied',
        summary: `${dst.label} declares no ${protocol} containerPort named ${JSON.stringify(query.named_port)}, so there is nothing to connect to.`,
        steps: [{ text: `Declared containerPorts: ${declared}.`, verdict: 'info' }],
        object: dstPod ? objectKey(dstPod.meta) : undefined,
      });
      return finish(query, src, dst, hops, false, false, `${src.label} → ${dst.label}: denied, no ${protocol} port named "${query.named_port}" on ${dst.label}.`);
    }
    portNote = ` (named port "${query.named_port}")`;
  } else if (port === undefined) {
    const first = dstPod?.ports.find((p) => p.protocol === protocol);
    port = first?.containerPort ?? DEFAULT_PORT;
    portNote = first ? ' (no port given: the first declared containerPort)' : ` (no port given: ${DEFAULT_PORT} assumed)`;
  }

  hops.push({
    kind: 'source',
    title: `From ${src.label}`,
    verdict: 'info',
    summary: src.pod ? describePodLike(src.pod) : `${src.label}: a client outside the cluster; its address is kept when it reaches pods.`,
    steps: src.sender.kind === 'router' ? [{ text: `The ${cluster.profile.title} router is modelled as pod ${cluster.routerPod.id} with labels ${describeLabels(cluster.routerPod.podLabels)} in a namespace labelled ${describeLabels(cluster.namespaces.get(cluster.routerPod.namespace)?.labels ?? {})}.`, verdict: 'info' }] : [],
    object: src.pod && !src.pod.meta.impliedBy ? objectKey(src.pod.meta) : undefined,
  });
  const sw = src.pod && src.sender.kind === 'pod' ? podWarnings(src.pod, 'source') : { hops: [], blocks: false };
  const dw = dstPod && dst.sender.kind === 'pod' ? podWarnings(dstPod, 'destination') : { hops: [], blocks: false };
  hops.push(...sw.hops);

  const verdict = evaluateConnection(cluster, src.peer, dst.peer, port, protocol);
  hops.push(...verdict.hops);
  // A verdict that rests on namespace labels the input does not give says so (nsguess.ts).
  const guessed = guessedLabelHops(cluster, src.peer, dst.peer, port, protocol, verdict);
  hops.push(...guessed);
  let allowed = verdict.allowed && !sw.blocks && !dw.blocks;

  if (dst.peer.kind === 'external' && src.pod && verdict.allowed) {
    const extra = egressHops(cluster, src.pod, dst.peer.ip, port, protocol);
    hops.push(...extra);
    if (extra.some((h) => h.verdict === 'denied')) allowed = false;
  }
  hops.push(...dw.hops);
  if (allowed) {
    const declared = dstPod ? dstPod.ports.some((p) => p.containerPort === port && p.protocol === protocol) : true;
    hops.push({
      kind: dstPod ? 'destination' : 'external',
      title: `Reaches ${dst.label}`,
      verdict: 'allowed',
      summary: `${dst.label} on ${protocol} ${port}${portNote}.`,
      steps: dstPod && !declared ? [{ text: `${protocol} ${port} is not among ${dstPod.id}'s declared containerPorts; that list is informational, so policies decide, but check that something listens there.`, verdict: 'info' }] : [],
      object: dstPod && !dstPod.meta.impliedBy ? objectKey(dstPod.meta) : undefined,
    });
  }
  // An egress router pod as destination: where it sends the connection (edge tracer); a refusal denies.
  const routerHops = allowed && dstPod && dst.sender.kind === 'pod' ? egressRouterHops(cluster, dstPod, port, protocol) : [];
  hops.push(...routerHops);
  if (routerHops.some((h) => h.verdict === 'denied')) allowed = false;
  // No denying hop but not allowed: an undetermined policy hop (settleUndetermined words the summary).
  const firstDenied = hops.find((h) => h.verdict === 'denied') ?? (allowed ? undefined : verdict.hops.find((h) => h.verdict === 'undetermined'));
  // For an allowed trace, say which rules let it through (the directions that were not isolated need no words).
  const by = [verdict.egress, verdict.ingress].filter((d) => d.rule && d.allowed).map((d) => `${d.direction} by ${d.rule?.label}`);
  const summary = allowed
    ? `${src.label} → ${dst.label} on ${protocol} ${port}${portNote}: allowed${by.length ? ` (${by.join('; ')})` : ', no policy isolates either end'}.`
    : `${src.label} → ${dst.label} on ${protocol} ${port}${portNote}: denied — ${firstDenied?.summary ?? (sw.blocks || dw.blocks ? 'a pod that is not running cannot send or receive' : 'denied')}`;
  return finish(query, src, dst, hops, allowed, sw.hops.length + dw.hops.length + guessed.length > 0 || verdict.hops.some((h) => h.verdict === 'warning'), summary);
}

function finish(query: Query, src: Resolved, dst: Resolved, hops: Hop[], allowed: boolean, warned: boolean, summary: string): Trace {
  const path: ObjectKey[] = [];
  if (src.pod) path.push(objectKey(src.pod.meta));
  for (const h of hops) if (h.rule && !path.includes(h.rule.object)) path.push(h.rule.object);
  if (dst.pod) path.push(objectKey(dst.pod.meta));
  return {
    query,
    allowed,
    verdict: allowed ? (warned ? 'warning' : 'allowed') : 'denied',
    summary,
    hops,
    reached: allowed && dst.pod ? dst.pod.id : null,
    path,
  };
}
