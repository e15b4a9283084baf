// Cluster DNS as a pod sees it (website concepts/services-networking/dns-pod-service).
// resolv.conf from the pod's dnsPolicy: ClusterFirst — nameserver the cluster DNS Service, search
// `<ns>.svc.<domain> svc.<domain> <domain>`, ndots:5; hostNetwork pods with ClusterFirst fall back to
// Default ("If a Pod is running with hostNetwork, you should explicitly set its DNS policy to
// ClusterFirstWithHostNet. Otherwise, Pods running with hostNetwork and ClusterFirst will fallback to the
// behavior of the Default DNS policy"); Default — the node's resolver, which knows no cluster names;
// None — only spec.dnsConfig: cluster names resolve when its nameservers name the cluster DNS Service's
// address (given in full, or through its own searches); dnsConfig searches/options are merged in. A name
// with fewer dots than ndots is tried with each search suffix first, then as written; otherwise as
// written first (resolv.conf(5)).
// CoreDNS `kubernetes` plugin records: `<svc>.<ns>.svc.<domain>` (a ClusterIP Service's address, a
// headless Service's ready pod addresses, an ExternalName's CNAME); `<hostname>.<subdomain>.<ns>.svc.<domain>`
// for a pod with spec.hostname whose subdomain names a headless Service that selects it, only while it is
// ready unless the Service sets publishNotReadyAddresses ("A Pod with no hostname but with subdomain will
// only create the A or AAAA record for the headless Service"; "the Pod needs to be ready in order to have a
// record unless publishNotReadyAddresses=True"); StatefulSet pods get hostname = pod name and subdomain =
// spec.serviceName; `a-b-c-d.<ns>.pod.<domain>`. Anything else in the domain is NXDOMAIN. A name whose last
// label is a namespace of the input (`backend.other-ns`), `svc` or `pod` is a cluster name missing its
// suffix: no public resolver answers it either, so it is NXDOMAIN, not a public name.
import type { BuiltCluster } from '../../model/build';
import type { PodLike, Service } from '../../model/types';
import type { ExplanationStep } from '../types';
import { q, step } from './common';
import { findService, lacksIP, podConditions, selectsPod } from './service';

export type DnsAnswer =
  | { kind: 'service'; fqdn: string; service: Service }
  | { kind: 'pod'; fqdn: string; pod: PodLike; service?: Service }
  /** Only a public (upstream) resolver could answer: podpath cannot know the address. */
  | { kind: 'external'; fqdn: string }
  /** dnsPolicy None with nameservers that are not the cluster DNS: what they answer is not in the input. */
  | { kind: 'unknown-server'; fqdn: string; nameservers: string[] }
  | { kind: 'nxdomain'; why?: string };

export interface Resolution {
  answer: DnsAnswer;
  steps: ExplanationStep[];
  /** The names tried, in order. */
  tried: string[];
}

export interface ResolvConf {
  searches: string[];
  ndots: number;
  /** Whether the pod's queries go to the cluster DNS. */
  clusterDns: boolean;
  policy: string;
  nameservers: string[];
}

const DEFAULT_DNS_IP: Record<string, string> = {
  // kubeadm's default serviceSubnet 10.96.0.0/12 (cluster DNS = its 10th address); OpenShift's
  // dns-default Service takes the 10th address of the service network 172.30.0.0/16.
  kubernetes: '10.96.0.10',
};

/** The cluster DNS Service's address: from the input's DNS Service, else the platform default. */
export function clusterDnsAddress(cluster: BuiltCluster): { ip: string; fromInput: boolean } {
  const d = cluster.profile.dns;
  const svc = findService(cluster, d.namespace, d.serviceName);
  if (svc?.clusterIP && svc.clusterIP !== 'None') return { ip: svc.clusterIP, fromInput: true };
  return { ip: DEFAULT_DNS_IP[cluster.profile.name] ?? '172.30.0.10', fromInput: false };
}

