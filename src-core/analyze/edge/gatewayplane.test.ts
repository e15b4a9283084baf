// The Gateway's data plane in the trace: a labelled pod of the input when there is one (Gateway API's
// gateway-name label, or Envoy Gateway's owning-gateway labels), else a stand-in in the Gateway's
// namespace — never the profile's router — with a hop that says the placement is implementation-specific.
import { describe, expect, it } from 'vitest';
import type { ProfileName } from '../../model/types';
import { clusterOf, trace } from './testutil';

const backend = `---
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: shop, labels: {app: a}}
spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: a, namespace: shop}
spec: {selector: {app: a}, ports: [{port: 80, targetPort: 8080}]}
`;
const gateway = (controller = 'example.com/gateway') => `---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: example}
spec: {controllerName: ${controller}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: example
  listeners: [{name: http, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: shop}
spec:
  parentRefs: [{name: gw, namespace: infra}]
  hostnames: [shop.example.com]
  rules: [{backendRefs: [{name: a, port: 80}]}]
`;
/** A NetworkPolicy isolating shop's pods for ingress, admitting only pods of namespace `from`. */
const onlyFrom = (from: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: only-${from}, namespace: shop}
spec:
  podSelector: {}
  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${from}}}}]}]
`;
const URL = { from: 'internet', to: 'http://shop.example.com/' };
const dataPlaneHop = (t: ReturnType<typeof trace>) => t.hops.find((h) => h.kind === 'gateway' && h.title.startsWith('Data plane'));

describe.each<ProfileName>(['kubernetes', 'openshift'])('Gateway data plane under %s', (profile) => {
  it('without a data-plane pod, a stand-in in the Gateway namespace opens the connection, not the router', () => {
    const c = clusterOf(backend + gateway(), profile);
    const t = trace(c, URL);
    expect(t.reached).toBe('shop/a');
    const dp = dataPlaneHop(t)!;
    expect(dp.title).toBe('Data plane of Gateway infra/gw (stand-in)');
    expect(dp.verdict).toBe('info');
    expect(dp.summary).toContain('infra/gw-data-plane');
    expect(dp.steps.map((s) => s.text).join('\n')).toContain('implementation-specific');
    const egress = t.hops.find((h) => h.kind === 'egress-policy')!;
    expect(egress.title).toBe('Egress from infra/gw-data-plane');
    expect(JSON.stringify(t.hops)).not.toContain(c.routerPod.id);
  });

  it("the destination's policies are checked against the Gateway namespace: the router's namespace no longer passes", () => {
    const viaRouterNs = trace(clusterOf(backend + gateway() + onlyFrom(profile === 'kubernetes' ? 'ingress-nginx' : 'openshift-ingress'), profile), URL);
    expect(viaRouterNs.allowed).toBe(false);
    expect(dataPlaneHop(viaRouterNs)!.verdict).toBe('warning');
    const viaGatewayNs = trace(clusterOf(backend + gateway() + onlyFrom('infra'), profile), URL);
    expect(viaGatewayNs.reached).toBe('shop/a');
    expect(dataPlaneHop(viaGatewayNs)!.verdict).toBe('warning');
    expect(dataPlaneHop(viaGatewayNs)!.summary).toContain('check where the real data plane runs');
  });

  it("egress policies of the Gateway's namespace apply to the stand-in (it carries the gateway-name label)", () => {
    const denyEgress = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: gw-no-egress, namespace: infra}
spec:
  podSelector: {matchLabels: {gateway.networking.k8s.io/gateway-name: gw}}
  policyTypes: [Egress]
`;
    const t = trace(clusterOf(backend + gateway() + denyEgress, profile), URL);
    expect(t.allowed).toBe(false);
    expect(t.hops.find((h) => h.kind === 'egress-policy')!.verdict).toBe('denied');
  });
});

describe('data-plane pods of the input', () => {
  it('a pod labelled gateway-name in the Gateway namespace is the data plane', () => {
    const pod = `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: gw-istio, namespace: infra}
spec:
  selector: {matchLabels: {gateway.networking.k8s.io/gateway-name: gw}}
  template:
    metadata: {labels: {gateway.networking.k8s.io/gateway-name: gw, app: proxy}}
    spec: {containers: [{name: istio-proxy}]}
`;
    const t = trace(clusterOf(backend + gateway('istio.io/gateway-controller') + pod + onlyFrom('infra'), 'kubernetes'), URL);
    expect(t.reached).toBe('shop/a');
    const dp = dataPlaneHop(t)!;
    expect(dp.title).toBe('Data plane of Gateway infra/gw');
    expect(dp.verdict).toBe('info');
    expect(dp.object).toBe('Deployment/infra/gw-istio');
    expect(t.hops.find((h) => h.kind === 'egress-policy')!.title).toBe('Egress from infra/gw-istio');
  });

  it("Envoy Gateway's proxy in envoy-gateway-system (owning-gateway labels) is found, and policies see that namespace", () => {
    const envoy = `---
apiVersion: v1
kind: Pod
metadata:
  name: envoy-infra-gw-abc
  namespace: envoy-gateway-system
  labels: {gateway.envoyproxy.io/owning-gateway-name: gw, gateway.envoyproxy.io/owning-gateway-namespace: infra}
spec: {containers: [{name: envoy}]}
`;
    const base = backend + gateway('gateway.envoyproxy.io/gatewayclass-controller') + envoy;
    const denied = trace(clusterOf(base + onlyFrom('infra'), 'kubernetes'), URL);
    expect(denied.allowed).toBe(false);
    expect(dataPlaneHop(denied)!.summary).toContain('envoy-gateway-system/envoy-infra-gw-abc');
    expect(trace(clusterOf(base + onlyFrom('envoy-gateway-system'), 'kubernetes'), URL).reached).toBe('shop/a');
  });

  it("a stand-in for an Envoy Gateway class warns that the real proxy runs in envoy-gateway-system", () => {
    const t = trace(clusterOf(backend + gateway('gateway.envoyproxy.io/gatewayclass-controller'), 'kubernetes'), URL);
    const note = dataPlaneHop(t)!.steps.find((s) => s.verdict === 'warning');
    expect(note?.text).toContain('envoy-gateway-system');
    expect(note?.text).toContain('gateway.envoyproxy.io/owning-gateway-name=gw');
    expect(dataPlaneHop(t)!.steps.at(-1)?.text).toContain('-l gateway.envoyproxy.io/owning-gateway-name=gw');
  });
});
