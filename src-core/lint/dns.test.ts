// egress-no-dns (dns.ts): pods isolated for egress that cannot reach the cluster DNS pods.
import { describe, expect, it } from 'vitest';
import { of, pods } from './testkit';

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
