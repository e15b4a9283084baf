import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateCluster } from '../cli/bench/generate';
import { loadCluster } from '../index';
import { aggregate, buildGraph, nodeFor, INTERNET_NODE, ROUTER_NODE } from './index';

const SHOP = `
apiVersion: route.openshift.io/v1
kind: Route
metadata: { name: shop, namespace: shop }
spec:
  host: shop.example.com
  to: { kind: Service, name: web }
  tls: { termination: edge, insecureEdgeTerminationPolicy: Redirect }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  selector: { app: web }
  ports: [{ name: http, port: 80, targetPort: 8080 }]
---
apiVersion: v1
kind: Service
metadata: { name: api, namespace: shop }
spec:
  selector: { app: api }
  ports: [{ port: 80, targetPort: http }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, ports: [{ name: http, containerPort: 8000 }] }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec: { containers: [{ name: api, ports: [{ name: http, containerPort: 9000 }] }] }
---
apiVersion: v1
kind: Pod
metadata:
  name: web-5d4f8b7c9-abcde
  namespace: shop
  labels: { app: web }
  ownerReferences: [{ kind: ReplicaSet, name: web-5d4f8b7c9, controller: true, apiVersion: apps/v1, uid: x }]
spec: { containers: [{ name: web, ports: [{ name: http, containerPort: 8000 }] }] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: egress-db, namespace: shop }
spec:
  podSelector: { matchLabels: { app: api } }
  policyTypes: [Egress]
  egress: [{ to: [{ ipBlock: { cidr: 10.20.0.0/16 } }] }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gw, namespace: infra }
spec:
  gatewayClassName: example
  listeners: [{ name: http, protocol: HTTP, port: 80 }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: api, namespace: shop }
spec:
  parentRefs: [{ name: gw, namespace: infra }]
  hostnames: [api.example.com]
  rules: [{ backendRefs: [{ name: api, port: 80 }] }]
`;

function graphOf(text: string, options = {}) {
  const cluster = loadCluster([{ name: 't.yaml', text }], { profile: 'openshift' });
  return buildGraph(cluster, options);
}

