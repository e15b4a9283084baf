import { describe, expect, it } from 'vitest';
import { allowListMatch, goParseCIDR, goParseIP, readAllowList } from './allowlist';
import { clusterOf, trace } from './testutil';

const A = 'haproxy.router.openshift.io/ip_allowlist';
const W = 'haproxy.router.openshift.io/ip_whitelist';

describe('reading the allow-list like openshift/router', () => {
  it('Go-like IP and CIDR parsing', () => {
    expect(goParseIP('10.0.0.1')).toBe(true);
    expect(goParseIP('010.0.0.1')).toBe(false);
    expect(goParseIP('2001:db8::1')).toBe(true);
    expect(goParseIP('example.com')).toBe(false);
    expect(goParseCIDR('10.0.0.0/8')).toBe(true);
    expect(goParseCIDR('10.0.0.5/24')).toBe(true);
    expect(goParseCIDR('10.0.0.0/33')).toBe(false);
    expect(goParseCIDR('2001:db8::/129')).toBe(false);
  });
  it('space-separated entries are enforced', () => {
    const l = readAllowList({ [A]: '192.168.1.0/24 10.1.2.3' })!;
    expect(l.enforced).toBe(true);
    expect(allowListMatch(l, '192.168.1.77')).toBe('192.168.1.0/24');
    expect(allowListMatch(l, '10.1.2.3')).toBe('10.1.2.3');
    expect(allowListMatch(l, '10.1.2.4')).toBeUndefined();
  });
  it('commas, a prefix above /32 or a word: discarded, everyone allowed', () => {
    for (const v of ['10.0.0.1,10.0.0.2', '10.0.0.0/33', 'office', ' 10.0.0.1', '10.0.0.1\n']) {
      const l = readAllowList({ [A]: v })!;
      expect(l.enforced, JSON.stringify(v)).toBe(false);
      expect(l.discarded).toBeTruthy();
    }
  });
  it('a mix keeps the valid entries and drops the rest (router f0926cb2f)', () => {
    const l = readAllowList({ [A]: '10.0.0.0/8 10.0.0.1,10.0.0.2 192.168.0.0/33' })!;
    expect(l.enforced).toBe(true);
    expect(l.entries).toEqual(['10.0.0.0/8']);
    expect(l.invalid).toEqual(['10.0.0.1,10.0.0.2', '192.168.0.0/33']);
  });
  it('ip_allowlist wins over ip_whitelist; an empty allowlist falls back to the whitelist', () => {
    expect(readAllowList({ [A]: '10.0.0.1', [W]: '10.0.0.2' })!.entries).toEqual(['10.0.0.1']);
    expect(readAllowList({ [A]: '', [W]: '10.0.0.2' })!.entries).toEqual(['10.0.0.2']);
    expect(readAllowList({})).toBeUndefined();
  });
});

describe('allow-list in the trace', () => {
  const y = (v: string) => `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: route.openshift.io/v1
kind: Route
metadata:
  name: web
  namespace: shop
  annotations: {${A}: "${v}"}
spec: {host: a.apps.example.com, to: {kind: Service, name: web}}
`;
  it('a client outside the list is refused, with a fix', () => {
    const t = trace(clusterOf(y('198.51.100.0/24')), { from: 'ip:203.0.113.9', to: 'http://a.apps.example.com/' });
    expect(t.allowed).toBe(false);
    const h = t.hops.find((x) => x.kind === 'allowlist')!;
    expect(h.verdict).toBe('denied');
    expect(h.fix?.snippet).toContain('198.51.100.0/24 203.0.113.9');
    expect(trace(clusterOf(y('198.51.100.0/24')), { from: 'ip:198.51.100.20', to: 'http://a.apps.example.com/' }).reached).toBe('shop/web');
  });
  it('a malformed list lets everyone in and the trace shouts', () => {
    const t = trace(clusterOf(y('198.51.100.1,198.51.100.2')), { from: 'internet', to: 'http://a.apps.example.com/' });
    expect(t.allowed).toBe(true);
    const h = t.hops.find((x) => x.kind === 'allowlist')!;
    expect(h.verdict).toBe('warning');
    expect(h.title).toContain('everyone is allowed');
    expect(t.verdict).toBe('warning');
  });
});
