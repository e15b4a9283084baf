// Cilium policies under the cilium profile, one describe per rule form. Cases follow upstream docs and
// examples: cilium/cilium Documentation/security/policy/language.rst (L3 endpoints, entities, CIDR,
// services, default deny, requires), deny.rst (deny wins), kubernetes.rst (namespaces), intro.rst
// (enableDefaultDeny), pkg/k8s/apis/cilium.io/utils/utils.go (implied namespace), and examples/policies/l3.
import { describe, expect, it } from 'vitest';
import { clusterOf, ns, pod, verdict } from '../testkit';

const cnp = (name: string, namespace: string, spec: string) => `---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n${spec}`;
const ccnp = (name: string, spec: string) => `---\napiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata:\n  name: ${name}\n${spec}`;
const knp = (yaml: string) => `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n${yaml}`;

const base =
  ns('default') + ns('other', { team: 'x' }) +
  pod('default', 'backend', { role: 'backend' }, [{ containerPort: 80 }, { containerPort: 8080, name: 'http-alt' }]) +
  pod('default', 'frontend', { role: 'frontend' }) +
  pod('default', 'misc', { role: 'misc' }) +
  pod('other', 'frontend', { role: 'frontend' });

const c = (yaml: string) => clusterOf(base + yaml, 'cilium');
const v = (yaml: string, from: string, to: string, port: number | string = 80, proto: 'TCP' | 'UDP' | 'SCTP' = 'TCP') => verdict(c(yaml), from, to, port, proto);

// examples/policies/l3/simple/l3.yaml
const L3 = cnp('l3-rule', 'default', `spec:\n  endpointSelector:\n    matchLabels:\n      role: backend\n  ingress:\n  - fromEndpoints:\n    - matchLabels:\n        role: frontend\n`);

describe('fromEndpoints (language.rst "Simple Ingress Allow")', () => {
  it('allows frontend → backend, isolates backend for everyone else, and cites the rule line', () => {
    const ok = v(L3, 'default/frontend', 'default/backend');
    expect(ok.verdict).toBe('allowed');
    expect(ok.ingress.decidedBy).toBe('cilium-policy');
    expect(ok.ingress.rule?.object).toBe('CiliumNetworkPolicy/default/l3-rule');
    expect(ok.ingress.rule?.path).toBe('spec.ingress.0');
    expect(ok.ingress.rule?.source.startLine).toBeGreaterThan(0);
    const no = v(L3, 'default/misc', 'default/backend');
    expect(no.verdict).toBe('denied');
    expect(no.ingress.fix?.snippet).toContain('kind: CiliumNetworkPolicy');
    expect(no.ingress.fix?.snippet).toContain('fromEndpoints');
  });
  it('is limited to the policy namespace unless the selector names one (utils.go getEndpointSelector)', () => {
    expect(v(L3, 'other/frontend', 'default/backend').verdict).toBe('denied');
    const withNs = cnp('x', 'default', `spec:\n  endpointSelector:\n    matchLabels:\n      role: backend\n  ingress:\n  - fromEndpoints:\n    - matchLabels:\n        k8s:io.kubernetes.pod.namespace: other\n        role: frontend\n`);
    expect(v(withNs, 'other/frontend', 'default/backend').verdict).toBe('allowed');
    expect(v(withNs, 'default/frontend', 'default/backend').verdict).toBe('denied');
  });
  it('namespace labels select through io.cilium.k8s.namespace.labels.*, which lifts the implied namespace', () => {
    const y = cnp('x', 'default', `spec:\n  endpointSelector:\n    matchLabels:\n      role: backend\n  ingress:\n  - fromEndpoints:\n    - matchLabels:\n        k8s:io.cilium.k8s.namespace.labels.team: x\n`);
    expect(v(y, 'other/frontend', 'default/backend').verdict).toBe('allowed');
    expect(v(y, 'default/frontend', 'default/backend').verdict).toBe('denied');
  });
  it('`{}` in a CNP is every pod of its namespace; in a CCNP every pod of the cluster (namespace label Exists)', () => {
    const y = cnp('x', 'default', `spec:\n  endpointSelector: {}\n  ingress:\n  - fromEndpoints:\n    - {}\n`);
    expect(v(y, 'default/misc', 'default/backend').verdict).toBe('allowed');
    expect(v(y, 'other/frontend', 'default/backend').verdict).toBe('denied');
    expect(v(y, '203.0.113.9', 'default/backend').verdict).toBe('denied');
    const z = ccnp('x', `spec:\n  endpointSelector: {}\n  ingress:\n  - fromEndpoints:\n    - {}\n`);
    expect(v(z, 'other/frontend', 'default/backend').verdict).toBe('allowed');
    expect(v(z, '203.0.113.9', 'default/backend').verdict).toBe('denied');
  });
  it("a CNP's endpointSelector applies in its own namespace only, whatever namespace it names (ParseToCiliumRule)", () => {
    const y = cnp('x', 'default', `spec:\n  endpointSelector:\n    matchLabels:\n      k8s:io.kubernetes.pod.namespace: other\n  ingress:\n  - {}\n`);
    expect(v(y, 'default/misc', 'other/frontend').verdict).toBe('allowed');
  });
  it('egress with toEndpoints (language.rst "Simple Egress Allow")', () => {
    const y = cnp('x', 'default', `spec:\n  endpointSelector:\n    matchLabels:\n      role: frontend\n  egress:\n  - toEndpoints:\n    - matchLabels:\n        role: backend\n`);
    expect(v(y, 'default/frontend', 'default/backend').verdict).toBe('allowed');
    const d = v(y, 'default/frontend', 'default/misc');
    expect(d.verdict).toBe('denied');
    expect(d.egress.allowed).toBe(false);
  });
});

