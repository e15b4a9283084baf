import { describe, expect, it } from 'vitest';
import { endpointsOf } from './service';
import { clusterOf, trace } from './testutil';

const pods = `apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop, labels: {app: client}}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web-1, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
status: {podIP: 10.128.0.11, conditions: [{type: Ready, status: "True"}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web-2, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 9090}]}]}
status: {podIP: 10.128.0.12, conditions: [{type: Ready, status: "False"}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web-3, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, ports: [{name: metrics, containerPort: 9100}]}]}
`;
const svc = (spec: string, name = 'web') => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: shop}
spec:
${spec}
`;

describe('Service endpoints', () => {
  it('a named targetPort is looked up per pod; pods without the name and not-ready pods are no endpoints', () => {
    const c = clusterOf(pods + svc('  selector: {app: web}\n  ports: [{port: 80, targetPort: http}]'));
    const e = endpointsOf(c, c.services[0]);
    expect(e.all.map((x) => `${x.pod!.name}:${x.port}:${x.ready}`)).toEqual(['web-1:8080:true', 'web-2:9090:false']);
    expect(e.usable.map((x) => x.pod!.name)).toEqual(['web-1']);
    expect(e.missingName.map((m) => m.pod.name)).toEqual(['web-3']);
  });
  it('svc: from a pod lands on a ready endpoint at its targetPort', () => {
    const c = clusterOf(pods + svc('  selector: {app: web}\n  ports: [{port: 80, targetPort: http}]'));
    const t = trace(c, { from: 'shop/client', to: 'svc:shop/web', port: 80 });
    expect(t.allowed).toBe(true);
    expect(t.reached).toBe('shop/web-1');
    expect(t.hops.find((h) => h.kind === 'port')!.title).toContain('8080');
    expect(trace(c, { from: 'shop/client', to: 'svc:shop/web', port: 8080 }).allowed).toBe(false);
  });
  it('selector-less Services use EndpointSlices (ports paired by name)', () => {
    const y = pods + svc('  ports: [{name: db, port: 5432}]', 'db') + `---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: db-1, namespace: shop, labels: {kubernetes.io/service-name: db}}
addressType: IPv4
ports: [{name: db, port: 5433}]
endpoints: [{addresses: [10.128.0.11]}]
`;
    const c = clusterOf(y);
    const e = endpointsOf(c, c.services.find((s) => s.meta.name === 'db')!);
    expect(e.usable.map((x) => `${x.ip}:${x.port}:${x.pod?.name}`)).toEqual(['10.128.0.11:5433:web-1']);
  });
  it('from outside: ClusterIP is refused, NodePort and LoadBalancer (with source ranges) are entry points', () => {
    const c1 = clusterOf(pods + svc('  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]'));
    expect(trace(c1, { from: 'internet', to: 'svc:shop/web', port: 80 }).allowed).toBe(false);
    const c2 = clusterOf(pods + svc('  type: NodePort\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080, nodePort: 30080}]'));
    const t = trace(c2, { from: 'internet', to: 'svc:shop/web', port: 80 });
    expect(t.reached).toBe('shop/web-1');
    expect(t.hops.find((h) => h.kind === 'service')!.facts!.nodePort).toBe('30080');
    const c3 = clusterOf(pods + svc('  type: LoadBalancer\n  loadBalancerSourceRanges: [198.51.100.0/24]\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080, nodePort: 30081}]'));
    expect(trace(c3, { from: 'internet', to: 'svc:shop/web', port: 80 }).allowed).toBe(false);
    expect(trace(c3, { from: 'ip:198.51.100.7', to: 'svc:shop/web', port: 80 }).reached).toBe('shop/web-1');
  });
  it('ExternalName leaves the cluster; sessionAffinity is shown', () => {
    const c = clusterOf(pods + svc('  type: ExternalName\n  externalName: db.example.org', 'ext') + svc('  sessionAffinity: ClientIP\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]'));
    const t = trace(c, { from: 'shop/client', to: 'svc:shop/ext', port: 5432 });
    expect(t.hops.find((h) => h.kind === 'service')!.summary).toContain('CNAME');
    expect(t.reached).toBeNull();
    expect(t.allowed).toBe(false);
    expect(trace(c, { from: 'shop/client', to: 'svc:shop/web', port: 80 }).hops.find((h) => h.kind === 'service')!.facts!.sessionAffinity).toBe('ClientIP');
  });
  // Issue 17: `svc:` to an ExternalName reaches nothing by itself (no cluster IP, no proxying — website
  // concepts/services-networking/service "ExternalName"), so the lookup-then-connect path is the dns: name.
  it('ExternalName by name: the client first looks the name up in the cluster DNS, and its egress policy must allow that', () => {
    const egress = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-only, namespace: shop}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress:
  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]
    ports: [{port: 5432}]
`;
    const ext = svc('  type: ExternalName\n  externalName: db.example.org', 'ext');
    const denied = trace(clusterOf(pods + ext + egress), { from: 'shop/client', to: 'dns:ext.shop', port: 5432 });
    expect(denied.allowed).toBe(false);
    const lookup = denied.hops.find((h) => h.kind === 'dns');
    expect(lookup?.verdict).toBe('denied');
    expect(lookup?.steps.map((s) => s.text).join(' ')).toContain('"ext.shop"');
    // With UDP/TCP 5353 (the DNS pods' port on OpenShift) added, the lookup is allowed and the trace goes on.
    const withDns = egress + `  - ports: [{port: 5353, protocol: UDP}, {port: 5353, protocol: TCP}]\n`;
    const open = trace(clusterOf(pods + ext + withDns), { from: 'shop/client', to: 'dns:ext.shop', port: 5432 });
    expect(open.hops.find((h) => h.kind === 'dns')?.verdict).toBe('allowed');
    expect(open.allowed).toBe(true);
    // 0.0.0.0/0 on 5432 admits every outside address, so what db.example.org resolves to does not matter.
    expect(open.hops.find((h) => h.title.startsWith('Egress from shop/client to'))?.verdict).toBe('allowed');
  });
  it('a workload scaled to 0 has no endpoints', () => {
    const y = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec: {replicas: 0, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c}]}}}
