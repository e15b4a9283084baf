import { describe, expect, it } from 'vitest';
import { traceQuery } from '../trace';
import { egressHops } from './index';
import { httpProxyDecision, parseRedirectDestination, proxyConfigErrors } from './egressobjects';
import { clusterOf, trace } from './testutil';

const pod = `apiVersion: v1
kind: Pod
metadata: {name: app, namespace: shop, labels: {app: app}}
spec: {containers: [{name: c}]}
status: {hostIP: 192.0.2.50}
`;
const enp = (name: string, rules: string, ns = 'shop') => `---
apiVersion: network.openshift.io/v1
kind: EgressNetworkPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec:
  egress:
${rules}
`;
const rules = `  - {type: Allow, to: {cidrSelector: 198.51.100.0/24}}
  - {type: Allow, to: {dnsName: api.example.com}}
  - {type: Deny, to: {cidrSelector: 0.0.0.0/0}}`;

describe('EgressNetworkPolicy (openshift-sdn)', () => {
  // ovscontroller.go UpdateEgressNetworkPolicyRules: flow priority len(Egress)-i, so the first matching rule wins.
  const cidrOnly = `  - {type: Allow, to: {cidrSelector: 198.51.100.0/24}}
  - {type: Deny, to: {cidrSelector: 0.0.0.0/0}}`;
  it('first matching rule wins; no match allows', () => {
    const c = clusterOf(pod + enp('fw', cidrOnly), 'openshift-multitenant');
    const src = c.podsById.get('shop/app')!;
    expect(egressHops(c, src, '198.51.100.9', 443, 'TCP')[0].verdict).toBe('allowed');
    const denied = egressHops(c, src, '203.0.113.5', 443, 'TCP');
    expect(denied[0].verdict).toBe('denied');
    expect(denied[0].summary).toContain('rule 2');
    expect(denied).toHaveLength(1);
  });
  // ovscontroller.go: a dnsName rule becomes flows for egressDNS.GetIPs(rule.To.DNSName) — the addresses the
  // node resolved. Before, podpath read "dnsName api.example.com" as not matching 203.0.113.5 and answered
  // denied; whether it matches is what the name resolves to, so the hop is undetermined where it decides.
  it('a dnsName rule before the deciding rule: undetermined for an address, decided for the name itself', () => {
    const c = clusterOf(pod + enp('fw', rules), 'openshift-multitenant');
    const src = c.podsById.get('shop/app')!;
    const h = egressHops(c, src, '203.0.113.5', 443, 'TCP');
    expect(h[0].verdict).toBe('undetermined');
    expect(h[0].summary).toContain('whether api.example.com resolves to 203.0.113.5');
    expect(egressHops(c, src, '', 443, 'TCP', 'api.example.com')[0].verdict).toBe('allowed');
    // Rule order decides anyway: rule 1 allows 198.51.100.9 before the dnsName rule is reached.
    expect(egressHops(c, src, '198.51.100.9', 443, 'TCP')[0].verdict).toBe('allowed');
    // An Allow dnsName rule that may match, and nothing after it denies: allowed either way.
    const allowOnly = clusterOf(pod + enp('fw', '  - {type: Allow, to: {dnsName: api.example.com}}'), 'openshift-multitenant');
    expect(egressHops(allowOnly, allowOnly.podsById.get('shop/app')!, '203.0.113.5', 443, 'TCP')[0].verdict).toBe('allowed');
    const t = traceQuery(c, { from: 'shop/app', to: 'ip:203.0.113.5', port: 443 });
    expect(t.verdict).toBe('undetermined');
    expect(t.allowed).toBe(false);
  });
  it('through the dispatcher: ip: destinations get the firewall and the source address', () => {
    const c = clusterOf(pod + enp('fw', cidrOnly), 'openshift-multitenant');
    const t = traceQuery(c, { from: 'shop/app', to: 'ip:203.0.113.5', port: 443 });
    expect(t.allowed).toBe(false);
    expect(t.hops.some((h) => h.kind === 'egress-firewall' && h.verdict === 'denied')).toBe(true);
    const ok = traceQuery(c, { from: 'shop/app', to: 'ip:198.51.100.9', port: 443 });
    expect(ok.allowed).toBe(true);
    expect(ok.hops.find((h) => h.kind === 'egress-ip')!.summary).toContain('192.0.2.50');
  });
  it('two policies in one project drop all egress', () => {
    const c = clusterOf(pod + enp('a', rules) + enp('b', rules), 'openshift-multitenant');
    const h = egressHops(c, c.podsById.get('shop/app')!, '198.51.100.9', 443, 'TCP');
    expect(h[0].verdict).toBe('denied');
    expect(h[0].summary).toContain('drops ALL egress');
  });
  const netns = (name: string, netid: number) => `---
apiVersion: network.openshift.io/v1
kind: NetNamespace
metadata: {name: ${name}}
netname: ${name}
netid: ${netid}
`;
  const other = `---
apiVersion: v1
kind: Pod
metadata: {name: loader, namespace: etl}
spec: {containers: [{name: c}]}
`;
  it('global project (netid 0): upstream ignores the policy (no flows) — egress is NOT dropped, the hop cites the code', () => {
    const c = clusterOf(pod + enp('fw', rules) + netns('shop', 0), 'openshift-multitenant');
    const h = egressHops(c, c.podsById.get('shop/app')!, '203.0.113.5', 443, 'TCP');
    expect(h[0].verdict).toBe('warning');
    expect(h[0].title).toContain('IGNORED');
    expect(h[0].steps[0].text).toContain('ovscontroller.go');
    expect(h.some((x) => x.verdict === 'denied')).toBe(false);
  });
  it('joined projects: ALL egress of every project of the netid is dropped, also of a project without its own policy', () => {
    const c = clusterOf(pod + other + enp('fw', rules) + netns('shop', 880) + netns('etl', 880), 'openshift-multitenant');
    const mine = egressHops(c, c.podsById.get('shop/app')!, '198.51.100.9', 443, 'TCP');
    expect(mine[0].verdict).toBe('denied');
    const theirs = egressHops(c, c.podsById.get('etl/loader')!, '198.51.100.9', 443, 'TCP');
    expect(theirs[0].verdict).toBe('denied');
    expect(theirs[0].summary).toContain('shop/fw');
    // Isolated again (own netids): only shop has the policy, etl is unrestricted.
    const apart = clusterOf(pod + other + enp('fw', rules) + netns('shop', 880) + netns('etl', 881), 'openshift-multitenant');
    expect(egressHops(apart, apart.podsById.get('etl/loader')!, '203.0.113.5', 443, 'TCP').some((x) => x.verdict === 'denied')).toBe(false);
  });
  it('a policy without rules is dropped by the SDN: it neither restricts nor counts as a second policy', () => {
    const empty = '---\napiVersion: network.openshift.io/v1\nkind: EgressNetworkPolicy\nmetadata: {name: empty, namespace: shop}\nspec: {egress: []}\n';
    const c = clusterOf(pod + enp('fw', rules) + empty, 'openshift-multitenant');
    expect(egressHops(c, c.podsById.get('shop/app')!, '198.51.100.9', 443, 'TCP')[0].verdict).toBe('allowed');
    const only = clusterOf(pod + empty, 'openshift-multitenant');
    expect(egressHops(only, only.podsById.get('shop/app')!, '203.0.113.5', 443, 'TCP')[0].verdict).toBe('info');
  });
  it('is not enforced under OVN-Kubernetes, where EgressFirewall "default" is', () => {
    const c = clusterOf(pod + enp('fw', rules), 'openshift');
    expect(egressHops(c, c.podsById.get('shop/app')!, '203.0.113.5', 443, 'TCP')[0].verdict).toBe('warning');
  });
});