describe('default deny (language.rst "Ingress/Egress Default Deny", intro.rst enableDefaultDeny)', () => {
  it('`ingress: [{}]` isolates and allows nothing', () => {
    const y = cnp('deny', 'default', `spec:\n  endpointSelector:\n    matchLabels:\n      role: backend\n  ingress:\n  - {}\n`);
    expect(v(y, 'default/frontend', 'default/backend').verdict).toBe('denied');
    expect(v(y, 'default/backend', 'default/frontend').verdict).toBe('allowed');
  });
  it('enableDefaultDeny.ingress false: the rule allows but does not isolate', () => {
    const y = cnp('x', 'default', `spec:\n  endpointSelector:\n    matchLabels:\n      role: backend\n  enableDefaultDeny:\n    ingress: false\n  ingress:\n  - fromEndpoints:\n    - matchLabels:\n        role: frontend\n`);
    expect(v(y, 'default/misc', 'default/backend').verdict).toBe('allowed');
    expect(v(y, 'default/misc', 'default/backend').ingress.decidedBy).toBe('not-isolated');
  });
  it('a deny-only policy isolates its direction too ("true for each traffic direction that has rules")', () => {
    const y = cnp('x', 'default', `spec:\n  endpointSelector:\n    matchLabels:\n      role: backend\n  ingressDeny:\n  - fromEndpoints:\n    - matchLabels:\n        role: misc\n`);
    expect(v(y, 'default/frontend', 'default/backend').verdict).toBe('denied');
  });
});

describe('deny rules win (deny.rst)', () => {
  const allowAll = cnp('allow', 'default', `spec:\n  endpointSelector:\n    matchLabels:\n      role: backend\n  ingress:\n  - fromEntities:\n    - all\n`);
  const deny80 = cnp('deny', 'default', `spec:\n  endpointSelector:\n    matchLabels:\n      role: backend\n  ingressDeny:\n  - fromEndpoints:\n    - matchLabels:\n        role: frontend\n    toPorts:\n    - ports:\n      - port: "80"\n        protocol: TCP\n`);
  it('curl server:80 denied, :8080 allowed (the table of deny.rst, second column)', () => {
    const d = v(allowAll + deny80, 'default/frontend', 'default/backend', 80);
    expect(d.verdict).toBe('denied');
    expect(d.ingress.rule?.path).toBe('spec.ingressDeny.0');
    expect(d.ingress.fix?.summary).toContain('deny rules win');
    expect(v(allowAll + deny80, 'default/frontend', 'default/backend', 8080).verdict).toBe('allowed');
  });
  it('over a Kubernetes NetworkPolicy allow as well', () => {
    const np = knp(`metadata:\n  name: allow-all\n  namespace: default\nspec:\n  podSelector: {}\n  ingress:\n  - {}\n`);
    expect(v(np + deny80, 'default/frontend', 'default/backend', 80).verdict).toBe('denied');
    expect(v(np + deny80, 'default/misc', 'default/backend', 80).verdict).toBe('allowed');
  });
});

