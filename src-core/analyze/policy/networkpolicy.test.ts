// NetworkPolicy semantics, one rule per test, including the subtle ones support engineers trip over.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { allowed, clusterOf, ns, pod, verdict } from './testkit';

const np = (yaml: string) => `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n${yaml}`;

const base =
  ns('shop', { team: 'shop' }) +
  ns('other', { team: 'other' }) +
  pod('shop', 'web', { app: 'web' }, [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090, protocol: 'UDP' }]) +
  pod('shop', 'ui', { app: 'ui' }) +
  pod('shop', 'plain', {}) +
  pod('other', 'ui', { app: 'ui' }) +
  pod('other', 'legacy', { app: 'ui', legacy: 'true' });

describe('isolation', () => {
  it('a pod no policy selects is open in both directions', () => {
    const c = clusterOf(base);
    expect(allowed(c, 'other/ui', 'shop/web', 1234, 'UDP')).toBe(true);
    expect(verdict(c, 'other/ui', 'shop/web').ingress.decidedBy).toBe('not-isolated');
  });

  it('a policy selecting a pod isolates it for every protocol, not only the one in its rule', () => {
    const c = clusterOf(base + np(`metadata: {name: tcp-only, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports: [{protocol: TCP, port: 8080}]\n`));
    expect(allowed(c, 'shop/ui', 'shop/web', 8080, 'TCP')).toBe(true);
    expect(allowed(c, 'shop/ui', 'shop/web', 8080, 'UDP')).toBe(false);
    expect(allowed(c, 'shop/ui', 'shop/web', 8080, 'SCTP')).toBe(false);
    // Pods it does not select stay open.
    expect(allowed(c, 'shop/web', 'shop/ui', 5, 'UDP')).toBe(true);
  });

  it('policyTypes defaults to Ingress, plus Egress only when spec.egress is written', () => {
    const ingressOnly = clusterOf(base + np(`metadata: {name: p, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n`));
    expect(allowed(ingressOnly, 'shop/ui', 'shop/web')).toBe(false);
    expect(allowed(ingressOnly, 'shop/web', 'shop/ui')).toBe(true); // egress not isolated
    const withEgress = clusterOf(base + np(`metadata: {name: p, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  egress:\n  - to: [{podSelector: {matchLabels: {app: ui}}}]\n`));
    expect(allowed(withEgress, 'shop/web', 'shop/ui')).toBe(true);
    expect(allowed(withEgress, 'shop/web', 'other/ui')).toBe(false);
    expect(allowed(withEgress, 'shop/ui', 'shop/web')).toBe(false); // Ingress defaulted in too, with no rules
    // As the API server defaults it: `egress: []` is no egress rule, so Egress is not added ...
    const emptyEgress = clusterOf(base + np(`metadata: {name: p, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  egress: []\n`));
    expect(allowed(emptyEgress, 'shop/web', 'other/ui')).toBe(true);
    expect(allowed(emptyEgress, 'shop/ui', 'shop/web')).toBe(false);
    expect(verdict(emptyEgress, 'shop/ui', 'shop/web').ingress.steps[0].text).toContain('policyTypes not set, so Ingress only');
    // ... and an empty policyTypes list is defaulted like a missing one.
    const emptyTypes = clusterOf(base + np(`metadata: {name: p, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: []\n`));
    expect(allowed(emptyTypes, 'shop/ui', 'shop/web')).toBe(false);
    const explicitEgress = clusterOf(base + np(`metadata: {name: p, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n`));
    expect(allowed(explicitEgress, 'shop/ui', 'shop/web')).toBe(true);
    expect(allowed(explicitEgress, 'shop/web', 'shop/ui')).toBe(false);
  });

  it('a connection needs the source egress AND the destination ingress', () => {
    const denyEgress = np(`metadata: {name: no-out, namespace: other}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n`);
    const c = clusterOf(base + denyEgress);
    const v = verdict(c, 'other/ui', 'shop/web');
    expect(v.ingress.allowed).toBe(true);
    expect(v.egress.allowed).toBe(false);
    expect(v.allowed).toBe(false);
    expect(v.hops.map((h) => [h.kind, h.verdict])).toEqual([['egress-policy', 'denied'], ['ingress-policy', 'allowed']]);
  });

  it('policies are additive: one admitting rule of any selecting policy is enough', () => {
    const c = clusterOf(
      base +
        np(`metadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`) +
        np(`metadata: {name: allow-ui, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: ui}}}]\n`),
    );
    const v = verdict(c, 'shop/ui', 'shop/web');
    expect(v.allowed).toBe(true);
    expect(v.ingress.selectedBy.map((r) => r.object)).toEqual(['NetworkPolicy/shop/deny', 'NetworkPolicy/shop/allow-ui']);
    expect(v.ingress.rule?.object).toBe('NetworkPolicy/shop/allow-ui');
    expect(v.ingress.rule?.path).toBe('spec.ingress.0.from.0');
  });
});

