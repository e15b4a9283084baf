import { describe, expect, it } from 'vitest';
import { resolveName } from './dns';
import { traceQuery } from '../trace';
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

// Issue 17, "Services without proxying" and "DNS", each against the website page
// concepts/services-networking/dns-pod-service (quoted) or the upstream code named.
describe('records for pods and headless Services', () => {
  const base = `apiVersion: v1
kind: Pod
metadata: {name: client, namespace: front}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: back}
spec: {clusterIP: None, selector: {app: db}, ports: [{port: 80, targetPort: 5432}]}
`;
  const dbPod = (name: string, extra: string, ready = true) => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: back, labels: {app: db}}
spec: {${extra}containers: [{name: c, ports: [{containerPort: 5432}]}]}
status: {phase: Running, podIP: 10.128.2.${name.length}, conditions: [{type: Ready, status: "${ready ? 'True' : 'False'}"}]}
`;
  it('"hostname is required for the Pod\'s A or AAAA record": a pod with only subdomain gets no record of its own', () => {
    const c = clusterOf(base + dbPod('db-x', 'subdomain: db, '), 'kubernetes');
    const client = c.podsById.get('front/client')!;
    expect(resolveName(c, client, 'db-x.db.back.svc.cluster.local').answer.kind).toBe('nxdomain');
    const withHost = clusterOf(base + dbPod('db-x', 'hostname: primary, subdomain: db, '), 'kubernetes');
    const a = resolveName(withHost, withHost.podsById.get('front/client')!, 'primary.db.back.svc.cluster.local').answer;
    expect(a.kind === 'pod' && a.pod.id).toBe('back/db-x');
  });
  it('"the Pod needs to be ready in order to have a record unless publishNotReadyAddresses=True"', () => {
    const unready = dbPod('db-x', 'hostname: primary, subdomain: db, ', false);
    const c = clusterOf(base + unready, 'kubernetes');
    expect(resolveName(c, c.podsById.get('front/client')!, 'primary.db.back.svc.cluster.local').answer.kind).toBe('nxdomain');
    const pub = clusterOf(base.replace('clusterIP: None,', 'clusterIP: None, publishNotReadyAddresses: true,') + unready, 'kubernetes');
    expect(resolveName(pub, pub.podsById.get('front/client')!, 'primary.db.back.svc.cluster.local').answer.kind).toBe('pod');
  });
  it('headless: the name gives the ready pods and the client dials the pod\'s port — no port → targetPort translation (FORMAT.md)', () => {
    const c = clusterOf(base + dbPod('db-a', '') + dbPod('db-bb', '', false), 'kubernetes');
    const t = traceQuery(c, { from: 'front/client', to: 'dns:db.back', port: 5432 });
    expect(t.reached).toBe('back/db-a');
    expect(t.hops.find((h) => h.kind === 'port')!.title).toContain('5432');
    const at80 = traceQuery(c, { from: 'front/client', to: 'dns:db.back', port: 80 });
    // The service port 80 is not translated: the connection goes to the pod on 80, which it does not declare.
    expect(at80.hops.find((h) => h.kind === 'port')!.title).toContain('80/TCP');
    expect(at80.hops.find((h) => h.kind === 'endpoints')!.summary).not.toContain('db-bb');
  });
  it('headless: a pod without the named targetPort still has its A record (the address is published, the port is the client\'s)', () => {
    const c = clusterOf(base.replace('targetPort: 5432', 'targetPort: pg') + dbPod('db-a', ''), 'kubernetes');
    expect(traceQuery(c, { from: 'front/client', to: 'dns:db.back', port: 5432 }).reached).toBe('back/db-a');
  });
  it('svc: to a headless Service has no virtual IP to reach, and says which name to use', () => {
    const c = clusterOf(base + dbPod('db-a', ''), 'kubernetes');
    const t = traceQuery(c, { from: 'front/client', to: 'svc:back/db', port: 80 });
    expect(t.verdict).toBe('denied');
    expect(t.summary).toContain('no virtual IP');
    expect(t.hops.at(-1)!.fix!.summary).toContain('dns:db.back');
  });
  it('a StatefulSet\'s pods are <name>-<ordinal>.<spec.serviceName> (statefulset initIdentity), ordinals below replicas', () => {
    const sts = (svcName: string) => `---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: pg, namespace: back}
