// The project's egress firewall for a pod's connection to an address outside the cluster:
// - openshift-sdn EgressNetworkPolicy (profile openshift-multitenant; openshift/sdn ovscontroller.go
//   UpdateEgressNetworkPolicyRules: rules in order, first match wins, no match → allowed; `0.0.0.0/32` is
//   read as `0.0.0.0/0`; in a global netid (0) it is ignored; in a netid shared by several namespaces, or
//   with more than one policy, ALL egress is dropped). Before those rules, table 99 always lets TCP/UDP 53
//   to the pod's own node through (ovscontroller.go SetupOVS: "legacy DNS rules ... DNS to the node IP is
//   still expected to work").
// - OVN-Kubernetes EgressFirewall (other profiles): only `default` is accepted by the API server (the CRD's
//   metadata.name pattern ^default$, go-controller/hack/update-codegen.sh), rules in order with optional
//   ports (ACL priority 10000 - index, egressfirewall.go createEgressFirewallACLOps), nodeSelector rules
//   match the selected Nodes' host addresses, more than 8001 rules or an invalid rule and the controller
//   programs none of them (addEgressFirewall).
// Neither applies to pods with hostNetwork: true (OpenShift docs nw-egress-firewall-about.adoc).
// A rule whose match the input cannot decide (dnsName: what the name resolves to; nodeSelector without
// Node objects) makes the hop undetermined only when it could change the outcome.
import type { BuiltCluster } from '../../model/build';
import { selectorMatches } from '../../model/selector';
import type { GenericObject, PodLike, Protocol } from '../../model/types';
import { isRecord } from '../../model/context';
import { netIds } from '../policy/multitenant';
import type { ExplanationStep, Hop } from '../types';
import { entryContains, goParseCIDR } from './allowlist';
import { hop, nameOf, ruleAt, step } from './common';
import { egressRulesOf, nodeHostAddresses, objectsOf, podNodeAddress, type EgressRule } from './egressobjects';

/** openshift-docs nw-egressnetworkpolicy-about.adoc: "A maximum of one EgressNetworkPolicy object with a
 *  maximum of 1,000 rules can be defined per project" (the API server validates the count; origin's
 *  validation.go: "too many egress rules"). */
export const SDN_MAX_RULES = 1000;
/** ovn-kubernetes egressfirewall.go addEgressFirewall: a rule index above EgressFirewallStartPriority (10000)
 *  - MinimumReservedEgressFirewallPriority (2000) is "too many rules" — rules 1..8001 fit (the docs say 8,000). */
export const OVN_MAX_RULES = 8001;

type Match = { m: 'yes' | 'no' | 'unknown'; missing?: string };

function nodeSelectorMatch(cluster: BuiltCluster, r: EgressRule, ip: string): Match {
  const nodes = objectsOf(cluster, 'Node');
  if (!ip) return { m: 'unknown', missing: 'the address the name resolves to' };
  if (nodes.length === 0) return { m: 'unknown', missing: `the addresses of the Nodes rule ${r.index + 1}'s nodeSelector picks (no Node objects in the input)` };
  const picked = nodes.filter((n) => selectorMatches(r.nodeSelector!, n.meta.labels));
  let inexact = false;
  for (const n of picked) {
    const a = nodeHostAddresses(n);
    if (a.addrs.includes(ip)) return { m: 'yes' };
    if (!a.exact) inexact = true;
  }
  return inexact ? { m: 'unknown', missing: `the host addresses of the picked Nodes (their k8s.ovn.org/host-cidrs annotation is not in the input)` } : { m: 'no' };
}

/** Does `name` match an OVN/SDN dnsName (OVN: a leading `*.` is exactly one label, types.go). */
function nameMatches(rule: string, name: string): boolean {
  if (rule.startsWith('*.')) {
    const rest = rule.slice(2);
    return name.endsWith('.' + rest) && !name.slice(0, -rest.length - 1).includes('.');
  }
  return rule === name;
}

