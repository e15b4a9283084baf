// Host claims per router shard (hostclaims.ts). openshift/router template.go: the informer carries ROUTE_LABELS,
// HostAdmitter/UniqueHost drop routes outside NAMESPACE_LABELS before the host index (host_admitter.go,
// unique_host.go HandleRoute), and each IngressController is its own router with its own index — so routes of
// different shards never contend for a host, and each shard applies its own routeAdmission.namespaceOwnership
// (cluster-ingress-operator deployment.go: InterNamespaceAllowed → ROUTER_DISABLE_NAMESPACE_OWNERSHIP_CHECK).
import { describe, expect, it } from 'vitest';
import { traceQuery } from '../trace';
import { routeAdmission } from './route';
import { clusterOf, trace } from './testutil';

const app = (ns: string, nsLabels = '', declared = true) => `${declared ? `---
apiVersion: v1
kind: Namespace
metadata: {name: ${ns}${nsLabels ? `, labels: {${nsLabels}}` : ''}}
` : ''}---
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
const route = (ns: string, name: string, ts: string, labels = '', path = '') => `---
apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: ${name}, namespace: ${ns}, creationTimestamp: "${ts}"${labels ? `, labels: {${labels}}` : ''}}
spec: {host: shop.example.com${path ? `, path: ${path}` : ''}, to: {kind: Service, name: web}}
`;
const ic = (name: string, spec: string) => `---
apiVersion: operator.openshift.io/v1
kind: IngressController
metadata: {name: ${name}, namespace: openshift-ingress-operator}
spec:
${spec}
`;
// The docs' sharding example (openshift-docs nw-ingress-sharding-route-labels): default excludes type=sharded.
const shards = ic('default', '  routeSelector:\n    matchExpressions: [{key: type, operator: NotIn, values: [sharded]}]') + ic('sharded', '  routeSelector:\n    matchLabels: {type: sharded}');
const admission = (c: ReturnType<typeof clusterOf>, ns: string) => routeAdmission(c).get(c.routes.find((r) => r.meta.namespace === ns)!)!;

describe('host claims are made per router shard', () => {
  it('one router (no IngressController in the input): the older route of another namespace holds the host', () => {
    const c = clusterOf(app('a') + app('b') + route('a', 'old', '2024-01-01T00:00:00Z') + route('b', 'new', '2024-02-01T00:00:00Z', '', '/b'));
    const adm = admission(c, 'b');
    expect(adm.admitted).toBe(false);
    expect(adm.code).toBe('HostAlreadyClaimed');
    expect(adm.by?.meta.name).toBe('old');
  });
  it('the same two routes in different shards: both are admitted, each by its own router', () => {
    const c = clusterOf(app('a') + app('b') + route('a', 'old', '2024-01-01T00:00:00Z') + route('b', 'new', '2024-02-01T00:00:00Z', 'type: sharded', '/b') + shards);
    expect(admission(c, 'a').admitted).toBe(true);
    expect(admission(c, 'b').admitted).toBe(true);
    expect(admission(c, 'b').undetermined).toBeUndefined();
    // A request for /b: router "sharded" answers with b/new, router "default" with a/old (path /): which one
    // receives it is up to the host's DNS, which the input does not give.
    const t = traceQuery(c, { from: 'internet', to: 'http://shop.example.com/b' });
    expect(t.verdict).toBe('undetermined');
    expect(t.hops.find((h) => h.kind === 'route')!.summary).toContain('router "default" does not serve Route b/new but serves Route a/old');
    // Give a/old a path of its own and the request has one answer on every router that has a route for it.
    const apart = clusterOf(app('a') + app('b') + route('a', 'old', '2024-01-01T00:00:00Z', '', '/a') + route('b', 'new', '2024-02-01T00:00:00Z', 'type: sharded', '/b') + shards);
    expect(traceQuery(apart, { from: 'internet', to: 'http://shop.example.com/b' }).reached).toBe('b/web');
  });
  it('within one shard the older route still wins, and the reason names that router', () => {
    const c = clusterOf(app('a') + app('b') + route('a', 'old', '2024-01-01T00:00:00Z', 'type: sharded') + route('b', 'new', '2024-02-01T00:00:00Z', 'type: sharded', '/b') + shards);
    const adm = admission(c, 'b');
    expect(adm.admitted).toBe(false);
    expect(adm.reason).toContain('router "sharded" does not admit routes for that host from other namespaces');
  });
  it('each shard applies its own namespaceOwnership: InterNamespaceAllowed on the shard that holds both routes', () => {
    const inter = ic('default', '  routeSelector:\n    matchExpressions: [{key: type, operator: NotIn, values: [sharded]}]') + ic('sharded', '  routeSelector:\n    matchLabels: {type: sharded}\n  routeAdmission: {namespaceOwnership: InterNamespaceAllowed}');
    const both = app('a') + app('b') + route('a', 'old', '2024-01-01T00:00:00Z', 'type: sharded') + route('b', 'new', '2024-02-01T00:00:00Z', 'type: sharded', '/b');
    expect(admission(clusterOf(both + inter), 'b').admitted).toBe(true);
    // The same routes on the default router (Strict): the second namespace is refused.
    const onDefault = both.replace(/type: sharded/g, 'type: public');
    expect(admission(clusterOf(onDefault + inter), 'b').admitted).toBe(false);
  });
  it('a route served by two routers, admitted by one and refused by the other: undetermined, never plain allowed', () => {
    // "internal" serves every route; "default" only unlabelled ones. a/old (unlabelled) is on both; b/new (labelled) only on internal.
    const two = ic('default', '  routeSelector:\n    matchExpressions: [{key: type, operator: NotIn, values: [sharded]}]') + ic('internal', '  domain: apps-internal.example.com');
    const c2 = clusterOf(app('a') + app('b') + route('b', 'early', '2023-01-01T00:00:00Z', 'type: sharded') + route('a', 'old', '2024-01-01T00:00:00Z') + two);
    const adm = admission(c2, 'a');
    expect(adm.admitted).toBe(true);
    expect(adm.undetermined).toContain('router "default" admits it but router "internal" does not');
    const t = traceQuery(c2, { from: 'internet', to: 'http://shop.example.com/' });
    expect(t.verdict).toBe('undetermined');
    expect(t.allowed).toBe(false);
    expect(t.hops.find((h) => h.kind === 'route')!.verdict).toBe('undetermined');
  });
  it('an older claimant whose namespace labels are unknown to a namespaceSelector shard: undetermined', () => {
    const sel = ic('default', '  namespaceSelector:\n    matchLabels: {env: prod}');
    const c = clusterOf(app('a', '', false) + app('b', 'env: prod') + route('a', 'old', '2024-01-01T00:00:00Z') + route('b', 'new', '2024-02-01T00:00:00Z', '', '/b') + sel);
    const adm = admission(c, 'b');
    expect(adm.admitted).toBe(true);
    expect(adm.undetermined).toContain('labels of namespace "a"');
    // With the Namespace given and not matching, the older route is not on this router: b is admitted outright.
    const known = clusterOf(app('a', 'env: dev') + app('b', 'env: prod') + route('a', 'old', '2024-01-01T00:00:00Z') + route('b', 'new', '2024-02-01T00:00:00Z', '', '/b') + sel);
    expect(admission(known, 'b')).toEqual({ admitted: true });
  });
  it('wildcard routes per router: refused by a router that does not allow them, before any claim there', () => {
    const wild = `---
apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: wild, namespace: a, labels: {type: sharded}}
spec: {host: wildcard.apps.example.com, wildcardPolicy: Subdomain, to: {kind: Service, name: web}}
`;
    const allowing = ic('sharded', '  routeSelector:\n    matchLabels: {type: sharded}\n  routeAdmission: {wildcardPolicy: WildcardsAllowed}');
    // Only the allowing shard serves it: admitted.
    const only = clusterOf(app('a') + wild + ic('default', '  routeSelector:\n    matchExpressions: [{key: type, operator: NotIn, values: [sharded]}]') + allowing);
    expect(routeAdmission(only).get(only.routes[0])).toEqual({ admitted: true });
    // Also served by default, which does not allow wildcards: one router admits it, the other refuses it.
    const both = clusterOf(app('a') + wild + allowing);
    const adm = routeAdmission(both).get(both.routes[0])!;
    expect(adm.admitted).toBe(true);
    expect(adm.undetermined).toContain('router "sharded" admits it but router "default" does not (wildcard routes are not allowed on router "default"');
  });
});
