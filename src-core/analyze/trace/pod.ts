// The pod leg: a connection between two ends that are pods or addresses (`ns/name`, `router`, `internet`,
// `ip:`), decided by the policy engine; then, for an address outside the cluster, the egress objects, and
// for an egress router pod, where it sends the connection. It only adds hops: the builder (builder.ts)
// words the source hop and the summary.
//
// Choices where the issue is silent (docs/semantics-policy.md):
// - no `port`: the destination pod's first declared containerPort of the protocol, else 80 (80 for addresses);
// - a named port the destination does not declare (for the protocol) is a denial, not an error;
// - a Pod in phase Succeeded/Failed has no running containers and no IP, and a workload with
//   spec.replicas: 0 has no pods: the trace is denied, with a warning hop (the policy hops still show what
//   the policies alone would say); Job/CronJob pods get a warning that they exist only while running;
// - hostNetwork pods: the policy verdict is shown, with a warning that plug-ins do not apply NetworkPolicy
//   to host-network pods the same way (Kubernetes leaves it undefined).
import type { BuiltCluster } from '../../model/build';
import type { ObjectKey, PodLike, Protocol } from '../../model/types';
import { objectKey } from '../../model/types';
import { egressHops, egressRouterHops } from '../edge/index';
import { guessedLabelHops } from '../nsguess';
import { evaluateConnection } from '../policy/evaluate';
import { namedPortNumber } from '../policy/match';
import type { PolicyPeer } from '../policy/types';
import type { Hop, Query, Trace } from '../types';
import { finishTrace, hop, sourceHop, step, type Sender } from './builder';

export const DEFAULT_PORT = 80;

/** One end of a connection: its policy peer, the sender it is, its pod (if any) and how it is named. */
export type Resolved = { peer: PolicyPeer; sender: Sender; pod?: PodLike; label: string };

function finished(p: PodLike): boolean {
  return p.phase === 'Succeeded' || p.phase === 'Failed';
}

/** Warnings about an end that is a pod: finished, host network, not ready. `blocks` = no connection at all. */
export function podWarnings(p: PodLike, role: 'source' | 'destination'): { hops: Hop[]; blocks: boolean } {
  const hops: Hop[] = [];
  let blocks = false;
  const object = objectKey(p.meta);
  const kind = role === 'source' ? 'source' : 'destination';
  if (finished(p)) {
    blocks = true;
    hops.push(hop({
      kind,
      code: 'pod-finished',
      title: `${p.id} has finished`,
      verdict: 'warning',
      summary: `${p.id} is in phase ${p.phase}: its containers are not running and it holds no IP, so it can neither send nor receive.`,
      steps: [step(`status.phase is ${p.phase}. The policy hops below show what the policies alone would decide for a running pod with these labels.`, 'warning')],
      object,
    }));
  }
  if (p.kind !== 'Pod' && p.replicas === 0) {
    blocks = true;
    hops.push(hop({
      kind,
      code: 'pod-scaled-to-zero',
      title: `${p.id} is scaled to zero`,
      verdict: 'warning',
      summary: `${p.kind} ${p.id} has spec.replicas: 0, so no pod runs to ${role === 'source' ? 'send' : 'receive'} the traffic.`,
      steps: [step(`Scale it up (e.g. \`kubectl scale ${p.kind.toLowerCase()}/${p.name} -n ${p.namespace} --replicas=1\`). The policy hops below show what the policies alone would decide.`, 'warning')],
      object,
    }));
  }
  if (p.kind === 'Job' || p.kind === 'CronJob') {
    hops.push(hop({
      kind,
      title: `${p.id} runs only ${p.kind === 'CronJob' ? 'on its schedule' : 'until it completes'}`,
      verdict: 'warning',
      summary: `The pods of ${p.kind} ${p.id} exist only while it runs; outside that the connection has no ${role === 'source' ? 'sender' : 'receiver'}.`,
      object,
    }));
  }
  if (p.hostNetwork) {
    hops.push(hop({
      kind,
      title: `${p.id} uses the host network`,
      verdict: 'warning',
      summary: `${p.id} has hostNetwork: true: it uses its node's address. Kubernetes leaves NetworkPolicy for host-network pods undefined; most plug-ins treat its traffic as the node's, which pod selectors do not match.`,
      steps: [step('The policy verdict below is the one for a pod with these labels; the real cluster may differ.', 'warning')],
      object,
    }));
  }
  if (role === 'destination' && p.ready === false && !finished(p)) {
    hops.push(hop({ kind: 'destination', title: `${p.id} is not ready`, verdict: 'warning', summary: `${p.id} reports Ready=False: policies allow the connection, but the pod may not accept it.`, object }));
  }
  return { hops, blocks };
}

