// Service endpoints outside the cluster (a Service without selector whose Endpoints / EndpointSlices point
// out) meet the egress firewall at a different place than a connection to the address itself:
// - openshift-sdn: the proxy's endpoint filter (openshift/sdn pkg/network/proxy/proxy.go, OsdnProxy) keeps
//   from kube-proxy the WHOLE Endpoints object of a Service when the EgressNetworkPolicy of the Service's
//   namespace denies any of its addresses outside the pod and service networks (endpointsBlockable,
//   endpointsBlocked, firewallBlocks: first matching rule, Deny blocks). Every client then finds no endpoint.
//   Traffic after kube-proxy's DNAT leaves from the node, not through the client's OVS egress table, so the
//   client's own policy is not what filters it.
// - OVN-Kubernetes: the client namespace's EgressFirewall ACLs are to-lport ACLs on its pods' port group
//   (egressfirewall.go createEgressFirewallACLOps), evaluated after the load balancer rewrote the Service
//   address to the endpoint's: they see the endpoint address.
// - The router opens its own connections to endpoints: "Egress firewall rules do not apply to traffic that
//   goes through routers" (openshift-docs nw-egress-firewall-about.adoc).
import type { BuiltCluster } from '../../model/build';
import type { Protocol, Service } from '../../model/types';
import { netIds } from '../policy/multitenant';
import type { Hop } from '../types';
import { entryContains } from './allowlist';
import { hop, nameOf, ruleAt, step } from './common';
import { egressRulesOf, objectsOf } from './egressobjects';
import { firewallHopFor, SDN_MAX_RULES } from './firewall';
import type { Sender } from './index';
import type { ServiceEndpoint } from './service';

const PROXY = 'openshift/sdn pkg/network/proxy/proxy.go';

function outside(cluster: BuiltCluster, ip: string): boolean {
  const p = cluster.profile;
  return !(p.podCIDR && entryContains(p.podCIDR, ip)) && !(p.serviceCIDR && entryContains(p.serviceCIDR, ip));
}

/** The egress-firewall hop for a Service whose endpoints include addresses outside the cluster (undefined when
 *  nothing filters them). A denied hop means no endpoint is left. */
export function externalEndpointHop(cluster: BuiltCluster, svc: Service, eps: ServiceEndpoint[], from: Sender, protocol: Protocol): Hop | undefined {
  const ext = eps.filter((e) => !e.pod && e.ip && outside(cluster, e.ip));
  if (ext.length === 0) return undefined;
  const ns = svc.meta.namespace ?? 'default';
  if (cluster.profile.multitenant) return sdnFilterHop(cluster, svc, ns, ext.map((e) => e.ip!));
  if (from.kind === 'router') {
    const fw = objectsOf(cluster, 'EgressFirewall', cluster.routerPod.namespace);
    return fw.length ? hop({ kind: 'egress-firewall', title: 'Egress firewall: not for router traffic', verdict: 'info', summary: '"Egress firewall rules do not apply to traffic that goes through routers" (OpenShift docs): the router connects to the endpoints itself' }) : undefined;
  }
  if (from.kind !== 'pod') return undefined;
  const e = ext[0];
  const h = firewallHopFor(cluster, from.pod, e.ip!, e.port, protocol);
  if (!h) return undefined;
  return { ...h, title: `${h.title} (endpoint ${e.ip}:${e.port} of ${nameOf(svc.meta)})`, steps: [step(`OVN-Kubernetes evaluates the EgressFirewall of ${from.pod.namespace} after load balancing (to-lport ACLs, egressfirewall.go createEgressFirewallACLOps), so it sees the endpoint ${e.ip}:${e.port}${ext.length > 1 ? ` (shown for the first of ${ext.length} outside endpoints)` : ''}, not the Service address.`, 'info'), ...h.steps] };
}

