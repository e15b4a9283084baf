// Service endpoints, as the EndpointSlice controller publishes them (kubernetes/kubernetes
// staging/src/k8s.io/endpointslice/utils.go podToEndpoint, pkg/controller/util/endpoint ShouldPodBeInEndpoints):
// - a Service with a selector: pods of its namespace whose labels contain every selector pair; the
//   endpoint port is the port's targetPort — a number as written, or a NAME looked up in each pod's
//   containerPorts by name AND protocol (pkg/api/v1/pod FindPort); a pod without that name is no endpoint for it;
// - Succeeded/Failed pods, live pods without an IP (even with publishNotReadyAddresses) and workloads
//   scaled to 0 are no endpoints; a Pod written without any status stands for a running pod;
// - conditions: serving = the pod's Ready condition, terminating = deletionTimestamp set,
//   ready = publishNotReadyAddresses || (serving && !terminating); nodeName = spec.nodeName;
// - a Service without a selector: the EndpointSlices (label kubernetes.io/service-name) and the Endpoints
//   of the same name as the mirroring controller mirrors them (not when labelled
//   endpointslice.kubernetes.io/skip-mirror: "true"), ports paired with the Service's ports by port NAME,
//   endpoints without addresses dropped and the same address:port counted once (pkg/proxy/endpointslicecache.go).
// Which of these kube-proxy then uses (ready, the terminating fallback, node-local) is proxy.ts.
// Also: which Service port a number / name designates (the port the client uses).
import type { BuiltCluster } from '../../model/build';
import type { EndpointAddress, EndpointSet, PodLike, Protocol, Service, ServicePort } from '../../model/types';
import type { ExplanationStep } from '../types';
import { fieldRule, nameOf, q, ruleAt, step } from './common';

export interface ServiceEndpoint {
  /** The pod (or workload standing for its pods) behind the address, when known. */
  pod?: PodLike;
  ip?: string;
  /** The endpoint port: the resolved targetPort (what the router and kube-proxy connect to). */
  port: number;
  /** The Service port's name (the endpoint port's name in Endpoints / EndpointSlices). */
  portName?: string;
  protocol: Protocol;
  servicePort: ServicePort;
  /** The EndpointSlice conditions (see the header): what kube-proxy and the cluster DNS read. */
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  /** The node the endpoint runs on, when the input says (Pod spec.nodeName, EndpointSlice nodeName). */
  nodeName?: string;
  /** For endpoints from EndpointSlices / Endpoints. */
  address?: EndpointAddress;
  set?: EndpointSet;
}

export interface ServiceEndpoints {
  service: Service;
  /** Every endpoint, ready or not, for every (or the requested) Service port. */
  all: ServiceEndpoint[];
  /** The ready endpoints (ready already counts publishNotReadyAddresses): what the cluster DNS answers for
   *  a headless Service and what routers use. kube-proxy's own choice (terminating fallback, Local) is proxy.ts. */
  usable: ServiceEndpoint[];
  /** Pods the selector picks. */
  selected: PodLike[];
  /** Pods selected but lacking the named targetPort (with the name they lack). */
  missingName: { pod: PodLike; servicePort: ServicePort; name: string }[];
  steps: ExplanationStep[];
}

const serviceIndex = new WeakMap<BuiltCluster, Map<string, Service>>();

/** The Service `namespace/name` (the first one, as a scan would find), from a per-cluster index. */
export function findService(cluster: BuiltCluster, namespace: string, name: string): Service | undefined {
  let byName = serviceIndex.get(cluster);
  if (!byName) {
    byName = new Map();
    for (const s of cluster.services) {
      const k = `${s.meta.namespace}\u0000${s.meta.name}`;
      if (!byName.has(k)) byName.set(k, s);
    }
    serviceIndex.set(cluster, byName);
  }
  return byName.get(`${namespace}\u0000${name}`);
}