function ruleMatches(cluster: BuiltCluster, r: EgressRule, ip: string, dnsName: string | undefined, port: number, protocol: Protocol): Match {
  let dest: Match = { m: 'no' };
  if (r.cidrSelector) {
    const cidr = r.cidrSelector === '0.0.0.0/32' ? '0.0.0.0/0' : r.cidrSelector;
    dest = ip ? { m: goParseCIDR(cidr) && entryContains(cidr, ip) ? 'yes' : 'no' } : cidr === '0.0.0.0/0' ? { m: 'yes' } : { m: 'unknown', missing: `the address ${dnsName} resolves to` };
  } else if (r.dnsName) {
    // The firewall matches the addresses its controller resolved the name to (ovscontroller.go: egressDNS.GetIPs):
    // a connection by IP, or to another name, matches only if the addresses coincide — unknown to a static input.
    if (dnsName && nameMatches(r.dnsName, dnsName)) dest = { m: 'yes' };
    else dest = { m: 'unknown', missing: ip ? `whether ${r.dnsName} resolves to ${ip}` : `whether ${dnsName} and ${r.dnsName} resolve to the same address` };
  } else if (r.nodeSelector) dest = nodeSelectorMatch(cluster, r, ip);
  if (dest.m === 'no' || !r.ports || r.ports.length === 0) return dest;
  const portOk = r.ports.some((p) => p.protocol.toUpperCase() === protocol && (p.port === undefined || p.port === port));
  return portOk ? dest : { m: 'no' };
}

function describeRule(r: EgressRule): string {
  const what = r.cidrSelector ? `cidrSelector ${r.cidrSelector}` : r.dnsName ? `dnsName ${r.dnsName}` : r.nodeSelector ? 'nodeSelector' : 'no destination';
  return `${r.type} ${what}${r.ports ? ' ports ' + r.ports.map((p) => `${p.protocol}/${p.port ?? '*'}`).join(',') : ''}`;
}

function firewallHop(cluster: BuiltCluster, kind: 'EgressNetworkPolicy' | 'EgressFirewall', obj: GenericObject, ip: string, dnsName: string | undefined, port: number, protocol: Protocol): Hop {
  const dest = dnsName ?? ip;
  const steps: ExplanationStep[] = [];
  const maybe: { r: EgressRule; missing: string }[] = [];
  const title = `${kind} ${obj.meta.namespace}/${obj.meta.name}`;
  const open = (decided?: EgressRule) => {
    const differ = maybe.filter((x) => !decided || x.r.type !== decided.type);
    const first = differ[0];
    return `rule ${first.r.index + 1} (${first.r.type}) ${decided ? `decides instead of rule ${decided.index + 1} (${decided.type})` : 'decides'} if it matches, and that depends on ${first.missing}`;
  };
  for (const r of egressRulesOf(obj)) {
    const m = ruleMatches(cluster, r, ip, dnsName, port, protocol);
    const rule = ruleAt(cluster, obj.meta, r.ref, `${nameOf(obj.meta)}, rule ${r.index + 1}`);
    if (m.m === 'no') {
      steps.push(step(`Rule ${r.index + 1} (${describeRule(r)}) does not match ${dest} ${protocol}/${port}.`, 'info', rule));
      continue;
    }
    if (m.m === 'unknown') {
      // Keep going: if every rule that may match decides like the first certain match, the outcome is certain.
      steps.push(step(`Rule ${r.index + 1} (${describeRule(r)}) may match: that depends on ${m.missing ?? 'what the input does not say'}.`, 'undetermined', rule));
      maybe.push({ r, missing: m.missing ?? 'what the input does not say' });
      continue;
    }
    const allowed = r.type === 'Allow';
    steps.push(step(`Rule ${r.index + 1} (${describeRule(r)}) matches ${dest}: the first matching rule decides.`, allowed ? 'allowed' : 'denied', rule));
    if (maybe.some((x) => x.r.type !== r.type)) return hop({ kind: 'egress-firewall', title, verdict: 'undetermined', summary: open(r), steps, rule });
    return hop({ kind: 'egress-firewall', title, verdict: allowed ? 'allowed' : 'denied', code: allowed ? undefined : 'egress-firewall-deny', summary: `rule ${r.index + 1}: ${r.type} ${dest}${maybe.length ? ` (rule ${maybe.map((x) => x.r.index + 1).join(', ')} may match first, but decides the same)` : ''}`, steps, rule, fix: allowed ? undefined : { summary: `Add an Allow rule for ${dest} before rule ${r.index + 1}.`, snippet: `spec:\n  egress:\n  - type: Allow\n    to:\n      ${ip ? `cidrSelector: ${ip}/32` : `dnsName: ${dnsName}`}`, object: `${kind}/${obj.meta.namespace}/${obj.meta.name}` } });
  }
  if (maybe.some((x) => x.r.type !== 'Allow')) return hop({ kind: 'egress-firewall', title, verdict: 'undetermined', summary: open(), steps, rule: ruleAt(cluster, obj.meta, maybe[0].r.ref) });
  return hop({ kind: 'egress-firewall', title, verdict: 'allowed', summary: `no rule matches ${dest}: allowed`, steps, rule: ruleAt(cluster, obj.meta, obj.meta.ref) });
}