export function resolvConf(cluster: BuiltCluster, pod: PodLike | undefined): ResolvConf {
  const d = cluster.profile.clusterDomain;
  const ns = pod?.namespace ?? 'default';
  let policy = pod?.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'ClusterFirst' && pod?.hostNetwork) policy = 'Default (hostNetwork with ClusterFirst)';
  const clusterFirst = policy === 'ClusterFirst' || policy === 'ClusterFirstWithHostNet';
  const extra = pod?.dnsConfig;
  const base = clusterFirst ? [`${ns}.svc.${d}`, `svc.${d}`, d] : [];
  const searches = [...base, ...(extra?.searches ?? [])];
  const nd = extra?.options.find((o) => o.name === 'ndots')?.value;
  const dnsIP = clusterDnsAddress(cluster).ip;
  const nameservers = clusterFirst ? [dnsIP, ...(extra?.nameservers ?? [])] : policy === 'None' ? (extra?.nameservers ?? []) : [];
  const clusterDns = clusterFirst || (policy === 'None' && nameservers.includes(dnsIP));
  // kubelet writes ndots:5 only for the cluster policies; otherwise the resolver's default is 1.
  const ndots = nd !== undefined && /^\d+$/.test(nd) ? Number(nd) : clusterFirst ? 5 : 1;
  return { searches, ndots, clusterDns, policy, nameservers };
}

/** Does the pod have the per-pod record `host.<svc>`? (hostname set, selected, ready or published anyway). */
function podRecord(cluster: BuiltCluster, svc: Service, ns: string, host: string): PodLike | undefined {
  const published = (p: PodLike) => !lacksIP(p) && podConditions(svc, p).ready && (!svc.selector || selectsPod(svc, p));
  const pod = cluster.pods.find((p) => p.kind === 'Pod' && p.namespace === ns && p.subdomain === svc.meta.name && p.hostname === host);
  if (pod) return published(pod) ? pod : undefined;
  // StatefulSet pods are named <sts>-<ordinal> and get hostname = pod name, subdomain = spec.serviceName.
  const m = /^(.*)-(\d+)$/.exec(host);
  if (!m) return undefined;
  const sts = cluster.pods.find((p) => p.kind === 'StatefulSet' && p.namespace === ns && p.name === m[1] && p.serviceName === svc.meta.name && (p.replicas ?? 1) > Number(m[2]));
  const live = sts && cluster.pods.some((p) => p.kind === 'Pod' && p.owner?.kind === 'StatefulSet' && p.owner.name === sts.name);
  // With live pods in the input, the Pod of that name decided above; the template stands in only without them.
  return sts && !live && published(sts) ? sts : undefined;
}

/** What the cluster's DNS answers for a fully qualified name (no search path). */
export function lookup(cluster: BuiltCluster, fqdn: string): DnsAnswer {
  const d = cluster.profile.clusterDomain;
  const name = fqdn.toLowerCase().replace(/\.$/, '');
  // A single label never resolves upstream (no TLD has an address record worth modelling).
  if (!name.includes('.')) return { kind: 'nxdomain' };
  if (!name.endsWith('.' + d)) {
    const last = name.slice(name.lastIndexOf('.') + 1);
    if (last === 'svc' || last === 'pod') return { kind: 'nxdomain', why: `${q(name)} ends in ${q(last)}, a cluster DNS label without the cluster domain ${q(d)}: no resolver answers it` };
    if (cluster.namespaces.has(last)) return { kind: 'nxdomain', why: `${q(last)} is a namespace of the input, not a top-level domain: ${q(name)} is a Service lookup (${q(name + '.svc.' + d)}), and no such Service exists` };
    return { kind: 'external', fqdn: name };
  }
  const labels = name.slice(0, -(d.length + 1)).split('.');
  if (labels.length === 3 && labels[2] === 'svc') {
    const svc = findService(cluster, labels[1], labels[0]);
    return svc ? { kind: 'service', fqdn: name, service: svc } : { kind: 'nxdomain' };
  }
  if (labels.length === 4 && labels[3] === 'svc') {
    const [host, sub, ns] = labels;
    const svc = findService(cluster, ns, sub);
    if (!svc || !svc.headless) return { kind: 'nxdomain', why: svc ? `${sub}.${ns} is not headless: only a headless Service gives its pods hostname records` : undefined };
    const pod = podRecord(cluster, svc, ns, host);
    return pod ? { kind: 'pod', fqdn: name, pod, service: svc } : { kind: 'nxdomain', why: `no ready pod of ${ns}/${sub} has spec.hostname ${q(host)} with subdomain ${q(sub)}${svc.publishNotReadyAddresses ? '' : ' (an unready pod has no record unless the Service sets publishNotReadyAddresses)'}` };
  }
  if (labels.length === 3 && labels[2] === 'pod') {
    const ip = labels[0].replace(/-/g, '.');
    const pod = cluster.pods.find((p) => p.namespace === labels[1] && p.podIPs.includes(ip));
    return pod ? { kind: 'pod', fqdn: name, pod } : { kind: 'nxdomain' };
  }
  return { kind: 'nxdomain' };
}