describe('buildGraph', () => {
  it('draws internet → router → route → service → workload with port labels', () => {
    const g = graphOf(SHOP);
    const ids = new Set(g.nodes.map((n) => n.id));
    for (const id of [INTERNET_NODE, ROUTER_NODE, 'Route/shop/shop', 'Service/shop/web', 'Deployment/shop/web', 'ns:shop']) expect(ids.has(id), id).toBe(true);
    const edge = (s: string, t: string) => g.edges.find((e) => e.source === s && e.target === t);
    expect(edge(INTERNET_NODE, ROUTER_NODE)).toBeDefined();
    expect(edge(ROUTER_NODE, 'Route/shop/shop')?.label).toBe('edge, http:Redirect');
    expect(edge('Route/shop/shop', 'Service/shop/web')).toBeDefined();
    expect(g.nodes.find((n) => n.id === 'Service/shop/web')?.parent).toBe('ns:shop');
    expect(g.nodes.find((n) => n.id === ROUTER_NODE)?.parent).toBe('ns:openshift-ingress');
  });

  it('marks a Service whose targetPort the pod does not open, and resolves named targetPorts', () => {
    const g = graphOf(SHOP);
    const web = g.edges.find((e) => e.source === 'Service/shop/web' && e.target === 'Deployment/shop/web');
    expect(web?.label).toBe('80→8080?');
    expect(web?.classes).toContain('broken');
    const api = g.edges.find((e) => e.source === 'Service/shop/api' && e.target === 'Deployment/shop/api');
    expect(api?.label).toBe('80→http(9000)');
    expect(api?.classes ?? []).not.toContain('broken');
  });

  it('folds Pods owned by a modelled workload into it, and shows them when expanded', () => {
    const folded = graphOf(SHOP);
    expect(folded.nodes.some((n) => n.id === 'Pod/shop/web-5d4f8b7c9-abcde')).toBe(false);
    expect(folded.nodes.find((n) => n.id === 'Deployment/shop/web')?.sublabel).toContain('1 pod');
    const expanded = graphOf(SHOP, { expandPods: ['Deployment/shop/web'] });
    expect(expanded.nodes.some((n) => n.id === 'Pod/shop/web-5d4f8b7c9-abcde')).toBe(true);
    expect(expanded.edges.some((e) => e.kind === 'owns' && e.source === 'Deployment/shop/web' && e.target === 'Pod/shop/web-5d4f8b7c9-abcde')).toBe(true);
  });

  it('links Gateway → HTTPRoute → Service across namespaces and egress rules to IP blocks', () => {
    const g = graphOf(SHOP);
    expect(g.edges.some((e) => e.source === INTERNET_NODE && e.target === 'Gateway/infra/gw')).toBe(true);
    expect(g.edges.some((e) => e.source === 'Gateway/infra/gw' && e.target === 'HTTPRoute/shop/api')).toBe(true);
    expect(g.edges.some((e) => e.source === 'HTTPRoute/shop/api' && e.target === 'Service/shop/api')).toBe(true);
    expect(g.edges.some((e) => e.kind === 'egress' && e.source === 'Deployment/shop/api' && e.target === 'ipblock:10.20.0.0/16')).toBe(true);
  });

  it('hides namespaces and drops the edges that touched them', () => {
    const g = graphOf(SHOP, { hiddenNamespaces: ['shop'] });
    expect(g.nodes.some((n) => n.namespace === 'shop')).toBe(false);
    for (const e of g.edges) {
      expect(g.nodes.some((n) => n.id === e.source)).toBe(true);
      expect(g.nodes.some((n) => n.id === e.target)).toBe(true);
    }
  });

  it('draws connections given by the caller, mapped onto folded workloads', () => {
    const g = graphOf(SHOP, { connections: [{ from: 'Pod/shop/web-5d4f8b7c9-abcde', to: 'Deployment/shop/api', allowed: true, label: '9000' }] });
    const c = g.edges.find((e) => e.kind === 'allowed');
    expect(c).toMatchObject({ source: 'Deployment/shop/web', target: 'Deployment/shop/api', label: '9000' });
  });

  it('folds namespaces above the threshold, merging edges, and keeps expanded ones', () => {
    const many = Array.from({ length: 30 }, (_, i) => `apiVersion: v1\nkind: Service\nmetadata: { name: s${i}, namespace: ns${i % 3} }\nspec: { selector: { app: a${i} }, ports: [{ port: 80 }] }\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d${i}, namespace: ns${i % 3} }\nspec: { selector: { matchLabels: { app: a${i} } }, template: { metadata: { labels: { app: a${i} } }, spec: { containers: [{ name: c, ports: [{ containerPort: 80 }] }] } } }`).join('\n---\n');
    const g = graphOf(many, { aggregateAbove: 20, expanded: ['ns1'] });
    expect(g.aggregated).toBe(true);
    expect(g.fullSize).toBe(60);
    const groups = g.nodes.filter((n) => n.kind === 'NamespaceGroup');
    expect(groups.map((n) => n.id).sort()).toEqual(['ns:ns0', 'ns:ns2']);
    expect(groups[0].count).toBe(20);
    expect(g.nodes.filter((n) => n.namespace === 'ns1' && n.kind === 'Service')).toHaveLength(10);
    expect(nodeFor(g, 'Service/ns0/s0')).toBe('ns:ns0');
    expect(nodeFor(g, 'Service/ns1/s1')).toBe('Service/ns1/s1');
    // Edges inside a folded namespace disappear; none point at a missing node.
    for (const e of g.edges) expect(g.nodes.some((n) => n.id === e.source) && g.nodes.some((n) => n.id === e.target)).toBe(true);
  });

  it('aggregate merges parallel edges with a count', () => {
    const g = aggregate(
      {
        nodes: [
          { id: 'ns:a', label: 'a', kind: 'Namespace', namespace: 'a' },
          { id: 'x', label: 'x', kind: 'Service', parent: 'ns:a' },
          { id: 'y', label: 'y', kind: 'Service', parent: 'ns:a' },
          { id: 'internet', label: 'internet', kind: 'Internet' },
        ],
        edges: [
          { id: 'e1', source: 'internet', target: 'x', kind: 'entry' },
          { id: 'e2', source: 'internet', target: 'y', kind: 'entry' },
        ],
      },
      new Set(),
      3,
    );
    expect(g.edges).toHaveLength(1);
    expect(g.edges[0]).toMatchObject({ source: 'internet', target: 'ns:a', label: '2 entry' });
  });

  it('keeps untrusted names as plain label text', () => {
    const g = graphOf(`apiVersion: v1\nkind: Service\nmetadata: { name: "<img src=x onerror=alert(1)>", namespace: x }\nspec: { ports: [{ port: 80 }] }`);
    expect(g.nodes.find((n) => n.kind === 'Service')?.label).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('buildGraph folds without building what folding removes (issue 6), with the same result', () => {
  // The reference: the full graph, then `aggregate` — what buildGraph returned before it skipped the
  // nodes and edges inside folded namespaces. Compared as JSON, so key order (CLI output) counts too.
  const reference = (c: ReturnType<typeof loadCluster>, o: Parameters<typeof buildGraph>[1] = {}) => {
    const full = buildGraph(c, { ...o, aggregateAbove: Infinity });
    return (full.fullSize ?? 0) > (o.aggregateAbove ?? 300) ? aggregate(full, new Set(o.expanded ?? []), full.fullSize ?? 0) : full;
  };
  const text = generateCluster(100).yaml + '\n---\n' + SHOP;
  const cluster = loadCluster([{ name: 'g.yaml', text }], { profile: 'openshift' });
  const namespaces = [...cluster.namespaces.keys()];
  const workloads = cluster.pods.map((p) => `${p.kind}/${p.namespace}/${p.name}`);

  it('on a generated cluster with the shop example, for random views', () => {
    fc.assert(
      fc.property(
        fc.subarray(namespaces, { maxLength: 6 }),
        fc.subarray(namespaces, { maxLength: 4 }),
        fc.subarray(workloads, { maxLength: 4 }),
        fc.constantFrom(0, 50, 300, 1000),
        fc.boolean(),
        (expanded, hiddenNamespaces, expandPods, aggregateAbove, withConnections) => {
          const connections = withConnections ? workloads.slice(0, 30).map((w, i) => ({ from: w, to: workloads[(i * 7 + 3) % workloads.length], allowed: i % 3 !== 0, label: String(i) })) : undefined;
          const o = { expanded, hiddenNamespaces, expandPods, aggregateAbove, connections };
          expect(JSON.stringify(buildGraph(cluster, o))).toBe(JSON.stringify(reference(cluster, o)));
        },
      ),
      { numRuns: 60, seed: 6 },
    );
  });

  it('on the shop example and every built-in example, folded and not', () => {
    const dir = new URL('../../public/examples/', import.meta.url);
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml'))) {
      const c = loadCluster([{ name: f, text: readFileSync(new URL(f, dir), 'utf8') }], { profile: 'openshift' });
      for (const aggregateAbove of [0, 2, 300]) expect(JSON.stringify(buildGraph(c, { aggregateAbove }))).toBe(JSON.stringify(reference(c, { aggregateAbove })));
    }
  });
});

describe('router shards in the graph (issue 14)', () => {
  it('draws no router → route edge for a Route no IngressController selects, and marks it unserved', () => {
    // public/examples/router-shards.yaml: IngressControllers "default" (type=public) and "internal"
    // (type=internal) with routeSelectors; one Route carries neither label (NoRouterSelectsRoute in a trace).
    const text = readFileSync(new URL('../../public/examples/router-shards.yaml', import.meta.url), 'utf8');
    const g = buildGraph(loadCluster([{ name: 'router-shards.yaml', text }], { profile: 'openshift' }));
    const routes = g.nodes.filter((n) => n.kind === 'Route');
    const unserved = routes.filter((n) => n.classes?.includes('unserved'));
    const served = routes.filter((n) => !n.classes?.includes('unserved'));
    expect(unserved.length).toBeGreaterThan(0);
    expect(served.length).toBeGreaterThan(0);
    for (const r of unserved) expect(g.edges.some((e) => e.source === ROUTER_NODE && e.target === r.id)).toBe(false);
    for (const r of served) expect(g.edges.some((e) => e.source === ROUTER_NODE && e.target === r.id && e.kind === 'route')).toBe(true);
  });
});