function pathOf(src: Resolved, dst: Resolved, hops: Hop[]): ObjectKey[] {
  const path: ObjectKey[] = [];
  if (src.pod) path.push(objectKey(src.pod.meta));
  for (const h of hops) if (h.rule && !path.includes(h.rule.object)) path.push(h.rule.object);
  if (dst.pod) path.push(objectKey(dst.pod.meta));
  return path;
}

/** A client outside the cluster talking to a pod directly: no proxy in between. */
const DIRECT = step('Its address is kept when it reaches pods: NetworkPolicy ipBlocks see it.', 'info');

export function tracePolicies(cluster: BuiltCluster, query: Query, src: Resolved, dst: Resolved, protocol: Protocol): Trace {
  const hops: Hop[] = [];
  const dstPod = dst.pod;
  // The port: a name looked up on the destination, the number given, or the default.
  let port: number | undefined = query.port;
  let portNote = '';
  if (query.named_port !== undefined) {
    port = namedPortNumber(dstPod, query.named_port, protocol);
    if (port === undefined) {
      const declared = dstPod?.ports.map((p) => `${p.name ?? '(unnamed)'}=${p.protocol} ${p.containerPort}`).join(', ') || 'none';
      hops.push(hop({
        kind: 'port',
        title: `Named port "${query.named_port}"`,
        verdict: 'denied',
        summary: `${dst.label} declares no ${protocol} containerPort named ${JSON.stringify(query.named_port)}, so there is nothing to connect to.`,
        steps: [step(`Declared containerPorts: ${declared}.`, 'info')],
        object: dstPod ? objectKey(dstPod.meta) : undefined,
      }));
      return finishTrace({ query, hops, allowed: false, reached: null, path: pathOf(src, dst, hops), subject: `${src.label} → ${dst.label}`, form: 'connection' });
    }
    portNote = ` (named port "${query.named_port}")`;
  } else if (port === undefined) {
    const first = dstPod?.ports.find((p) => p.protocol === protocol);
    port = first?.containerPort ?? DEFAULT_PORT;
    portNote = first ? ' (no port given: the first declared containerPort)' : ` (no port given: ${DEFAULT_PORT} assumed)`;
  }

  hops.push(sourceHop(cluster, src.sender, src.sender.kind === 'external' ? [DIRECT] : []));
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
    hops.push(hop({
      kind: dstPod ? 'destination' : 'external',
      title: `Reaches ${dst.label}`,
      verdict: 'allowed',
      summary: `${dst.label} on ${protocol} ${port}${portNote}.`,
      steps: dstPod && !declared ? [step(`${protocol} ${port} is not among ${dstPod.id}'s declared containerPorts; that list is informational, so policies decide, but check that something listens there.`, 'info')] : [],
      object: dstPod && !dstPod.meta.impliedBy ? objectKey(dstPod.meta) : undefined,
    }));
  }
  // An egress router pod as destination: where it sends the connection (edge tracer); a refusal denies.
  const routerHops = allowed && dstPod && dst.sender.kind === 'pod' ? egressRouterHops(cluster, dstPod, port, protocol) : [];
  hops.push(...routerHops);
  if (routerHops.some((h) => h.verdict === 'denied')) allowed = false;
  // For an allowed trace, say which rules let it through (the directions that were not isolated need no words).
  const by = [verdict.egress, verdict.ingress].filter((d) => d.rule && d.allowed).map((d) => `${d.direction} by ${d.rule?.label}`);
  return finishTrace({
    query,
    hops,
    allowed,
    reached: allowed && dstPod ? dstPod.id : null,
    path: pathOf(src, dst, hops),
    subject: `${src.label} → ${dst.label} on ${protocol} ${port}${portNote}`,
    form: 'connection',
    allowedBy: by.length ? ` (${by.join('; ')})` : ', no policy isolates either end',
    warned: sw.hops.length + dw.hops.length + guessed.length > 0 || verdict.hops.some((h) => h.verdict === 'warning'),
  });
}
