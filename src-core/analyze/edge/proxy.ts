// Which endpoints kube-proxy sends a Service connection to, as kubernetes/kubernetes pkg/proxy/topology.go
// CategorizeEndpoints picks them:
// - traffic policy Cluster: the ready endpoints; when none is ready, the ones that are serving AND
//   terminating ("if there are 0 cluster-wide endpoints, we can try to fallback to any terminating
//   endpoints that are ready"); none of either → no endpoints, the connection is rejected;
// - traffic policy Local (internalTrafficPolicy for pod → ClusterIP, externalTrafficPolicy for NodePort /
//   LoadBalancer / externalIPs from outside): only the endpoints on the node the traffic is on — local ready
//   ones, else local serving-and-terminating ones, the fallback applied per node; none → the traffic is
//   dropped ("If there are no node-local endpoints, kube-proxy drops traffic", website
//   concepts/services-networking/service-traffic-policy).
// The node: the client pod's spec.nodeName for internal traffic. When the input does not give it (a workload
// template, a Pod without nodeName, the router stand-in) the verdict is undetermined — which node the
// scheduler picked decides — unless every node has an endpoint (the endpoints are a DaemonSet's pods,
// which run on every node: then that is the assumption, and it is said). For a LoadBalancer with
// externalTrafficPolicy Local the cloud load balancer health-checks healthCheckNodePort and sends only to
// nodes that report a local ready endpoint, so the node is one of those (website: virtual-ips / service
// "Traffic policies"). For NodePort / externalIPs the node is the one the client connects to, which a
// trace from `internet` / `ip:` does not name: undetermined unless every node has an endpoint.
// Topology-aware hints only narrow which ready endpoints are preferred; they never change whether a
// connection is served, so they are not modelled.
import type { PodLike, Service } from '../../model/types';
import type { ExplanationStep, Verdict } from '../types';
import { q, step } from './common';
import type { ServiceEndpoint } from './service';

export interface ProxyChoice {
  /** allowed: `chosen` is what kube-proxy balances over; denied: nothing serves; undetermined: the node decides. */
  verdict: Extract<Verdict, 'allowed' | 'denied' | 'undetermined'>;
  /** The endpoints kube-proxy uses (for undetermined: the ones it may use). */
  chosen: ServiceEndpoint[];
  /** Why these: `ready`, `serving-terminating fallback`, `node-local on NODE`, ... */
  why: string;
  skipped: { e: ServiceEndpoint; reason: string }[];
  /** The node the choice was made for, and how it was known or assumed. */
  node?: string;
  /** The choice is allowed but worth a look: the terminating fallback, or an assumed node. */
  warn: boolean;
  summary: string;
  steps: ExplanationStep[];
}

export type TrafficKind = 'internal' | 'external';

export function endpointLabel(e: ServiceEndpoint): string {
  return `${e.pod?.kind === 'Pod' || !e.pod ? '' : `${e.pod.kind} `}${e.pod?.id ?? e.ip ?? '?'}:${e.port}`;
}

function stateText(e: ServiceEndpoint): string {
  if (e.ready) return 'ready';
  if (e.serving && e.terminating) return 'terminating but still serving';
  if (e.terminating) return 'terminating and not serving';
  return 'not ready';
}

/** A DaemonSet's pods run on every (schedulable) node: a node-local one exists wherever the traffic is. */
function onEveryNode(pod: PodLike | undefined): boolean {
  return !!pod && (pod.kind === 'DaemonSet' || (pod.kind === 'Pod' && pod.owner?.kind === 'DaemonSet'));
}

/** The cluster-wide choice: ready, else serving-and-terminating. */
function clusterChoice(eps: ServiceEndpoint[]): { chosen: ServiceEndpoint[]; fallback: boolean } {
  const ready = eps.filter((e) => e.ready);
  if (ready.length) return { chosen: ready, fallback: false };
  return { chosen: eps.filter((e) => e.serving && e.terminating), fallback: true };
}

function skippedOf(eps: ServiceEndpoint[], chosen: ServiceEndpoint[], reason: (e: ServiceEndpoint) => string): ProxyChoice['skipped'] {
  const set = new Set(chosen);
  return eps.filter((e) => !set.has(e)).map((e) => ({ e, reason: reason(e) }));
}

