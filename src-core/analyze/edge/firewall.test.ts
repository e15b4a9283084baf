// Issue 18: the egress firewall rules as openshift-sdn and OVN-Kubernetes enforce them. Each test cites the
// upstream line or doc sentence it follows.
import { describe, expect, it } from 'vitest';
import { lintCluster } from '../../lint';
import { traceQuery } from '../trace';
import { egressHops } from './index';
import { clusterOf } from './testutil';

const pod = (status = 'status: {hostIP: 192.0.2.50}', spec = 'containers: [{name: c}]') => `apiVersion: v1
kind: Pod
metadata: {name: app, namespace: shop, labels: {app: app}}
spec: {${spec}}
${status}
`;
const enp = (rules: string) => `---
apiVersion: network.openshift.io/v1
kind: EgressNetworkPolicy
metadata: {name: default, namespace: shop}
spec:
  egress:
${rules}
`;
const ef = (rules: string, name = 'default') => `---
apiVersion: k8s.ovn.org/v1
kind: EgressFirewall
metadata: {name: ${name}, namespace: shop}
spec:
  egress:
${rules}
`;
const denyAll = '  - {type: Deny, to: {cidrSelector: 0.0.0.0/0}}';
const first = (yaml: string, profile: 'openshift' | 'openshift-multitenant', ip: string, port: number, protocol: 'TCP' | 'UDP' = 'TCP', name?: string) => {
  const c = clusterOf(yaml, profile);
  return egressHops(c, c.podsById.get('shop/app')!, ip, port, protocol, name)[0];
};

describe('openshift-sdn: DNS to the pod\'s own node is always allowed', () => {
  // ovscontroller.go SetupOVS table 99: "tcp, tcp_dst=53, nw_dst=<localIP>, actions=output:2" (and udp) before
  // table 100's EgressNetworkPolicy flows; docs nw-egressnetworkpolicy-about.adoc: "The egress firewall always
  // allows pods access to the external interface of the node that the pod is on for DNS resolution."
  it('status.hostIP gives the node: UDP and TCP 53 pass a deny-all, other ports and other addresses do not', () => {
    const y = pod() + enp(denyAll);
    expect(first(y, 'openshift-multitenant', '192.0.2.50', 53, 'UDP').verdict).toBe('allowed');
    expect(first(y, 'openshift-multitenant', '192.0.2.50', 53, 'TCP').title).toContain('own node');
    expect(first(y, 'openshift-multitenant', '192.0.2.50', 443).verdict).toBe('denied');
    expect(first(y, 'openshift-multitenant', '192.0.2.51', 53, 'UDP').verdict).toBe('denied');
  });
  it('without status.hostIP the Node object named by spec.nodeName gives it; with neither it is undetermined', () => {
    const node = '---\napiVersion: v1\nkind: Node\nmetadata: {name: worker-1}\nstatus: {addresses: [{type: InternalIP, address: 192.0.2.61}, {type: Hostname, address: worker-1}]}\n';
    const y = pod('', 'nodeName: worker-1, containers: [{name: c}]') + enp(denyAll);
    expect(first(y + node, 'openshift-multitenant', '192.0.2.61', 53, 'UDP').verdict).toBe('allowed');
    const open = first(y, 'openshift-multitenant', '192.0.2.61', 53, 'UDP');
    expect(open.verdict).toBe('undetermined');
    expect(open.summary).toContain('worker-1');
    const t = traceQuery(clusterOf(y, 'openshift-multitenant'), { from: 'shop/app', to: 'ip:192.0.2.61', port: 53, protocol: 'UDP' });
    expect(t.verdict).toBe('undetermined');
    // Not port 53: the exception cannot apply, the deny stands.
    expect(first(y, 'openshift-multitenant', '192.0.2.61', 443).verdict).toBe('denied');
  });
  it('also overrides an unhosted egress IP (table 99 comes before the egress IP table)', () => {
    const netns = '---\napiVersion: network.openshift.io/v1\nkind: NetNamespace\nmetadata: {name: shop}\nnetname: shop\nnetid: 100\negressIPs: [192.0.2.200]\n';
    const c = clusterOf(pod() + enp(denyAll) + netns, 'openshift-multitenant');
    const src = c.podsById.get('shop/app')!;
    expect(egressHops(c, src, '192.0.2.50', 53, 'UDP').some((h) => h.verdict === 'denied')).toBe(false);
    expect(egressHops(c, src, '198.51.100.1', 443, 'TCP').some((h) => h.verdict === 'denied')).toBe(true);
  });
  it('is openshift-sdn only: an OVN EgressFirewall deny-all denies DNS to the node address', () => {
    expect(first(pod() + ef(denyAll), 'openshift', '192.0.2.50', 53, 'UDP').verdict).toBe('denied');
  });
});

