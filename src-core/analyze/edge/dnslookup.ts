// The DNS lookup before a connection by name: a pod that resolves a name (a `dns:` destination, or the
// host of a URL) first sends a query to the cluster DNS, and that query is itself a connection that
// NetworkPolicies judge. A pod isolated for egress without a rule for the DNS pods resolves nothing.
//
// What the query looks like to the policies (cluster.dnsPod / profile.dns, built by the model):
// - ClusterFirst / ClusterFirstWithHostNet: resolv.conf names the DNS Service's ClusterIP on port 53;
//   the Service DNATs to the DNS pods, and policies match the packet AFTER that translation
//   (OVN-Kubernetes puts egress NetworkPolicy ACLs in the `apply-after-lb` stage — ovn-org/ovn-kubernetes
//   go-controller/pkg/ovn/acl.go, lportEgressAfterLB). On OpenShift the `dns-default` Service maps
//   53 → targetPort `dns` = containerPort 5353 on the CoreDNS pods in `openshift-dns`
//   (openshift/cluster-dns-operator pkg/manifests/assets/dns/{service,daemonset}.yaml), so a rule for
//   port 53 does not let an OpenShift pod resolve names; on Kubernetes kube-dns/CoreDNS listens on 53.
// - UDP first: glibc and musl send queries over UDP and use TCP only when the answer is truncated
//   (TC bit) or with `options use-vc`; a dropped UDP query is retried over UDP until it times out, never
//   over TCP. So UDP decides whether names resolve (TCP if `use-vc`); the other protocol denied is a
//   warning (large answers, e.g. a headless Service with many pods, fail).
// - Not checked (no hop): hostNetwork pods (their queries leave from the node, which pod policies do
//   not select), dnsPolicy Default (the node's resolver, outside the cluster) and None unless its
//   dnsConfig.nameservers names the cluster DNS Service's address (then the query is the same as ClusterFirst's).
import type { BuiltCluster } from '../../model/build';
import type { PodLike, Protocol } from '../../model/types';
import { evaluateConnection } from '../policy/evaluate';
import type { ConnectionVerdict, DirectionVerdict } from '../policy/types';
import type { ExplanationStep, Fix, Hop } from '../types';
import { hop, step } from './common';
import { clusterDnsAddress } from './dns';

export interface DnsLookupCheck {
  hop: Hop;
  /** False when the pod's queries cannot reach the cluster DNS: no name resolves. */
  allowed: boolean;
}

/** An IP literal needs no lookup (`https://10.0.0.1/`). */
export function isIPLiteral(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || /^\[?[0-9a-f:]+\]?$/i.test(host) && host.includes(':');
}

/** The egress rule a pod needs to resolve names, for fixes and lint. */
export function dnsEgressSnippet(cluster: BuiltCluster): string {
  const d = cluster.profile.dns;
  return [
    'spec:',
    '  policyTypes: [Egress]',
    '  egress:',
    '  - to:',
    '    - namespaceSelector:',
    '        matchLabels:',
    `          kubernetes.io/metadata.name: ${d.namespace}`,
    '    ports:',
    '    - protocol: UDP',
    `      port: ${d.podPort}`,
    '    - protocol: TCP',
    `      port: ${d.podPort}`,
  ].join('\n');
}

/** The fix for pods without DNS; `pod` names the pod the NetworkPolicy should select (lint, which speaks of a
 *  group of pods, leaves it out). */
export function dnsEgressFix(cluster: BuiltCluster, pod?: PodLike): Fix {
  const d = cluster.profile.dns;
  const why = d.podPort !== d.servicePort ? ` — port ${d.podPort}, the DNS pods' port, not the Service's ${d.servicePort}: policies see the port after the Service's translation` : '';
  return { summary: `Add an egress rule for the cluster DNS to a NetworkPolicy${pod ? ` selecting ${pod.id}` : ''}: namespace ${d.namespace}, UDP and TCP ${d.podPort}${why}.`, snippet: dnsEgressSnippet(cluster) };
}

function denied(v: ConnectionVerdict): DirectionVerdict | undefined {
  return !v.egress.allowed ? v.egress : !v.ingress.allowed ? v.ingress : undefined;
}

/** Whether `pod` asks the cluster DNS over the pod network (so its policies judge the queries). With the
 *  cluster, dnsPolicy None counts when dnsConfig.nameservers names the cluster DNS Service's address. */
export function asksClusterDns(pod: PodLike, cluster?: BuiltCluster): boolean {
  if (pod.hostNetwork) return false;
  const policy = pod.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'None' && cluster) return (pod.dnsConfig?.nameservers ?? []).includes(clusterDnsAddress(cluster).ip);
  return policy === 'ClusterFirst' || policy === 'ClusterFirstWithHostNet';
}

/** The policies' verdict on the pod's DNS queries, per protocol. */
export function dnsQueryVerdicts(cluster: BuiltCluster, pod: PodLike): { udp: ConnectionVerdict; tcp: ConnectionVerdict; primary: Protocol } {
  const port = cluster.profile.dns.podPort;
  const dst = { kind: 'pod' as const, pod: cluster.dnsPod };
  const udp = evaluateConnection(cluster, { kind: 'pod', pod }, dst, port, 'UDP');
  const tcp = evaluateConnection(cluster, { kind: 'pod', pod }, dst, port, 'TCP');
  const useVc = pod.dnsConfig?.options.some((o) => o.name === 'use-vc') ?? false;
  return { udp, tcp, primary: useVc ? 'TCP' : 'UDP' };
}

/** The lookup hop for `pod` resolving `name`; undefined when the pod does not ask the cluster DNS through
 *  the pod network, or when no policy restricts its queries (nothing to show). */