describe('EgressFirewall (OVN-Kubernetes)', () => {
  const ef = (name: string) => `---
apiVersion: k8s.ovn.org/v1
kind: EgressFirewall
metadata: {name: ${name}, namespace: shop}
spec:
  egress:
  - type: Allow
    to: {cidrSelector: 203.0.113.0/24}
    ports: [{protocol: TCP, port: 443}]
  - {type: Deny, to: {cidrSelector: 0.0.0.0/0}}
`;
  it('rules with ports; first match wins', () => {
    const c = clusterOf(pod + ef('default'), 'openshift');
    const src = c.podsById.get('shop/app')!;
    expect(egressHops(c, src, '203.0.113.5', 443, 'TCP')[0].verdict).toBe('allowed');
    expect(egressHops(c, src, '203.0.113.5', 80, 'TCP')[0].verdict).toBe('denied');
  });
  it('only the one named default counts', () => {
    const c = clusterOf(pod + ef('mine'), 'openshift');
    const h = egressHops(c, c.podsById.get('shop/app')!, '198.51.100.1', 80, 'TCP');
    expect(h[0].verdict).toBe('warning');
    expect(h[0].summary).toContain('"default"');
  });
});

describe('source address outside', () => {
  const netns = (ips: string) => `---
apiVersion: network.openshift.io/v1
kind: NetNamespace
metadata: {name: shop}
netname: shop
netid: 1234
egressIPs: [${ips}]
`;
  it('NetNamespace egress IP hosted by a HostSubnet, or dropped', () => {
    const host = `---
apiVersion: network.openshift.io/v1
kind: HostSubnet
metadata: {name: node-1}
host: node-1
hostIP: 192.0.2.11
egressCIDRs: [192.0.2.128/25]
`;
    const c = clusterOf(pod + netns('192.0.2.200') + host, 'openshift-multitenant');
    const h = egressHops(c, c.podsById.get('shop/app')!, '198.51.100.1', 80, 'TCP');
    expect(h[0].summary).toContain('192.0.2.200');
    expect(h[0].summary).toContain('node-1');
    const dropped = clusterOf(pod + netns('192.0.2.200'), 'openshift-multitenant');
    const d = egressHops(dropped, dropped.podsById.get('shop/app')!, '198.51.100.1', 80, 'TCP');
    expect(d[0].verdict).toBe('denied');
  });
  it('OVN EgressIP selecting the namespace and pod', () => {
    const eip = `---
apiVersion: k8s.ovn.org/v1
kind: EgressIP
metadata: {name: eip}
spec:
  egressIPs: [192.0.2.99]
  namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}
  podSelector: {matchLabels: {app: app}}
status:
  items: [{node: worker-2, egressIP: 192.0.2.99}]
`;
    const c = clusterOf(pod + eip, 'openshift');
    const h = egressHops(c, c.podsById.get('shop/app')!, '198.51.100.1', 80, 'TCP');
    expect(h[0].summary).toContain('192.0.2.99');
    expect(h[0].summary).toContain('worker-2');
  });
});

