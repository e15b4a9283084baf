// Exposure for the reachability summary: which Routes and Ingresses send traffic to a pod or workload,
// on which pod port, and whether the router may connect there. The port chain follows FORMAT.md §8
// (np-guard's reading): a Route's spec.port.targetPort picks Service ports by name, port or
// targetPort (without it, every port); an Ingress backend picks one by port.name or port.number; the
// pod port is the Service port's targetPort, a name being looked up in the pod's containerPorts.
// The router that connects is the one the route trace uses (edge/shards.ts routerPeerFor): a route
// served by a HostNetwork IngressController is judged from the host network namespace, as OVN-Kubernetes
// sees that router's traffic, and one served by routers of both kinds is undetermined unless denied.
import type { BuiltCluster } from '../model/build';
import { selectorMatches } from '../model/selector';
import type { PodLike, Protocol, Route, Service, ServicePort } from '../model/types';
import { routeAdmission } from './edge/route';
import { ingressRoutes } from './edge/ingressroutes';
import { routerPeerFor } from './edge/shards';
import { isPlainKubernetes } from '../model/profiles';

export interface Exposure {
  kind: 'Route' | 'Ingress';
  namespace: string;
  name: string;
  /** Route host, or the Ingress rule's host ('' for a default backend or a rule without host). */
  host: string;
  service: string;
  port: number;
  protocol: Protocol;
  /** Policies let the router connect to the pod on `port`. */
  routerAllowed: boolean;
  /** Whether they do depends on what the input does not give (an address, an unmodelled object, which
   *  router shard carries the request); never set together with routerAllowed. */
  routerUndetermined?: boolean;
}

/** The router that connects for a route: the pod policies see, and whether that choice is itself undecided. */
export interface RouterVia {
  pod: PodLike;
  undetermined?: boolean;
}

export type RouterVerdict = 'allowed' | 'denied' | 'undetermined';
type Allowed = (port: number, protocol: Protocol, via: RouterVia) => RouterVerdict;

/** Resolves a Service port to the pod's port number (undefined when a named targetPort is not declared). */
function podPort(sp: ServicePort, pod: PodLike): number | undefined {
  if (typeof sp.targetPort === 'number') return sp.targetPort;
  return pod.ports.find((cp) => cp.name === sp.targetPort && cp.protocol === sp.protocol)?.containerPort;
}

/** Prepares per-namespace indexes once; returns the lookup for one destination. */
export function exposureFinder(cluster: BuiltCluster): (pod: PodLike, allowed: Allowed) => Exposure[] {
  const services = new Map<string, Service>();
  for (const s of cluster.services) services.set(`${s.meta.namespace}/${s.meta.name}`, s);
  const routes = new Map<string, BuiltCluster['routes']>();
  // A Route the API server or the router refuses exposes nothing (edge/route.ts routeAdmission; the
  // trace says the same). Only the OpenShift profiles run a router at all.
  const admission = isPlainKubernetes(cluster.profile) ? undefined : routeAdmission(cluster);
  for (const r of cluster.routes) {
    if (admission?.get(r)?.admitted === false) continue;
    const l = routes.get(r.meta.namespace);
    if (l) l.push(r);
    else routes.set(r.meta.namespace, [r]);
  }
  const ingresses = new Map<string, BuiltCluster['ingresses']>();
  for (const i of cluster.ingresses) {
    const l = ingresses.get(i.meta.namespace);
    if (l) l.push(i);
    else ingresses.set(i.meta.namespace, [i]);
  }
  // The Routes OpenShift generates for an Ingress carry its namespace and labels, which is all that picks
  // the router shard (routeSelector / namespaceSelector): one of them stands for the Ingress.
  const generated = new Map<string, Route>();
  if (admission && cluster.hostNetworkRouterPod) for (const r of ingressRoutes(cluster).routes) generated.set(`${r.meta.namespace}/${r.meta.name}`, r);
  const defaultVia: RouterVia = { pod: cluster.routerPod };
  const viaOf = (r: Route | undefined): RouterVia => (r && admission && cluster.hostNetworkRouterPod ? routerPeerFor(cluster, r) : defaultVia);
  const selecting = (ns: string, name: string, pod: PodLike): Service | undefined => {
    const s = services.get(`${ns}/${name}`);
    return s && s.selector && selectorMatches({ matchLabels: s.selector, matchExpressions: [] }, pod.podLabels) ? s : undefined;
  };

  return (pod, allowed) => {
    const out: Exposure[] = [];
    const push = (kind: Exposure['kind'], name: string, host: string, svc: Service, sp: ServicePort, via: RouterVia) => {
      const port = podPort(sp, pod);
      if (port === undefined) return;
      if (out.some((e) => e.kind === kind && e.name === name && e.host === host && e.port === port && e.protocol === sp.protocol)) return;
      const v = allowed(port, sp.protocol, via);
      const e: Exposure = { kind, namespace: pod.namespace, name, host, service: svc.meta.name, port, protocol: sp.protocol, routerAllowed: v === 'allowed' };
      if (v === 'undetermined') e.routerUndetermined = true;
      out.push(e);
    };
    for (const r of routes.get(pod.namespace) ?? []) {
      for (const b of [r.to, ...r.alternateBackends]) {
        if (b.kind !== 'Service') continue;
        const svc = selecting(pod.namespace, b.name, pod);
        if (!svc) continue;
        const tp = r.targetPort;
        for (const sp of svc.ports) {
          const picked = tp === undefined || (typeof tp === 'string' ? sp.name === tp || sp.targetPort === tp : sp.port === tp || sp.targetPort === tp);
          if (picked) push('Route', r.meta.name, r.host ?? '', svc, sp, viaOf(r));
        }
      }
    }
    for (const ing of ingresses.get(pod.namespace) ?? []) {
      const backends = [
        ...(ing.defaultBackend ? [{ host: '', b: ing.defaultBackend }] : []),
        ...ing.rules.flatMap((rule) => rule.paths.map((p) => ({ host: rule.host ?? '', b: p.backend }))),
      ];
      const via = viaOf(generated.get(`${ing.meta.namespace}/${ing.meta.name}`));
      for (const { host, b } of backends) {
        if (!b.service) continue;
        const svc = selecting(pod.namespace, b.service.name, pod);
        if (!svc) continue;
        const want = b.service.port;
        for (const sp of svc.ports) {
          const picked = !want || (want.number !== undefined ? sp.port === want.number : sp.name === want.name);
          if (picked) push('Ingress', ing.meta.name, host, svc, sp, via);
        }
      }
    }
    return out;
  };
}