describe('NetworkPolicy alongside (Cilium enforces the union)', () => {
  const np = knp(`metadata:\n  name: np-misc\n  namespace: default\nspec:\n  podSelector:\n    matchLabels:\n      role: backend\n  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          role: misc\n`);
  it('either may allow; the pod is isolated by either', () => {
    expect(v(L3 + np, 'default/frontend', 'default/backend').verdict).toBe('allowed');
    const m = v(L3 + np, 'default/misc', 'default/backend');
    expect(m.verdict).toBe('allowed');
    expect(m.ingress.decidedBy).toBe('network-policy');
    expect(v(L3 + np, 'other/frontend', 'default/backend').verdict).toBe('denied');
  });
  it('an ipBlock does not select pods under Cilium (CIDR rules never select cluster endpoints)', () => {
    const blk = knp(`metadata:\n  name: blk\n  namespace: default\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock:\n        cidr: 0.0.0.0/0\n`);
    expect(verdict(clusterOf(base + blk, 'cilium'), 'default/frontend', 'default/backend').verdict).toBe('denied');
    expect(verdict(clusterOf(base + blk, 'kubernetes'), 'default/frontend', 'default/backend').verdict).toBe('allowed');
    expect(verdict(clusterOf(base + blk, 'cilium'), '203.0.113.9', 'default/backend').verdict).toBe('allowed');
  });
});

describe('entities (language.rst "Entities based")', () => {
  const ent = (e: string) => cnp('x', 'default', `spec:\n  endpointSelector:\n    matchLabels:\n      role: backend\n  ingress:\n  - fromEntities:\n    - ${e}\n`);
  it('world is outside the cluster; cluster is every endpoint inside it; all is both', () => {
    expect(v(ent('world'), '203.0.113.9', 'default/backend').verdict).toBe('allowed');
    expect(v(ent('world'), 'other/frontend', 'default/backend').verdict).toBe('denied');
    expect(v(ent('cluster'), 'other/frontend', 'default/backend').verdict).toBe('allowed');
    expect(v(ent('cluster'), '203.0.113.9', 'default/backend').verdict).toBe('denied');
    expect(v(ent('all'), '203.0.113.9', 'default/backend').verdict).toBe('allowed');
    expect(v(ent('world-ipv6'), '203.0.113.9', 'default/backend').verdict).toBe('denied');
    expect(v(ent('world-ipv4'), '203.0.113.9', 'default/backend').verdict).toBe('allowed');
  });
  it('kube-apiserver without the default/kubernetes endpoints is undetermined for an outside address', () => {
    const eg = cnp('x', 'default', `spec:\n  endpointSelector:\n    matchLabels:\n      role: backend\n  egress:\n  - toEntities:\n    - kube-apiserver\n`);
    expect(v(eg, 'default/backend', '192.0.2.1', 443).verdict).toBe('undetermined');
    const eps = `---\napiVersion: v1\nkind: Endpoints\nmetadata:\n  name: kubernetes\n  namespace: default\nsubsets:\n- addresses:\n  - ip: 192.0.2.1\n  ports:\n  - port: 6443\n`;
    expect(v(eg + eps, 'default/backend', '192.0.2.1', 443).verdict).toBe('allowed');
    expect(v(eg + eps, 'default/backend', '192.0.2.2', 443).verdict).toBe('denied');
  });
});

describe('CIDR (language.rst "IP/CIDR based")', () => {
  const y = cnp('x', 'default', `spec:\n  endpointSelector:\n    matchLabels:\n      role: backend\n  egress:\n  - toCIDR:\n    - 20.1.1.1/32\n  - toCIDRSet:\n    - cidr: 10.0.0.0/8\n      except:\n      - 10.96.0.0/12\n`);
  it('toCIDR and toCIDRSet with except', () => {
    expect(v(y, 'default/backend', '20.1.1.1').verdict).toBe('allowed');
    expect(v(y, 'default/backend', '10.1.2.3').verdict).toBe('allowed');
    expect(v(y, 'default/backend', '10.96.0.10').verdict).toBe('denied');
  });
  it('never selects a pod, even one whose IP is in the block', () => {
    const p = pod('default', 'ipd', { role: 'ipd' }, [], `status:\n  podIP: 10.1.1.1\n  podIPs:\n  - ip: 10.1.1.1\n`);
    expect(verdict(clusterOf(base + p + y, 'cilium'), 'default/backend', 'default/ipd').verdict).toBe('denied');
  });
});