describe('egress router', () => {
  it('parses EGRESS_DESTINATION and the HTTP proxy list', () => {
    const r = parseRedirectDestination('80 tcp 203.0.113.25\n8080 tcp 203.0.113.26 80\n# comment\n203.0.113.27\nbogus line here x');
    expect(r.rules.map((x) => `${x.port ?? '*'}>${x.ip}:${x.remotePort ?? ''}`)).toEqual(['80>203.0.113.25:', '8080>203.0.113.26:80', '*>203.0.113.27:']);
    expect(r.errors).toHaveLength(1);
    const list = '!*.evil.com\n*.example.com\n';
    expect(httpProxyDecision(list, 'a.evil.com').allowed).toBe(false);
    expect(httpProxyDecision(list, 'www.example.com').allowed).toBe(true);
    expect(httpProxyDecision(list, 'other.org').allowed).toBe(false);
    expect(httpProxyDecision(list + '*\n', 'other.org').allowed).toBe(true);
  });
  it('a Service in front of a redirect-mode egress router shows where the port goes (config from a ConfigMap)', () => {
    const y = pod + `---
apiVersion: v1
kind: ConfigMap
metadata: {name: egress-routes, namespace: shop}
data:
  destination: |
    5432 tcp 203.0.113.40
---
apiVersion: v1
kind: Pod
metadata: {name: egress-1, namespace: shop, labels: {name: egress-1}}
spec:
  containers:
  - name: egress-router
    env:
    - {name: EGRESS_SOURCE, value: 192.0.2.77}
    - name: EGRESS_DESTINATION
      valueFrom: {configMapKeyRef: {name: egress-routes, key: destination}}
---
apiVersion: v1
kind: Service
metadata: {name: egress-1, namespace: shop}
spec: {selector: {name: egress-1}, ports: [{port: 5432}]}
`;
    const t = trace(clusterOf(y, 'openshift'), { from: 'shop/app', to: 'svc:shop/egress-1', port: 5432 });
    const h = t.hops.find((x) => x.kind === 'egress-router')!;
    expect(h.summary).toContain('203.0.113.40:5432');
    expect(h.summary).toContain('192.0.2.77');
  });
});