function rejectedHop(cluster: BuiltCluster, o: GenericObject, why: string): Hop {
  return hop({ kind: 'egress-firewall', title: `${o.meta.kind} ${o.meta.namespace}/${o.meta.name} not in effect`, verdict: 'warning', code: 'egress-firewall-rejected', summary: `${why}: egress is NOT restricted by it`, rule: ruleAt(cluster, o.meta, o.meta.ref) });
}

function sdnHop(cluster: BuiltCluster, src: PodLike, ip: string, port: number, protocol: Protocol, dnsName?: string): Hop | undefined {
  const ns = src.namespace;
  // openshift-sdn keys egress policies by netid, not namespace (egress_network_policy.go: egressPolicies[vnid]),
  // and drops a policy with no rules from that list (handleEgressNetworkPolicy: len(Spec.Egress) > 0).
  // One with more rules than the API server accepts never exists.
  const ids = netIds(cluster);
  const id = ids.get(ns);
  const sharing = [...cluster.namespaces.keys()].filter((n) => n !== ns && ids.get(n).netid === id.netid);
  const own = objectsOf(cluster, 'EgressNetworkPolicy', ns);
  const tooMany = own.find((o) => egressRulesOf(o).length > SDN_MAX_RULES);
  const enps = [ns, ...sharing].flatMap((n) => objectsOf(cluster, 'EgressNetworkPolicy', n)).filter((o) => egressRulesOf(o).length > 0 && egressRulesOf(o).length <= SDN_MAX_RULES);
  if (enps.length === 0) {
    if (tooMany) return rejectedHop(cluster, tooMany, `it has ${egressRulesOf(tooMany).length} rules; the API server accepts at most ${SDN_MAX_RULES} ("too many egress rules"), so the object is rejected`);
    if (own.length) return hop({ kind: 'egress-firewall', title: `EgressNetworkPolicy ${ns}/${own[0].meta.name} has no rules`, verdict: 'info', summary: 'openshift-sdn drops an EgressNetworkPolicy without egress rules from its list (handleEgressNetworkPolicy): egress is not restricted', rule: ruleAt(cluster, own[0].meta, own[0].meta.ref) });
    return undefined;
  }
  const cite = 'openshift/sdn pkg/network/node/ovscontroller.go UpdateEgressNetworkPolicyRules';
  if (id.netid === 0) {
    // Upstream checks vnid 0 first: a global project's policy is logged as an error and no flow is written.
    if (own.length === 0) return undefined;
    return hop({ kind: 'egress-firewall', title: `EgressNetworkPolicy ${ns}/${own[0].meta.name} IGNORED`, verdict: 'warning', code: 'egress-firewall-ignored', summary: `namespace ${ns} is global (netid 0): openshift-sdn ignores EgressNetworkPolicy there — egress is NOT restricted`, steps: [step(`${cite}: for netid 0 it only logs "EgressNetworkPolicy in global network namespace is not allowed (...); ignoring" and writes no table-100 flow, so the rules have no effect (it does not drop traffic).`, 'warning')], rule: ruleAt(cluster, own[0].meta, own[0].meta.ref) });
  }
  const rule = ruleAt(cluster, enps[0].meta, enps[0].meta.ref);
  if (sharing.length) {
    const where = enps.map((e) => `${e.meta.namespace}/${e.meta.name}`).join(', ');
    return hop({ kind: 'egress-firewall', title: 'All egress dropped (joined project)', verdict: 'denied', code: 'egress-firewall-drops-all', summary: `${ns} shares netid ${id.netid} with ${sharing.join(', ')}, and EgressNetworkPolicy ${where} applies to that netid: openshift-sdn does not allow an EgressNetworkPolicy in a shared NetNamespace and drops ALL egress of these projects`, steps: [step(`${cite}: len(namespaces) > 1 → "EgressNetworkPolicy not allowed in shared NetNamespace (...); dropping all traffic" (flow table=100, reg0=${id.netid}, priority=1, actions=drop) — for every project with that netid, also those without a policy of their own.`, 'denied')], rule, fix: { summary: `Delete the EgressNetworkPolicy (${where}), or isolate the project again (oc adm pod-network isolate-projects ${enps[0].meta.namespace}).` } });
  }
  if (enps.length > 1) return hop({ kind: 'egress-firewall', title: 'All egress dropped (several EgressNetworkPolicies)', verdict: 'denied', code: 'egress-firewall-drops-all', summary: `${ns} has ${enps.length} EgressNetworkPolicies (${enps.map((e) => e.meta.name).join(', ')}); openshift-sdn allows one per project and drops ALL egress otherwise`, steps: [step(`${cite}: len(policies) > 1 → "multiple EgressNetworkPolicies in same network namespace (...) is not allowed; dropping all traffic".`, 'denied')], rule, fix: { summary: 'Merge the rules into one EgressNetworkPolicy and delete the others.' } });
  return firewallHop(cluster, 'EgressNetworkPolicy', enps[0], ip, dnsName, port, protocol);
}