describe('toPorts (language.rst "Layer 4 Examples")', () => {
  const l4 = (ports: string) => cnp('x', 'default', `spec:\n  endpointSelector:\n    matchLabels:\n      role: backend\n  ingress:\n  - toPorts:\n    - ports:\n${ports}`);
  it('a port with no L3 selector admits every peer on it, also from outside', () => {
    const y = l4(`      - port: "80"\n        protocol: TCP\n`);
    expect(v(y, '203.0.113.9', 'default/backend', 80).verdict).toBe('allowed');
    expect(v(y, 'other/frontend', 'default/backend', 80).verdict).toBe('allowed');
    expect(v(y, 'other/frontend', 'default/backend', 8080).verdict).toBe('denied');
  });
  it('ranges with endPort, named ports and protocol ANY (a missing protocol is ANY)', () => {
    const r = l4(`      - port: "8000"\n        endPort: 8100\n`);
    expect(v(r, 'default/frontend', 'default/backend', 8080).verdict).toBe('allowed');
    expect(v(r, 'default/frontend', 'default/backend', 8080, 'UDP').verdict).toBe('allowed');
    expect(v(r, 'default/frontend', 'default/backend', 80).verdict).toBe('denied');
    const n = l4(`      - port: http-alt\n        protocol: TCP\n`);
    expect(v(n, 'default/frontend', 'default/backend', 8080).verdict).toBe('allowed');
    expect(v(n, 'default/frontend', 'default/backend', 80).verdict).toBe('denied');
    const u = l4(`      - port: "80"\n        protocol: UDP\n`);
    expect(v(u, 'default/frontend', 'default/backend', 80).verdict).toBe('denied');
  });
  it('L7 rules (http) make the verdict undetermined, naming them', () => {
    const y = cnp('x', 'default', `spec:\n  endpointSelector:\n    matchLabels:\n      role: backend\n  ingress:\n  - fromEndpoints:\n    - matchLabels:\n        role: frontend\n    toPorts:\n    - ports:\n      - port: "80"\n        protocol: TCP\n      rules:\n        http:\n        - method: GET\n          path: "/public"\n`);
    const r = v(y, 'default/frontend', 'default/backend', 80);
    expect(r.verdict).toBe('undetermined');
    expect(r.hops.find((h) => h.kind === 'ingress-policy')?.summary).toContain('L7');
    expect(v(y, 'default/misc', 'default/backend', 80).verdict).toBe('denied');
  });
});

describe('toServices (language.rst "Services based")', () => {
  const svc = `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ext\n  namespace: default\nspec:\n  ports:\n  - port: 443\n---\napiVersion: v1\nkind: Endpoints\nmetadata:\n  name: ext\n  namespace: default\nsubsets:\n- addresses:\n  - ip: 198.51.100.7\n  ports:\n  - port: 443\n`;
  const withSel = `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: be\n  namespace: default\nspec:\n  selector:\n    role: backend\n  ports:\n  - port: 80\n`;
  const y = (name: string) => cnp('x', 'default', `spec:\n  endpointSelector:\n    matchLabels:\n      role: frontend\n  egress:\n  - toServices:\n    - k8sService:\n        serviceName: ${name}\n        namespace: default\n`);
  it("a selectorless Service's endpoint addresses", () => {
    expect(v(svc + y('ext'), 'default/frontend', '198.51.100.7', 443).verdict).toBe('allowed');
    expect(v(svc + y('ext'), 'default/frontend', '198.51.100.8', 443).verdict).toBe('denied');
  });
  it('a Service with a selector is not matched ("only take effect on Kubernetes services without a selector")', () => {
    const r = v(withSel + y('be'), 'default/frontend', 'default/backend', 80);
    expect(r.verdict).toBe('denied');
    expect(r.egress.steps.some((s) => s.text.includes('without a selector'))).toBe(true);
  });
});

