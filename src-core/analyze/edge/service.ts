// Service endpoints, as the EndpointSlice controller and kube-proxy compute them:
// - a Service with a selector: pods of its namespace whose labels contain every selector pair; the
//   endpoint port is the port's targetPort — a number as written, or a NAME looked up in each pod's
//   containerPorts by name AND protocol (podutil.FindPort); a pod without that name is no endpoint for it;
// - a pod whose Ready condition is False is a not-ready endpoint (unused unless publishNotReadyAddresses);
//   Succeeded/Failed pods and workloads scaled to 0 have no endpoints;
// - a Service without a selector: the EndpointSlices (label kubernetes.io/service-name) / Endpoints of
//   the same name, whose ports pair with the Service's ports by port NAME.
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
  ready: boolean;
  /** For endpoints from EndpointSlices / Endpoints. */
  address?: EndpointAddress;
  set?: EndpointSet;
}

export interface ServiceEndpoints {
  service: Service;
  /** Every endpoint, ready or not, for every (or the requested) Service port. */
  all: ServiceEndpoint[];
  /** The endpoints traffic can use (ready, or every one with publishNotReadyAddresses). */
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
  const ports = only ? [only] : svc.ports;
  const out: ServiceEndpoints = { service: svc, all: [], usable: [], selected: [], missingName: [], steps: [] };
  const svcName = nameOf(svc.meta);
  if (svc.type === 'ExternalName') {
    out.steps.push(step(`${svcName} is type ExternalName (${q(svc.externalName ?? '')}): it has no endpoints; DNS answers with a CNAME and traffic leaves the cluster.`, 'info', fieldRule(cluster, svc.meta, ['spec', 'externalName'])));
    return out;
  }
  if (svc.selector) {
    out.selected = podsIn(cluster, svc.meta.namespace).filter((p) => selectsPod(svc, p) && runnable(p));
    // A workload with live Pods in the input is not an endpoint itself (model/owners.ts): no double count.
    const rule = ruleAt(cluster, svc.meta, svc.selectorRef, `${svcName}, spec.selector`);
    if (out.selected.length === 0) {
      out.steps.push(step(`The selector ${fmtLabels(svc.selector)} of ${svcName} matches no running pod in namespace ${q(svc.meta.namespace)}: the Service has no endpoints.`, 'denied', rule));
    } else {
      out.steps.push(step(`The selector ${fmtLabels(svc.selector)} matches ${out.selected.map((p) => `${p.kind} ${p.id}`).join(', ')}.`, 'allowed', rule));
    }
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
        const ready = pod.ready !== false;
        out.all.push({ pod, ip: pod.podIP, port, portName: sp.name, protocol: sp.protocol, servicePort: sp, ready });
        if (!ready) {
          out.steps.push(step(`Pod ${pod.id} has condition Ready=False: ${svc.publishNotReadyAddresses ? 'it is still used because the Service sets publishNotReadyAddresses' : 'it is listed as not ready and receives no traffic'}.`, svc.publishNotReadyAddresses ? 'warning' : 'denied'));
        }
      }
    }
  } else {
    const sets = cluster.endpointSets.filter((e) => e.meta.namespace === svc.meta.namespace && e.serviceName === svc.meta.name);
    if (sets.length === 0) {
      out.steps.push(step(`${svcName} has no selector and no EndpointSlice or Endpoints object names it: it has no endpoints.`, 'denied', ruleAt(cluster, svc.meta, svc.meta.ref)));
    }
    for (const set of sets) {
      for (const sp of ports) {
        // kube-proxy pairs endpoint ports with service ports by name ('' matches an unnamed port).
        const ep = set.ports.find((p) => (p.name ?? '') === (sp.name ?? '') && p.protocol === sp.protocol);
        if (!ep) {
          out.steps.push(step(`${nameOf(set.meta)} has no ${sp.protocol} port named ${q(sp.name ?? '')} for service port ${sp.port}; it gives no endpoints for it.`, 'denied', ruleAt(cluster, set.meta, set.meta.ref)));
          continue;
        }
        for (const a of set.endpoints) {
          const pod = podForAddress(cluster, svc.meta.namespace, a);
          for (const ip of a.addresses) out.all.push({ pod, ip, port: ep.port, portName: sp.name, protocol: sp.protocol, servicePort: sp, ready: a.ready, address: a, set });
        }
      }
      out.steps.push(step(`Endpoints come from ${nameOf(set.meta)} (the Service has no selector): ${set.endpoints.map((a) => a.addresses.join(',') + (a.ready ? '' : ' (not ready)')).join('; ') || 'no addresses'}.`, 'info', ruleAt(cluster, set.meta, set.meta.ref)));
    }
  }
  out.usable = out.all.filter((e) => e.ready || svc.publishNotReadyAddresses);
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