describe('egress router reached pod to pod (not via svc:)', () => {
  const router = (dest: string, mode = '') => pod + `---
apiVersion: v1
kind: Pod
metadata: {name: egress-1, namespace: shop, labels: {name: egress-1}}
spec:
  initContainers:
  - name: egress-router
    env:
    - {name: EGRESS_SOURCE, value: 192.0.2.77}
${mode}    - name: EGRESS_DESTINATION
      value: |
${dest.split('\n').map((l) => '        ' + l).join('\n')}
  containers:
  - name: wait
    ports: [{containerPort: 5432}, {containerPort: 53, protocol: UDP}]
`;
  const q = (port: number, protocol: 'TCP' | 'UDP' = 'TCP') => ({ from: 'shop/app', to: 'shop/egress-1', port, protocol });
  it('shows where the router sends the port, like the svc: path', () => {
    const t = traceQuery(clusterOf(router('5432 tcp 203.0.113.40'), 'openshift'), q(5432));
    expect(t.allowed).toBe(true);
    const h = t.hops.find((x) => x.kind === 'egress-router')!;
    expect(h.summary).toContain('203.0.113.40:5432');
    expect(h.summary).toContain('192.0.2.77');
  });
  it('a port with no line and no fallback is refused: the trace is denied there', () => {
    const t = traceQuery(clusterOf(router('5432 tcp 203.0.113.40'), 'openshift'), q(8080));
    expect(t.allowed).toBe(false);
    expect(t.reached).toBeNull();
    expect(t.hops.find((x) => x.verdict === 'denied')!.kind).toBe('egress-router');
    expect(traceQuery(clusterOf(router('5432 tcp 203.0.113.40\n203.0.113.99'), 'openshift'), q(8080)).hops.find((x) => x.kind === 'egress-router')!.summary).toContain('203.0.113.99:8080');
  });
  it('redirect lines are per protocol', () => {
    const c = clusterOf(router('53 tcp 203.0.113.53'), 'openshift');
    expect(traceQuery(c, q(53, 'TCP')).allowed).toBe(true);
    expect(traceQuery(c, q(53, 'UDP')).allowed).toBe(false);
  });
  it('HTTP proxy mode listens on TCP 8080 only', () => {
    const y = router('x', '    - {name: EGRESS_ROUTER_MODE, value: http-proxy}\n').replace('EGRESS_DESTINATION', 'EGRESS_HTTP_PROXY_DESTINATION');
    const c = clusterOf(y.replace('containerPort: 5432}', 'containerPort: 8080}'), 'openshift');
    expect(traceQuery(c, q(8080)).hops.find((x) => x.kind === 'egress-router')!.verdict).not.toBe('denied');
    expect(traceQuery(c, q(5432)).allowed).toBe(false);
  });
  it('a proxy configuration its start-up script rejects means no proxy at all (egress-*-proxy.sh die)', () => {
    expect(proxyConfigErrors('http-proxy', '*.example.com\n*\nfoo.org')).toEqual(['"*" must be the last rule (found "foo.org" after it)']);
    expect(proxyConfigErrors('http-proxy', 'http://x.org/')).toHaveLength(1);
    expect(proxyConfigErrors('http-proxy', '# c\n!10.0.0.0/8\n*.example.com\nwww.example.org\n*')).toEqual([]);
    expect(proxyConfigErrors('dns-proxy', '80 203.0.113.25\n8443 web.example.com 443')).toEqual([]);
    expect(proxyConfigErrors('dns-proxy', '80 203.0.113.25\n80 example.com')).toEqual(['proxy port 80 is used twice']);
    expect(proxyConfigErrors('dns-proxy', '80 203.0.113.25 # inline comment')).toHaveLength(1);
    expect(proxyConfigErrors('dns-proxy', '  ')).toHaveLength(1);
    const y = router('80 203.0.113.25\n80 example.com', '    - {name: EGRESS_ROUTER_MODE, value: dns-proxy}\n').replace('EGRESS_DESTINATION', 'EGRESS_DNS_PROXY_DESTINATION');
    const t = traceQuery(clusterOf(y.replace('containerPort: 5432}', 'containerPort: 80}'), 'openshift'), q(80));
    expect(t.allowed).toBe(false);
    expect(t.hops.find((x) => x.kind === 'egress-router')!.summary).toContain('never runs');
  });
  it('HTTP proxy IP/CIDR lines match destination addresses', () => {
    expect(httpProxyDecision('!10.0.0.0/8\n*', '10.1.2.3').allowed).toBe(false);
    expect(httpProxyDecision('!10.0.0.0/8\n*', '192.0.2.1').allowed).toBe(true);
    expect(httpProxyDecision('203.0.113.7', '203.0.113.7').allowed).toBe(true);
  });
  it('ordinary pods get no router hop', () => {
    const t = traceQuery(clusterOf(router('5432 tcp 203.0.113.40'), 'openshift'), { from: 'shop/egress-1', to: 'shop/app', port: 80 });
    expect(t.hops.some((x) => x.kind === 'egress-router')).toBe(false);
  });
});

describe('multicast', () => {
  it('needs the project annotation (SDN on the NetNamespace, OVN on the Namespace)', () => {
    const off = clusterOf(pod, 'openshift');
    expect(egressHops(off, off.podsById.get('shop/app')!, '239.1.2.3', 5000, 'UDP')[0].verdict).toBe('denied');
    const ovn = clusterOf(pod + '---\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop, annotations: {k8s.ovn.org/multicast-enabled: "true"}}\n', 'openshift');
    expect(egressHops(ovn, ovn.podsById.get('shop/app')!, '239.1.2.3', 5000, 'UDP')[0].verdict).toBe('allowed');
    const sdn = clusterOf(pod + '---\napiVersion: network.openshift.io/v1\nkind: NetNamespace\nmetadata: {name: shop, annotations: {netnamespace.network.openshift.io/multicast-enabled: "true"}}\nnetname: shop\nnetid: 77\n', 'openshift-multitenant');
    expect(egressHops(sdn, sdn.podsById.get('shop/app')!, '239.1.2.3', 5000, 'UDP')[0].verdict).toBe('allowed');
  });
});
