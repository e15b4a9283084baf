// `ip:` endpoints that belong to the input: a Service's virtual addresses are traced as the Service, a
// running pod's IP as the pod; anything else stays an address (ipBlock semantics).
import { describe, expect, it } from 'vitest';
import { loadCluster } from '../index';
import { canonicalAddress, ownerOfAddress } from './address';
import { ns, pod } from './policy/testkit';
import { traceQuery } from './trace';

const YAML =
  ns('shop') +
  pod('shop', 'web', { app: 'web' }, [{ containerPort: 8080 }], 'status: {phase: Running, podIP: 10.128.0.5}\n') +
  pod('shop', 'client', { app: 'client' }, [], 'status: {phase: Running, podIP: 10.128.0.9}\n') +
  pod('shop', 'done', { app: 'batch' }, [], 'status: {phase: Succeeded, podIP: 10.128.0.77}\n') +
  `---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  clusterIP: 172.30.12.34
  clusterIPs: [172.30.12.34, "fd02::1234"]
  externalIPs: [192.0.2.50]
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: only-client, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: client}}}]
  - from: [{ipBlock: {cidr: 10.0.0.0/8}}]
    ports: [{port: 9999}]
`;

const cluster = () => loadCluster([{ name: 't.yaml', text: YAML }], { profile: 'kubernetes' });

describe('ownerOfAddress', () => {
  it('finds Services by ClusterIP, clusterIPs (any IPv6 spelling) and externalIPs, pods by podIP', () => {
    const c = cluster();
    expect(ownerOfAddress(c, '172.30.12.34')).toMatchObject({ kind: 'service', field: 'spec.clusterIP' });
    expect(ownerOfAddress(c, 'fd02:0:0::1234')).toMatchObject({ kind: 'service', field: 'spec.clusterIPs' });
    expect(ownerOfAddress(c, '192.0.2.50')).toMatchObject({ kind: 'service', field: 'spec.externalIPs' });
    const p = ownerOfAddress(c, '10.128.0.5');
    expect(p?.kind === 'pod' && p.pod.id).toBe('shop/web');
  });
  it('leaves finished pods, unknown and malformed addresses alone', () => {
    const c = cluster();
    expect(ownerOfAddress(c, '10.128.0.77')).toBeUndefined();
    expect(ownerOfAddress(c, '10.128.0.6')).toBeUndefined();
    expect(ownerOfAddress(c, 'not-an-ip')).toBeUndefined();
    expect(canonicalAddress('::ffff:10.1.2.3')).toBe('10.1.2.3');
  });
  it('does not give an address shared by two running pods (host network) to either', () => {
    const shared = YAML.replace('podIP: 10.128.0.9', 'podIP: 10.128.0.5');
    const c = loadCluster([{ name: 't.yaml', text: shared }], { profile: 'kubernetes' });
    expect(ownerOfAddress(c, '10.128.0.5')).toBeUndefined();
  });
});

describe('ip: endpoints that belong to the input', () => {
  it('traces a ClusterIP as the Service: port translation, endpoints, the destination pod policies', () => {
    const t = traceQuery(cluster(), { from: 'shop/client', to: 'ip:172.30.12.34', port: 80 });
    expect(t.allowed).toBe(true);
    expect(t.reached).toBe('shop/web');
    const note = t.hops.find((h) => h.title.startsWith('172.30.12.34 is Service shop/web'));
    expect(note?.rule?.path).toBe('spec.clusterIP');
    expect(note?.rule?.source.startLine).toBe(YAML.split('\n').findIndex((l) => l.includes('clusterIP: 172.30.12.34')) + 1);
    expect(t.hops.map((h) => h.kind)).toContain('endpoints');
  });
  it('denies a ClusterIP on a port the Service does not have (not the pod port)', () => {
    const t = traceQuery(cluster(), { from: 'shop/client', to: 'ip:172.30.12.34', port: 8080 });
    expect(t.allowed).toBe(false);
    expect(t.hops.some((h) => h.kind === 'service' && h.verdict === 'denied')).toBe(true);
  });
  it('a ClusterIP is not reachable from outside the cluster (no more "both ends outside" error)', () => {
    const t = traceQuery(cluster(), { from: 'internet', to: 'ip:172.30.12.34', port: 80 });
    expect(t.error).toBeUndefined();
    expect(t.allowed).toBe(false);
    expect(t.summary).toMatch(/ClusterIP of Service shop\/web: a virtual address that only exists inside the cluster/);
    expect(t.hops.at(-1)?.rule?.path).toBe("spec.clusterIP");
  });
  it('traces a pod IP as the pod: pod selectors apply, an ipBlock does not (kubernetes profile)', () => {
    // As an address, 10.128.0.9 is not admitted on 8080 (the ipBlock rule is for 9999 only); as the pod
    // shop/client it is admitted by the podSelector rule.
    const t = traceQuery(cluster(), { from: 'ip:10.128.0.9', to: 'ip:10.128.0.5', port: 8080 });
    expect(t.error).toBeUndefined();
    expect(t.allowed).toBe(true);
    expect(t.reached).toBe('shop/web');
    expect(t.hops.filter((h) => / is pod shop\//.test(h.title)).map((h) => h.kind)).toEqual(['source', 'destination']);
  });
  it('keeps other addresses as addresses outside the cluster', () => {
    const t = traceQuery(cluster(), { from: 'ip:10.1.2.3', to: 'shop/web', port: 9999 });
    expect(t.allowed).toBe(true);
    expect(t.hops.some((h) => / is pod /.test(h.title))).toBe(false);
  });
});