function sdnFilterHop(cluster: BuiltCluster, svc: Service, ns: string, addrs: string[]): Hop | undefined {
  const enps = objectsOf(cluster, 'EgressNetworkPolicy', ns).filter((o) => egressRulesOf(o).length > 0 && egressRulesOf(o).length <= SDN_MAX_RULES);
  if (enps.length === 0) return undefined;
  const title = `kube-proxy endpoint filter (${nameOf(svc.meta)})`;
  const rule = ruleAt(cluster, enps[0].meta, enps[0].meta.ref);
  // proxy.go updateEgressNetworkPolicy: "EgressNetworkPolicy in global network namespace ... ignoring firewall rules".
  if (netIds(cluster).get(ns).netid === 0) return hop({ kind: 'egress-firewall', title, verdict: 'info', summary: `namespace ${ns} is global (netid 0): the proxy ignores its EgressNetworkPolicy, the outside endpoints are kept`, rule });
  const denied = (why: string, at = rule) => hop({ kind: 'egress-firewall', title, verdict: 'denied', summary: `${why}: the openshift-sdn proxy withholds the whole Endpoints object of ${nameOf(svc.meta)} from kube-proxy, so the Service has no endpoints and connections to it are refused — for clients in every namespace`, rule: at, steps: [step(`${PROXY} endpointsBlocked: an Endpoints object with an address outside the pod and service networks is "blockable"; if the EgressNetworkPolicy of its namespace blocks any address, OnEndpointsDelete removes it from kube-proxy.`, 'denied')], fix: { summary: `Allow ${addrs[0]} in ${nameOf(enps[0].meta)} before the rule that denies it, or point the Service elsewhere.` } });
  if (enps.length > 1) return denied(`namespace ${ns} has ${enps.length} EgressNetworkPolicies (${enps.map((e) => e.meta.name).join(', ')}); the proxy then sets no active policy and blocks every outside endpoint ("Block all connections if active policy is not set")`);
  const steps = [];
  let open: string | undefined;
  for (const ip of addrs) {
    // Per address, as firewallBlocks walks the rules: the first match decides; a dnsName rule that may match
    // first (the proxy uses the CIDRs egressDNS resolved it to, GetNetCIDRs) leaves it open if it decides otherwise.
    const maybe: { type: string; why: string }[] = [];
    let decided: 'Allow' | 'Deny' | undefined;
    let at = rule;
    for (const r of egressRulesOf(enps[0])) {
      const here = ruleAt(cluster, enps[0].meta, r.ref, `${nameOf(enps[0].meta)}, rule ${r.index + 1}`);
      if (r.dnsName) {
        maybe.push({ type: r.type, why: `whether ${r.dnsName} (rule ${r.index + 1}) resolves to ${ip}` });
        steps.push(step(`Endpoint ${ip}: rule ${r.index + 1} (${r.type} dnsName ${r.dnsName}) matches only if the name resolves to it.`, 'undetermined', here));
        continue;
      }
      const cidr = r.cidrSelector === '0.0.0.0/32' ? '0.0.0.0/0' : r.cidrSelector;
      if (!cidr || !entryContains(cidr, ip)) continue;
      decided = r.type === 'Deny' ? 'Deny' : 'Allow';
      at = here;
      steps.push(step(`Endpoint ${ip}: rule ${r.index + 1} (${r.type} ${r.cidrSelector}) matches first.`, decided === 'Deny' ? 'denied' : 'allowed', here));
      break;
    }
    const other = maybe.find((m) => m.type !== (decided ?? 'Allow'));
    if (other) open ??= other.why;
    else if (decided === 'Deny') return denied(`endpoint ${ip} is outside the cluster and ${at.label} denies it`, at);
  }
  if (open) return hop({ kind: 'egress-firewall', title, verdict: 'undetermined', summary: `whether the proxy keeps the outside endpoints of ${nameOf(svc.meta)} depends on ${open}`, steps, rule });
  return hop({ kind: 'egress-firewall', title, verdict: 'allowed', summary: `${nameOf(enps[0].meta)} denies none of the outside endpoints (${addrs.join(', ')}): kube-proxy keeps them`, steps, rule });
}
