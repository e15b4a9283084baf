// kube-proxy's endpoint choice, each rule against the upstream text it follows:
// - kubernetes/kubernetes pkg/proxy/topology.go CategorizeEndpoints (ready; "if there are 0 cluster-wide
//   endpoints, we can try to fallback to any terminating endpoints that are ready"; Local: local ready, else
//   local serving-and-terminating);
// - staging/src/k8s.io/endpointslice/utils.go podToEndpoint (serving = Ready, terminating = deletionTimestamp,
//   ready = publishNotReadyAddresses || (serving && !terminating));
// - website concepts/services-networking/service-traffic-policy ("If there are no node-local endpoints for the
//   Service, kube-proxy drops traffic").
import { describe, expect, it } from 'vitest';
import { traceQuery } from '../trace';
import { endpointsOf } from './service';
import { clusterOf } from './testutil';

const client = (node?: string) => `apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop, labels: {app: client}}
spec: {${node ? `nodeName: ${node}, ` : ''}containers: [{name: c}]}
status: {phase: Running, podIP: 10.128.0.5, conditions: [{type: Ready, status: "True"}]}
`;
const web = (name: string, node: string, ready: boolean, terminating = false) => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: shop, labels: {app: web}${terminating ? ', deletionTimestamp: "2026-12-04T10:00:00Z"' : ''}}
spec: {nodeName: ${node}, containers: [{name: c, ports: [{containerPort: 8080}]}]}
status: {phase: Running, podIP: 10.128.1.${name.length + (ready ? 1 : 2) + (terminating ? 10 : 0)}, conditions: [{type: Ready, status: "${ready ? 'True' : 'False'}"}]}
`;
const svc = (extra = '') => `---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080, nodePort: 30080}]
${extra}`;

const q = (from = 'shop/client', to = 'svc:shop/web') => ({ from, to, port: 80 });

describe('kube-proxy endpoint choice', () => {
  it('ready endpoints are used; a terminating, still-serving one is skipped while any is ready', () => {
    const c = clusterOf(client() + web('web-a', 'n1', true) + web('web-b', 'n2', true, true) + svc());
    const eps = endpointsOf(c, c.services[0]).all;
    const b = eps.find((e) => e.pod!.name === 'web-b')!;
    // podToEndpoint: Ready=True and deletionTimestamp set → serving, terminating, not ready.
    expect([b.ready, b.serving, b.terminating]).toEqual([false, true, true]);
    const t = traceQuery(c, q());
    expect(t.reached).toBe('shop/web-a');
    const h = t.hops.find((x) => x.kind === 'endpoints')!;
    expect(h.facts!.why).toBe('ready');
    expect(h.facts!.skipped).toContain('web-b');
    expect(h.facts!.skipped).toContain('terminating');
  });
  it('no ready endpoint: falls back to serving-and-terminating ones; a terminating pod that is not Ready serves nothing', () => {
    const c = clusterOf(client() + web('web-b', 'n2', true, true) + web('web-c', 'n2', false, true) + svc());
    const t = traceQuery(c, q());
    expect(t.allowed).toBe(true);
    expect(t.reached).toBe('shop/web-b');
    const h = t.hops.find((x) => x.kind === 'endpoints')!;
    expect(h.facts!.why).toBe('serving-terminating fallback');
    expect(h.verdict).toBe('warning');
    expect(h.facts!.skipped).toContain('web-c');
    const none = traceQuery(clusterOf(client() + web('web-c', 'n2', false, true) + svc()), q());
    expect(none.allowed).toBe(false);
    expect(none.verdict).toBe('denied');
  });
  it('publishNotReadyAddresses makes a terminating pod a ready endpoint (podToEndpoint)', () => {
    const c = clusterOf(client() + web('web-b', 'n2', true, true) + svc('  publishNotReadyAddresses: true\n'));
    expect(traceQuery(c, q()).hops.find((x) => x.kind === 'endpoints')!.facts!.why).toBe('ready');
  });
  it('internalTrafficPolicy Local: only endpoints on the client pod\'s node; none there → dropped', () => {
    const y = web('web-a', 'n1', true) + web('web-b', 'n2', true) + svc('  internalTrafficPolicy: Local\n');
    const on2 = traceQuery(clusterOf(client('n2') + y), q());
    expect(on2.reached).toBe('shop/web-b');
    const h = on2.hops.find((x) => x.kind === 'endpoints')!;
    expect(h.facts!.node).toBe('n2');
    expect(h.verdict).toBe('allowed');
    expect(h.facts!.skipped).toContain('on node "n1"');
    const on3 = traceQuery(clusterOf(client('n3') + y), q());
    expect(on3.verdict).toBe('denied');
    expect(on3.summary).toContain('drops');
  });
  it('internalTrafficPolicy Local, per node: the terminating fallback applies on the client\'s node', () => {
    const y = web('web-a', 'n1', true) + web('web-b', 'n2', true, true) + svc('  internalTrafficPolicy: Local\n');
    const t = traceQuery(clusterOf(client('n2') + y), q());
    expect(t.reached).toBe('shop/web-b');
    const h = t.hops.find((x) => x.kind === 'endpoints')!;
    expect(h.facts!.why).toContain('serving-terminating fallback');
    expect(h.verdict).toBe('warning');
  });
  it('internalTrafficPolicy Local and a client whose node the input does not give: undetermined, naming the nodes', () => {
    const y = web('web-a', 'n1', true) + svc('  internalTrafficPolicy: Local\n');
    const t = traceQuery(clusterOf(client() + y), q());
    expect(t.verdict).toBe('undetermined');
    expect(t.allowed).toBe(false);
    expect(t.summary).toContain('n1');
  });
  it('internalTrafficPolicy Local with DaemonSet endpoints: assumed the DaemonSet pod on the client\'s node, and said', () => {
    const y = client() + `---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: shop}
spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}}}
` + svc('  internalTrafficPolicy: Local\n');
    const t = traceQuery(clusterOf(y), q());
    expect(t.allowed).toBe(true);
    expect(t.reached).toBe('shop/agent');
    const h = t.hops.find((x) => x.kind === 'endpoints')!;
    expect(h.facts!.node).toContain('assumed');
    expect(h.verdict).toBe('warning');
    expect(h.steps.map((s) => s.text).join(' ')).toContain('DaemonSet agent');
  });
  it('externalTrafficPolicy Local on a NodePort from outside: the node the client hits decides → undetermined', () => {
    const y = client() + web('web-a', 'n1', true) + svc('  type: NodePort\n  externalTrafficPolicy: Local\n');
    const t = traceQuery(clusterOf(y, 'kubernetes'), q('internet'));
    expect(t.verdict).toBe('undetermined');
    // Cluster policy: any node forwards to any ready endpoint.
    const cl = traceQuery(clusterOf(client() + web('web-a', 'n1', true) + svc('  type: NodePort\n'), 'kubernetes'), q('internet'));
    expect(cl.reached).toBe('shop/web-a');
  });
  it('externalTrafficPolicy Local on a LoadBalancer: the health check sends only to nodes with a ready endpoint', () => {
    const y = client() + web('web-a', 'n1', true) + web('web-b', 'n2', false) + svc('  type: LoadBalancer\n  externalTrafficPolicy: Local\n');
    const t = traceQuery(clusterOf(y, 'kubernetes'), q('internet'));
    expect(t.reached).toBe('shop/web-a');
    expect(t.hops.find((x) => x.kind === 'endpoints')!.facts!.why).toContain('n1');
  });
});
