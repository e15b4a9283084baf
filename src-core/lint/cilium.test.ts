// Lint for Cilium policies (lint/cilium.ts), the graph's Cilium blocks (graph/cilium.ts) and profile
// detection of cilium.io objects. Cases from cilium/cilium Documentation/security/policy/language.rst
// (toFQDNs needs the DNS rule: "DNS based" section and Documentation/security/dns.rst), deny.rst.
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../graph/index';
import { clusterOf, ns, pod } from '../analyze/policy/testkit';
import { detectProfile } from '../model/detect';
import { parseManifests } from '../parse/parse';
import { lintCluster } from './index';

const cnp = (name: string, spec: string) => `---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: shop\n${spec}`;
const base = ns('shop') + pod('shop', 'web', { app: 'web' }, [{ containerPort: 80 }]) + pod('shop', 'ui', { app: 'ui' });
const codes = (yaml: string) => lintCluster(clusterOf(base + yaml, 'cilium')).map((f) => f.code);

describe('Cilium lint', () => {
  it('an endpointSelector or fromEndpoints selector that selects no pod', () => {
    const y = cnp('x', `spec:\n  endpointSelector:\n    matchLabels:\n      app: nothing\n  ingress:\n  - fromEndpoints:\n    - matchLabels:\n        app: ui\n`);
    expect(codes(y)).toContain('cilium-selector-matches-nothing');
    const z = cnp('y', `spec:\n  endpointSelector:\n    matchLabels:\n      app: web\n  ingress:\n  - fromEndpoints:\n    - matchLabels:\n        k8s:app: ui\n`);
    expect(codes(z)).not.toContain('cilium-selector-matches-nothing');
  });
  it('toFQDNs without a DNS proxy rule; with one, no finding', () => {
    const y = cnp('x', `spec:\n  endpointSelector:\n    matchLabels:\n      app: web\n  egress:\n  - toFQDNs:\n    - matchName: api.example.com\n`);
    expect(codes(y)).toContain('cilium-fqdn-without-dns');
    const dns = cnp('dns', `spec:\n  endpointSelector:\n    matchLabels:\n      app: web\n  egress:\n  - toEndpoints:\n    - matchLabels:\n        k8s:io.kubernetes.pod.namespace: kube-system\n        k8s-app: kube-dns\n    toPorts:\n    - ports:\n      - port: "53"\n        protocol: ANY\n      rules:\n        dns:\n        - matchPattern: "*"\n`);
    expect(codes(y + dns)).not.toContain('cilium-fqdn-without-dns');
  });
  it('an allow entry a deny entry shadows', () => {
    const allow = cnp('allow', `spec:\n  endpointSelector:\n    matchLabels:\n      app: web\n  ingress:\n  - fromEndpoints:\n    - matchLabels:\n        app: ui\n`);
    const deny = cnp('deny', `spec:\n  endpointSelector:\n    matchLabels:\n      app: web\n  ingressDeny:\n  - fromEndpoints:\n    - matchLabels:\n        app: ui\n`);
    expect(codes(allow + deny)).toContain('cilium-allow-shadowed-by-deny');
    expect(codes(allow)).not.toContain('cilium-allow-shadowed-by-deny');
  });
  it('fromRequires is reported as deprecated; CNPs are not "unmodelled" under cilium but are under kubernetes', () => {
    const y = cnp('x', `spec:\n  endpointSelector:\n    matchLabels:\n      app: web\n  ingress:\n  - fromRequires:\n    - matchLabels:\n        app: ui\n`);
    expect(codes(y)).toContain('cilium-requires-deprecated');
    expect(codes(y)).not.toContain('unmodelled-policy');
    expect(lintCluster(clusterOf(base + y, 'kubernetes')).map((f) => f.code)).toContain('unmodelled-policy');
  });
});

describe('graph', () => {
  it('draws toCIDR and toFQDNs of Cilium egress rules as blocks from the selected pods', () => {
    const y = cnp('x', `spec:\n  endpointSelector:\n    matchLabels:\n      app: web\n  egress:\n  - toCIDR:\n    - 198.51.100.0/24\n  - toFQDNs:\n    - matchName: api.example.com\n`);
    const g = buildGraph(clusterOf(base + y, 'cilium'));
    const block = g.nodes.find((n) => n.label.includes('198.51.100.0/24'));
    expect(block).toBeDefined();
    expect(g.edges.some((e) => e.target === block!.id && e.source.includes('web'))).toBe(true);
    expect(g.nodes.some((n) => n.label.includes('api.example.com'))).toBe(true);
  });
});

describe('profile detection', () => {
  it('objects of group cilium.io pick cilium, naming them; OpenShift evidence still wins', () => {
    const d = detectProfile(parseManifests([{ name: 'in.yaml', text: base + cnp('x', 'spec:\n  endpointSelector: {}\n') }]));
    expect(d.profile).toBe('cilium');
    expect(d.evidence[0]).toMatchObject({ kind: 'CiliumNetworkPolicy', name: 'x' });
    const route = `---\napiVersion: route.openshift.io/v1\nkind: Route\nmetadata:\n  name: r\n  namespace: shop\nspec:\n  to:\n    kind: Service\n    name: web\n`;
    expect(detectProfile(parseManifests([{ name: 'in.yaml', text: base + cnp('x', 'spec:\n  endpointSelector: {}\n') + route }])).profile).toBe('openshift');
  });
});
