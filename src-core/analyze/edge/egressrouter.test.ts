// Issue 18: the OVN EgressRouter CR (network.operator.openshift.io/v1) and Service endpoints outside the
// cluster under the egress firewall. Each test cites the upstream text it follows.
import { describe, expect, it } from 'vitest';
import { lintCluster } from '../../lint';
import { traceQuery } from '../trace';
import { clusterOf, trace } from './testutil';

const client = `apiVersion: v1
kind: Pod
metadata: {name: app, namespace: shop, labels: {app: app}}
spec: {containers: [{name: c}]}
status: {hostIP: 192.0.2.50, podIP: 10.128.2.7}
`;
const router = (redirect: string, extra = '') => `---
apiVersion: network.operator.openshift.io/v1
kind: EgressRouter
metadata: {name: egress-router-redirect, namespace: shop}
spec:
  networkInterface: {macvlan: {mode: Bridge}}
  addresses: [{ip: 192.168.12.99/24, gateway: 192.168.12.1}]
  mode: Redirect
  redirect:
${redirect}
${extra}`;
const rules = `    redirectRules:
    - {destinationIP: 10.0.0.99, port: 80, protocol: UDP}
    - {destinationIP: 203.0.113.26, port: 8080, targetPort: 80, protocol: TCP}
    - {destinationIP: 203.0.113.27, port: 8443, targetPort: 443, protocol: TCP}`;
// openshift-docs nw-egress-router-ovn "Failover configuration": the Service selects app: egress-router-cni.
const svc = `---
apiVersion: v1
kind: Service
metadata: {name: app-egress, namespace: shop}
spec:
  selector: {app: egress-router-cni}
  ports:
  - {name: tcp-8080, protocol: TCP, port: 8080}
  - {name: tcp-8443, protocol: TCP, port: 8443}
  - {name: tcp-9000, protocol: TCP, port: 9000}
  - {name: udp-80, protocol: UDP, port: 80}
`;

