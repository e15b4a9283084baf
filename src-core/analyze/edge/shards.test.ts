// Router sharding and route admission from the IngressControllers in the input. Cases follow
// openshift-docs networking/ingress-sharding (nw-ingress-sharding-route-labels, -namespace-labels:
// "If you set both namespaceSelector and routeSelector, a route must satisfy both") and openshift/api
// operator/v1 types_ingress.go (namespaceSelector/routeSelector "If unset, the default is no filtering";
// routeAdmission.namespaceOwnership "If empty, the default is Strict"; InterNamespaceAllowed "Allow routes
// to claim different paths of the same host name across namespaces").
import { describe, expect, it } from 'vitest';
import { lintCluster } from '../../lint/index';
import { routeAdmission } from './route';
import { shardsFor } from './shards';
import { clusterOf, trace } from './testutil';

const app = (ns: string, nsLabels = '') => `---
apiVersion: v1
kind: Namespace
metadata: {name: ${ns}${nsLabels ? `, labels: {${nsLabels}}` : ''}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: ${ns}, labels: {app: web}}
spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${ns}}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
`;
const route = (ns: string, host: string, labels = '', path = '', name = 'r', ts = '') => `---
apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: ${name}, namespace: ${ns}${labels ? `, labels: {${labels}}` : ''}${ts ? `, creationTimestamp: "${ts}"` : ''}}
spec: {host: ${host}${path ? `, path: ${path}` : ''}, to: {kind: Service, name: web}}
`;
const ic = (name: string, spec: string) => `---
apiVersion: operator.openshift.io/v1
kind: IngressController
metadata: {name: ${name}, namespace: openshift-ingress-operator}
spec:
${spec}
`;
// The docs' example: the default router excludes the sharded routes, the shard takes only them.
const defaultExcludes = ic('default', '  routeSelector:\n    matchExpressions: [{key: type, operator: NotIn, values: [sharded]}]');
const sharded = ic('sharded', '  domain: apps-sharded.example.com\n  routeSelector:\n    matchLabels: {type: sharded}');

describe('router sharding (spec.routeSelector / spec.namespaceSelector)', () => {
  it('no IngressController in the input: the operator\'s default serves every route (no filtering)', () => {
    const c = clusterOf(app('shop') + route('shop', 'www.example.com'));
    expect(c.ingressControllers.map((x) => [x.name, x.implied])).toEqual([['default', true]]);
    expect(trace(c, { from: 'internet', to: 'http://www.example.com/' }).reached).toBe('shop/web');
  });
  it('a route labelled for the shard is served by the shard only', () => {
    const c = clusterOf(app('shop') + route('shop', 'www.example.com', 'type: sharded') + defaultExcludes + sharded);
    const r = c.routes[0];
    expect(shardsFor(c, r).serving.map((x) => x.name)).toEqual(['sharded']);
    expect(trace(c, { from: 'internet', to: 'http://www.example.com/' }).reached).toBe('shop/web');
  });
  it('a route that no router selects is not served, cites the IngressController and is a lint error', () => {
    const onlyShard = ic('default', '  routeSelector:\n    matchLabels: {type: public}') + sharded;
    const c = clusterOf(app('shop') + route('shop', 'www.example.com') + onlyShard);
    const t = trace(c, { from: 'internet', to: 'http://www.example.com/' });
    expect(t.allowed).toBe(false);
    const h = t.hops.find((x) => x.kind === 'route')!;
    expect(h.verdict).toBe('denied');
    expect(h.facts?.reason).toBe('NoRouterSelectsRoute');
    expect(h.summary).toContain('IngressController "default" serves only routes labelled type=public');
    expect(h.summary).toContain('IngressController "sharded" serves only routes labelled type=sharded');
    expect(h.rule?.object).toBe('IngressController/openshift-ingress-operator/default');
    expect(h.rule?.path).toBe('spec.routeSelector');
    expect(h.rule?.source.startLine).toBeGreaterThan(1);
    expect(lintCluster(c).map((f) => f.code)).toContain('route-no-shard');
  });
  it('namespaceSelector and routeSelector must both match', () => {
    const both = ic('default', '  namespaceSelector:\n    matchLabels: {env: prod}\n  routeSelector:\n    matchLabels: {expose: "true"}');
    const labelled = route('shop', 'www.example.com', 'expose: "true"');
    expect(trace(clusterOf(app('shop', 'env: prod') + labelled + both), { from: 'internet', to: 'http://www.example.com/' }).reached).toBe('shop/web');
    const t = trace(clusterOf(app('shop', 'env: dev') + labelled + both), { from: 'internet', to: 'http://www.example.com/' });
    expect(t.verdict).toBe('denied');
    expect(t.hops.find((x) => x.kind === 'route')!.summary).toContain('namespace "shop" is not');
    expect(trace(clusterOf(app('shop', 'env: prod') + route('shop', 'www.example.com') + both), { from: 'internet', to: 'http://www.example.com/' }).verdict).toBe('denied');
  });
  it('a namespaceSelector on a namespace whose labels are not in the input is undetermined, not allowed', () => {
    const noNs = app('shop').split('---').filter((d) => !d.includes('kind: Namespace')).join('---');
    const c = clusterOf(noNs + route('shop', 'www.example.com') + ic('default', '  namespaceSelector:\n    matchLabels: {env: prod}'));
    const adm = routeAdmission(c).get(c.routes[0])!;
    expect(adm.undetermined).toContain('labels of namespace "shop" are not in the input');
    const t = trace(c, { from: 'internet', to: 'http://www.example.com/' });
    expect(t.hops.find((x) => x.kind === 'route')!.verdict).toBe('undetermined');
  });
  it('an IngressController outside openshift-ingress-operator is not one the operator runs', () => {
    const c = clusterOf(app('shop') + route('shop', 'www.example.com') + ic('default', '  routeSelector:\n    matchLabels: {x: y}').replace('openshift-ingress-operator', 'elsewhere'));
    expect(c.ingressControllers.map((x) => x.implied)).toEqual([true]);
  });
});