/** Does the Service's selector pick this pod? (map subset; an absent selector picks none). */
export function selectsPod(svc: Service, pod: PodLike): boolean {
  if (!svc.selector || pod.namespace !== svc.meta.namespace) return false;
  for (const [k, v] of Object.entries(svc.selector)) if (pod.podLabels[k] !== v) return false;
  return true;
}

/** Pods that exist (a workload with replicas: 0 stands for none; finished pods are not endpoints). */
function runnable(pod: PodLike): boolean {
  if (pod.kind !== 'Pod' && pod.replicas === 0) return false;
  return pod.phase !== 'Succeeded' && pod.phase !== 'Failed';
}

/** A live Pod whose status is reported but carries no IP (Pending, not yet scheduled): ShouldPodBeInEndpoints
 *  returns false for it (`len(pod.Status.PodIP) == 0 && len(pod.Status.PodIPs) == 0`), whatever the Service
 *  says. A Pod written without any status (a hand-written manifest) stands for a running pod, as workloads do. */
export function lacksIP(pod: PodLike): boolean {
  if (pod.kind !== 'Pod' || pod.podIPs.length > 0) return false;
  return pod.phase !== undefined || pod.ready !== undefined || pod.hostIP !== undefined;
}

/** podToEndpoint's conditions for a pod behind a selector. */
export function podConditions(svc: Service, pod: PodLike): { ready: boolean; serving: boolean; terminating: boolean } {
  const serving = pod.ready !== false;
  const terminating = pod.terminating === true;
  return { ready: svc.publishNotReadyAddresses || (serving && !terminating), serving, terminating };
}

function conditionText(pod: PodLike, c: { ready: boolean; serving: boolean; terminating: boolean }): string | undefined {
  if (c.ready) return c.terminating || !c.serving ? `Pod ${pod.id} is ${c.terminating ? 'terminating' : 'not ready (Ready=False)'}, but the Service sets publishNotReadyAddresses, so it is published as ready.` : undefined;
  if (c.terminating) return `Pod ${pod.id} is terminating (metadata.deletionTimestamp is set): its endpoint is not ready${c.serving ? ', but still serving (Ready=True); kube-proxy uses it only when no endpoint is ready' : ' and not serving (Ready=False); it gets no traffic'}.`;
  return `Pod ${pod.id} has condition Ready=False: it is listed as not ready and receives no traffic.`;
}

/** The containerPort a named targetPort designates on this pod: by name and protocol. */
export function namedContainerPort(pod: PodLike, name: string, protocol: Protocol) {
  return pod.ports.find((p) => p.name === name && p.protocol === protocol);
}

function podForAddress(cluster: BuiltCluster, ns: string, a: EndpointAddress): PodLike | undefined {
  if (a.targetRef?.kind === 'Pod') {
    const p = cluster.podsById.get(`${a.targetRef.namespace ?? ns}/${a.targetRef.name}`);
    if (p) return p;
  }
  return cluster.pods.find((p) => p.podIPs.some((ip) => a.addresses.includes(ip)));
}

const epCache = new WeakMap<BuiltCluster, Map<Service, Map<ServicePort | undefined, ServiceEndpoints>>>();
const podsByNs = new WeakMap<BuiltCluster, Map<string, PodLike[]>>();

function podsIn(cluster: BuiltCluster, ns: string): PodLike[] {
  let m = podsByNs.get(cluster);
  if (!m) {
    m = new Map();
    for (const p of cluster.pods) m.set(p.namespace, [...(m.get(p.namespace) ?? []), p]);
    podsByNs.set(cluster, m);
  }
  return m.get(ns) ?? [];
}

/** The endpoints of a Service (optionally only for one of its ports). Memoised per cluster: treat as read-only. */
export function endpointsOf(cluster: BuiltCluster, svc: Service, only?: ServicePort): ServiceEndpoints {
  let bySvc = epCache.get(cluster);
  if (!bySvc) epCache.set(cluster, (bySvc = new Map()));
  let byPort = bySvc.get(svc);
  if (!byPort) bySvc.set(svc, (byPort = new Map()));
  const hit = byPort.get(only);
  if (hit) return hit;
  const r = computeEndpoints(cluster, svc, only);
  byPort.set(only, r);
  return r;
}

