// Cluster DNS as a pod sees it: resolv.conf from the pod's dnsPolicy (ClusterFirst: search
// `<ns>.svc.<domain> svc.<domain> <domain>`, ndots:5; hostNetwork pods with ClusterFirst fall back to
// Default; Default: the node's resolv.conf, no cluster names; None: only spec.dnsConfig), plus
// spec.dnsConfig searches/options. A name with fewer dots than ndots is tried with each search suffix
// first, then as written; otherwise as written first. CoreDNS `kubernetes` plugin records:
// `<svc>.<ns>.svc.<domain>` (ClusterIP, or the ready pod IPs of a headless Service, or a CNAME for
// ExternalName), `<hostname>.<subdomain>.<ns>.svc.<domain>` (pod with hostname+subdomain and a headless
// Service named after the subdomain), `a-b-c-d.<ns>.pod.<domain>`; anything else in the domain is NXDOMAIN.
import type { BuiltCluster } from '../../model/build';
import type { PodLike, Service } from '../../model/types';
import type { ExplanationStep } from '../types';
import { q, step } from './common';
import { findService } from './service';

export type DnsAnswer =
  | { kind: 'service'; fqdn: string; service: Service }
  | { kind: 'pod'; fqdn: string; pod: PodLike; service?: Service }
  | { kind: 'external'; fqdn: string }
  | { kind: 'nxdomain' };

export interface Resolution {
  answer: DnsAnswer;
  steps: ExplanationStep[];
  /** The names tried, in order. */
  tried: string[];
}

export interface ResolvConf {
  searches: string[];
  ndots: number;
  clusterDns: boolean;
  policy: string;
}

export function resolvConf(cluster: BuiltCluster, pod: PodLike | undefined): ResolvConf {
  const d = cluster.profile.clusterDomain;
  const ns = pod?.namespace ?? 'default';
  let policy = pod?.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'ClusterFirst' && pod?.hostNetwork) policy = 'Default (hostNetwork with ClusterFirst)';
  const cluster_ = policy === 'ClusterFirst' || policy === 'ClusterFirstWithHostNet';
  const base = cluster_ ? [`${ns}.svc.${d}`, `svc.${d}`, d] : [];
  const searches = [...base, ...(pod?.dnsConfig?.searches ?? [])];
  const nd = pod?.dnsConfig?.options.find((o) => o.name === 'ndots')?.value;
  return { searches, ndots: nd !== undefined && /^\d+$/.test(nd) ? Number(nd) : 5, clusterDns: cluster_ || (policy === 'None' && searches.some((s) => s.endsWith(d))), policy };
}

/** What the cluster's DNS answers for a fully qualified name (no search path). */
export function lookup(cluster: BuiltCluster, fqdn: string): DnsAnswer {
  const d = cluster.profile.clusterDomain;
  const name = fqdn.toLowerCase().replace(/\.$/, '');
  // A single label never resolves upstream (no TLD has an address record worth modelling).
  if (!name.includes('.')) return { kind: 'nxdomain' };
  if (!name.endsWith('.' + d)) return { kind: 'external', fqdn: name };
  const labels = name.slice(0, -(d.length + 1)).split('.');
  if (labels.length === 3 && labels[2] === 'svc') {
    const svc = findService(cluster, labels[1], labels[0]);
    return svc ? { kind: 'service', fqdn: name, service: svc } : { kind: 'nxdomain' };
  }
  if (labels.length === 4 && labels[3] === 'svc') {
    const [host, sub, ns] = labels;
    const svc = findService(cluster, ns, sub);
    if (!svc || !svc.headless) return { kind: 'nxdomain' };
    const pod = cluster.pods.find((p) => p.namespace === ns && p.subdomain === sub && (p.hostname ?? (p.kind === 'Pod' ? p.name : undefined)) === host);
    if (pod) return { kind: 'pod', fqdn: name, pod, service: svc };
    // StatefulSet pods are named <sts>-<ordinal> and get hostname = pod name, subdomain = spec.serviceName.
    const m = /^(.*)-(\d+)$/.exec(host);
    const sts = m ? cluster.pods.find((p) => p.kind === 'StatefulSet' && p.namespace === ns && p.name === m[1] && (p.replicas ?? 1) > Number(m[2])) : undefined;
    return sts ? { kind: 'pod', fqdn: name, pod: sts, service: svc } : { kind: 'nxdomain' };
  }
  if (labels.length === 3 && labels[2] === 'pod') {
    const ip = labels[0].replace(/-/g, '.');
    const pod = cluster.pods.find((p) => p.namespace === labels[1] && p.podIPs.includes(ip));
    return pod ? { kind: 'pod', fqdn: name, pod } : { kind: 'nxdomain' };
  }
  return { kind: 'nxdomain' };
}

/** Resolve `name` as the pod's resolver would. */
export function resolveName(cluster: BuiltCluster, pod: PodLike | undefined, name: string): Resolution {
  const rc = resolvConf(cluster, pod);
  const n = name.toLowerCase().replace(/\.$/, '');
  const dots = (n.match(/\./g) ?? []).length;
  const absolute = name.endsWith('.');
  const withSearch = rc.searches.map((s) => `${n}.${s}`);
  const tried = absolute ? [n] : dots < rc.ndots ? [...withSearch, n] : [n, ...withSearch];
  const steps: ExplanationStep[] = [
    step(`Resolver of ${pod ? pod.id : 'the client'}: dnsPolicy ${rc.policy}; search ${rc.searches.join(' ') || '(none)'}; ndots ${rc.ndots}. ${q(n)} has ${dots} dot(s), so the names tried are: ${tried.join(', ')}.`, 'info'),
  ];
  for (const t of tried) {
    const a = lookup(cluster, t);
    if (a.kind === 'nxdomain') continue;
    if (a.kind === 'external') {
      if (!rc.clusterDns || t === n) {
        steps.push(step(`${q(t)} is not a cluster name: it is resolved by the upstream DNS, outside the cluster.`, 'info'));
        return { answer: a, steps, tried };
      }
      continue;
    }
    if (!rc.clusterDns) {
      steps.push(step(`${q(t)} is a cluster name, but with dnsPolicy ${rc.policy} the pod does not ask the cluster DNS; it will not resolve.`, 'denied'));
      return { answer: { kind: 'nxdomain' }, steps, tried };
    }
    steps.push(step(`${q(t)} answers from the cluster DNS (${a.kind === 'service' ? `Service ${a.service.meta.namespace}/${a.service.meta.name}` : `pod ${a.pod.id}`}).`, 'allowed'));
    return { answer: a, steps, tried };
  }
  steps.push(step(`None of the names exists: NXDOMAIN.`, 'denied'));
  return { answer: { kind: 'nxdomain' }, steps, tried };
}