const DNS_EXCEPTION = 'openshift/sdn ovscontroller.go (table 99, before the table-100 policy flows): "tcp, tcp_dst=53, nw_dst=<node IP>, actions=output:2" and the same for udp — "if someone has configured pod DNS to talk to the node IP, and also has an EgressNetworkPolicy saying Deny 0.0.0.0/0, then DNS to the node IP is still expected to work"; docs: "The egress firewall always allows pods access to the external interface of the node that the pod is on for DNS resolution."';

/** Is this openshift-sdn's DNS-to-own-node case (table 99 sends it to the host before egress IP and policy)? */
export function sdnOwnNodeDns(cluster: BuiltCluster, src: PodLike, ip: string, port: number, protocol: Protocol): boolean {
  return cluster.profile.multitenant && !src.hostNetwork && port === 53 && (protocol === 'TCP' || protocol === 'UDP') && !!ip && podNodeAddress(cluster, src).ip === ip;
}

/** openshift-sdn lets DNS (TCP/UDP 53) to the pod's own node through before any EgressNetworkPolicy flow. */
function withDnsException(cluster: BuiltCluster, src: PodLike, inner: Hop, ip: string, port: number, protocol: Protocol): Hop {
  if (port !== 53 || (protocol !== 'TCP' && protocol !== 'UDP') || !ip || inner.verdict === 'allowed' || inner.verdict === 'info') return inner;
  const node = podNodeAddress(cluster, src);
  if (node.ip === ip) return hop({ kind: 'egress-firewall', title: `DNS to ${src.id}'s own node`, verdict: 'allowed', summary: `${protocol} 53 to ${ip}, the address of the node ${src.id} runs on (${node.from}), is always allowed by openshift-sdn, whatever the EgressNetworkPolicy says`, steps: [step(DNS_EXCEPTION, 'allowed'), ...inner.steps] });
  if (node.ip) return { ...inner, steps: [...inner.steps, step(`${ip} is not the pod's node (${node.ip}, ${node.from}), so openshift-sdn's DNS-to-own-node exception does not apply.`, 'info')] };
  if (inner.verdict !== 'denied') return inner;
  return { ...inner, verdict: 'undetermined', fix: undefined, summary: `${inner.summary} — unless ${ip} is the address of the node ${src.id} runs on: openshift-sdn always lets DNS (${protocol} 53) to the pod's own node through, and the input does not give that address (${node.from})`, steps: [...inner.steps, step(DNS_EXCEPTION, 'undetermined')] };
}