` + svc('  selector: {app: web}\n  ports: [{port: 80}]');
    const c = clusterOf(y);
    expect(endpointsOf(c, c.services[0]).usable).toHaveLength(0);
  });

  // pkg/controller/util/endpoint ShouldPodBeInEndpoints: `if len(pod.Status.PodIP) == 0 && len(pod.Status.PodIPs) == 0 { return false }`,
  // before publishNotReadyAddresses is looked at.
  it('a live pod without an IP is never an endpoint, even with publishNotReadyAddresses', () => {
    const pending = `---
apiVersion: v1
kind: Pod
metadata: {name: web-9, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
status: {phase: Pending, conditions: [{type: PodScheduled, status: "False"}]}
`;
    const c = clusterOf(pods + pending + svc('  publishNotReadyAddresses: true\n  selector: {app: web}\n  ports: [{port: 80, targetPort: http}]'));
    const e = endpointsOf(c, c.services[0]);
    expect(e.all.map((x) => x.pod!.name)).toEqual(['web-1', 'web-2']);
    expect(e.steps.map((x) => x.text).join(' ')).toContain('web-9 matches the selector but has no IP');
  });
  // endpointslicemirroring: `skipMirror(labels)` is `labels[discovery.LabelSkipMirror] == "true"`; kube-proxy reads only slices.
  it('an Endpoints object labelled skip-mirror "true" is not mirrored, so it serves no traffic', () => {
    const ep = (label: string) => svc('  ports: [{name: db, port: 5432}]', 'db') + `---
apiVersion: v1
kind: Endpoints
metadata: {name: db, namespace: shop${label}}
subsets: [{addresses: [{ip: 10.128.0.11}], ports: [{name: db, port: 5432}]}]
`;
    const off = clusterOf(pods + ep(', labels: {endpointslice.kubernetes.io/skip-mirror: "true"}'));
    const t = trace(off, { from: 'shop/client', to: 'svc:shop/db', port: 5432 });
    expect(t.allowed).toBe(false);
    expect(t.hops.find((h) => h.kind === 'endpoints')!.steps.map((x) => x.text).join(' ')).toContain('skip-mirror');
    expect(trace(clusterOf(pods + ep('')), { from: 'shop/client', to: 'svc:shop/db', port: 5432 }).reached).toBe('shop/web-1');
    // Only the exact value "true" skips mirroring.
    expect(trace(clusterOf(pods + ep(', labels: {endpointslice.kubernetes.io/skip-mirror: "yes"}')), { from: 'shop/client', to: 'svc:shop/db', port: 5432 }).allowed).toBe(true);
  });
  // pkg/proxy/endpointslicecache.go merges endpoints by address: an Endpoints object and its mirrored slice are one endpoint.
  it('an Endpoints object and its mirrored EndpointSlice give one endpoint; slice conditions serving/terminating/nodeName are read', () => {
    const y = pods + svc('  ports: [{name: db, port: 5432}]', 'db') + `---
apiVersion: v1
kind: Endpoints
metadata: {name: db, namespace: shop}
subsets: [{addresses: [{ip: 10.128.0.11, nodeName: n1}], ports: [{name: db, port: 5432}]}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: db-mirror, namespace: shop, labels: {kubernetes.io/service-name: db, endpointslice.kubernetes.io/managed-by: endpointslicemirroring-controller.k8s.io}}
addressType: IPv4
ports: [{name: db, port: 5432}]
endpoints:
- {addresses: [10.128.0.11], nodeName: n1}
- {addresses: [10.128.0.12], nodeName: n2, conditions: {ready: false, serving: true, terminating: true}}
`;
    const c = clusterOf(y);
    const e = endpointsOf(c, c.services.find((s) => s.meta.name === 'db')!);
    expect(e.all.map((x) => `${x.ip}:${x.ready}:${x.serving}:${x.terminating}:${x.nodeName}`)).toEqual(['10.128.0.11:true:true:false:n1', '10.128.0.12:false:true:true:n2']);
  });
});
