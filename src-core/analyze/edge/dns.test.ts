import { describe, expect, it } from 'vitest';
import { resolveName } from './dns';
import { clusterOf, trace } from './testutil';

const y = `apiVersion: v1
kind: Pod
metadata: {name: client, namespace: front, labels: {app: client}}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: hostnet, namespace: front}
spec: {hostNetwork: true, containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: back, labels: {app: api}}
spec: {hostname: api-0, subdomain: apis, containers: [{name: c, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: back}
spec: {selector: {app: api}, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: apis, namespace: back}
spec: {clusterIP: None, selector: {app: api}, ports: [{port: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: local, namespace: front}
spec: {selector: {app: client}, ports: [{port: 80}]}
`;

describe('cluster DNS', () => {
  const c = clusterOf(y, 'kubernetes');
  const client = c.podsById.get('front/client')!;
  it('svc, svc.ns, svc.ns.svc and the FQDN', () => {
    expect(resolveName(c, client, 'local').answer.kind).toBe('service');
    expect(resolveName(c, client, 'api').answer.kind).toBe('nxdomain');
    for (const n of ['api.back', 'api.back.svc', 'api.back.svc.cluster.local']) {
      const r = resolveName(c, client, n);
      expect(r.answer.kind, n).toBe('service');
    }
    expect(resolveName(c, client, 'api.back').tried[0]).toBe('api.back.front.svc.cluster.local');
  });
  it('ndots:5 tries the search path first; names with 5 dots go as written first', () => {
    expect(resolveName(c, client, 'a.b.c.d.e.f').tried[0]).toBe('a.b.c.d.e.f');
    expect(resolveName(c, client, 'www.example.com').answer.kind).toBe('external');
  });
  it('hostNetwork with ClusterFirst uses the node resolver: no cluster names', () => {
    expect(resolveName(c, c.podsById.get('front/hostnet')!, 'api.back.svc.cluster.local').answer.kind).toBe('nxdomain');
  });
  it('pod hostname.subdomain records need a headless Service named after the subdomain', () => {
    const a = resolveName(c, client, 'api-0.apis.back.svc.cluster.local').answer;
    expect(a.kind === 'pod' && a.pod.id).toBe('back/api');
  });
  it('dns: trace lands on the pod behind the service', () => {
    const t = trace(c, { from: 'front/client', to: 'dns:api.back', port: 80 });
    expect(t.reached).toBe('back/api');
    expect(t.hops.map((h) => h.kind).slice(0, 3)).toEqual(['source', 'dns', 'service']);
    expect(trace(c, { from: 'front/client', to: 'dns:api', port: 80 }).allowed).toBe(false);
  });
  it('headless: the client connects to the pod on the port it uses', () => {
    const t = trace(c, { from: 'front/client', to: 'dns:apis.back', port: 8080 });
    expect(t.reached).toBe('back/api');
  });
});