describe('routeAdmission.namespaceOwnership', () => {
  const two = app('a') + app('b') + route('a', 'shop.example.com', '', '/x', 'first', '2024-01-01T00:00:00Z') + route('b', 'shop.example.com', '', '/y', 'second', '2024-02-01T00:00:00Z');
  it('Strict (the default): a second namespace cannot claim another path of the host', () => {
    const c = clusterOf(two);
    const adm = routeAdmission(c).get(c.routes.find((r) => r.meta.namespace === 'b')!)!;
    expect(adm.admitted).toBe(false);
    expect(adm.code).toBe('HostAlreadyClaimed');
  });
  it('InterNamespaceAllowed: different paths of one host across namespaces are admitted; the same path is not', () => {
    const c = clusterOf(two + ic('default', '  routeAdmission: {namespaceOwnership: InterNamespaceAllowed}'));
    expect(routeAdmission(c).get(c.routes.find((r) => r.meta.namespace === 'b')!)!.admitted).toBe(true);
    expect(trace(c, { from: 'internet', to: 'http://shop.example.com/y' }).reached).toBe('b/web');
    const same = clusterOf(two.replace('/y', '/x') + ic('default', '  routeAdmission: {namespaceOwnership: InterNamespaceAllowed}'));
    expect(routeAdmission(same).get(same.routes.find((r) => r.meta.namespace === 'b')!)!.admitted).toBe(false);
  });
});