function computeEndpoints(cluster: BuiltCluster, svc: Service, only?: ServicePort): ServiceEndpoints {
  // A headless Service may have no ports at all: its endpoints (and DNS records) still exist.
  const portless = !only && svc.headless && svc.ports.length === 0;
  const ports: ServicePort[] = only ? [only] : portless ? [{ port: 0, targetPort: 0, targetPortExplicit: false, protocol: 'TCP', ref: svc.selectorRef }] : svc.ports;
  const out: ServiceEndpoints = { service: svc, all: [], usable: [], selected: [], missingName: [], steps: [] };
  const svcName = nameOf(svc.meta);
  if (svc.type === 'ExternalName') {
    out.steps.push(step(`${svcName} is type ExternalName (${q(svc.externalName ?? '')}): it has no endpoints; DNS answers with a CNAME and traffic leaves the cluster.`, 'info', fieldRule(cluster, svc.meta, ['spec', 'externalName'])));
    return out;
  }
  if (svc.selector) {
    out.selected = podsIn(cluster, svc.meta.namespace).filter((p) => selectsPod(svc, p) && runnable(p));
    for (const p of out.selected.filter(lacksIP)) {
      out.steps.push(step(`Pod ${p.id} matches the selector but has no IP yet (status.podIP is empty${p.phase ? `, phase ${p.phase}` : ''}): a pod without an address is never an endpoint, even with publishNotReadyAddresses.`, 'denied', ruleAt(cluster, p.meta, p.meta.ref)));
    }
    out.selected = out.selected.filter((p) => !lacksIP(p));
    // A workload with live Pods in the input is not an endpoint itself (model/owners.ts): no double count.
    const rule = ruleAt(cluster, svc.meta, svc.selectorRef, `${svcName}, spec.selector`);
    if (out.selected.length === 0) {
      out.steps.push(step(`The selector ${fmtLabels(svc.selector)} of ${svcName} matches no running pod in namespace ${q(svc.meta.namespace)}: the Service has no endpoints.`, 'denied', rule));
    } else {
      out.steps.push(step(`The selector ${fmtLabels(svc.selector)} matches ${out.selected.map((p) => `${p.kind} ${p.id}`).join(', ')}.`, 'allowed', rule));
    }
    const notes = new Set<PodLike>();
    for (const pod of out.selected) {
      for (const sp of ports) {
        let port: number | undefined;
        if (typeof sp.targetPort === 'number') port = sp.targetPort;
        else {
          const cp = namedContainerPort(pod, sp.targetPort, sp.protocol);
          if (!cp) {
            out.missingName.push({ pod, servicePort: sp, name: sp.targetPort });
            out.steps.push(step(`${pod.kind} ${pod.id} has no ${sp.protocol} containerPort named ${q(sp.targetPort)}, so it is NOT an endpoint of service port ${sp.name ? q(sp.name) + ' ' : ''}${sp.port}.`, 'denied', ruleAt(cluster, svc.meta, sp.ref)));
            continue;
          }
          port = cp.containerPort;
        }
        const c = podConditions(svc, pod);
        out.all.push({ pod, ip: pod.podIP, port, portName: sp.name, protocol: sp.protocol, servicePort: sp, ...c, nodeName: pod.nodeName });
        const text = conditionText(pod, c);
        if (text && !notes.has(pod)) {
          notes.add(pod);
          out.steps.push(step(text, c.ready ? 'warning' : c.serving && c.terminating ? 'info' : 'denied', ruleAt(cluster, pod.meta, pod.meta.ref)));
        }
      }
    }
  } else {
    const named = cluster.endpointSets.filter((e) => e.meta.namespace === svc.meta.namespace && e.serviceName === svc.meta.name);
    const sets: EndpointSet[] = [];
    for (const set of named) {
      if (set.skipMirror) {
        out.steps.push(step(`${nameOf(set.meta)} is labelled endpointslice.kubernetes.io/skip-mirror: "true": the EndpointSlice mirroring controller does not copy it into an EndpointSlice, and kube-proxy reads only EndpointSlices, so its addresses get no traffic.`, 'denied', ruleAt(cluster, set.meta, set.meta.ref)));
      } else if (set.addressType === 'FQDN') {
        out.steps.push(step(`${nameOf(set.meta)} has addressType FQDN: kube-proxy programs only IPv4/IPv6 slices, so it gives no endpoints.`, 'denied', ruleAt(cluster, set.meta, set.meta.ref)));
      } else sets.push(set);
    }
    if (named.length === 0) {
      out.steps.push(step(`${svcName} has no selector and no EndpointSlice or Endpoints object names it: it has no endpoints.`, 'denied', ruleAt(cluster, svc.meta, svc.meta.ref)));
    }
    // A mirrored Endpoints object and its EndpointSlice carry the same address:port; kube-proxy merges them.
    const seen = new Set<string>();
    for (const set of sets) {
      for (const sp of ports) {
        // kube-proxy pairs endpoint ports with service ports by name ('' matches an unnamed port).
        const ep = portless ? { port: 0 } : set.ports.find((p) => (p.name ?? '') === (sp.name ?? '') && p.protocol === sp.protocol);
        if (!ep) {
          out.steps.push(step(`${nameOf(set.meta)} has no ${sp.protocol} port named ${q(sp.name ?? '')} for service port ${sp.port}; it gives no endpoints for it.`, 'denied', ruleAt(cluster, set.meta, set.meta.ref)));
          continue;
        }
        for (const a of set.endpoints) {
          const pod = podForAddress(cluster, svc.meta.namespace, a);
          for (const ip of a.addresses) {
            const k = `${ip}\u0000${ep.port}\u0000${sp.protocol}`;
            if (seen.has(k)) continue;
            seen.add(k);
            out.all.push({ pod, ip, port: ep.port, portName: sp.name, protocol: sp.protocol, servicePort: sp, ready: a.ready, serving: a.serving, terminating: a.terminating, nodeName: a.nodeName ?? pod?.nodeName, address: a, set });
          }
        }
      }
      out.steps.push(step(`Endpoints come from ${nameOf(set.meta)} (the Service has no selector): ${set.endpoints.map((a) => a.addresses.join(',') + (a.ready ? '' : ' (not ready)')).join('; ') || 'no addresses'}.`, 'info', ruleAt(cluster, set.meta, set.meta.ref)));
    }
  }
  out.usable = out.all.filter((e) => e.ready);
  return out;
}

/** Which Service port a client's port designates: by `port` number, or by name. */
export function servicePortFor(svc: Service, port: number | undefined, name: string | undefined, protocol: Protocol): ServicePort | undefined {
  if (name !== undefined) return svc.ports.find((p) => p.name === name && p.protocol === protocol);
  if (port === undefined) return svc.ports.length === 1 ? svc.ports[0] : svc.ports.find((p) => p.protocol === protocol);
  return svc.ports.find((p) => p.port === port && p.protocol === protocol);
}

export function describeServicePort(sp: ServicePort): string {
  const name = sp.name ? `${q(sp.name)} ` : '';
  return `${name}${sp.port}/${sp.protocol} → targetPort ${typeof sp.targetPort === 'number' ? sp.targetPort : q(sp.targetPort)}`;
}

export function fmtLabels(l: Readonly<Record<string, string>>): string {
  const e = Object.entries(l);
  return e.length ? e.map(([k, v]) => `${k}=${v}`).join(',') : '{}';
}

/** Does a pod declare a containerPort with this number (and protocol)? Declaring is informational in Kubernetes. */
export function declaresPort(pod: PodLike, port: number, protocol: Protocol): boolean {
  return pod.ports.some((p) => p.containerPort === port && p.protocol === protocol);
}