export function dnsLookupCheck(cluster: BuiltCluster, pod: PodLike, name: string): DnsLookupCheck | undefined {
  if (!asksClusterDns(pod, cluster)) return undefined;
  const d = cluster.profile.dns;
  const { udp, tcp, primary } = dnsQueryVerdicts(cluster, pod);
  const main = primary === 'UDP' ? udp : tcp;
  const other = primary === 'UDP' ? tcp : udp;
  const otherProto: Protocol = primary === 'UDP' ? 'TCP' : 'UDP';
  const where = `the DNS pods ${cluster.dnsPod.id} (namespace ${d.namespace}) on ${d.podPort}`;
  const steps: ExplanationStep[] = [
    step(`Before connecting, ${pod.id} asks the cluster DNS for ${JSON.stringify(name)}: resolv.conf names the ${d.serviceName} Service (${d.namespace}) on port ${d.servicePort}, which sends the query to ${where}. NetworkPolicies see the DNS pods' port ${d.podPort}, after the Service's translation.`, 'info'),
    step(primary === 'UDP' ? 'The resolver queries over UDP; it uses TCP only for truncated (large) answers.' : 'dnsConfig option use-vc: the resolver queries over TCP only.', 'info'),
  ];
  const bad = denied(main);
  const title = `DNS lookup of ${name}`;
  const facts = { server: `${cluster.dnsPod.id}:${d.podPort}`, protocol: primary };
  if (main.verdict === 'undetermined') {
    // The lookup itself cannot be decided (an unknown pod IP in a partly matching block, an unmodelled
    // policy object): the hop says so and the whole trace is undetermined (settleUndetermined).
    const open = main.hops.find((h) => h.verdict === 'undetermined');
    steps.push(...(open?.steps ?? []));
    return { allowed: true, hop: hop({ kind: 'dns', title, verdict: 'undetermined', summary: `whether ${pod.id} may query the cluster DNS (${primary} ${d.podPort} in ${d.namespace}) is undetermined: ${open?.summary ?? 'the input does not decide it'}`, steps, rule: open?.rule, facts }) };
  }
  if (bad) {
    steps.push(step(`${primary} ${d.podPort} to the DNS pods, ${bad.direction} of ${bad.direction === 'egress' ? pod.id : cluster.dnsPod.id}:`, 'info'), ...bad.steps);
    if (d.podPort !== d.servicePort) {
      const at53 = evaluateConnection(cluster, { kind: 'pod', pod }, { kind: 'pod', pod: cluster.dnsPod }, d.servicePort, primary);
      if (at53.allowed) steps.push(step(`A rule admits port ${d.servicePort} to the DNS pods, but ${d.servicePort} is only the Service's port: after the translation the packet goes to ${d.podPort}, so that rule does not apply. Allow ${d.podPort}.`, 'warning', at53.egress.rule));
    }
    const by = bad.rule?.label ?? bad.selectedBy[0]?.label;
    const isolation =
      bad.decidedBy === 'admin-network-policy' || bad.decidedBy === 'baseline-admin-network-policy'
        ? `${by ?? (bad.decidedBy === 'admin-network-policy' ? 'an AdminNetworkPolicy' : 'the BaselineAdminNetworkPolicy')} denies it`
        : bad.direction === 'egress'
          ? `${pod.id} is isolated for egress and no rule admits the cluster DNS`
          : `the NetworkPolicies on the DNS pods do not admit ${pod.id}`;
    const npEgress = bad.direction === 'egress' && bad.decidedBy === 'network-policy';
    return {
      allowed: false,
      hop: hop({ kind: 'dns', title, verdict: 'denied', code: 'dns-query-dropped', summary: `the DNS query is dropped: ${isolation} (${primary} ${d.podPort} in ${d.namespace}), so no name resolves and the connection never starts${bad.undecided?.length ? ` — unless the DNS pods' IP is inside an ipBlock: ${bad.undecided[0]}` : ''}`, steps, rule: bad.rule ?? bad.selectedBy[0], fix: npEgress ? dnsEgressFix(cluster, pod) : bad.fix, facts }),
    };
  }
  steps.push(step(`${primary} ${d.podPort} to the DNS pods: ${main.egress.summary ?? 'allowed'}`, 'allowed', main.egress.rule));
  // With use-vc the resolver never uses UDP, so only the UDP-first case can miss its TCP fallback.
  const bad2 = primary === 'UDP' ? denied(other) : undefined;
  if (bad2) {
    steps.push(step(`${otherProto} ${d.podPort} is denied (${bad2.summary ?? 'denied'}): answers too large for one UDP datagram (many records, e.g. a headless Service with many pods) are retried over TCP and fail.`, 'warning', bad2.rule ?? bad2.selectedBy[0]));
    return { allowed: true, hop: hop({ kind: 'dns', title, verdict: 'warning', summary: `the DNS query is allowed over ${primary} but not over ${otherProto}: small answers resolve, truncated ones fail`, steps, rule: main.egress.rule, fix: dnsEgressFix(cluster, pod), facts }) };
  }
  // Nothing restricts the queries (no policy isolates either end): no hop, the trace stays short.
  const quiet = (v: DirectionVerdict) => v.decidedBy === 'not-isolated' || v.decidedBy === 'project-isolation' || v.decidedBy === 'not-applicable';
  if ([udp.egress, udp.ingress, tcp.egress, tcp.ingress].every(quiet)) return undefined;
  return { allowed: true, hop: hop({ kind: 'dns', title, verdict: 'allowed', summary: `${pod.id} may query the cluster DNS (UDP and TCP ${d.podPort} in ${d.namespace})`, steps, rule: main.egress.rule, facts }) };
}