spec: {serviceName: ${svcName}, replicas: 2, selector: {matchLabels: {app: db}}, template: {metadata: {labels: {app: db}}, spec: {containers: [{name: c, ports: [{containerPort: 5432}]}]}}}
`;
    const c = clusterOf(base + sts('db'), 'kubernetes');
    const client = c.podsById.get('front/client')!;
    const a = resolveName(c, client, 'pg-1.db.back').answer;
    expect(a.kind === 'pod' && a.pod.id).toBe('back/pg');
    expect(resolveName(c, client, 'pg-2.db.back').answer.kind).toBe('nxdomain');
    const other = clusterOf(base + sts('elsewhere'), 'kubernetes');
    expect(resolveName(other, other.podsById.get('front/client')!, 'pg-0.db.back').answer.kind).toBe('nxdomain');
  });
  it('ExternalName to a cluster name: the CNAME is followed inside the cluster, to that Service and its endpoints', () => {
    const y = base + dbPod('db-a', '') + `---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: back}
spec: {selector: {app: db}, ports: [{port: 80, targetPort: 5432}]}
---
apiVersion: v1
kind: Service
metadata: {name: alias, namespace: front}
spec: {type: ExternalName, externalName: api.back.svc.cluster.local}
`;
    const c = clusterOf(y, 'kubernetes');
    const t = traceQuery(c, { from: 'front/client', to: 'dns:alias', port: 80 });
    expect(t.reached).toBe('back/db-a');
    expect(t.hops.find((h) => h.kind === 'dns' && h.title === 'DNS alias')!.summary).toContain('CNAME api.back.svc.cluster.local');
    // svc: reaches nothing by itself: there is no Service address ("No proxying of any kind is set up").
    expect(traceQuery(c, { from: 'front/client', to: 'svc:front/alias', port: 80 }).verdict).toBe('denied');
  });
  it('"Services with external names that resemble IPv4 addresses are not resolved by DNS servers"', () => {
    const y = base + `---
apiVersion: v1
kind: Service
metadata: {name: legacy, namespace: front}
spec: {type: ExternalName, externalName: 10.20.30.40}
`;
    const t = traceQuery(clusterOf(y, 'kubernetes'), { from: 'front/client', to: 'dns:legacy', port: 80 });
    expect(t.verdict).toBe('denied');
    expect(t.summary).toContain('looks like an IPv4 address');
  });
});

describe('resolver per dnsPolicy', () => {
  const y = (spec: string) => `apiVersion: v1
kind: Pod
metadata: {name: client, namespace: front}
spec: {${spec}containers: [{name: c}]}
---
apiVersion: v1
kind: Service
metadata: {name: kube-dns, namespace: kube-system}
spec: {clusterIP: 10.96.0.10, selector: {k8s-app: kube-dns}, ports: [{name: dns, port: 53, protocol: UDP}]}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: back}
spec: {selector: {app: api}, ports: [{port: 80}]}
`;
  const resolve = (spec: string, name: string) => {
    const c = clusterOf(y(spec), 'kubernetes');
    return resolveName(c, c.podsById.get('front/client')!, name);
  };
  it('None with dnsConfig.nameservers naming the cluster DNS Service: names in full resolve, short ones do not (no search path)', () => {
    const spec = 'dnsPolicy: None, dnsConfig: {nameservers: [10.96.0.10]}, ';
    expect(resolve(spec, 'api.back.svc.cluster.local').answer.kind).toBe('service');
    expect(resolve(spec, 'api').answer.kind).toBe('nxdomain');
    expect(resolve('dnsPolicy: None, dnsConfig: {nameservers: [10.96.0.10], searches: [back.svc.cluster.local]}, ', 'api').answer.kind).toBe('service');
  });
  it('None with other nameservers: whether they answer cluster names is not in the input → undetermined', () => {
    const r = resolve('dnsPolicy: None, dnsConfig: {nameservers: [192.0.2.53]}, ', 'api.back.svc.cluster.local');
    expect(r.answer.kind).toBe('unknown-server');
    const c = clusterOf(y('dnsPolicy: None, dnsConfig: {nameservers: [192.0.2.53]}, '), 'kubernetes');
    expect(traceQuery(c, { from: 'front/client', to: 'dns:api.back.svc.cluster.local', port: 80 }).verdict).toBe('undetermined');
  });
  it('Default: the node\'s resolver, no cluster search path and no cluster names', () => {
    const r = resolve('dnsPolicy: Default, ', 'api.back.svc.cluster.local');
    expect(r.answer.kind).toBe('nxdomain');
    expect(r.tried).toEqual(['api.back.svc.cluster.local']);
  });
  it('ClusterFirstWithHostNet gives a hostNetwork pod the cluster resolver', () => {
    expect(resolve('hostNetwork: true, dnsPolicy: ClusterFirstWithHostNet, ', 'api.back').answer.kind).toBe('service');
  });
  it('backend.<a namespace of the input> is a failed Service lookup (NXDOMAIN), not a public name', () => {
    const r = resolve('', 'backend.back');
    expect(r.answer.kind).toBe('nxdomain');
    expect(r.steps.at(-1)!.text).toContain('namespace of the input');
    expect(resolve('', 'backend.example').answer.kind).toBe('external');
  });
});