describe('peers', () => {
  const rule = (from: string) => clusterOf(base + np(`metadata: {name: p, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from:\n${from}`));

  it('a podSelector-only peer matches pods of the policy namespace only', () => {
    const c = rule(`    - podSelector: {matchLabels: {app: ui}}\n`);
    expect(allowed(c, 'shop/ui', 'shop/web')).toBe(true);
    expect(allowed(c, 'other/ui', 'shop/web')).toBe(false);
    expect(verdict(c, 'other/ui', 'shop/web').ingress.steps.map((s) => s.text).join('\n')).toContain('selects only namespace shop');
  });

  it('namespaceSelector {} means every namespace; a missing one means the policy namespace', () => {
    const every = rule(`    - namespaceSelector: {}\n      podSelector: {matchLabels: {app: ui}}\n`);
    expect(allowed(every, 'other/ui', 'shop/web')).toBe(true);
    expect(allowed(every, 'shop/plain', 'shop/web')).toBe(false);
    const allPodsEverywhere = rule(`    - namespaceSelector: {}\n`);
    expect(allowed(allPodsEverywhere, 'other/ui', 'shop/web')).toBe(true);
    expect(allowed(allPodsEverywhere, 'shop/plain', 'shop/web')).toBe(true);
    const emptyPodSelector = rule(`    - podSelector: {}\n`);
    expect(allowed(emptyPodSelector, 'shop/plain', 'shop/web')).toBe(true);
    expect(allowed(emptyPodSelector, 'other/ui', 'shop/web')).toBe(false);
  });

  it('namespaceSelector and podSelector in one peer are ANDed; in two peers ORed', () => {
    const and = rule(`    - namespaceSelector: {matchLabels: {team: other}}\n      podSelector: {matchLabels: {app: ui}}\n`);
    expect(allowed(and, 'other/ui', 'shop/web')).toBe(true);
    expect(allowed(and, 'shop/ui', 'shop/web')).toBe(false);
    const or = rule(`    - namespaceSelector: {matchLabels: {team: other}}\n    - podSelector: {matchLabels: {app: ui}}\n`);
    expect(allowed(or, 'shop/ui', 'shop/web')).toBe(true);
    expect(allowed(or, 'other/legacy', 'shop/web')).toBe(true);
    expect(allowed(or, 'shop/plain', 'shop/web')).toBe(false);
  });

  it('namespace labels include the implied kubernetes.io/metadata.name, also for undeclared namespaces', () => {
    const c = clusterOf(pod('src', 'a', {}) + pod('dst', 'b', {}) + np(`metadata: {name: p, namespace: dst}\nspec:\n  podSelector: {}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: src}}}]\n`));
    expect(c.namespaces.get('src')?.declared).toBe(false);
    expect(allowed(c, 'src/a', 'dst/b')).toBe(true);
    expect(allowed(c, 'dst/b', 'dst/b')).toBe(false);
  });

  it('NotIn and DoesNotExist match pods that lack the key', () => {
    const notIn = rule(`    - namespaceSelector: {}\n      podSelector:\n        matchExpressions: [{key: legacy, operator: NotIn, values: ["true"]}]\n`);
    expect(allowed(notIn, 'shop/plain', 'shop/web')).toBe(true); // no `legacy` label at all
    expect(allowed(notIn, 'other/ui', 'shop/web')).toBe(true);
    expect(allowed(notIn, 'other/legacy', 'shop/web')).toBe(false);
    const dne = rule(`    - namespaceSelector: {}\n      podSelector:\n        matchExpressions: [{key: legacy, operator: DoesNotExist}]\n`);
    expect(allowed(dne, 'other/ui', 'shop/web')).toBe(true);
    expect(allowed(dne, 'other/legacy', 'shop/web')).toBe(false);
    const exists = rule(`    - namespaceSelector: {}\n      podSelector:\n        matchExpressions: [{key: legacy, operator: Exists}]\n`);
    expect(allowed(exists, 'other/legacy', 'shop/web')).toBe(true);
    expect(allowed(exists, 'other/ui', 'shop/web')).toBe(false);
  });

  it('`except` narrows only its own ipBlock', () => {
    const c = rule(`    - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}\n    - ipBlock: {cidr: 10.1.2.0/24}\n`);
    expect(allowed(c, '10.9.9.9', 'shop/web')).toBe(true);
    expect(allowed(c, '10.1.3.3', 'shop/web')).toBe(false); // in the first block's except, outside the second
    expect(allowed(c, '10.1.2.3', 'shop/web')).toBe(true); // excepted by the first block, admitted by the second
    expect(allowed(c, '11.0.0.1', 'shop/web')).toBe(false);
    expect(verdict(c, '10.1.3.3', 'shop/web').ingress.steps.map((s) => s.text).join('\n')).toContain('excluded by except 10.1.0.0/16');
  });

  // Was "ipBlocks never match pods" (the old kubernetes-profile choice); wrong per the Kubernetes e2e
  // netpol suite (test/e2e/network/netpol: "should allow egress access to server in CIDR block").
  it('ipBlocks match pods by their IP: a pod whose status.podIP is inside the block is admitted', () => {
    const c = clusterOf(base + pod('other', 'withip', { app: 'x' }, [], 'status:\n  podIP: 10.128.0.5\n') + np(`metadata: {name: p, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from: [{ipBlock: {cidr: 10.128.0.0/24}}]\n`));
    expect(c.podsById.get('other/withip')?.podIP).toBe('10.128.0.5');
    expect(allowed(c, 'other/withip', 'shop/web')).toBe(true);
    expect(allowed(c, '10.128.0.5', 'shop/web')).toBe(true);
    expect(verdict(c, 'other/withip', 'shop/web').ingress.steps.map((s) => s.text).join('\n')).toContain('pod IP 10.128.0.5 (status.podIPs) ⊂ 10.128.0.0/24');
    // A pod without an IP in a block that holds only part of the assumed pod ranges: undetermined, not denied.
    expect(verdict(c, 'other/ui', 'shop/web').verdict).toBe('undetermined');
  });

  it('a rule with `from: []` or no `from` admits every peer, pods and addresses alike', () => {
    const c = clusterOf(base + np(`metadata: {name: p, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from: []\n    ports: [{port: 8080}]\n`));
    expect(allowed(c, 'other/ui', 'shop/web', 8080)).toBe(true);
    expect(allowed(c, '203.0.113.10', 'shop/web', 8080)).toBe(true);
    expect(allowed(c, '203.0.113.10', 'shop/web', 8081)).toBe(false);
  });
});

