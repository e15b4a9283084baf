import { describe, expect, it } from 'vitest';
import { loadCluster } from '../index';
import type { ProfileName } from '../model/types';
import { lintCluster } from './index';

const lint = (yaml: string, profile: ProfileName = 'openshift') => lintCluster(loadCluster([{ name: 'l.yaml', text: yaml }], { profile }));
const of = (yaml: string, code: string, profile?: ProfileName) => lint(yaml, profile).filter((f) => f.code === code);

const pods = `apiVersion: v1
kind: Pod
metadata: {name: a, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: free, namespace: shop, labels: {app: other}}
spec: {containers: [{name: c}]}
`;
const egressPolicy = (extra: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
  - to: [{podSelector: {}}]
${extra}`;

describe('egress-no-dns', () => {
  it('one finding per isolating policy, listing the pods, with the OpenShift snippet (5353)', () => {
    const f = of(pods + egressPolicy(''), 'egress-no-dns');
    expect(f).toHaveLength(1);
    expect(f[0].object).toBe('NetworkPolicy/shop/web-egress');
    expect(f[0].message).toContain('shop/a, shop/b');
    expect(f[0].message).not.toContain('shop/free');
    expect(f[0].message).toContain('5353');
    expect(f[0].fix?.snippet).toContain('kubernetes.io/metadata.name: openshift-dns');
    expect(f[0].source.startLine).toBeGreaterThan(15);
  });
  it('Kubernetes profile: kube-system, port 53', () => {
    const f = of(pods + egressPolicy(''), 'egress-no-dns', 'kubernetes');
    expect(f[0].fix?.snippet).toContain('kube-system');
    expect(f[0].fix?.snippet).toContain('port: 53');
  });
  it('a rule for the DNS pods\' port removes it; a rule for 53 on OpenShift does not', () => {
    const ok = '  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: openshift-dns}}}]\n    ports: [{protocol: UDP, port: 5353}, {protocol: TCP, port: 5353}]\n';
    expect(of(pods + egressPolicy(ok), 'egress-no-dns')).toHaveLength(0);
    const only53 = of(pods + egressPolicy(ok.replace(/5353/g, '53')), 'egress-no-dns');
    expect(only53).toHaveLength(1);
    expect(only53[0].message).toContain('A rule admits port 53 to the DNS pods, but that is the Service\'s port');
    expect(of(pods + egressPolicy(''), 'egress-no-dns')[0].message).not.toContain('A rule admits port 53');
    expect(of(pods, 'egress-no-dns')).toHaveLength(0);
  });
});

describe('egress-no-dns when the DNS pods\' address is unknown (OVN-K ipBlocks)', () => {
  it('an ipBlock that may hold the DNS pods gives a finding that says "might", not "cannot"', () => {
    const block = (cidr: string) => `  - to: [{ipBlock: {cidr: ${cidr}}}]\n`;
    const maybe = of(pods + egressPolicy(block('10.128.0.0/16')), 'egress-no-dns');
    expect(maybe).toHaveLength(1);
    expect(maybe[0].message).toContain('no rule surely admits the cluster DNS');
    expect(maybe[0].message).toContain('10.128.0.0/16');
    expect(maybe[0].message).not.toContain('cannot resolve any name, so');
    // A block that surely holds every pod address decides it: no finding; one that surely does not: the definite one.
    expect(of(pods + egressPolicy(block('0.0.0.0/0')), 'egress-no-dns')).toHaveLength(0);
    expect(of(pods + egressPolicy(block('192.168.0.0/16')), 'egress-no-dns')[0].message).toContain('cannot resolve any name, so');
  });
});

describe('nodeport-out-of-range', () => {
  const svc = (nodePort: number) => `apiVersion: v1
kind: Service
metadata: {name: np, namespace: shop}
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 8080
    nodePort: ${nodePort}
`;
  it('flags 8080 and 32768 at the nodePort line, not 30000 or 32767', () => {
    const f = of(svc(8080), 'nodeport-out-of-range');
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('error');
    expect(f[0].source.startLine).toBe(10);
    expect(of(svc(32768), 'nodeport-out-of-range')).toHaveLength(1);
    expect(of(svc(30000), 'nodeport-out-of-range')).toHaveLength(0);
    expect(of(svc(32767), 'nodeport-out-of-range')).toHaveLength(0);
  });
});

describe('route-ingress-collision', () => {
  const svc = `---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: 8080}]}
`;
  const route = (ts: string, path = '/') => `---
apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: web, namespace: shop, creationTimestamp: "${ts}"}
spec: {host: shop.example.com, path: ${path}, to: {kind: Service, name: web}}
`;
  const ingress = (ts: string) => `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop, creationTimestamp: "${ts}"}
spec:
  rules:
  - host: shop.example.com
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
`;
  it('says which one the router serves (the older claim)', () => {
    const routeOlder = of(pods + svc + route('2023-01-01T00:00:00Z') + ingress('2024-01-01T00:00:00Z'), 'route-ingress-collision');
    expect(routeOlder).toHaveLength(1);
    expect(routeOlder[0].object).toBe('Ingress/shop/web');
    expect(routeOlder[0].message).toContain('Route shop/web is served');
    const ingressOlder = of(pods + svc + route('2025-01-01T00:00:00Z') + ingress('2024-01-01T00:00:00Z'), 'route-ingress-collision');
    expect(ingressOlder[0].message).toContain('the Ingress is served');
  });
  it('different paths do not collide; the kubernetes profile has no Routes to collide with', () => {
    expect(of(pods + svc + route('2023-01-01T00:00:00Z', '/api') + ingress('2024-01-01T00:00:00Z'), 'route-ingress-collision')).toHaveLength(0);
    expect(of(pods + svc + route('2023-01-01T00:00:00Z') + ingress('2024-01-01T00:00:00Z'), 'route-ingress-collision', 'kubernetes')).toHaveLength(0);
  });
});