function describe(a: DnsAnswer): string {
  if (a.kind === 'service') return `Service ${a.service.meta.namespace}/${a.service.meta.name}`;
  if (a.kind === 'pod') return `pod ${a.pod.id}`;
  return a.kind;
}

/** Resolve `name` as the pod's resolver would. */
export function resolveName(cluster: BuiltCluster, pod: PodLike | undefined, name: string): Resolution {
  const rc = resolvConf(cluster, pod);
  const n = name.toLowerCase().replace(/\.$/, '');
  const dots = (n.match(/\./g) ?? []).length;
  const absolute = name.endsWith('.');
  const withSearch = rc.searches.map((s) => `${n}.${s}`);
  const tried = absolute ? [n] : dots < rc.ndots ? [...withSearch, n] : [n, ...withSearch];
  const dnsAt = clusterDnsAddress(cluster);
  const servers = rc.policy.startsWith('Default') ? "the node's resolver" : rc.nameservers.join(', ') || '(none)';
  const steps: ExplanationStep[] = [
    step(`Resolver of ${pod ? pod.id : 'the client'}: dnsPolicy ${rc.policy}; nameserver ${servers}${rc.clusterDns ? ` (the cluster DNS${dnsAt.fromInput ? '' : `; ${dnsAt.ip} is the platform default, the input has no ${cluster.profile.dns.namespace}/${cluster.profile.dns.serviceName} Service`})` : ''}; search ${rc.searches.join(' ') || '(none)'}; ndots ${rc.ndots}. ${q(n)} has ${dots} dot(s), so the names tried are: ${tried.join(', ')}.`, 'info'),
  ];
  let why: string | undefined;
  for (const t of tried) {
    const a = lookup(cluster, t);
    if (a.kind === 'nxdomain') {
      why ??= a.why;
      continue;
    }
    if (a.kind === 'external') {
      if (!rc.clusterDns || t === n) {
        steps.push(step(`${q(t)} is not a cluster name: only a public (upstream) resolver can answer it.`, 'info'));
        return { answer: a, steps, tried };
      }
      continue;
    }
    if (!rc.clusterDns) {
      if (rc.policy === 'None' && rc.nameservers.length) {
        steps.push(step(`${q(t)} is a cluster name (${describe(a)}), but the pod asks ${rc.nameservers.join(', ')}, not the cluster DNS at ${dnsAt.ip}: whether those servers answer cluster names is not in the input.`, 'undetermined'));
        return { answer: { kind: 'unknown-server', fqdn: t, nameservers: rc.nameservers }, steps, tried };
      }
      steps.push(step(`${q(t)} is a cluster name, but with dnsPolicy ${rc.policy} the pod does not ask the cluster DNS; it will not resolve.`, 'denied'));
      return { answer: { kind: 'nxdomain' }, steps, tried };
    }
    steps.push(step(`${q(t)} answers from the cluster DNS (${describe(a)}).`, 'allowed'));
    return { answer: a, steps, tried };
  }
  steps.push(step(`None of the names exists: NXDOMAIN${why ? ` — ${why}` : ''}.`, 'denied'));
  return { answer: { kind: 'nxdomain', why }, steps, tried };
}
