import { describe, expect, it } from 'vitest';
import { certCoversHost, nameMatchesHost, parsePemCertificates } from './certs';
import { clusterOf, fixture, trace } from './testutil';

const pem = fixture('shop-cert.pem');
const key = fixture('shop-key.pem');
const indent = (s: string, n: number) => s.trim().split('\n').map((l) => ' '.repeat(n) + l).join('\n');

describe('certificates', () => {
  it('reads subject, SANs and expiry', () => {
    const c = parsePemCertificates(pem);
    if ('error' in c) throw new Error(c.error);
    expect(c[0].subject).toContain('CN=shop.apps.example.com');
    expect(c[0].dnsNames).toEqual(['shop.apps.example.com', '*.shop.example.com']);
    expect(c[0].notAfter.getTime()).toBeGreaterThan(c[0].notBefore.getTime());
    expect(certCoversHost(c[0], 'shop.apps.example.com')).toBe(true);
    expect(certCoversHost(c[0], 'eu.shop.example.com')).toBe(true);
    expect(certCoversHost(c[0], 'a.eu.shop.example.com')).toBe(false);
    expect(nameMatchesHost('*.example.com', 'example.com')).toBe(false);
  });
  it('rejects garbage', () => {
    expect('error' in (parsePemCertificates('hello') as object)).toBe(true);
  });
});

const app = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, ports: [{containerPort: 8443}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 443, targetPort: 8443}]}
---
`;
const route = (host: string, tls: string) => `apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: web, namespace: shop}
spec:
  host: ${host}
  to: {kind: Service, name: web}
  tls:
${tls}
`;

describe('TLS hop', () => {
  const withCert = (host: string) => route(host, `    termination: edge\n    key: |\n${indent(key, 6)}\n    certificate: |\n${indent(pem, 6)}`);
  it('shows the certificate and accepts a matching host', () => {
    const t = trace(clusterOf(app + withCert('shop.apps.example.com')), { from: 'internet', to: 'https://shop.apps.example.com/' }, new Date('2030-01-01'));
    const h = t.hops.find((x) => x.kind === 'tls')!;
    expect(h.verdict).toBe('allowed');
    expect(h.facts!['certificate SANs']).toContain('shop.apps.example.com');
    expect(t.reached).toBe('shop/web');
  });
  it('flags a host mismatch and an expired certificate', () => {
    const mismatch = trace(clusterOf(app + withCert('other.apps.example.com')), { from: 'internet', to: 'https://other.apps.example.com/' }, new Date('2030-01-01'));
    expect(mismatch.hops.find((x) => x.kind === 'tls')!.steps.some((s) => s.text.includes('does not cover'))).toBe(true);
    const expired = trace(clusterOf(app + withCert('shop.apps.example.com')), { from: 'internet', to: 'https://shop.apps.example.com/' }, new Date('2045-01-01'));
    expect(expired.hops.find((x) => x.kind === 'tls')!.steps.some((s) => s.text.includes('EXPIRED'))).toBe(true);
    expect(expired.verdict).toBe('warning');
  });
  it('a custom host without certificate gets the default certificate warning', () => {
    const t = trace(clusterOf(app + route('www.shop.com', '    termination: edge')), { from: 'internet', to: 'https://www.shop.com/' });
    const h = t.hops.find((x) => x.kind === 'tls')!;
    expect(h.verdict).toBe('warning');
    expect(h.steps[0].text).toContain('name mismatch');
  });
  it('passthrough: the pod terminates TLS', () => {
    const t = trace(clusterOf(app + route('p.apps.example.com', '    termination: passthrough')), { from: 'internet', to: 'https://p.apps.example.com/any/path' });
    expect(t.hops.find((x) => x.kind === 'tls')!.summary).toContain('pod terminates TLS');
    expect(t.reached).toBe('shop/web');
  });
  it('reencrypt without destination CA warns unless the Service has a serving certificate', () => {
    const t = trace(clusterOf(app + route('r.apps.example.com', '    termination: reencrypt')), { from: 'internet', to: 'https://r.apps.example.com/' });
    expect(t.hops.find((x) => x.kind === 'tls')!.facts!['destination CA']).toBe('service CA (default)');
    const svcCert = app.replace('metadata: {name: web, namespace: shop}\nspec: {selector', 'metadata: {name: web, namespace: shop, annotations: {service.beta.openshift.io/serving-cert-secret-name: web-tls}}\nspec: {selector');
    const ok = trace(clusterOf(svcCert + route('r.apps.example.com', '    termination: reencrypt')), { from: 'internet', to: 'https://r.apps.example.com/' });
    expect(ok.hops.find((x) => x.kind === 'tls')!.verdict).toBe('allowed');
  });
});