describe('toFQDNs and fromRequires', () => {
  it('toFQDNs leaves an outside destination undetermined, and never selects a pod', () => {
    const y = cnp('x', 'default', `spec:\n  endpointSelector:\n    matchLabels:\n      role: frontend\n  egress:\n  - toFQDNs:\n    - matchName: api.example.com\n`);
    expect(v(y, 'default/frontend', '203.0.113.9', 443).verdict).toBe('undetermined');
    expect(v(y, 'default/frontend', 'default/backend', 80).verdict).toBe('denied');
  });
  it('fromRequires narrows every allow (examples/policies/l3/requires)', () => {
    const prod = ns('prod') + pod('prod', 'db', { env: 'prod' }) + pod('prod', 'fe', { env: 'prod', role: 'frontend' }) + pod('prod', 'dev', { env: 'dev', role: 'frontend' });
    const req = cnp('requires-rule', 'prod', `spec:\n  endpointSelector:\n    matchLabels:\n      env: prod\n  ingress:\n  - fromRequires:\n    - matchLabels:\n        env: prod\n`);
    const ep = cnp('l3-rule', 'prod', `spec:\n  endpointSelector:\n    matchLabels:\n      env: prod\n  ingress:\n  - fromEndpoints:\n    - matchLabels:\n        role: frontend\n`);
    const cl = clusterOf(base + prod + req + ep, 'cilium');
    expect(verdict(cl, 'prod/fe', 'prod/db').verdict).toBe('allowed');
    expect(verdict(cl, 'prod/dev', 'prod/db').verdict).toBe('denied');
    // "accessible from endpoints that have both labels env=prod and role=frontend": env=prod alone is not enough.
    const only = clusterOf(base + prod + pod('prod', 'batch', { env: 'prod' }) + req + ep, 'cilium');
    expect(verdict(only, 'prod/batch', 'prod/db').verdict).toBe('denied');
    expect(verdict(clusterOf(base + prod + req, 'cilium'), 'prod/fe', 'prod/db').verdict).toBe('denied');
    // Requirements are added to fromEndpoints selectors only (pkg/policy/api ingress.go
    // GetSourceEndpointSelectorsWithRequirements): an entity allow is not narrowed, a NetworkPolicy pod peer is.
    const ent = cnp('from-cluster', 'prod', `spec:\n  endpointSelector:\n    matchLabels:\n      env: prod\n  ingress:\n  - fromEntities:\n    - cluster\n`);
    expect(verdict(clusterOf(base + prod + req + ent, 'cilium'), 'prod/dev', 'prod/db').verdict).toBe('allowed');
    const np = knp(`metadata:\n  name: all-in-ns\n  namespace: prod\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - podSelector: {}\n`);
    expect(verdict(clusterOf(base + prod + req + np, 'cilium'), 'prod/dev', 'prod/db').verdict).toBe('denied');
    expect(verdict(clusterOf(base + prod + req + np, 'cilium'), 'prod/fe', 'prod/db').verdict).toBe('allowed');
  });
});

