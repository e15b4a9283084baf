// The last hops of every edge trace: the connection from whoever opens it (the router / ingress
// controller / gateway pod for external traffic, the client pod for `svc:` and `dns:`) to the chosen
// endpoint pod, through the policy engine (egress of the opener, ingress of the destination), then the
// container port. For router traffic the destination's NetworkPolicy sees the router pod in the
// profile's router namespace, not the original client.
import type { BuiltCluster } from '../../model/build';
import type { PodLike, Protocol } from '../../model/types';
import { objectKey } from '../../model/types';
import { evaluateConnection } from '../policy/evaluate';
import { guessedLabelHops } from '../nsguess';
import type { ConnectionVerdict, PolicyPeer } from '../policy/types';
import type { Hop } from '../types';
import { hop, ruleAt, step } from './common';
import { declaresPort, type ServiceEndpoint } from './service';

export interface Delivery {
  hops: Hop[];
  allowed: boolean;
  reached: string | null;
  /** Set when the "namespace labels assumed" hop was left for the caller to add (deliverToEndpoints adds
   *  it to the endpoint it shows only: building it for each of 12 endpoints cost as much as the policies). */
  pending?: { src: PolicyPeer; pod: PodLike; port: number; protocol: Protocol; verdict: ConnectionVerdict; at: number };
}

/** Policy hops then the port hop for a connection from `src` to `pod` on the endpoint `port`. */
export function deliver(cluster: BuiltCluster, src: PolicyPeer, pod: PodLike, port: number, protocol: Protocol, opener?: string, deferGuesses = false): Delivery {
  const v = evaluateConnection(cluster, src, { kind: 'pod', pod }, port, protocol);
  const hops = deferGuesses ? [...v.hops] : [...v.hops, ...guessedLabelHops(cluster, src, { kind: 'pod', pod }, port, protocol, v)];
  const pending = deferGuesses ? { src, pod, port, protocol, verdict: v, at: v.hops.length } : undefined;
  if (opener && hops.length && src.kind === 'pod') {
    hops[0].steps = [step(`${opener} opens the connection to the pod, so policies see ${src.pod.id} (namespace ${src.pod.namespace}) as the source.`, 'info'), ...hops[0].steps];
  }
  if (!v.allowed) return { hops, allowed: false, reached: null, pending };
  hops.push(portHop(cluster, pod, port, protocol));
  return { hops, allowed: true, reached: pod.id, pending };
}

export function portHop(cluster: BuiltCluster, pod: PodLike, port: number, protocol: Protocol): Hop {
  const declared = pod.ports.find((p) => p.containerPort === port && p.protocol === protocol);
  if (declared) {
    return hop({
      kind: 'port',
      title: `Port ${port}/${protocol} on ${pod.id}`,
      verdict: 'allowed',
      summary: `container ${JSON.stringify(declared.container)} declares ${protocol} ${port}${declared.name ? ` (${JSON.stringify(declared.name)})` : ''}`,
      rule: ruleAt(cluster, pod.meta, declared.ref),
    });
  }
  return hop({
    kind: 'port',
    title: `Port ${port}/${protocol} on ${pod.id}`,
    verdict: pod.ports.length === 0 ? 'info' : 'warning',
    code: pod.ports.length === 0 ? undefined : 'port-not-declared',
    summary: pod.ports.length === 0
      ? `the pod declares no ports; the request reaches it on ${port} if a process listens there`
      : `no container declares ${protocol} ${port} (declared: ${pod.ports.map((p) => `${p.containerPort}/${p.protocol}`).join(', ')}); unless something listens on ${port}, the connection is refused`,
    object: objectKey(pod.meta),
    steps: [step('Declaring a containerPort is informational in Kubernetes: traffic reaches any port a process listens on.', 'info')],
  });
}

export { declaresPort };

/**
 * Delivery to one of several endpoints (load balancing): every distinct endpoint pod is evaluated; the
 * trace follows the first one that admits the connection and says which ones would refuse it.
 */
export function deliverToEndpoints(cluster: BuiltCluster, src: PolicyPeer, endpoints: ServiceEndpoint[], opener?: string): Delivery {
  const seen = new Set<string>();
  const results: { e: ServiceEndpoint; d: Delivery }[] = [];
  for (const e of endpoints) {
    const key = e.pod ? `${e.pod.id}:${e.port}` : `${e.ip}:${e.port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!e.pod) {
      results.push({
        e,
        d: {
          allowed: true,
          reached: null,
          hops: [hop({ kind: 'external', title: `Endpoint ${e.ip ?? '?'}:${e.port}`, verdict: 'info', summary: `the endpoint address ${e.ip ?? '(none)'} is not a pod in the input; the connection goes to that address`, rule: e.address && e.set ? ruleAt(cluster, e.set.meta, e.address.ref) : undefined })],
        },
      });
      continue;
    }
    results.push({ e, d: deliver(cluster, src, e.pod, e.port, e.protocol, opener, true) });
    if (results.length >= 12) break;
  }
  const ok = results.find((r) => r.d.allowed && r.d.reached) ?? results.find((r) => r.d.allowed);
  const chosen = ok ?? results[0];
  if (!chosen) return { hops: [], allowed: false, reached: null };
  const p = chosen.d.pending;
  if (p) {
    chosen.d.hops.splice(p.at, 0, ...guessedLabelHops(cluster, p.src, { kind: 'pod', pod: p.pod }, p.port, p.protocol, p.verdict));
    chosen.d.pending = undefined;
  }
  const others = results.filter((r) => r !== chosen);
  if (others.length) {
    const denied = others.filter((r) => !r.d.allowed).map((r) => r.e.pod?.id ?? r.e.ip ?? '?');
    const first = chosen.d.hops[0];
    if (first) {
      first.steps = [
        ...first.steps,
        step(`Traffic is balanced over ${results.length} endpoints; shown: ${chosen.e.pod?.id ?? chosen.e.ip}.${denied.length ? ` Connections balanced to ${denied.join(', ')} are refused by policy.` : ' The others are admitted too.'}`, denied.length && chosen.d.allowed ? 'warning' : 'info'),
      ];
      if (denied.length && chosen.d.allowed && first.verdict === 'allowed') first.verdict = 'warning';
    }
  }
  return chosen.d;
}
