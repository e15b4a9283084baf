// The trace dispatcher and batch queries: endpoint forms, port defaults and named ports, errors as data,
// warnings for finished and host-network pods.
import { describe, expect, it } from 'vitest';
import { clusterOf, ns, pod } from '../policy/testkit';
import { runQueries, readQuery } from '../query';
import { traceQuery } from './index';

const np = (yaml: string) => `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n${yaml}`;
const yaml =
  ns('shop') +
  ns('other') +
  pod('shop', 'web', { app: 'web' }, [{ name: 'http', containerPort: 8080 }, { name: 'dns', containerPort: 5353, protocol: 'UDP' }]) +
  pod('shop', 'ui', { app: 'ui' }) +
  pod('other', 'ui', { app: 'ui' }) +
  pod('shop', 'done', { app: 'ui' }, [], 'status:\n  phase: Succeeded\n') +
  pod('shop', 'host', { app: 'ui' }, [], '  hostNetwork: true\n') +
  `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n      - name: c\n        ports: [{containerPort: 9000}]\n` +
  np(`metadata: {name: web-in, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: ui}}}, {ipBlock: {cidr: 203.0.113.0/24}}]\n    ports: [{port: 8080}]\n`) +
  np(`metadata: {name: ui-out, namespace: other}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to: [{ipBlock: {cidr: 8.8.8.8/32}}]\n    ports: [{port: 53, protocol: UDP}]\n`);
const c = clusterOf(yaml);

describe('traceQuery', () => {
  it('an unknown pod gets a hint: the same name elsewhere, how many pods the namespace has, or no such namespace', () => {
    expect(traceQuery(c, { from: 'other/web', to: 'shop/ui' }).error).toMatch(/No Pod or workload named "web" in namespace "other"\. There is shop\/web in another namespace\./);
    expect(traceQuery(c, { from: 'shop/nope', to: 'shop/ui' }).error).toMatch(/Namespace shop has 5 pods\/workloads\./);
    expect(traceQuery(c, { from: 'shop/ui', to: 'ghost/nothing' }).error).toMatch(/There is no namespace ghost in the input\./);
  });
  it('pod → pod: source hop, policy hops, destination, path and reached', () => {
    const t = traceQuery(c, { from: 'shop/ui', to: 'shop/web', port: 8080 });
    expect(t.error).toBeUndefined();
    expect(t.allowed).toBe(true);
    expect(t.reached).toBe('shop/web');
    expect(t.hops.map((h) => h.kind)).toEqual(['source', 'egress-policy', 'ingress-policy', 'destination']);
    expect(t.path).toEqual(['Pod/shop/ui', 'NetworkPolicy/shop/web-in', 'Pod/shop/web']);
  });

  it('a denial names the deciding hop in the summary and reaches nothing', () => {
    const t = traceQuery(c, { from: 'other/ui', to: 'shop/web', port: 8080 });
    expect(t.allowed).toBe(false);
    expect(t.reached).toBeNull();
    expect(t.verdict).toBe('denied');
    // Both directions fail: other/ui may only send DNS to 8.8.8.8, and web admits only pods of shop.
    expect(t.summary).toContain('NetworkPolicy selects other/ui for egress');
    expect(t.hops.find((h) => h.kind === 'ingress-policy')?.summary).toContain('web-in ingress rule 1 admits pods app=ui in namespace shop or addresses (pods included) in 203.0.113.0/24, not other/ui');
    expect(t.hops.find((h) => h.verdict === 'denied')?.fix?.snippet).toContain('kind: NetworkPolicy');
  });

  it('workloads are endpoints too', () => {
    const t = traceQuery(c, { from: 'shop/api', to: 'shop/ui' });
    expect(t.allowed).toBe(true);
    expect(t.hops[0].summary).toContain('Deployment');
  });

  it('internet and ip: sources keep their address for ipBlocks', () => {
    expect(traceQuery(c, { from: 'internet', to: 'shop/web', port: 8080 }).allowed).toBe(true);
    expect(traceQuery(c, { from: 'ip:198.51.100.1', to: 'shop/web', port: 8080 }).allowed).toBe(false);
  });

  it('pod → ip: egress policies decide; there is no pod to reach', () => {
    const ok = traceQuery(c, { from: 'other/ui', to: 'ip:8.8.8.8', port: 53, protocol: 'UDP' });
    expect(ok.allowed).toBe(true);
    expect(ok.reached).toBeNull();
    expect(ok.hops.at(-1)?.kind).toBe('external');
    expect(traceQuery(c, { from: 'other/ui', to: 'ip:8.8.4.4', port: 53, protocol: 'UDP' }).allowed).toBe(false);
    expect(traceQuery(c, { from: 'other/ui', to: 'internet', port: 53, protocol: 'UDP' }).allowed).toBe(false);
  });

  it('router → pod uses the profile router stand-in as the source', () => {
    const t = traceQuery(c, { from: 'router', to: 'shop/ui', port: 80 });
    expect(t.allowed).toBe(true);
    expect(t.hops[0].title).toContain('router');
    expect(traceQuery(c, { from: 'router', to: 'shop/web', port: 8080 }).allowed).toBe(false);
  });

  it('named_port is resolved on the destination by name and protocol; an unknown name is a denial', () => {
    const t = traceQuery(c, { from: 'shop/ui', to: 'shop/web', named_port: 'http' });
    expect(t.allowed).toBe(true);
    expect(t.summary).toContain('8080');
    const wrongProto = traceQuery(c, { from: 'shop/ui', to: 'shop/web', named_port: 'dns' });
    expect(wrongProto.allowed).toBe(false);
    expect(wrongProto.error).toBeUndefined();
    expect(wrongProto.hops[0].kind).toBe('port');
    expect(traceQuery(c, { from: 'shop/ui', to: 'shop/web', named_port: 'dns', protocol: 'UDP' }).hops.some((h) => h.kind === 'port')).toBe(false);
  });

  it('without a port: the first declared containerPort of the protocol, else 80', () => {
    expect(traceQuery(c, { from: 'shop/ui', to: 'shop/web' }).summary).toContain('TCP 8080');
    expect(traceQuery(c, { from: 'shop/web', to: 'shop/ui' }).summary).toContain('TCP 80 ');
  });

  it('a finished pod can neither send nor receive; the trace says why', () => {
    const t = traceQuery(c, { from: 'shop/done', to: 'shop/web', port: 8080 });
    expect(t.allowed).toBe(false);
    expect(t.hops.some((h) => h.verdict === 'warning' && h.summary.includes('phase Succeeded'))).toBe(true);
    // The policies alone would have allowed it, and the hops still show that.
    expect(t.hops.find((h) => h.kind === 'ingress-policy')?.verdict).toBe('allowed');
  });

  it('a workload scaled to zero cannot receive; a Job only while it runs', () => {
    const scaled = clusterOf(yaml.replace('kind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n', 'kind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  replicas: 0\n'));
    expect(scaled.podsById.get('shop/api')?.replicas).toBe(0);
    const t = traceQuery(scaled, { from: 'shop/ui', to: 'shop/api', port: 9000 });
    expect(t.allowed).toBe(false);
    expect(t.hops.some((h) => h.title === 'shop/api is scaled to zero')).toBe(true);
    expect(traceQuery(c, { from: 'shop/ui', to: 'shop/api', port: 9000 }).allowed).toBe(true);
    const job = clusterOf(yaml + `---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: migrate}}\n    spec: {containers: [{name: c}]}\n`);
    const j = traceQuery(job, { from: 'shop/migrate', to: 'shop/ui', port: 80 });
    expect(j.allowed).toBe(true);
    expect(j.verdict).toBe('warning');
  });

  it('a host-network pod gets a warning and the verdict `warning`', () => {
    const t = traceQuery(c, { from: 'shop/host', to: 'shop/web', port: 8080 });
    expect(t.allowed).toBe(true);
    expect(t.verdict).toBe('warning');
    expect(t.hops.some((h) => h.title.includes('host network'))).toBe(true);
  });

  it('bad endpoints are errors, never throws', () => {
    for (const [from, to, msg] of [
      ['shop/nope', 'shop/web', 'No Pod or workload named "nope"'],
      ['nosuch/zzz', 'shop/web', 'no namespace nosuch'],
      ['nosuch/ui', 'shop/web', 'There is shop/ui, other/ui'],
      ['svc:shop/web', 'shop/web', 'cannot send'],
      ['shop/ui', 'garbage', 'is not an endpoint'],
      ['internet', 'ip:1.2.3.4', 'Both ends are outside'],
      ['ip:999.1.1.1', 'shop/web', 'not an IP address'],
    ]) {
      const t = traceQuery(c, { from, to, port: 80 });
      expect(t.error, `${from} → ${to}`).toContain(msg);
      expect(t.allowed).toBe(false);
    }
    expect(traceQuery(c, { from: 'shop/ui', to: 'shop/web', port: 70000 }).error).toContain('1 to 65535');
  });
});

