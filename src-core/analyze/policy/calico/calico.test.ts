// Calico policy evaluation under the `calico` profile, one case per rule form. Cases follow the Calico
// docs (docs.tigera.io/calico/latest/network-policy/get-started/calico-policy/calico-network-policy,
// .../policy-rules/policy-rules-overview, reference/resources/networkpolicy, globalnetworkpolicy, tier) and
// libcalico-go's conversion tests (lib/backend/syncersv1/updateprocessors/rules_test.go: namespaced
// selectors; networkpolicyprocessor_test.go), felix/rules/static and endpoints tests for tier ends.
import { describe, expect, it } from 'vitest';
import { clusterOf, ns, pod, verdict } from '../testkit';

const base = ns('shop', { team: 'a' }) + ns('other', { team: 'b' }) +
  pod('shop', 'web', { app: 'web' }, [{ containerPort: 80, name: 'http' }, { containerPort: 9090 }]) +
  pod('shop', 'ui', { app: 'ui' }) + pod('other', 'ui', { app: 'ui' }) + pod('other', 'db', { app: 'db' }, [{ containerPort: 5432 }]);

const cnp = (name: string, namespace: string, spec: string, api = 'projectcalico.org/v3') => `---\napiVersion: ${api}\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n${spec}`;
const gnp = (name: string, spec: string) => `---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
const state = (yaml: string, from: string, to: string, port: number | string = 80) => verdict(clusterOf(base + yaml, 'calico'), from, to, port).verdict;

describe('calico: selection, rules and the end of the tier', () => {
  it('a policy selecting the pod with an Allow rule admits its source; others hit the end of the default tier (deny)', () => {
    const y = cnp('allow-ui', 'shop', `  selector: app == 'web'\n  ingress:\n  - action: Allow\n    protocol: TCP\n    source:\n      selector: app == 'ui'\n    destination:\n      ports: [80]\n`);
    expect(state(y, 'shop/ui', 'shop/web')).toBe('allowed');
    // Rule selectors of a namespaced policy are limited to its namespace (rules.go getEndpointSelector).
    expect(state(y, 'other/ui', 'shop/web')).toBe('denied');
    expect(state(y, 'shop/ui', 'shop/web', 9090)).toBe('denied');
    const v = verdict(clusterOf(base + y, 'calico'), 'other/ui', 'shop/web');
    expect(v.ingress.decidedBy).toBe('calico-policy');
    expect(v.ingress.fix?.snippet).toContain('apiVersion: projectcalico.org/v3');
    expect(v.ingress.fix?.snippet).toContain("namespaceSelector: \"projectcalico.org/name == 'other'\"");
  });

  it('namespaceSelector reads namespace labels; all() is every namespace', () => {
    const y = cnp('from-b', 'shop', `  selector: app == 'web'\n  ingress:\n  - action: Allow\n    source:\n      namespaceSelector: team == 'b'\n`);
    expect(state(y, 'other/ui', 'shop/web')).toBe('allowed');
    expect(state(y, 'shop/ui', 'shop/web')).toBe('denied');
    const all = cnp('from-all', 'shop', `  selector: app == 'web'\n  ingress:\n  - action: Allow\n    source:\n      namespaceSelector: all()\n      selector: app == 'ui'\n`);
    expect(state(all, 'other/ui', 'shop/web')).toBe('allowed');
    expect(state(all, 'other/db', 'shop/web')).toBe('denied');
    const glob = cnp('from-global', 'shop', `  selector: app == 'web'\n  ingress:\n  - action: Allow\n    source:\n      namespaceSelector: global()\n`);
    expect(state(glob, 'other/ui', 'shop/web')).toBe('denied');
  });

  it('Deny before Allow by order; no order is last; ties by name', () => {
    const deny = cnp('deny-ui', 'shop', `  order: 10\n  selector: app == 'web'\n  ingress:\n  - action: Deny\n    source:\n      selector: app == 'ui'\n`);
    const allow = cnp('allow-all', 'shop', `  order: 20\n  selector: all()\n  ingress:\n  - action: Allow\n`);
    expect(state(deny + allow, 'shop/ui', 'shop/web')).toBe('denied');
    const allowFirst = cnp('allow-all', 'shop', `  order: 5\n  selector: all()\n  ingress:\n  - action: Allow\n`);
    expect(state(deny + allowFirst, 'shop/ui', 'shop/web')).toBe('allowed');
    const noOrder = cnp('allow-all', 'shop', `  selector: all()\n  ingress:\n  - action: Allow\n`);
    expect(state(deny + noOrder, 'shop/ui', 'shop/web')).toBe('denied');
    const tieA = cnp('a-allow', 'shop', `  order: 10\n  selector: all()\n  ingress:\n  - action: Allow\n`);
    expect(state(deny + tieA, 'shop/ui', 'shop/web')).toBe('allowed'); // shop/a-allow < shop/deny-ui
  });

  it('a Deny fix is a Calico policy ordered before the denying one', () => {
    const deny = cnp('deny-ui', 'shop', `  order: 10\n  selector: app == 'web'\n  ingress:\n  - action: Deny\n    source:\n      selector: app == 'ui'\n`);
    const v = verdict(clusterOf(base + deny, 'calico'), 'shop/ui', 'shop/web');
    expect(v.ingress.rule?.label).toContain('ingress rule 1 (Deny)');
    expect(v.ingress.rule?.source.startLine).toBeGreaterThan(1);
    expect(v.ingress.fix?.snippet).toContain('order: 9');
    // The snippet is a valid policy that allows exactly this connection.
    const fixed = verdict(clusterOf(base + deny + '---\n' + v.ingress.fix!.snippet!, 'calico'), 'shop/ui', 'shop/web');
    expect(fixed.verdict).toBe('allowed');
  });

  it('Log goes on; Pass skips to the next tier; no later tier: the namespace profile allows', () => {
    const log = cnp('log-then-deny', 'shop', `  selector: app == 'web'\n  ingress:\n  - action: Log\n  - action: Deny\n`);
    expect(state(log, 'shop/ui', 'shop/web')).toBe('denied');
    const tier = `---\napiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: security\nspec:\n  order: 100\n`;
    const pass = cnp('security.pass-ui', 'shop', `  tier: security\n  selector: app == 'web'\n  ingress:\n  - action: Pass\n    source:\n      selector: app == 'ui'\n  - action: Deny\n`);
    // Passed out of tier security, nothing in the default tier selects web: kns.shop allows.
    expect(state(tier + pass, 'shop/ui', 'shop/web')).toBe('allowed');
    expect(state(tier + pass, 'other/ui', 'shop/web')).toBe('denied');
    // A NetworkPolicy is in the default tier: after the Pass it decides.
    const knp = `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-all\n  namespace: shop\nspec:\n  podSelector: {}\n`;
    expect(state(tier + pass + knp, 'shop/ui', 'shop/web')).toBe('denied');
  });

  it('a tier whose policies select the endpoint and none matches denies, unless its defaultAction is Pass', () => {
    const tier = (a: string) => `---\napiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: security\nspec:\n  order: 100\n${a}`;
    const p = cnp('security.only-db', 'shop', `  tier: security\n  selector: app == 'web'\n  ingress:\n  - action: Allow\n    source:\n      selector: app == 'db'\n`);
    expect(state(tier('') + p, 'shop/ui', 'shop/web')).toBe('denied');
    expect(state(tier('  defaultAction: Pass\n') + p, 'shop/ui', 'shop/web')).toBe('allowed');
  });

  it('Kubernetes NetworkPolicies are the default tier at order 1000: a Calico Deny at order 100 wins over them', () => {
    const knp = `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-ui\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          app: ui\n`;
    const deny = (order: number) => cnp('deny-ui', 'shop', `  order: ${order}\n  selector: app == 'web'\n  ingress:\n  - action: Deny\n    source:\n      selector: app == 'ui'\n`);
    expect(state(knp + deny(100), 'shop/ui', 'shop/web')).toBe('denied');
    expect(state(knp + deny(2000), 'shop/ui', 'shop/web')).toBe('allowed');
  });

  it('types default: egress rules alone make an Egress-only policy (clientv3 defaultPolicyTypesField)', () => {
    const eg = cnp('egress-only', 'shop', `  selector: app == 'web'\n  egress:\n  - action: Allow\n    destination:\n      selector: app == 'ui'\n`);
    expect(state(eg, 'other/ui', 'shop/web')).toBe('allowed'); // not an ingress policy
    expect(state(eg, 'shop/web', 'other/db', 5432)).toBe('denied');
    const none = cnp('empty', 'shop', `  selector: app == 'web'\n`);
    expect(state(none, 'shop/ui', 'shop/web')).toBe('denied'); // no rules: Ingress, and nothing matches
  });

  it('GlobalNetworkPolicy: namespaceSelector on the policy; rule selectors in every namespace', () => {
    const g = gnp('db-from-ui', `  namespaceSelector: team == 'b'\n  selector: app == 'db'\n  ingress:\n  - action: Allow\n    source:\n      selector: app == 'ui'\n`);
    expect(state(g, 'shop/ui', 'other/db', 5432)).toBe('allowed');
    expect(state(g, 'shop/web', 'other/db', 5432)).toBe('denied');
    expect(state(g, 'shop/ui', 'shop/web')).toBe('allowed'); // not selected: team a
  });

  it('nets / notNets for addresses outside the cluster; a selector never matches one', () => {
    const eg = cnp('egress', 'shop', `  selector: app == 'web'\n  types: [Egress]\n  egress:\n  - action: Allow\n    destination:\n      nets: [203.0.113.0/24]\n      notNets: [203.0.113.7]\n  - action: Allow\n    destination:\n      selector: all()\n`);
    expect(state(eg, 'shop/web', '203.0.113.5')).toBe('allowed');
    expect(state(eg, 'shop/web', '203.0.113.7')).toBe('denied');
    expect(state(eg, 'shop/web', '198.51.100.1')).toBe('denied');
    expect(state(eg, 'shop/web', 'shop/ui')).toBe('allowed');
  });

  it('ports: ranges, named ports, notPorts; protocol / notProtocol', () => {
    const p = (d: string, extra = '    protocol: TCP\n') => cnp('p', 'shop', `  selector: app == 'web'\n  ingress:\n  - action: Allow\n${extra}    destination:\n${d}`);
    expect(state(p('      ports: ["70:90"]\n'), 'shop/ui', 'shop/web')).toBe('allowed');
    expect(state(p('      ports: ["81:90"]\n'), 'shop/ui', 'shop/web')).toBe('denied');
    expect(state(p('      ports: [http]\n'), 'shop/ui', 'shop/web')).toBe('allowed');
    expect(state(p('      ports: [http]\n'), 'shop/ui', 'shop/web', 9090)).toBe('denied');
    expect(state(p('      notPorts: [80]\n'), 'shop/ui', 'shop/web')).toBe('denied');
    expect(state(p('      notPorts: [80]\n'), 'shop/ui', 'shop/web', 9090)).toBe('allowed');
    expect(state(p('      selector: all()\n', '    protocol: UDP\n'), 'shop/ui', 'shop/web')).toBe('denied');
    expect(state(p('      selector: all()\n', '    notProtocol: UDP\n'), 'shop/ui', 'shop/web')).toBe('allowed');
    // Ports without protocol TCP/UDP/SCTP are rejected by the validator: the rule matches nothing.
    const bad = verdict(clusterOf(base + p('      ports: [80]\n', ''), 'calico'), 'shop/ui', 'shop/web');
    expect(bad.verdict).toBe('denied');
    expect(clusterOf(base + p('      ports: [80]\n', ''), 'calico').diagnostics.some((d) => d.code === 'invalid-port')).toBe(true);
  });

  it('serviceAccounts by name and by the service account labels; serviceAccountSelector on the policy', () => {
    const sa = `---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: front\n  namespace: shop\n  labels:\n    role: front\n`;
    const withSa = base.replace('name: ui\n  namespace: shop\n  labels:\n    app: "ui"\nspec:\n', 'name: ui\n  namespace: shop\n  labels:\n    app: "ui"\nspec:\n  serviceAccountName: front\n');
    const byName = cnp('sa', 'shop', `  selector: app == 'web'\n  ingress:\n  - action: Allow\n    source:\n      serviceAccounts:\n        names: [front]\n`);
    expect(verdict(clusterOf(withSa + sa + byName, 'calico'), 'shop/ui', 'shop/web').verdict).toBe('allowed');
    expect(verdict(clusterOf(base + sa + byName, 'calico'), 'shop/ui', 'shop/web').verdict).toBe('denied');
    const bySel = cnp('sa', 'shop', `  selector: app == 'web'\n  ingress:\n  - action: Allow\n    source:\n      serviceAccounts:\n        selector: role == 'front'\n`);
    expect(verdict(clusterOf(withSa + sa + bySel, 'calico'), 'shop/ui', 'shop/web').verdict).toBe('allowed');
    const pol = cnp('only-front', 'shop', `  serviceAccountSelector: role == 'front'\n  types: [Egress]\n`);
    expect(verdict(clusterOf(withSa + sa + pol, 'calico'), 'shop/ui', 'shop/web').verdict).toBe('denied');
    expect(verdict(clusterOf(withSa + sa + pol, 'calico'), 'shop/web', 'shop/ui').verdict).toBe('allowed');
  });

  it('the special labels: projectcalico.org/namespace and pcns.-prefixed namespace labels', () => {
    const y = gnp('g', `  selector: projectcalico.org/namespace == 'other' && pcns.team == 'b'\n  ingress:\n  - action: Deny\n`);
    expect(state(y, 'shop/ui', 'other/db', 5432)).toBe('denied');
    expect(state(y, 'other/ui', 'shop/web')).toBe('allowed');
  });

  it('notSelector: namespaced as soon as it is used in a NetworkPolicy, not in a GlobalNetworkPolicy (rules.go getEndpointSelector; rules_test.go)', () => {
    const np = cnp('not-ui', 'shop', `  selector: app == 'web'\n  ingress:\n  - action: Allow\n    source:\n      notSelector: app == 'ui'\n`);
    expect(state(np, 'shop/ui', 'shop/web')).toBe('denied');
    expect(state(np, 'other/db', 'shop/web')).toBe('denied'); // the rule is limited to namespace shop
    expect(state(np, '203.0.113.9', 'shop/web')).toBe('denied'); // the namespace selector matches no address
    const g = gnp('not-ui', `  selector: app == 'web'\n  ingress:\n  - action: Allow\n    source:\n      notSelector: app == 'ui'\n`);
    expect(state(g, 'shop/ui', 'shop/web')).toBe('denied');
    expect(state(g, 'other/db', 'shop/web')).toBe('allowed');
    expect(state(g, '203.0.113.9', 'shop/web')).toBe('allowed'); // an address is no endpoint the notSelector excludes
  });

  it('a rule of nets alone is not limited to the policy namespace: pods are matched by their IP', () => {
    const ips = ns('shop') + ns('other') + pod('shop', 'web', { app: 'web' }, [{ containerPort: 80 }]) + pod('other', 'db', { app: 'db' }) + 'status: {podIP: 10.1.2.3, podIPs: [{ip: 10.1.2.3}]}\n' + pod('other', 'x', { app: 'x' }) + 'status: {podIP: 10.9.9.9, podIPs: [{ip: 10.9.9.9}]}\n';
    const y = cnp('nets-only', 'shop', `  selector: app == 'web'\n  ingress:\n  - action: Allow\n    source:\n      nets: [10.1.0.0/16]\n`);
    expect(verdict(clusterOf(ips + y, 'calico'), 'other/db', 'shop/web').verdict).toBe('allowed');
    expect(verdict(clusterOf(ips + y, 'calico'), 'other/x', 'shop/web').verdict).toBe('denied');
  });

  it('ipVersion: the family of the known address decides; unknown pod IPs leave it undetermined', () => {
    const y = cnp('v6', 'shop', `  selector: app == 'web'\n  ingress:\n  - action: Allow\n    ipVersion: 6\n`);
    expect(state(y, '203.0.113.9', 'shop/web')).toBe('denied');
    expect(state(y, '2001:db8::1', 'shop/web')).toBe('allowed');
    expect(state(y, 'shop/ui', 'shop/web')).toBe('undetermined');
  });

  it('unknown pod IPs with nets: undetermined, never a guess', () => {
    const y = cnp('nets', 'shop', `  selector: app == 'web'\n  ingress:\n  - action: Allow\n    source:\n      nets: [10.0.0.0/8]\n`);
    expect(state(y, 'shop/ui', 'shop/web')).toBe('undetermined');
  });

  it('a broken selector selects nothing and is a diagnostic with the character', () => {
    const y = cnp('bad', 'shop', `  selector: app = 'web'\n  ingress:\n  - action: Deny\n`);
    const c = clusterOf(base + y, 'calico');
    expect(verdict(c, 'shop/ui', 'shop/web').verdict).toBe('allowed');
    const d = c.diagnostics.find((x) => x.code === 'invalid-selector');
    expect(d?.message).toContain('at character 5');
    expect(d?.range.startLine).toBeGreaterThan(1);
  });

  it('crd.projectcalico.org dumps: the default. tier prefix is dropped; knp.default. copies are not counted twice', () => {
    const crd = cnp('default.deny-ui', 'shop', `  tier: default\n  order: 10\n  selector: app == 'web'\n  ingress:\n  - action: Deny\n`, 'crd.projectcalico.org/v1');
    const copy = cnp('knp.default.allow', 'shop', `  order: 1000\n  selector: all()\n  ingress:\n  - action: Allow\n`, 'crd.projectcalico.org/v1');
    const c = clusterOf(base + crd + copy, 'calico');
    expect(c.calico?.policies.map((p) => p.name)).toEqual(['deny-ui']);
    expect(verdict(c, 'shop/ui', 'shop/web').verdict).toBe('denied');
  });

  it('under another profile Calico policies stay unmodelled (undetermined)', () => {
    const y = cnp('deny', 'shop', `  selector: all()\n  ingress:\n  - action: Deny\n`);
    expect(verdict(clusterOf(base + y, 'kubernetes'), 'shop/ui', 'shop/web').verdict).toBe('undetermined');
  });

  it('AdminNetworkPolicy is a tier before the Calico default tier (order 1000 < 1,000,000)', () => {
    const anp = `---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata:\n  name: allow-ui\nspec:\n  priority: 10\n  subject:\n    namespaces: {}\n  ingress:\n  - name: ui\n    action: Allow\n    from:\n    - pods:\n        namespaceSelector: {}\n        podSelector:\n          matchLabels:\n            app: ui\n`;
    const deny = cnp('deny-all', 'shop', `  order: 1\n  selector: all()\n  ingress:\n  - action: Deny\n`);
    expect(state(anp + deny, 'shop/ui', 'shop/web')).toBe('allowed');
    expect(state(anp + deny, 'other/db', 'shop/web')).toBe('denied');
  });
});

describe('calico: the reachability summary asks the engine', () => {
  it('pods that differ only in service account are separate classes (serviceAccounts rules read it)', async () => {
    const { expectAgreesWithEngine } = await import('../../summary-testkit');
    const { summarizeReachability } = await import('../../summary');
    const two = ns('shop') + pod('shop', 'web', { app: 'web' }, [{ containerPort: 80 }]) + pod('shop', 'a', { app: 'ui' }, [], '  serviceAccountName: front\n') + pod('shop', 'b', { app: 'ui' });
    const y = cnp('sa', 'shop', `  selector: app == 'web'\n  ingress:\n  - action: Allow\n    source:\n      serviceAccounts:\n        names: [front]\n`);
    const c = clusterOf(two + y, 'calico');
    const s = summarizeReachability(c);
    const cls = (id: string) => s.podClass[c.pods.findIndex((p) => p.id === id)];
    expect(cls('shop/a')).not.toBe(cls('shop/b'));
    expect(expectAgreesWithEngine(c).allowed).toBeGreaterThan(0);
  });
});

describe('calico: the gallery scenarios, other directions', () => {
  const load = async (f: string) => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { buildCluster } = await import('../../../model/build');
    const { parseManifests } = await import('../../../parse/parse');
    const text = readFileSync(join(__dirname, '../../../../public/examples', f), 'utf8');
    return buildCluster(parseManifests([{ name: f, text }]), { profile: 'auto' });
  };
  it('tier-deny-before-netpol: auto-detects calico; Pass hands prod/api to the NetworkPolicy; the fix is in tier security', async () => {
    const c = await load('calico-tier-deny-before-netpol.yaml');
    expect(c.profile.name).toBe('calico');
    expect(verdict(c, 'prod/api', 'prod/db', 5432).verdict).toBe('allowed');
    const v = verdict(c, 'dev/debug', 'prod/db', 5432);
    expect(v.verdict).toBe('denied');
    expect(v.ingress.fix?.snippet).toContain('tier: "security"');
    expect(v.ingress.fix?.snippet).toContain('order: 9');
  });
  it('selectors-named-port: the canary is denied, the storefront only on the named port', async () => {
    const c = await load('calico-selectors-named-port.yaml');
    expect(verdict(c, 'web/storefront-canary', 'shop/api', 8080).verdict).toBe('denied');
    expect(verdict(c, 'web/storefront', 'shop/api', 9090).verdict).toBe('denied');
    expect(verdict(c, 'web/storefront', 'shop/api', 'http').verdict).toBe('allowed');
  });
});

describe('calico: services rules (policy_common.go EntityRule.Services)', () => {
  const svc = `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\n  namespace: other\nspec:\n  selector:\n    app: db\n  ports:\n  - port: 5432\n    targetPort: 5432\n`;
  it('destination services: the Service endpoints, on their endpoint ports only', () => {
    const y = cnp('to-db', 'shop', `  selector: app == 'web'\n  types: [Egress]\n  egress:\n  - action: Allow\n    protocol: TCP\n    destination:\n      services:\n        name: db\n        namespace: other\n`);
    expect(state(svc + y, 'shop/web', 'other/db', 5432)).toBe('allowed');
    expect(state(svc + y, 'shop/web', 'other/ui', 5432)).toBe('denied');
    expect(state(svc.replace('port: 5432\n    targetPort: 5432', 'port: 5432\n    targetPort: 5433') + y, 'shop/web', 'other/db', 5432)).toBe('denied');
  });
  it('source services on ingress rules; the wrong side is rejected', () => {
    const y = cnp('from-db', 'shop', `  selector: app == 'web'\n  ingress:\n  - action: Allow\n    source:\n      services:\n        name: db\n        namespace: other\n`);
    expect(state(svc + y, 'other/db', 'shop/web')).toBe('allowed');
    expect(state(svc + y, 'other/ui', 'shop/web')).toBe('denied');
    const wrong = cnp('wrong', 'shop', `  selector: app == 'web'\n  ingress:\n  - action: Allow\n    destination:\n      services:\n        name: db\n        namespace: other\n`);
    const c = clusterOf(base + svc + wrong, 'calico');
    expect(c.diagnostics.some((d) => d.message.includes('services is allowed only as the source of an ingress rule'))).toBe(true);
    expect(verdict(c, 'other/db', 'shop/web').verdict).toBe('denied');
  });
  it('a Service the input lacks: undetermined', () => {
    const y = cnp('to-x', 'shop', `  selector: app == 'web'\n  types: [Egress]\n  egress:\n  - action: Allow\n    protocol: TCP\n    destination:\n      services:\n        name: nope\n        namespace: other\n`);
    expect(state(y, 'shop/web', 'other/db', 5432)).toBe('undetermined');
  });
});

describe('calico: a Calico NetworkPolicy and a Kubernetes one of the same name are two objects', () => {
  it('both count; no duplicate-object warning', () => {
    const knp = `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          app: ui\n`;
    const deny = cnp('web', 'shop', `  order: 10\n  selector: app == 'web'\n  ingress:\n  - action: Deny\n    source:\n      selector: app == 'ui'\n`);
    const c = clusterOf(base + knp + deny, 'calico');
    expect(c.networkPolicies).toHaveLength(1);
    expect(c.calico?.policies).toHaveLength(1);
    expect(c.diagnostics.filter((d) => d.code === 'duplicate-object')).toEqual([]);
    expect(verdict(c, 'shop/ui', 'shop/web').verdict).toBe('denied');
    // A real duplicate of the Calico policy still is one: the later one wins.
    const c2 = clusterOf(base + knp + deny + deny.replace('action: Deny', 'action: Allow'), 'calico');
    expect(c2.calico?.policies).toHaveLength(1);
    expect(c2.networkPolicies).toHaveLength(1);
    expect(verdict(c2, 'shop/ui', 'shop/web').verdict).toBe('allowed');
  });
});

describe('calico: fixes stay valid YAML for untrusted names and labels', () => {
  it('hostile label values and a tier name with YAML syntax', () => {
    const hostile = ns('shop') + pod('shop', 'web', { app: "we'b: {x}", 'bad key!': 'v' }, [{ containerPort: 80 }]) + pod('shop', 'ui', { app: 'u"i #c' });
    const tier = `---\napiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: "sec: [x]"\nspec:\n  order: 100\n`;
    const deny = cnp('deny', 'shop', `  tier: "sec: [x]"\n  order: 10\n  selector: all()\n  ingress:\n  - action: Deny\n`);
    const c = clusterOf(hostile + tier + deny, 'calico');
    const v = verdict(c, 'shop/ui', 'shop/web');
    expect(v.verdict).toBe('denied');
    expect(v.ingress.fix?.summary).toContain('bad key!');
    const fixed = clusterOf(hostile + tier + deny + '---\n' + v.ingress.fix!.snippet!, 'calico');
    expect(fixed.calico?.policies).toHaveLength(2);
    expect(verdict(fixed, 'shop/ui', 'shop/web').verdict).toBe('allowed');
  });
});