function whyNot(e: ServiceEndpoint, fallback: boolean): string {
  if (!e.ready && e.serving && e.terminating && !fallback) return 'terminating (kube-proxy falls back to terminating endpoints only when none is ready)';
  return stateText(e);
}

function result(verdict: ProxyChoice['verdict'], chosen: ServiceEndpoint[], why: string, skipped: ProxyChoice['skipped'], summary: string, steps: ExplanationStep[], node?: string): ProxyChoice {
  for (const s of skipped) steps.push(step(`Skipped ${endpointLabel(s.e)}: ${s.reason}.`, 'info'));
  const warn = verdict === 'allowed' && (why.includes('fallback') || why.includes('assumed'));
  return { verdict, chosen, why, skipped, node, summary, steps, warn };
}

/** kube-proxy's endpoint choice for one Service port. `clientNode`: the client pod's spec.nodeName (internal). */
export function proxyEndpoints(svc: Service, eps: ServiceEndpoint[], traffic: TrafficKind, clientNode: string | undefined, client: string): ProxyChoice {
  const field = traffic === 'internal' ? 'internalTrafficPolicy' : 'externalTrafficPolicy';
  const local = (traffic === 'internal' ? svc.internalTrafficPolicy : svc.externalTrafficPolicy) === 'Local';
  const steps: ExplanationStep[] = [];
  if (!local) {
    const { chosen, fallback } = clusterChoice(eps);
    const skipped = skippedOf(eps, chosen, (e) => whyNot(e, fallback));
    if (!chosen.length) return result('denied', [], 'none', skipped, `no endpoint is ready or serving while terminating: kube-proxy rejects the connection`, steps);
    if (fallback) {
      steps.push(step(`No endpoint is ready, so kube-proxy falls back to the ones that are terminating but still serving (pkg/proxy/topology.go CategorizeEndpoints): ${chosen.map(endpointLabel).join(', ')}. They serve only until they finish shutting down.`, 'warning'));
      return result('allowed', chosen, 'serving-terminating fallback', skipped, `no ready endpoint; falling back to terminating, still-serving ${chosen.map(endpointLabel).join(', ')}`, steps);
    }
    steps.push(step(`${field} ${svc[field] ?? 'Cluster'}: kube-proxy balances over the ready endpoints on every node: ${chosen.map(endpointLabel).join(', ')}.`, 'info'));
    return result('allowed', chosen, 'ready', skipped, `${chosen.length} ready endpoint(s): ${chosen.slice(0, 6).map(endpointLabel).join(', ')}`, steps);
  }
  const lbHealthCheck = traffic === 'external' && svc.type === 'LoadBalancer';
  if (lbHealthCheck) {
    // The load balancer only sends to nodes whose health check reports a local ready endpoint.
    const ready = eps.filter((e) => e.ready);
    const skipped = skippedOf(eps, ready, (e) => `${stateText(e)} (the health check counts only ready endpoints)`);
    steps.push(step(`externalTrafficPolicy: Local on a LoadBalancer: the load balancer health-checks healthCheckNodePort and sends only to nodes that have a ready endpoint of their own; kube-proxy there uses only its node's endpoints, and the client address is kept.`, 'info'));
    if (!ready.length) return result('denied', [], 'none', skipped, 'no node has a ready local endpoint: every node fails the load balancer health check and nothing serves the traffic', steps);
    const nodes = [...new Set(ready.map((e) => e.nodeName ?? '(node not in the input)'))];
    return result('allowed', ready, `node-local on the nodes passing the health check (${nodes.join(', ')})`, skipped, `node-local endpoints on the nodes the load balancer sends to: ${ready.slice(0, 6).map(endpointLabel).join(', ')}`, steps);
  }
  const node = traffic === 'internal' ? clientNode : undefined;
  const where = traffic === 'internal' ? `${client}'s node` : 'the node the client connects to';
  if (node === undefined) {
    const everywhere = clusterChoice(eps.filter((e) => onEveryNode(e.pod)));
    if (everywhere.chosen.length) {
      const ds = everywhere.chosen[0].pod!;
      steps.push(step(`${field}: Local keeps only the endpoints on ${where}. The input does not say which node that is${traffic === 'internal' ? ' (no spec.nodeName)' : ''}; assumed: a node running a pod of DaemonSet ${ds.kind === 'Pod' ? ds.owner!.name : ds.name}, which runs on every schedulable node (not so where its nodeSelector, affinity or tolerations keep it off a node).`, 'warning'));
      const skipped = skippedOf(eps, everywhere.chosen, (e) => (onEveryNode(e.pod) ? whyNot(e, everywhere.fallback) : 'not known to be on that node'));
      return result('allowed', everywhere.chosen, `node-local (assumed: the DaemonSet's pod on ${where})`, skipped, `${field}: Local — assumed the DaemonSet's pod on ${where}: ${everywhere.chosen.slice(0, 3).map(endpointLabel).join(', ')}`, steps, 'assumed: any node (DaemonSet)');
    }
    const cand = clusterChoice(eps).chosen;
    const nodes = [...new Set(cand.map((e) => e.nodeName).filter((n): n is string => !!n))];
    if (!cand.length) return result('denied', [], 'none', skippedOf(eps, [], stateText), `no endpoint is ready or serving while terminating: kube-proxy drops the traffic on every node`, steps);
    steps.push(step(`${field}: Local keeps only the endpoints on ${where}; the input does not say which node that is${traffic === 'internal' ? ` (${client} has no spec.nodeName)` : ' (a trace from outside names the client, not the node)'}. ${nodes.length ? `Endpoints run on ${nodes.map(q).join(', ')}` : 'The endpoints\' nodes are not in the input either'}: on any other node the traffic is dropped.`, 'undetermined'));
    return result('undetermined', cand, 'node-local (node unknown)', skippedOf(eps, cand, stateText), `${field}: Local — which node ${traffic === 'internal' ? client + ' runs on' : 'receives the connection'} decides, and the input does not say${nodes.length ? ` (endpoints on ${nodes.join(', ')})` : ''}`, steps);
  }
  const onNode = eps.filter((e) => e.nodeName === node);
  const unknown = eps.filter((e) => e.nodeName === undefined && !onEveryNode(e.pod));
  const mine = clusterChoice([...onNode, ...eps.filter((e) => e.nodeName === undefined && onEveryNode(e.pod))]);
  const skipped = skippedOf(eps, mine.chosen, (e) => (e.nodeName !== undefined && e.nodeName !== node ? `on node ${q(e.nodeName)}, not ${q(node)}` : e.nodeName === undefined && !onEveryNode(e.pod) ? 'its node is not in the input' : whyNot(e, mine.fallback)));
  steps.push(step(`${field}: Local: kube-proxy on ${q(node)} (spec.nodeName of ${client}) uses only endpoints on that node, ready ones first, else terminating ones still serving.`, 'info'));
  if (mine.chosen.length) {
    if (mine.fallback) steps.push(step(`No endpoint on ${q(node)} is ready: falling back to the ones there that are terminating but still serving.`, 'warning'));
    return result('allowed', mine.chosen, `node-local on ${node}${mine.fallback ? ' (serving-terminating fallback)' : ''}`, skipped, `node-local endpoint(s) on ${q(node)}: ${mine.chosen.slice(0, 6).map(endpointLabel).join(', ')}`, steps, node);
  }
  const maybe = clusterChoice(unknown).chosen;
  if (maybe.length) {
    steps.push(step(`No endpoint is known to be on ${q(node)}; ${maybe.map(endpointLabel).join(', ')} may be (their node is not in the input).`, 'undetermined'));
    return result('undetermined', maybe, 'node-local (endpoint nodes unknown)', skipped, `internalTrafficPolicy: Local — no endpoint is known to run on ${q(node)}, and the nodes of ${maybe.slice(0, 3).map(endpointLabel).join(', ')} are not in the input`, steps, node);
  }
  return result('denied', [], 'none', skipped, `${field}: Local and no ready or serving endpoint on node ${q(node)}: kube-proxy drops the traffic`, steps, node);
}