describe('endpointPublishingStrategy HostNetwork (OVN-Kubernetes: the host network namespace address set)', () => {
  const fromNs = (labels: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-router, namespace: shop}
spec:
  podSelector: {}
  ingress: [{from: [{namespaceSelector: {matchLabels: {${labels}}}}]}]
`;
  const hostNet = ic('default', '  endpointPublishingStrategy: {type: HostNetwork}');
  const q = { from: 'internet', to: 'http://www.example.com/' };
  it('a rule for the openshift-ingress policy group does not admit a HostNetwork shard; the host-network group does', () => {
    // A HostNetwork router that is not `default`: the Cluster Network Operator labels openshift-host-network for
    // the default IngressController only (ingressconfig_controller.go), so only the host-network label matches.
    const hostShard = ic('internal', '  endpointPublishingStrategy: {type: HostNetwork}\n  routeSelector:\n    matchLabels: {type: internal}') + ic('default', '  routeSelector:\n    matchExpressions: [{key: type, operator: NotIn, values: [internal]}]');
    const base = app('shop') + route('shop', 'www.example.com', 'type: internal') + hostShard;
    const denied = trace(clusterOf(base + fromNs('policy-group.network.openshift.io/ingress: ""')), q);
    expect(denied.allowed).toBe(false);
    const h = denied.hops.find((x) => x.title === 'Router on the host network')!;
    expect(h.summary).toContain('openshift-host-network');
    expect(h.rule?.path).toBe('spec.endpointPublishingStrategy');
    expect(trace(clusterOf(base + fromNs('policy-group.network.openshift.io/host-network: ""')), q).reached).toBe('shop/web');
    // The default publishing (not HostNetwork): the ingress policy group admits it, as before.
    expect(trace(clusterOf(app('shop') + route('shop', 'www.example.com') + fromNs('policy-group.network.openshift.io/ingress: ""')), q).reached).toBe('shop/web');
  });
  it('the default IngressController on HostNetwork: openshift-host-network also carries the ingress policy-group labels', () => {
    // cluster-network-operator ingressconfig_controller.go: policy-group.network.openshift.io/ingress="" and, for
    // legacy reasons, network.openshift.io/policy-group=ingress while default's publishing is HostNetwork.
    // (podpath used to refuse this: the docs' allow-from-openshift-ingress policy does admit the router.)
    const base = app('shop') + route('shop', 'www.example.com') + hostNet;
    expect(trace(clusterOf(base + fromNs('policy-group.network.openshift.io/ingress: ""')), q).reached).toBe('shop/web');
    expect(trace(clusterOf(base + fromNs('network.openshift.io/policy-group: ingress')), q).reached).toBe('shop/web');
    expect(trace(clusterOf(base + fromNs('policy-group.network.openshift.io/host-network: ""')), q).reached).toBe('shop/web');
    // status.endpointPublishingStrategy is what the operator reads; it wins over spec.
    const st = ic('default', '  endpointPublishingStrategy: {type: LoadBalancerService}\nstatus:\n  endpointPublishingStrategy: {type: HostNetwork}');
    const c = clusterOf(app('shop') + route('shop', 'www.example.com') + st);
    expect(c.namespaces.get('openshift-host-network')?.labels['network.openshift.io/policy-group']).toBe('ingress');
  });
  it('a peer with a podSelector (even {}) does not match host-network traffic (OVN-Kubernetes useNamespaceAddrSet)', () => {
    const withPods = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-router, namespace: shop}
spec:
  podSelector: {}
  ingress: [{from: [{namespaceSelector: {matchLabels: {policy-group.network.openshift.io/host-network: ""}}, podSelector: {}}]}]
`;
    const t = trace(clusterOf(app('shop') + route('shop', 'www.example.com') + hostNet + withPods), q);
    expect(t.allowed).toBe(false);
    expect(JSON.stringify(t.hops)).toContain('only for a peer with a namespaceSelector and no podSelector');
  });
  it('a route served by a HostNetwork router and by another one: which applies is undetermined', async () => {
    const { traceQuery } = await import('../trace');
    const c = clusterOf(app('shop') + route('shop', 'www.example.com') + hostNet + ic('public', '  endpointPublishingStrategy: {type: LoadBalancerService}') + fromNs('policy-group.network.openshift.io/ingress: ""'));
    const t = traceQuery(c, q);
    expect(t.verdict).toBe('undetermined');
    expect(t.allowed).toBe(false);
  });
});

describe('the router-shards gallery scenario', () => {
  it('each labelled route is served by its shard, the unlabelled one by none', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const c = clusterOf(readFileSync(join(__dirname, '../../../public/examples/router-shards.yaml'), 'utf8'));
    const by = (n: string) => shardsFor(c, c.routes.find((r) => r.meta.name === n)!).serving.map((x) => x.name);
    expect(by('ledger')).toEqual(['default']);
    expect(by('ledger-admin')).toEqual(['internal']);
    expect(by('reports')).toEqual([]);
    expect(trace(c, { from: 'internet', to: 'https://ledger-admin.apps-internal.ocp.example.com/' }).reached).toBe('finance/ledger');
  });
});