/** The EgressNetworkPolicy / EgressFirewall hop for a pod's outbound connection (undefined when none applies). */
export function firewallHopFor(cluster: BuiltCluster, src: PodLike, ip: string, port: number, protocol: Protocol, dnsName?: string): Hop | undefined {
  const ns = src.namespace;
  const sdn = cluster.profile.multitenant;
  const objs = objectsOf(cluster, sdn ? 'EgressNetworkPolicy' : 'EgressFirewall', ns);
  if (src.hostNetwork) {
    if (objs.length === 0) return undefined;
    // OVN: the ACLs sit on the namespace's pod port group (egressfirewall.go generateMatch "inport == @pg");
    // openshift-sdn: table 100 matches the netid a pod's OVS port set in reg0. A host-network pod has no port.
    return hop({ kind: 'egress-firewall', title: `${src.id} uses the host network`, verdict: 'info', summary: `${src.id} has hostNetwork: true: the egress firewall (${nameOf(objs[0].meta)}) does not apply to it — "Egress firewall does not apply to the host network namespace. Pods with host networking enabled are unaffected by egress firewall rules." (OpenShift docs)`, rule: ruleAt(cluster, objs[0].meta, objs[0].meta.ref) });
  }
  const p = cluster.profile;
  const inside = ip ? [p.podCIDR, p.serviceCIDR].find((c) => c && entryContains(c, ip)) : undefined;
  if (inside) {
    if (objs.length === 0) return undefined;
    // OVN: every rule's match carries "ip4.dst != <cluster subnet>" (egressfirewall.go getV4ClusterSubnetsExclusion);
    // openshift-sdn: cluster-network destinations leave table 30 for 70/90 and never reach table 100.
    return hop({ kind: 'egress-firewall', title: `${ip} is inside the cluster`, verdict: 'info', summary: `${ip} is in the ${inside === p.podCIDR ? 'pod' : 'service'} network ${inside} (${cluster.network ? `Network ${cluster.network.meta.name}, ${cluster.network.meta.apiVersion}` : "the profile's default"}): the egress firewall (${nameOf(objs[0].meta)}) only filters traffic leaving the cluster`, rule: ruleAt(cluster, objs[0].meta, objs[0].meta.ref) });
  }
  if (sdn) {
    const h = sdnHop(cluster, src, ip, port, protocol, dnsName);
    return h && withDnsException(cluster, src, h, ip, port, protocol);
  }
  const enps = objectsOf(cluster, 'EgressNetworkPolicy', ns);
  const def = objs.find((e) => e.meta.name === 'default');
  if (!def) {
    if (objs.length) return rejectedHop(cluster, objs[0], `the API server only accepts an EgressFirewall named "default" (the CRD's metadata.name pattern ^default$, ovn-kubernetes go-controller/hack/update-codegen.sh), so ${nameOf(objs[0].meta)} is rejected and has no effect`);
    if (enps.length) return hop({ kind: 'egress-firewall', title: `EgressNetworkPolicy ${ns}/${enps[0].meta.name} not enforced`, verdict: 'warning', code: 'egress-firewall-ignored', summary: `EgressNetworkPolicy is openshift-sdn's object; under ${cluster.profile.title} the EgressFirewall named "default" is used instead`, rule: ruleAt(cluster, enps[0].meta, enps[0].meta.ref) });
    return undefined;
  }
  const rules = egressRulesOf(def);
  if (rules.length > OVN_MAX_RULES) return rejectedHop(cluster, def, `it has ${rules.length} rules; OVN-Kubernetes programs none of them beyond ${OVN_MAX_RULES} ("egressFirewall for namespace ${ns} has too many rules", egressfirewall.go addEgressFirewall returns before adding any ACL)`);
  const bad = rules.find((r) => r.cidrSelector !== undefined && !goParseCIDR(r.cidrSelector));
  if (bad) return rejectedHop(cluster, def, `rule ${bad.index + 1} has an invalid cidrSelector ${JSON.stringify(bad.cidrSelector)}; OVN-Kubernetes then programs no rule of the object (egressfirewall.go addEgressFirewall: "cannot create EgressFirewall Rule", the whole object fails)`);
  return withOvnStatus(def, firewallHop(cluster, 'EgressFirewall', def, ip, dnsName, port, protocol));
}

const OVN_ERROR = 'EgressFirewall Rules not correctly applied';

/** A dump's status can say the controller failed to program the rules (types/resource_status.go
 *  EgressFirewallErrorMsg, set per zone by setEgressFirewallStatus); where it failed no ACL exists, so a
 *  denial is no longer certain. Which zones failed, and whether a retry fixed it since, the dump cannot say. */
function withOvnStatus(obj: GenericObject, h: Hop): Hop {
  const st = isRecord(obj.raw.status) ? obj.raw.status : {};
  const messages = Array.isArray(st.messages) ? st.messages.filter((m): m is string => typeof m === 'string') : [];
  const failed = messages.filter((m) => m.includes(OVN_ERROR));
  if (st.status !== OVN_ERROR && failed.length === 0) return h;
  const said = failed[0] ?? OVN_ERROR;
  const note = step(`status of ${nameOf(obj.meta)}: ${JSON.stringify(said.slice(0, 300))} — OVN-Kubernetes did not program these rules (in that zone); there egress is not restricted until a retry succeeds.`, 'warning');
  if (h.verdict !== 'denied') return { ...h, steps: [...h.steps, note] };
  return { ...h, verdict: 'undetermined', fix: undefined, summary: `${h.summary} — if the rules are in place: the object's status says "${OVN_ERROR}", and where they are not, nothing is denied`, steps: [...h.steps, note] };
}