describe('hosts, admin policies and other profiles', () => {
  it('AdminNetworkPolicy is not enforced under cilium, and says so', () => {
    const anp = `---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata:\n  name: deny-all\nspec:\n  priority: 10\n  subject:\n    namespaces: {}\n  ingress:\n  - action: Deny\n    from:\n    - namespaces: {}\n`;
    const r = verdict(clusterOf(base + anp, 'cilium'), 'default/frontend', 'default/backend');
    expect(r.verdict).toBe('allowed');
    expect(r.ingress.steps.some((s) => s.text.includes('does not implement AdminNetworkPolicy'))).toBe(true);
    expect(verdict(clusterOf(base + anp, 'kubernetes'), 'default/frontend', 'default/backend').verdict).toBe('denied');
  });
  it('under the kubernetes profile a CNP stays unmodelled (undetermined)', () => {
    expect(verdict(clusterOf(base + L3, 'kubernetes'), 'default/misc', 'default/backend').verdict).toBe('undetermined');
  });
  it('a host-network pod is not selected by pod rules; host policies make it undetermined', () => {
    const hn = pod('default', 'agent', { role: 'backend' }, [], `  hostNetwork: true\n`);
    expect(verdict(clusterOf(base + hn + L3, 'cilium'), 'default/misc', 'default/agent').verdict).toBe('allowed');
    const host = ccnp('host-fw', `spec:\n  nodeSelector: {}\n  ingress:\n  - fromEntities:\n    - cluster\n`);
    expect(verdict(clusterOf(base + hn + host, 'cilium'), '203.0.113.9', 'default/agent').verdict).toBe('undetermined');
  });
  it('a host-network source is host / remote-node, not a pod: NetworkPolicy pod selectors do not select it, entities do', () => {
    const hn = pod('default', 'agent', { role: 'frontend' }, [], `  hostNetwork: true\n  nodeName: n1\n`);
    const be = pod('default', 'be1', { role: 'backend' }, [], `  nodeName: n1\n`);
    const np = knp(`metadata:\n  name: np-fe\n  namespace: default\nspec:\n  podSelector:\n    matchLabels:\n      role: backend\n  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          role: frontend\n`);
    const cl = clusterOf(base + hn + be + np, 'cilium');
    expect(verdict(cl, 'default/frontend', 'default/be1').verdict).toBe('allowed');
    expect(verdict(cl, 'default/agent', 'default/be1').verdict).toBe('denied');
    expect(verdict(clusterOf(base + hn + be + np, 'kubernetes'), 'default/agent', 'default/be1').verdict).toBe('allowed');
    const host = cnp('from-host', 'default', `spec:\n  endpointSelector:\n    matchLabels:\n      role: backend\n  ingress:\n  - fromEntities:\n    - host\n`);
    expect(verdict(clusterOf(base + hn + be + host, 'cilium'), 'default/agent', 'default/be1').verdict).toBe('allowed');
    const remote = cnp('from-remote', 'default', `spec:\n  endpointSelector:\n    matchLabels:\n      role: backend\n  ingress:\n  - fromEntities:\n    - remote-node\n`);
    expect(verdict(clusterOf(base + hn + be + remote, 'cilium'), 'default/agent', 'default/be1').verdict).toBe('denied');
    // Without nodeName on the destination, host or remote-node cannot be told: undetermined.
    expect(verdict(clusterOf(base + hn + host, 'cilium'), 'default/agent', 'default/backend').verdict).toBe('undetermined');
  });
  it('specs lists hold several rules; malformed fields are reported with their path', () => {
    const y = cnp('multi', 'default', `specs:\n- endpointSelector:\n    matchLabels:\n      role: backend\n  ingress:\n  - fromEntities:\n    - nowhere\n- endpointSelector:\n    matchLabels:\n      role: misc\n  ingress:\n  - fromCIDR:\n    - not-a-cidr\n`);
    const cl = c(y);
    expect(cl.diagnostics.map((d) => d.path)).toEqual(expect.arrayContaining(['specs.0.ingress.0.fromEntities.0', 'specs.1.ingress.0.fromCIDR.0']));
    expect(verdict(cl, 'default/frontend', 'default/backend').verdict).toBe('denied');
    expect(verdict(cl, '203.0.113.9', 'default/misc').verdict).toBe('denied');
  });
  it('what Cilium rejects is reported with its path and allows nothing (pkg/policy/api rule_validation, language.rst Limitations)', () => {
    const both = cnp('both', 'default', `spec:\n  endpointSelector: {}\n  nodeSelector: {}\n  ingress:\n  - fromEntities:\n    - all\n`);
    const cl = c(both);
    expect(cl.diagnostics.some((d) => d.message.includes('either endpointSelector or nodeSelector'))).toBe(true);
    expect(verdict(cl, 'default/frontend', 'default/backend').verdict).toBe('allowed'); // the rule selects nothing
    const svcPorts = cnp('sp', 'default', `spec:\n  endpointSelector:\n    matchLabels:\n      role: frontend\n  egress:\n  - toServices:\n    - k8sService:\n        serviceName: x\n    toPorts:\n    - ports:\n      - port: "80"\n`);
    expect(c(svcPorts).diagnostics.map((d) => d.path)).toContain('spec.egress.0.toPorts');
    const proto = cnp('pr', 'default', `spec:\n  endpointSelector:\n    matchLabels:\n      role: backend\n  ingress:\n  - toPorts:\n    - ports:\n      - port: "80"\n        protocol: ICMPX\n`);
    const pc = c(proto);
    expect(pc.diagnostics.map((d) => d.path)).toContain('spec.ingress.0.toPorts.0.ports.0.protocol');
    expect(verdict(pc, 'default/frontend', 'default/backend').verdict).toBe('denied');
    const key = cnp('k', 'default', `spec:\n  endpointSelector:\n    matchLabels:\n      "k8s:bad key": x\n  ingress:\n  - {}\n`);
    expect(c(key).diagnostics.some((d) => d.code === 'invalid-label' && d.path === 'spec.endpointSelector.matchLabels.k8s:bad key')).toBe(true);
  });
});
