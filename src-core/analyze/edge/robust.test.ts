// The core never throws on user input: random shapes in every edge object's spec still give traces and findings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lintCluster } from '../../lint/index';
import { clusterOf, trace } from './testutil';

const KINDS = ['Route', 'Ingress', 'Service', 'Gateway', 'HTTPRoute', 'EgressFirewall', 'EgressNetworkPolicy', 'NetNamespace', 'HostSubnet', 'EgressIP', 'EndpointSlice', 'ReferenceGrant', 'IngressClass', 'GatewayClass', 'ConfigMap'];
const value = fc.oneof(fc.string({ maxLength: 12 }), fc.integer({ min: -5, max: 70000 }), fc.boolean(), fc.constant(null), fc.constantFrom('shop.apps.example.com', '*.example.com', '10.0.0.0/8', 'edge', 'passthrough', 'Redirect', 'web', 'http', 80, 8080, '/'));
const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, value, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('host', 'to', 'port', 'targetPort', 'tls', 'termination', 'name', 'kind', 'weight', 'rules', 'http', 'paths', 'path', 'backend', 'service', 'listeners', 'parentRefs', 'backendRefs', 'egress', 'type', 'cidrSelector', 'dnsName', 'selector', 'ports', 'hostnames', 'matches', 'egressIPs'), tie('node'), { maxKeys: 4 })),
})).node;

const pod = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}, annotations: {k8s.ovn.org/multicast-enabled: "true"}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}], env: [{name: EGRESS_DESTINATION, value: "80 tcp 1.2.3.4"}]}]}
`;

describe('robustness', () => {
  it('random edge objects never make tracing or lint throw', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ kind: fc.constantFrom(...KINDS), spec: tree, annotations: fc.dictionary(fc.constantFrom('haproxy.router.openshift.io/ip_allowlist', 'haproxy.router.openshift.io/hsts_header'), fc.string({ maxLength: 20 })) }), { maxLength: 4 }), fc.constantFrom('openshift', 'kubernetes', 'openshift-multitenant', 'lumi-k'), (objs, profile) => {
        const docs = objs.map((o, i) => JSON.stringify({ apiVersion: 'v1', kind: o.kind, metadata: { name: `o${i}`, namespace: 'shop', annotations: o.annotations }, spec: o.spec }));
        const c = clusterOf([pod, ...docs].join('\n---\n'), profile as 'openshift');
        for (const to of ['https://shop.apps.example.com/', 'http://x.example.com/a/b', 'svc:shop/o0', 'dns:o1.shop', 'https://shop.apps.example.com:8443/']) {
          const t = trace(c, { from: to.startsWith('http') ? 'internet' : 'shop/web', to, port: 80 });
          expect(typeof t.allowed).toBe('boolean');
        }
        expect(Array.isArray(lintCluster(c))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