describe('OVN EgressRouter CR: redirect rules', () => {
  // openshift/api networkoperator/v1 types_egressrouter.go L4RedirectRule / RedirectConfig.
  it('a rule maps port and protocol to destinationIP:targetPort, sent from spec.addresses', () => {
    const c = clusterOf(client + router(rules) + svc, 'openshift');
    const t = traceQuery(c, { from: 'shop/app', to: 'svc:shop/app-egress', port: 8080 });
    expect(t.allowed).toBe(true);
    const h = t.hops.find((x) => x.kind === 'egress-router')!;
    expect(h.summary).toContain('203.0.113.26:80');
    expect(h.summary).toContain('192.168.12.99');
    // "TargetPort ... If unspecified, the value from "Port" is used."
    const udp = traceQuery(c, { from: 'shop/app', to: 'svc:shop/app-egress', port: 80, protocol: 'UDP' });
    expect(udp.hops.find((x) => x.kind === 'egress-router')!.summary).toContain('10.0.0.99:80');
  });
  it('without fallbackIP a port no rule names is rejected; with it, it goes to the fallback', () => {
    // "If redirect rules are specified and no fallback IP is provided, connections on other ports will simply be rejected."
    const c = clusterOf(client + router(rules) + svc, 'openshift');
    const t = traceQuery(c, { from: 'shop/app', to: 'svc:shop/app-egress', port: 9000 });
    expect(t.allowed).toBe(false);
    const h = t.hops.find((x) => x.kind === 'egress-router')!;
    expect(h.verdict).toBe('denied');
    expect(h.summary).toContain('no fallbackIP');
    const fb = clusterOf(client + router(rules + '\n    fallbackIP: 203.0.113.99') + svc, 'openshift');
    const ok = traceQuery(fb, { from: 'shop/app', to: 'svc:shop/app-egress', port: 9000 });
    expect(ok.allowed).toBe(true);
    expect(ok.hops.find((x) => x.kind === 'egress-router')!.summary).toContain('203.0.113.99:9000');
  });
  it('rules are per protocol: TCP 80 is not the UDP 80 rule', () => {
    const c = clusterOf(client + router(rules) + svc.replace('port: 9000}', 'port: 9000}\n  - {name: tcp-80, protocol: TCP, port: 80}'), 'openshift');
    expect(traceQuery(c, { from: 'shop/app', to: 'svc:shop/app-egress', port: 80, protocol: 'TCP' }).allowed).toBe(false);
  });
  it('the CR alone stands for the pod the operator creates; a pod to pod trace reaches it too', () => {
    const c = clusterOf(client + router(rules), 'openshift');
    const p = c.podsById.get('shop/egress-router-cni-deployment')!;
    expect(p.podLabels.app).toBe('egress-router-cni');
    const t = traceQuery(c, { from: 'shop/app', to: 'shop/egress-router-cni-deployment', port: 8443 });
    expect(t.hops.find((x) => x.kind === 'egress-router')!.summary).toContain('203.0.113.27:443');
  });
  it('a CR its CRD rejects creates no router: lint says why, the Service has no endpoints', () => {
    // types_egressrouter.go: Mode Enum="Redirect"; Addresses Required.
    const bad = client + router(rules).replace('mode: Redirect', 'mode: HTTPProxy') + svc;
    const c = clusterOf(bad, 'openshift');
    expect(c.podsById.get('shop/egress-router-cni-deployment')).toBeUndefined();
    expect(lintCluster(c).find((f) => f.code === 'egress-router-invalid')!.message).toContain('Redirect');
    expect(traceQuery(c, { from: 'shop/app', to: 'svc:shop/app-egress', port: 8080 }).allowed).toBe(false);
  });
  it('a real dump: the CNO Deployment and its pod (managedFields, ownerReferences, status), no Namespace', () => {
    const dump = `apiVersion: v1
kind: List
items:
- apiVersion: network.operator.openshift.io/v1
  kind: EgressRouter
  metadata:
    name: egress-router-redirect
    namespace: shop
    uid: 5c1b3d0e-0000-4000-8000-000000000001
    managedFields: [{manager: oc, operation: Apply, fieldsType: FieldsV1, fieldsV1: {f:spec: {}}}]
  spec:
    addresses: [{ip: 192.168.12.99/24, gateway: 192.168.12.1}]
    mode: Redirect
    networkInterface: {macvlan: {mode: Bridge}}
    redirect:
      redirectRules: [{destinationIP: 203.0.113.26, port: 8080, targetPort: 80, protocol: TCP}]
  status:
    conditions: [{type: Available, status: "True", lastTransitionTime: "2026-11-02T10:00:00Z"}]
- apiVersion: v1
  kind: Pod
  metadata:
    name: egress-router-cni-deployment-575465c75c-z2tcd
    namespace: shop
    labels: {app: egress-router-cni, pod-template-hash: 575465c75c}
    ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: egress-router-cni-deployment-575465c75c, uid: 5c1b3d0e-0000-4000-8000-000000000002, controller: true}]
    managedFields: [{manager: kube-controller-manager, operation: Update, fieldsType: FieldsV1, fieldsV1: {f:metadata: {}}}]
  spec:
    containers: [{name: egress-router-pod, image: quay.io/openshift/origin-egress-router-cni}]
    nodeName: worker-1
  status: {phase: Running, podIP: 10.128.6.47, hostIP: 192.0.2.11, conditions: [{type: Ready, status: "True"}]}
- apiVersion: v1
  kind: Pod
  metadata: {name: app, namespace: shop, labels: {app: app}, managedFields: []}
  spec: {containers: [{name: c}]}
  status: {phase: Running, podIP: 10.128.2.7, hostIP: 192.0.2.50}
`;
    const c = clusterOf(dump, 'openshift');
    expect(c.podsById.get('shop/egress-router-cni-deployment')).toBeUndefined();
    const t = traceQuery(c, { from: 'shop/app', to: 'shop/egress-router-cni-deployment-575465c75c-z2tcd', port: 8080 });
    expect(t.allowed).toBe(true);
    expect(t.hops.find((x) => x.kind === 'egress-router')!.summary).toContain('203.0.113.26:80');
  });
  it('two EgressRouters in one namespace: lint warns they share one Deployment name', () => {
    const two = client + router(rules) + router(rules).replace('name: egress-router-redirect', 'name: second');
    expect(lintCluster(clusterOf(two, 'openshift')).some((f) => f.code === 'egress-router-duplicate')).toBe(true);
  });
});