describe('ports', () => {
  const withPorts = (ports: string, dir: 'ingress' | 'egress' = 'ingress') =>
    clusterOf(
      base +
        (dir === 'ingress'
          ? np(`metadata: {name: p, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports:\n${ports}`)
          : np(`metadata: {name: p, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: ui}}\n  policyTypes: [Egress]\n  egress:\n  - ports:\n${ports}`)),
    );

  it('named ports are looked up on the destination pod by name AND protocol', () => {
    const c = withPorts(`    - port: http\n`);
    expect(allowed(c, 'shop/ui', 'shop/web', 8080)).toBe(true);
    expect(allowed(c, 'shop/ui', 'shop/web', 8081)).toBe(false);
    // `metrics` is a UDP port of web: a TCP rule naming it admits nothing.
    const tcpMetrics = withPorts(`    - port: metrics\n      protocol: TCP\n`);
    expect(allowed(tcpMetrics, 'shop/ui', 'shop/web', 9090, 'TCP')).toBe(false);
    expect(allowed(tcpMetrics, 'shop/ui', 'shop/web', 9090, 'UDP')).toBe(false);
    const udpMetrics = withPorts(`    - port: metrics\n      protocol: UDP\n`);
    expect(allowed(udpMetrics, 'shop/ui', 'shop/web', 9090, 'UDP')).toBe(true);
  });

  it('a named port the destination does not define allows nothing', () => {
    const c = withPorts(`    - port: grpc\n`);
    const v = verdict(c, 'shop/ui', 'shop/web', 8080);
    expect(v.allowed).toBe(false);
    expect(v.ingress.steps.map((s) => s.text).join('\n')).toContain('declares no TCP containerPort with that name');
  });

  it('named ports in egress rules are resolved on the destination, not the source', () => {
    const c = withPorts(`    - port: http\n`, 'egress');
    expect(allowed(c, 'shop/ui', 'shop/web', 8080)).toBe(true); // web defines http=8080
    expect(allowed(c, 'shop/ui', 'other/ui', 8080)).toBe(false); // other/ui defines no `http`
    expect(allowed(c, 'shop/ui', '8.8.8.8', 8080)).toBe(false); // addresses have no named ports
  });

  it('endPort makes a range, inclusive at both ends', () => {
    const c = withPorts(`    - port: 8000\n      endPort: 8100\n`);
    expect(allowed(c, 'shop/ui', 'shop/web', 7999)).toBe(false);
    expect(allowed(c, 'shop/ui', 'shop/web', 8000)).toBe(true);
    expect(allowed(c, 'shop/ui', 'shop/web', 8100)).toBe(true);
    expect(allowed(c, 'shop/ui', 'shop/web', 8101)).toBe(false);
  });

  it('a port without protocol is TCP; UDP and SCTP must be named', () => {
    const c = withPorts(`    - port: 53\n    - port: 53\n      protocol: UDP\n    - protocol: SCTP\n`);
    expect(allowed(c, 'shop/ui', 'shop/web', 53, 'TCP')).toBe(true);
    expect(allowed(c, 'shop/ui', 'shop/web', 53, 'UDP')).toBe(true);
    expect(allowed(c, 'shop/ui', 'shop/web', 54, 'UDP')).toBe(false);
    expect(allowed(c, 'shop/ui', 'shop/web', 1234, 'SCTP')).toBe(true); // SCTP, every port
  });

  it('a query by port name resolves on the destination pod', () => {
    const c = withPorts(`    - port: 8080\n`);
    expect(allowed(c, 'shop/ui', 'shop/web', 'http')).toBe(true);
    expect(allowed(c, 'shop/ui', 'shop/web', 'metrics', 'UDP')).toBe(false);
  });
});

