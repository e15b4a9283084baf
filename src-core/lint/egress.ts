// Lint rules about OpenShift egress objects:
// - egress-policy-drops-all: openshift-sdn drops ALL egress of a project (a joined netid, or several
//   EgressNetworkPolicies); egress-policy-ignored: the object is ignored (a global netid; an
//   EgressNetworkPolicy under OVN-Kubernetes) — both read from the firewall hop's code (firewall.ts);
// - egress-ip-unhosted: a NetNamespace egress IP no node hosts (the source-address hop denies);
// - egress-firewall-rejected: an EgressFirewall not named "default" (the CRD's name pattern ^default$), one
//   with more rules than OVN-Kubernetes programs or an invalid cidrSelector (egressfirewall.go
//   addEgressFirewall installs none of its rules), an EgressNetworkPolicy over the API's rule limit. Each
//   leaves the project's egress unrestricted while its author believes it is filtered.
// - egress-router-invalid: an EgressRouter CR (network.operator.openshift.io/v1) its CRD rejects.
// - egress-router-duplicate: several EgressRouter CRs in one namespace share the one Deployment name the
//   Cluster Network Operator uses (egress-router-cni-deployment).
import type { BuiltCluster } from '../model/build';
import { EGRESS_ROUTER_CNI_DEPLOYMENT } from '../model/kinds/egressrouter';
import { childRef } from '../parse/source';
import { nameOf } from '../analyze/edge/common';
import { firewallHopFor, sourceAddressHop } from '../analyze/edge/egress';
import { egressRulesOf, objectsOf, readEgressRouter } from '../analyze/edge/egressobjects';
import { OVN_MAX_RULES, SDN_MAX_RULES } from '../analyze/edge/firewall';
import { goParseCIDR } from '../analyze/edge/allowlist';
import type { Finding } from './codes';
import { finding } from './finding';
import { isPlainKubernetes } from '../model/profiles';

/** What the egress firewall and egress IPs make of a pod's outbound connection, read from the typed hop the
 *  trace shows (its `code`, analyze/trace/codes.ts), never from its wording. */
export function egressFindings(cluster: BuiltCluster): Finding[] {
  const out: Finding[] = [];
  const namespaces = new Set([...objectsOf(cluster, 'EgressNetworkPolicy'), ...objectsOf(cluster, 'EgressFirewall')].map((o) => o.meta.namespace));
  for (const ns of namespaces) {
    // A host-network pod is exempt from the firewall (firewall.ts): ask for an ordinary one.
    const pod = cluster.pods.find((p) => p.namespace === ns && !p.hostNetwork) ?? { ...cluster.routerPod, namespace: ns, id: `${ns}/-` };
    const h = firewallHopFor(cluster, pod, '192.0.2.1', 443, 'TCP');
    const obj = [...objectsOf(cluster, 'EgressNetworkPolicy', ns), ...objectsOf(cluster, 'EgressFirewall', ns)][0];
    if (!h || !obj) continue;
    if (h.verdict === 'denied' && h.code === 'egress-firewall-drops-all') out.push(finding(cluster, 'egress-policy-drops-all', obj.meta, obj.meta.ref, `${nameOf(obj.meta)}: ${h.summary}.`, { summary: h.fix?.summary ?? 'Keep one EgressNetworkPolicy per isolated project.' }));
    else if (h.verdict === 'warning' && h.code === 'egress-firewall-ignored') out.push(finding(cluster, 'egress-policy-ignored', obj.meta, obj.meta.ref, `${nameOf(obj.meta)}: ${h.summary}.`, { summary: 'Use the egress object your network plugin enforces (EgressNetworkPolicy on openshift-sdn, EgressFirewall named "default" on OVN-Kubernetes).' }));
  }
  for (const netns of objectsOf(cluster, 'NetNamespace')) {
    const ns = typeof netns.raw.netname === 'string' ? netns.raw.netname : netns.meta.name;
    const pod = cluster.pods.find((p) => p.namespace === ns);
    if (!pod || !Array.isArray(netns.raw.egressIPs) || netns.raw.egressIPs.length === 0) continue;
    const h = sourceAddressHop(cluster, pod);
    if (h.verdict === 'denied') out.push(finding(cluster, 'egress-ip-unhosted', netns.meta, childRef(netns.meta.ref, 'egressIPs'), `${nameOf(netns.meta)}: ${h.summary}.`, { summary: h.fix?.summary ?? 'Host the egress IP on a node.' }));
  }
  return out;
}