describe('destinations inside the cluster network', () => {
  // egressfirewall.go getV4ClusterSubnetsExclusion: "ip4.dst != <cluster subnet>" on every rule.
  it('are not filtered by the egress firewall', () => {
    const h = first(pod() + ef(denyAll), 'openshift', '10.128.4.9', 8080);
    expect(h.verdict).toBe('info');
    expect(h.summary).toContain('10.128.0.0/14');
  });
});

describe('hostNetwork pods', () => {
  // nw-egress-firewall-about.adoc: "Egress firewall does not apply to the host network namespace. Pods with host
  // networking enabled are unaffected by egress firewall rules."
  it('are not subject to the EgressFirewall or the EgressNetworkPolicy', () => {
    const hn = pod('status: {hostIP: 192.0.2.50}', 'hostNetwork: true, containers: [{name: c}]');
    const h = first(hn + ef(denyAll), 'openshift', '203.0.113.5', 443);
    expect(h.verdict).toBe('info');
    expect(h.summary).toContain('hostNetwork: true');
    expect(first(hn + enp(denyAll), 'openshift-multitenant', '203.0.113.5', 443).verdict).toBe('info');
    expect(first(pod() + ef(denyAll), 'openshift', '203.0.113.5', 443).verdict).toBe('denied');
  });
});

describe('OVN nodeSelector destinations', () => {
  // egressfirewall.go newEgressFirewallRule: GetNodesByLabelSelector, then util.GetNodeHostAddrs(node) — the
  // k8s.ovn.org/host-cidrs annotation without masks (node_annotations.go ParseNodeHostCIDRsDropNetMask).
  const rules = `  - {type: Allow, to: {nodeSelector: {matchLabels: {node-role.kubernetes.io/worker: ""}}}}
${denyAll}`;
  const node = (name: string, labels: string, extra: string) => `---\napiVersion: v1\nkind: Node\nmetadata: {name: ${name}, labels: {${labels}}${extra}}\nstatus: {addresses: [{type: InternalIP, address: 192.0.2.${name.slice(-1)}1}]}\n`;
  const worker = node('worker-1', 'node-role.kubernetes.io/worker: ""', `, annotations: {k8s.ovn.org/host-cidrs: '["192.0.2.11/24","198.51.100.7/24"]'}`);
  const master = node('master-2', 'node-role.kubernetes.io/master: ""', `, annotations: {k8s.ovn.org/host-cidrs: '["192.0.2.21/24"]'}`);
  it('match the host addresses of the selected Nodes', () => {
    const y = pod() + ef(rules) + worker + master;
    expect(first(y, 'openshift', '192.0.2.11', 6443).verdict).toBe('allowed');
    expect(first(y, 'openshift', '198.51.100.7', 6443).verdict).toBe('allowed');
    expect(first(y, 'openshift', '192.0.2.21', 6443).verdict).toBe('denied');
  });
  it('are undetermined without Node objects — never an allow by default', () => {
    const h = first(pod() + ef(rules), 'openshift', '192.0.2.11', 6443);
    expect(h.verdict).toBe('undetermined');
    expect(h.summary).toContain('no Node objects');
  });
  it('without the host-cidrs annotation, status addresses match but a miss stays open', () => {
    const bare = node('worker-3', 'node-role.kubernetes.io/worker: ""', '');
    expect(first(pod() + ef(rules) + bare, 'openshift', '192.0.2.31', 6443).verdict).toBe('allowed');
    expect(first(pod() + ef(rules) + bare, 'openshift', '192.0.2.99', 6443).verdict).toBe('undetermined');
  });
});