describe('explanations and fixes', () => {
  const denying = base + np(`metadata: {name: only-ui, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: ui}}}]\n    ports: [{port: 8080}]\n`);

  it('a denial says which policies select the pod and why no rule admits the peer, with lines', () => {
    const c = clusterOf(denying);
    const v = verdict(c, 'other/ui', 'shop/web', 8080);
    expect(v.allowed).toBe(false);
    expect(v.ingress.decidedBy).toBe('network-policy');
    expect(v.ingress.summary).toContain('1 NetworkPolicy selects shop/web for ingress; none admits other/ui');
    expect(v.ingress.summary).toContain('only-ui ingress rule 1 admits pods app=ui in namespace shop, not other/ui');
    const sel = v.ingress.selectedBy[0];
    expect(sel.object).toBe('NetworkPolicy/shop/only-ui');
    expect(sel.source.file).toBe('t.yaml');
    expect(denying.split('\n')[sel.source.startLine - 1]).toContain('podSelector');
  });

  it('the fix snippet is valid YAML and, applied, allows the connection', () => {
    const c = clusterOf(denying);
    const v = verdict(c, 'other/ui', 'shop/web', 8080);
    const fix = v.ingress.fix;
    expect(fix?.snippet).toBeDefined();
    const obj = parse(fix!.snippet!) as { kind: string; metadata: { namespace: string } };
    expect(obj.kind).toBe('NetworkPolicy');
    expect(obj.metadata.namespace).toBe('shop');
    const fixed = clusterOf(denying + '---\n' + fix!.snippet!);
    expect(allowed(fixed, 'other/ui', 'shop/web', 8080)).toBe(true);
    expect(allowed(fixed, 'other/legacy', 'shop/web', 8081)).toBe(false); // it does not open more than asked
  });

  it('fix snippets quote hostile label values so the YAML keeps its shape', () => {
    const c = clusterOf(ns('a') + pod('a', 'x', { app: 'x: y\n- z' }) + pod('a', 'db', { role: 'db' }) + np(`metadata: {name: d, namespace: a}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n`));
    expect(c.podsById.get('a/x')?.podLabels.app).toBe('x: y\n- z');
    const fix = verdict(c, 'a/x', 'a/db').egress.fix!;
    const obj = parse(fix.snippet!) as { spec: { podSelector: { matchLabels: Record<string, string> } } };
    expect(obj.spec.podSelector.matchLabels.app).toBe('x: y\n- z');
    expect(allowed(clusterOf(ns('a') + pod('a', 'x', { app: 'x: y\n- z' }) + pod('a', 'db', { role: 'db' }) + np(`metadata: {name: d, namespace: a}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n`) + '---\n' + fix.snippet), 'a/x', 'a/db')).toBe(true);
  });
});