function firewallRejections(cluster: BuiltCluster): Finding[] {
  const out: Finding[] = [];
  if (cluster.profile.multitenant) {
    for (const o of objectsOf(cluster, 'EgressNetworkPolicy')) {
      const n = egressRulesOf(o).length;
      if (n > SDN_MAX_RULES) out.push(finding(cluster, 'egress-firewall-rejected', o.meta, o.meta.ref, `${nameOf(o.meta)} has ${n} rules; the API server accepts at most ${SDN_MAX_RULES} per EgressNetworkPolicy ("too many egress rules"), so it is rejected and the project's egress is not restricted.`, { summary: `Keep at most ${SDN_MAX_RULES} rules: merge addresses into wider cidrSelectors.` }));
    }
    return out;
  }
  for (const o of objectsOf(cluster, 'EgressFirewall')) {
    const rules = egressRulesOf(o);
    const bad = rules.find((r) => r.cidrSelector !== undefined && !goParseCIDR(r.cidrSelector));
    if (o.meta.name !== 'default') out.push(finding(cluster, 'egress-firewall-rejected', o.meta, o.meta.ref, `${nameOf(o.meta)}: the API server accepts only an EgressFirewall named "default" (CRD metadata.name pattern ^default$, ovn-kubernetes hack/update-codegen.sh), one per namespace; this one is rejected and restricts nothing.`, { summary: 'Name it "default" (merge its rules into the namespace\'s existing "default" EgressFirewall if there is one).', snippet: 'metadata:\n  name: default' }));
    else if (rules.length > OVN_MAX_RULES) out.push(finding(cluster, 'egress-firewall-rejected', o.meta, o.meta.ref, `${nameOf(o.meta)} has ${rules.length} rules; OVN-Kubernetes accepts at most ${OVN_MAX_RULES} ("too many rules", egressfirewall.go addEgressFirewall) and then installs none of them: egress is not restricted.`, { summary: 'Keep at most 8,000 rules (the documented limit).' }));
    else if (bad) out.push(finding(cluster, 'egress-firewall-rejected', o.meta, bad.ref, `${nameOf(o.meta)} rule ${bad.index + 1}: cidrSelector ${JSON.stringify(bad.cidrSelector)} is not a CIDR; OVN-Kubernetes then installs none of the object's rules (egressfirewall.go addEgressFirewall): egress is not restricted.`, { summary: 'Write the address as a CIDR, e.g. 203.0.113.5/32.' }));
  }
  return out;
}

function routerFindings(cluster: BuiltCluster): Finding[] {
  const out: Finding[] = [];
  const seen = new Map<string, string>();
  for (const o of objectsOf(cluster, 'EgressRouter')) {
    const ns = o.meta.namespace ?? 'default';
    const cr = readEgressRouter(o);
    if (cr.errors.length) out.push(finding(cluster, 'egress-router-invalid', o.meta, o.meta.ref, `${nameOf(o.meta)} is rejected by its CRD (openshift/api networkoperator/v1 types_egressrouter.go): ${cr.errors.join('; ')}. No egress router pod is created.`, { summary: 'Give mode Redirect, at least one address, and for each redirect rule a destinationIP, a port and a protocol.' }));
    const first = seen.get(ns);
    if (first) out.push(finding(cluster, 'egress-router-duplicate', o.meta, o.meta.ref, `${nameOf(o.meta)} is the second EgressRouter in ${ns} (after ${first}); the Cluster Network Operator runs each as Deployment ${EGRESS_ROUTER_CNI_DEPLOYMENT} in the CR's namespace, so they compete for one Deployment — podpath follows ${first}.`, { summary: 'Keep one EgressRouter per namespace (put the others in their own namespaces).' }));
    else seen.set(ns, o.meta.name);
  }
  return out;
}

export function egressObjectFindings(cluster: BuiltCluster): Finding[] {
  if (isPlainKubernetes(cluster.profile)) return [];
  return [...firewallRejections(cluster), ...routerFindings(cluster)];
}