describe('runQueries', () => {
  it('answers every query in order; malformed ones get an error', () => {
    const rs = runQueries(c, [
      { from: 'shop/ui', to: 'shop/web', port: 8080, protocol: 'TCP', allowed: true },
      null,
      { from: 'shop/ui' },
      { from: 'shop/ui', to: 'shop/web', port: 'eighty' },
      { from: 'shop/ui', to: 'shop/web', protocol: 'ICMP' },
      { from: 'shop/ui', to: 'shop/web', port: 8080, named_port: 'http' },
      { from: 'other/ui', to: 'shop/web', port: 8080, protocol: 'tcp' },
      [1, 2],
    ]);
    expect(rs).toHaveLength(8);
    expect(rs[0]).toMatchObject({ allowed: true, reached: 'shop/web' });
    expect(rs[0].error).toBeUndefined();
    for (const i of [1, 2, 3, 4, 5, 7]) expect(rs[i], `query ${i}`).toMatchObject({ allowed: false, reached: null, error: expect.any(String) });
    expect(rs[6]).toMatchObject({ allowed: false, reached: null });
    expect(rs[6].error).toBeUndefined();
  });

  it('readQuery normalises protocol case and refuses ports that are not whole JSON numbers', () => {
    expect(readQuery({ from: 'a/b', to: 'c/d', port: 443, protocol: 'udp' })).toEqual({ from: 'a/b', to: 'c/d', port: 443, protocol: 'UDP' });
    // Issue 16: a digit string used to be converted silently; it is an error that says how to fix it.
    expect(readQuery({ from: 'a/b', to: 'c/d', port: '80' })).toEqual({ error: expect.stringContaining('not the string "80" (write 80 without quotes)') });
    expect(readQuery({ from: 'a/b', to: 'c/d', port: 'http' })).toEqual({ error: expect.stringContaining('"named_port"') });
    for (const port of [80.5, 1e29, -0, 0, 65536, -80]) {
      expect(readQuery({ from: 'a/b', to: 'c/d', port }), String(port)).toEqual({ error: expect.stringContaining('"port" must be a whole number from 1 to 65535') });
    }
  });
});