describe('dnsName rules', () => {
  // types.go EgressFirewallDestination.DNSName: "'*.example.com' will match 'sub1.example.com' but won't match
  // 'sub2.sub1.example.com'"; the firewall matches what the controller resolved the name to.
  const rules = `  - {type: Allow, to: {dnsName: "*.example.com"}}
${denyAll}`;
  it('wildcards match one label; other names depend on resolution', () => {
    expect(first(pod() + ef(rules), 'openshift', '', 443, 'TCP', 'api.example.com').verdict).toBe('allowed');
    const deeper = first(pod() + ef(rules), 'openshift', '', 443, 'TCP', 'a.b.example.com');
    expect(deeper.verdict).toBe('undetermined');
    expect(deeper.summary).toContain('resolve to the same address');
  });
  it('rule order decides anyway when every rule that may match agrees', () => {
    const agree = `  - {type: Deny, to: {dnsName: evil.example.org}}
${denyAll}`;
    expect(first(pod() + ef(agree), 'openshift', '203.0.113.9', 443).verdict).toBe('denied');
  });
});

describe('one EgressFirewall per namespace, named default; rule limits', () => {
  it('a misnamed EgressFirewall is rejected by the API server: no effect, lint error', () => {
    // ovn-kubernetes go-controller/hack/update-codegen.sh: "only egressFirewalls with the name "default" are
    // accepted by the apiserver" (the CRD gets metadata.name pattern ^default$).
    const y = pod() + ef(denyAll, 'block-all');
    const h = first(y, 'openshift', '203.0.113.5', 443);
    expect(h.verdict).toBe('warning');
    expect(h.summary).toContain('NOT restricted');
    const f = lintCluster(clusterOf(y, 'openshift')).filter((x) => x.code === 'egress-firewall-rejected');
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('named "default"');
  });
  it('more rules than OVN-Kubernetes programs (8001): none of them are installed', () => {
    // egressfirewall.go addEgressFirewall: i > EgressFirewallStartPriority(10000) - MinimumReservedEgressFirewallPriority(2000) → error, no ACL.
    const many = (n: number) => Array.from({ length: n }, (_, i) => `  - {type: Deny, to: {cidrSelector: 10.${Math.floor(i / 256) % 256}.${i % 256}.0/24}}`).join('\n') + '\n' + denyAll;
    expect(first(pod() + ef(many(8000)), 'openshift', '203.0.113.5', 443).verdict).toBe('denied');
    const over = first(pod() + ef(many(8001)), 'openshift', '203.0.113.5', 443);
    expect(over.verdict).toBe('warning');
    expect(over.summary).toContain('too many rules');
    expect(lintCluster(clusterOf(pod() + ef(many(8001)), 'openshift')).some((x) => x.code === 'egress-firewall-rejected')).toBe(true);
  });
  it('an EgressNetworkPolicy over 1,000 rules is rejected (docs: "a maximum of 1,000 rules")', () => {
    const many = Array.from({ length: 1001 }, (_, i) => `  - {type: Deny, to: {cidrSelector: 10.0.${i % 256}.${Math.floor(i / 256)}/32}}`).join('\n');
    expect(first(pod() + enp(many), 'openshift-multitenant', '10.0.0.0', 443).verdict).toBe('warning');
  });
  it('a dump whose status says the rules were not applied: a denial is undetermined', () => {
    // types/resource_status.go: EgressFirewallErrorMsg = "EgressFirewall Rules not correctly applied" (setEgressFirewallStatus on a handler error).
    const failed = ef(denyAll) + 'status:\n  status: EgressFirewall Rules not correctly applied\n  messages: ["worker-1: EgressFirewall Rules not correctly applied: cannot create EgressFirewall Rule"]\n';
    const h = first(pod() + failed, 'openshift', '203.0.113.5', 443);
    expect(h.verdict).toBe('undetermined');
    expect(h.steps.some((s) => s.text.includes('worker-1'))).toBe(true);
    const applied = ef(denyAll) + 'status:\n  status: EgressFirewall Rules applied\n  messages: ["worker-1: EgressFirewall Rules applied"]\n';
    expect(first(pod() + applied, 'openshift', '203.0.113.5', 443).verdict).toBe('denied');
  });
  it('an invalid cidrSelector fails the whole OVN object', () => {
    // egressfirewall.go addEgressFirewall: a rule newEgressFirewallRule rejects is appended to errorList and the function returns before any ACL.
    const h = first(pod() + ef(`  - {type: Allow, to: {cidrSelector: 203.0.113.300/32}}\n${denyAll}`), 'openshift', '203.0.113.5', 443);
    expect(h.verdict).toBe('warning');
    expect(h.summary).toContain('invalid cidrSelector');
  });
});