describe('Service endpoints outside the cluster and the egress firewall', () => {
  const external = (ns: string) => `---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: ${ns}}
spec: {ports: [{port: 5432}]}
---
apiVersion: v1
kind: Endpoints
metadata: {name: db, namespace: ${ns}}
subsets: [{addresses: [{ip: 203.0.113.40}], ports: [{port: 5432}]}]
`;
  const enp = (ns: string, rules: string) => `---
apiVersion: network.openshift.io/v1
kind: EgressNetworkPolicy
metadata: {name: default, namespace: ${ns}}
spec:
  egress:
${rules}
`;
  it('openshift-sdn: the Service namespace\'s policy filters the endpoints at kube-proxy — for clients anywhere', () => {
    // openshift/sdn pkg/network/proxy/proxy.go endpointsBlocked: an outside address the namespace's policy denies
    // → OnEndpointsDelete (the whole Endpoints object is withheld from kube-proxy).
    const y = client + external('data') + enp('data', '  - {type: Deny, to: {cidrSelector: 203.0.113.0/24}}');
    const t = trace(clusterOf(y, 'openshift-multitenant'), { from: 'shop/app', to: 'svc:data/db', port: 5432 });
    expect(t.allowed).toBe(false);
    const h = t.hops.find((x) => x.kind === 'egress-firewall')!;
    expect(h.verdict).toBe('denied');
    expect(h.summary).toContain('kube-proxy');
    // The client's own (empty) namespace does not matter; an Allow first keeps the endpoint.
    const ok = client + external('data') + enp('data', '  - {type: Allow, to: {cidrSelector: 203.0.113.40/32}}\n  - {type: Deny, to: {cidrSelector: 0.0.0.0/0}}');
    expect(trace(clusterOf(ok, 'openshift-multitenant'), { from: 'shop/app', to: 'svc:data/db', port: 5432 }).allowed).toBe(true);
  });
  it('openshift-sdn: traffic through the router is not filtered', () => {
    // nw-egressnetworkpolicy-about.adoc: "Egress firewall rules do not apply to traffic that goes through routers."
    const route = `---
apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: db, namespace: data}
spec: {host: db.apps.example.com, to: {kind: Service, name: db}}
status: {ingress: [{host: db.apps.example.com, conditions: [{type: Admitted, status: "True"}]}]}
`;
    const y = client + external('data') + route + enp('data', '  - {type: Deny, to: {cidrSelector: 0.0.0.0/0}}');
    const t = trace(clusterOf(y, 'openshift-multitenant'), { from: 'internet', to: 'http://db.apps.example.com/' });
    expect(t.hops.some((x) => x.kind === 'egress-firewall' && x.verdict === 'denied')).toBe(false);
    expect(t.allowed).toBe(true);
  });
  it('OVN-Kubernetes: the client namespace\'s EgressFirewall sees the endpoint address', () => {
    // egressfirewall.go createEgressFirewallACLOps: to-lport ACLs, after the load balancer's DNAT.
    const fw = '---\napiVersion: k8s.ovn.org/v1\nkind: EgressFirewall\nmetadata: {name: default, namespace: shop}\nspec:\n  egress:\n  - {type: Deny, to: {cidrSelector: 203.0.113.0/24}}\n';
    const t = trace(clusterOf(client + external('data') + fw, 'openshift'), { from: 'shop/app', to: 'svc:data/db', port: 5432 });
    expect(t.allowed).toBe(false);
    expect(t.hops.find((x) => x.kind === 'egress-firewall')!.title).toContain('endpoint 203.0.113.40:5432');
    expect(trace(clusterOf(client + external('data'), 'openshift'), { from: 'shop/app', to: 'svc:data/db', port: 5432 }).allowed).toBe(true);
  });
});

describe('hostile egress objects never throw', () => {
  it('odd shapes in EgressRouter, EgressFirewall, Node and EgressIP give answers and lint findings', () => {
    const y = client + `---
apiVersion: network.operator.openshift.io/v1
kind: EgressRouter
metadata: {name: r, namespace: shop}
spec: {addresses: "x", redirect: {redirectRules: [7, {port: "80"}, null], fallbackIP: 5}}
---
apiVersion: k8s.ovn.org/v1
kind: EgressFirewall
metadata: {name: default, namespace: shop}
spec: {egress: [{type: Allow, to: {nodeSelector: [1, 2]}}, "junk", {type: Deny, to: {cidrSelector: 0.0.0.0/0}, ports: [{port: x}]}]}
---
apiVersion: v1
kind: Node
metadata: {name: n1, annotations: {k8s.ovn.org/host-cidrs: "not json"}}
status: {addresses: "nope"}
---
apiVersion: k8s.ovn.org/v1
kind: EgressIP
metadata: {name: eip-x}
spec: {egressIPs: 7, namespaceSelector: {matchExpressions: [{key: a, operator: Exists}, 3]}}
status: {items: "x"}
`;
    for (const profile of ['openshift', 'openshift-multitenant'] as const) {
      const c = clusterOf(y, profile);
      expect(() => lintCluster(c)).not.toThrow();
      for (const to of ['ip:203.0.113.5', 'ip:192.0.2.1', 'svc:shop/none', 'shop/app']) expect(() => traceQuery(c, { from: 'shop/app', to, port: 53, protocol: 'UDP' })).not.toThrow();
    }
    expect(lintCluster(clusterOf(y, 'openshift')).some((f) => f.code === 'egress-router-invalid')).toBe(true);
  });
});
