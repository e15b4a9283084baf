// Exposure for the reachability summary: which Routes and Ingresses send traffic to a pod or workload,
// on which pod port, and whether the router may connect there. The port chain follows FORMAT.md §8
// (np-guard's reading): a Route's spec.port.targetPort picks Service ports by name, port or
// targetPort (without it, every port); an Ingress backend picks one by port.name or port.number; the
// pod port is the Service port's targetPort, a name being looked up in the pod's containerPorts.
import type { BuiltCluster } from '../model/build';
import { selectorMatches } from '../model/selector';
import type { PodLike, Protocol, Service, ServicePort } from '../model/types';
import { routeAdmission } from './edge/route';
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
}

type Allowed = (port: number, protocol: Protocol) => boolean;

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
  const admission = isPlainKubernetes(cluster.profile.name) ? undefined : routeAdmission(cluster);
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
  const selecting = (ns: string, name: string, pod: PodLike): Service | undefined => {
    const s = services.get(`${ns}/${name}`);
    return s && s.selector && selectorMatches({ matchLabels: s.selector, matchExpressions: [] }, pod.podLabels) ? s : undefined;
  };

  return (pod, allowed) => {
    const out: Exposure[] = [];
    const push = (kind: Exposure['kind'], name: string, host: string, svc: Service, sp: ServicePort) => {
      const port = podPort(sp, pod);
      if (port === undefined) return;
      if (out.some((e) => e.kind === kind && e.name === name && e.host === host && e.port === port && e.protocol === sp.protocol)) return;
      out.push({ kind, namespace: pod.namespace, name, host, service: svc.meta.name, port, protocol: sp.protocol, routerAllowed: allowed(port, sp.protocol) });
    };
    for (const r of routes.get(pod.namespace) ?? []) {
      for (const b of [r.to, ...r.alternateBackends]) {
        if (b.kind !== 'Service') continue;
        const svc = selecting(pod.namespace, b.name, pod);
        if (!svc) continue;
        const tp = r.targetPort;
        for (const sp of svc.ports) {
          const picked = tp === undefined || (typeof tp === 'string' ? sp.name === tp || sp.targetPort === tp : sp.port === tp || sp.targetPort === tp);
          if (picked) push('Route', r.meta.name, r.host ?? '', svc, sp);
        }
      }
    }
    for (const ing of ingresses.get(pod.namespace) ?? []) {
      const backends = [
        ...(ing.defaultBackend ? [{ host: '', b: ing.defaultBackend }] : []),
        ...ing.rules.flatMap((rule) => rule.paths.map((p) => ({ host: rule.host ?? '', b: p.backend }))),
      ];
      for (const { host, b } of backends) {
        if (!b.service) continue;
        const svc = selecting(pod.namespace, b.service.name, pod);
        if (!svc) continue;
        const want = b.service.port;
        for (const sp of svc.ports) {
          const picked = !want || (want.number !== undefined ? sp.port === want.number : sp.name === want.name);
          if (picked) push('Ingress', ing.meta.name, host, svc, sp);
        }
      }
    }
    return out;
  };
}