describe('OVN EgressIP as far as a static manifest decides', () => {
  const eip = (name: string, status: string) => `---
apiVersion: k8s.ovn.org/v1
kind: EgressIP
metadata: {name: ${name}}
spec:
  egressIPs: [192.0.2.98, 192.0.2.99]
  namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}
${status}`;
  it('without status the node assignment is unknown, and the hop says so', () => {
    const h = first(pod() + eip('eip-a', ''), 'openshift', '198.51.100.1', 80);
    expect(h.kind).toBe('egress-ip');
    expect(h.summary).toContain('one of 192.0.2.98, 192.0.2.99');
    expect(h.summary).toContain('status.items');
  });
  it('several EgressIPs selecting the pod: no guarantee which (docs), said in a step', () => {
    const h = first(pod() + eip('eip-a', 'status: {items: [{node: w1, egressIP: 192.0.2.98}]}\n') + eip('eip-b', ''), 'openshift', '198.51.100.1', 80);
    expect(h.steps.some((s) => s.text.includes('no guarantee'))).toBe(true);
  });
});

describe('openshift-sdn egress IPs (NetNamespace egressIPs, HostSubnet)', () => {
  // openshift/sdn pkg/network/common/egressip.go syncEgressNamespaceState and egressIPActive.
  const netns = (name: string, netid: number, ips: string) => `---\napiVersion: network.openshift.io/v1\nkind: NetNamespace\nmetadata: {name: ${name}}\nnetname: ${name}\nnetid: ${netid}\negressIPs: [${ips}]\n`;
  const hs = (node: string, field: string) => `---\napiVersion: network.openshift.io/v1\nkind: HostSubnet\nmetadata: {name: ${node}}\nhost: ${node}\nhostIP: 192.0.2.1${node.slice(-1)}\nsubnet: 10.128.${node.slice(-1)}.0/23\n${field}\n`;
  it('an IP another NetNamespace requests too: "VNID gets no egress due to multiply-assigned egress IP" — dropped', () => {
    const h = first(pod() + netns('shop', 100, '192.0.2.200') + netns('etl', 101, '192.0.2.200') + hs('node-1', 'egressIPs: [192.0.2.200]'), 'openshift-multitenant', '198.51.100.1', 80);
    expect(h.verdict).toBe('denied');
    expect(h.summary).toContain('etl');
  });
  it('an IP two HostSubnets claim is not used ("Multiple nodes claiming"); with no other IP the traffic is dropped', () => {
    const h = first(pod() + netns('shop', 100, '192.0.2.200') + hs('node-1', 'egressIPs: [192.0.2.200]') + hs('node-2', 'egressIPs: [192.0.2.200]'), 'openshift-multitenant', '198.51.100.1', 80);
    expect(h.verdict).toBe('denied');
    expect(h.steps.some((s) => s.text.includes('Multiple nodes'))).toBe(true);
  });
  it('several active IPs: the outside sees one of them', () => {
    const h = first(pod() + netns('shop', 100, '192.0.2.200, 192.0.2.201') + hs('node-1', 'egressIPs: [192.0.2.200]') + hs('node-2', 'egressCIDRs: [192.0.2.128/25]'), 'openshift-multitenant', '198.51.100.1', 80);
    expect(h.verdict).toBe('allowed');
    expect(h.summary).toContain('one of 192.0.2.200');
    expect(h.summary).toContain('192.0.2.201');
  });
});
