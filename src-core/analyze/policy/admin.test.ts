// AdminNetworkPolicy / BaselineAdminNetworkPolicy precedence: priority order, rule order, Pass, the
// baseline only for pods no NetworkPolicy isolates, and which peers match what.
import { describe, expect, it } from 'vitest';
import { allowed, clusterOf, ns, pod, verdict } from './testkit';

const anp = (name: string, priority: number, body: string) => `---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  priority: ${priority}\n${body}`;
const banp = (body: string) => `---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata:\n  name: default\nspec:\n${body}`;
const np = (yaml: string) => `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n${yaml}`;

const base =
  ns('shop', { tier: 'app' }) +
  ns('mon', { tier: 'infra' }) +
  pod('shop', 'web', { app: 'web' }, [{ name: 'http', containerPort: 8080 }]) +
  pod('shop', 'db', { app: 'db' }) +
  pod('mon', 'prom', { app: 'prom' });

const subjectShop = `  subject:\n    namespaces:\n      matchLabels: {tier: app}\n`;

describe('AdminNetworkPolicy', () => {
  it('lower priority number wins; its first matching rule decides', () => {
    const c = clusterOf(
      base +
        anp('deny-mon', 20, subjectShop + `  ingress:\n  - name: deny-mon\n    action: Deny\n    from: [{namespaces: {matchLabels: {tier: infra}}}]\n`) +
        anp('allow-mon', 10, subjectShop + `  ingress:\n  - name: allow-mon-8080\n    action: Allow\n    from: [{namespaces: {matchLabels: {tier: infra}}}]\n    ports: [{portNumber: {protocol: TCP, port: 8080}}]\n`),
    );
    expect(c.adminNetworkPolicies.map((p) => p.meta.name)).toEqual(['allow-mon', 'deny-mon']);
    const v = verdict(c, 'mon/prom', 'shop/web', 8080);
    expect(v.allowed).toBe(true);
    expect(v.ingress.decidedBy).toBe('admin-network-policy');
    expect(v.ingress.rule?.label).toContain('allow-mon');
    expect(v.hops[1].kind).toBe('admin-policy');
    const d = verdict(c, 'mon/prom', 'shop/web', 9090);
    expect(d.allowed).toBe(false);
    expect(d.ingress.rule?.label).toContain('"deny-mon"');
    expect(d.ingress.fix?.summary).toContain('cluster administrator');
    // The proposed AdminNetworkPolicy takes a free priority before the denying one and, applied, allows it.
    const snippet = d.ingress.fix?.snippet ?? '';
    expect(snippet).toContain('kind: AdminNetworkPolicy');
    expect(snippet).toContain('priority: 19');
    const fixed = clusterOf(base + anp('deny-mon', 20, subjectShop + `  ingress:\n  - name: deny-mon\n    action: Deny\n    from: [{namespaces: {matchLabels: {tier: infra}}}]\n`) + anp('allow-mon', 10, subjectShop + `  ingress:\n  - name: allow-mon-8080\n    action: Allow\n    from: [{namespaces: {matchLabels: {tier: infra}}}]\n    ports: [{portNumber: {protocol: TCP, port: 8080}}]\n`) + '---\n' + snippet);
    expect(fixed.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    expect(allowed(fixed, 'mon/prom', 'shop/web', 9090)).toBe(true);
    expect(allowed(fixed, 'mon/prom', 'shop/web', 9091)).toBe(false);
  });

  it('an egress ANP Deny to an address gets an AdminNetworkPolicy with a networks peer', () => {
    const a = anp('no-out', 0, subjectShop + `  egress:\n  - action: Deny\n    to: [{networks: [0.0.0.0/0]}]\n`);
    const v = verdict(clusterOf(base + a), 'shop/web', '8.8.8.8', 53, 'UDP');
    expect(v.allowed).toBe(false);
    expect(v.egress.fix?.snippet).toBeUndefined(); // priority 0 leaves no room before it
    const b = anp('no-out', 5, subjectShop + `  egress:\n  - action: Deny\n    to: [{networks: [0.0.0.0/0]}]\n`);
    const w = verdict(clusterOf(base + b), 'shop/web', '8.8.8.8', 53, 'UDP');
    expect(w.egress.fix?.snippet).toContain('"8.8.8.8/32"');
    expect(allowed(clusterOf(base + b + '---\n' + w.egress.fix!.snippet!), 'shop/web', '8.8.8.8', 53, 'UDP')).toBe(true);
  });

  it('an ANP Deny beats a NetworkPolicy that allows; an ANP Allow beats a NetworkPolicy that denies', () => {
    const denyAll = np(`metadata: {name: deny-all, namespace: shop}\nspec:\n  podSelector: {}\n`);
    const allowAll = np(`metadata: {name: allow-all, namespace: shop}\nspec:\n  podSelector: {}\n  ingress: [{}]\n`);
    const allowAnp = anp('a', 5, subjectShop + `  ingress:\n  - action: Allow\n    from: [{namespaces: {}}]\n`);
    const denyAnp = anp('d', 5, subjectShop + `  ingress:\n  - action: Deny\n    from: [{namespaces: {}}]\n`);
    expect(allowed(clusterOf(base + denyAll + allowAnp), 'mon/prom', 'shop/web')).toBe(true);
    expect(allowed(clusterOf(base + allowAll + denyAnp), 'mon/prom', 'shop/web')).toBe(false);
  });

  it('Pass skips the remaining ANPs and hands over to NetworkPolicy, then the baseline', () => {
    const pass = anp('pass', 1, subjectShop + `  ingress:\n  - action: Pass\n    from: [{namespaces: {matchLabels: {tier: infra}}}]\n`);
    const deny = anp('deny', 2, subjectShop + `  ingress:\n  - action: Deny\n    from: [{namespaces: {matchLabels: {tier: infra}}}]\n`);
    const npAllow = np(`metadata: {name: allow-prom, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {tier: infra}}}]\n`);
    const baselineDeny = banp(subjectShop + `  ingress:\n  - action: Deny\n    from: [{namespaces: {}}]\n`);
    // Pass, then no NetworkPolicy isolates web and there is no baseline: allowed; the lower ANP's Deny is skipped.
    const v = verdict(clusterOf(base + pass + deny), 'mon/prom', 'shop/web');
    expect(v.allowed).toBe(true);
    expect(v.ingress.decidedBy).toBe('not-isolated');
    // Pass, then the baseline denies.
    expect(verdict(clusterOf(base + pass + deny + baselineDeny), 'mon/prom', 'shop/web').ingress.decidedBy).toBe('baseline-admin-network-policy');
    expect(allowed(clusterOf(base + pass + baselineDeny), 'mon/prom', 'shop/web')).toBe(false);
    // Pass, then a NetworkPolicy isolates and allows: the baseline is not read.
    const w = verdict(clusterOf(base + pass + baselineDeny + npAllow), 'mon/prom', 'shop/web');
    expect(w.allowed).toBe(true);
    expect(w.ingress.decidedBy).toBe('network-policy');
    // db is not selected by the NetworkPolicy, so the baseline decides for it.
    expect(allowed(clusterOf(base + pass + baselineDeny + npAllow), 'mon/prom', 'shop/db')).toBe(false);
  });

  it('baseline rules are read in order; the first match decides', () => {
    const b = banp(subjectShop + `  ingress:\n  - action: Allow\n    from: [{namespaces: {matchLabels: {tier: infra}}}]\n    ports: [{portRange: {protocol: UDP, start: 5000, end: 5100}}]\n  - action: Deny\n    from: [{namespaces: {}}]\n`);
    const c = clusterOf(base + b);
    expect(allowed(c, 'mon/prom', 'shop/web', 5050, 'UDP')).toBe(true);
    expect(allowed(c, 'mon/prom', 'shop/web', 5050, 'TCP')).toBe(false);
    expect(allowed(c, 'mon/prom', 'shop/web', 5101, 'UDP')).toBe(false);
  });

  it('pods peers AND their namespace and pod selectors; subject pods likewise', () => {
    const a = anp('p', 1, `  subject:\n    pods:\n      namespaceSelector: {matchLabels: {tier: app}}\n      podSelector: {matchLabels: {app: db}}\n  ingress:\n  - action: Deny\n    from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}]\n`);
    const c = clusterOf(base + a);
    expect(allowed(c, 'shop/web', 'shop/db')).toBe(false);
    expect(allowed(c, 'mon/prom', 'shop/db')).toBe(true);
    expect(allowed(c, 'shop/db', 'shop/web')).toBe(true); // web is not a subject
  });

  // Was "networks peers never match pods"; the ANP API says otherwise: "if you Allow or Deny traffic to
  // 0.0.0.0/0, that will allow or deny all IPv4 pod-to-pod traffic as well" (AdminNetworkPolicyEgressPeer.Networks).
  it('namespaces/pods peers never match addresses; networks peers match pods too', () => {
    const a = anp('e', 1, subjectShop + `  egress:\n  - action: Deny\n    to: [{networks: [0.0.0.0/0]}]\n  - action: Allow\n    to: [{namespaces: {}}]\n`);
    const c = clusterOf(base + a);
    expect(allowed(c, 'shop/web', '8.8.8.8', 53, 'UDP')).toBe(false);
    expect(verdict(c, 'shop/web', 'mon/prom').verdict).toBe('denied');
    const pub = clusterOf(base + anp('e', 1, subjectShop + `  egress:\n  - action: Deny\n    to: [{networks: [8.8.8.0/24]}]\n  - action: Allow\n    to: [{namespaces: {}}]\n`));
    expect(allowed(pub, 'shop/web', 'mon/prom')).toBe(true);
    const ingressAll = anp('i', 1, subjectShop + `  ingress:\n  - action: Deny\n    from: [{namespaces: {}}]\n`);
    expect(allowed(clusterOf(base + ingressAll), '203.0.113.10', 'shop/web')).toBe(true);
  });

  it('namedPort in an ANP is looked up on the destination pod', () => {
    const a = anp('named-port', 1, subjectShop + `  ingress:\n  - action: Deny\n    from: [{namespaces: {}}]\n    ports: [{namedPort: http}]\n`);
    const c = clusterOf(base + a);
    expect(allowed(c, 'mon/prom', 'shop/web', 8080)).toBe(false);
    expect(allowed(c, 'mon/prom', 'shop/web', 8081)).toBe(true);
    expect(allowed(c, 'mon/prom', 'shop/db', 8080)).toBe(true); // db has no port named http
  });

  it('a baseline Deny comes with a NetworkPolicy fix, since NetworkPolicies take precedence', () => {
    const c = clusterOf(base + banp(subjectShop + `  ingress:\n  - action: Deny\n    from: [{namespaces: {}}]\n`));
    const v = verdict(c, 'mon/prom', 'shop/web', 8080);
    expect(v.allowed).toBe(false);
    const fixed = clusterOf(base + banp(subjectShop + `  ingress:\n  - action: Deny\n    from: [{namespaces: {}}]\n`) + '---\n' + v.ingress.fix!.snippet!);
    expect(allowed(fixed, 'mon/prom', 'shop/web', 8080)).toBe(true);
  });
});
