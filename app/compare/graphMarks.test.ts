// Graph marks in compare mode: real pairs of inputs diffed by the core (diffClusters), marks planned
// against the real graph of the "after" side (buildGraph), looked up the way the app's trace highlight
// does (`ns/name` names the Pod first, else the workload; FORMAT.md).
import { describe, expect, it } from 'vitest';
import { clusterOf, ns, pod } from '../../src-core/analyze/policy/testkit';
import { buildGraph, diffClusters, type Graph } from '../../src-core/index';
import { planMarks, type GraphLookup } from './graphMarks';

function lookupOf(g: Graph): GraphLookup {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  return {
    resolve(ref) {
      if (byId.has(ref)) return ref;
      const [namespace, name, extra] = ref.split('/');
      if (extra !== undefined || name === undefined) return undefined;
      const hits = g.nodes.filter((n) => n.namespace === namespace && n.label === name && n.kind !== 'Service' && n.kind !== 'Namespace');
      const hit = hits.find((n) => n.kind === 'Pod') ?? hits[0];
      if (hit) return hit.id;
      const group = byId.get(`ns:${namespace}`);
      return group?.kind === 'NamespaceGroup' ? group.id : undefined;
    },
    kindOf: (id) => byId.get(id)?.kind,
  };
}

const np = (name: string, namespace: string, spec: string) => `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n${spec}`;
const BASE = ns('shop') + pod('shop', 'web', { app: 'web' }, [{ containerPort: 8080 }]) + pod('shop', 'db', { app: 'db' }, [{ containerPort: 5432 }]);
const DENY = np('deny', 'shop', '  podSelector: {}\n  policyTypes: [Ingress]\n');

function marks(before: string, after: string, opts: { aggregateAbove?: number } = {}) {
  const a = clusterOf(before);
  const b = clusterOf(after);
  const report = diffClusters(a, b);
  const plan = planMarks(report, lookupOf(buildGraph(b, opts)));
  return { report, plan };
}

describe('planMarks', () => {
  it('nothing to mark outside compare mode or when nothing changed', () => {
    expect(planMarks(null, { resolve: () => 'x', kindOf: () => 'Pod' })).toEqual({ nodes: new Map(), ghosts: [], edges: [] });
    const { plan } = marks(BASE + DENY, BASE + DENY);
    expect(plan.edges).toEqual([]);
    expect(plan.ghosts).toEqual([]);
    expect([...plan.nodes]).toEqual([]);
  });

  it('removing a default deny: new edges both ways with the ports now allowed, pods marked changed (exposure)', () => {
    const { plan } = marks(BASE + DENY, BASE);
    const edges = plan.edges.map((e) => `${e.mark} ${e.source} -> ${e.target} ${e.label}`).sort();
    expect(edges).toEqual(['new Pod/shop/db -> Pod/shop/web + TCP 8080', 'new Pod/shop/web -> Pod/shop/db + TCP 5432']);
    expect(plan.nodes.get('Pod/shop/web')).toBe('changed');
    expect(plan.nodes.get('Pod/shop/db')).toBe('changed');
  });

  it('adding a default deny: the same pairs as lost edges, labelled with the ports they had', () => {
    const { plan } = marks(BASE, BASE + DENY);
    expect(plan.edges.map((e) => `${e.mark} ${e.source} -> ${e.target} ${e.label}`).sort()).toEqual(['lost Pod/shop/db -> Pod/shop/web − TCP 8080', 'lost Pod/shop/web -> Pod/shop/db − TCP 5432']);
  });

  it('an added pod is new; a removed one is a ghost in its namespace, and its lost connections end on the ghost', () => {
    const extra = pod('shop', 'cache', { app: 'cache' }, [{ containerPort: 6379 }]);
    const added = marks(BASE, BASE + extra).plan;
    expect(added.nodes.get('Pod/shop/cache')).toBe('new');
    expect(added.edges.some((e) => e.mark === 'new' && e.target === 'Pod/shop/cache' && e.label === '+ TCP 6379')).toBe(true);

    const removed = marks(BASE + extra, BASE).plan;
    expect(removed.ghosts).toEqual([{ id: 'cmp-ghost:Pod/shop/cache', object: 'Pod/shop/cache', kind: 'Pod', namespace: 'shop', name: 'cache', parent: 'ns:shop' }]);
    expect(removed.edges.filter((e) => e.target === 'cmp-ghost:Pod/shop/cache').map((e) => `${e.mark} ${e.source} ${e.label}`).sort()).toEqual(['lost Pod/shop/db − TCP 6379', 'lost Pod/shop/web − TCP 6379']);
    expect(removed.nodes.has('Pod/shop/cache')).toBe(false);
  });

  it('ports that change on an allowed pair are a changed edge with the ports after', () => {
    const only = (port: number) => np('web', 'shop', `  podSelector: {matchLabels: {app: web}}\n  ingress: [{ports: [{port: ${port}}]}]\n`);
    const webPorts = ns('shop') + pod('shop', 'web', { app: 'web' }, [{ containerPort: 8080 }, { containerPort: 9090 }]) + pod('shop', 'db', { app: 'db' });
    const { plan } = marks(webPorts + only(8080), webPorts + only(9090));
    const e = plan.edges.find((x) => x.source === 'Pod/shop/db' && x.target === 'Pod/shop/web');
    expect(e).toMatchObject({ mark: 'changed', label: '± TCP 9090' });
  });

  it('a changed policy object has no node; a changed pod is marked on its own node', () => {
    const relabelled = ns('shop') + pod('shop', 'web', { app: 'web', tier: 'front' }, [{ containerPort: 8080 }]) + pod('shop', 'db', { app: 'db' }, [{ containerPort: 5432 }]);
    const { report, plan } = marks(BASE, relabelled);
    expect(report.objects.changed).toContain('Pod/shop/web');
    expect(plan.nodes.get('Pod/shop/web')).toBe('changed');
  });

  it('folded namespaces: a difference inside one marks the folded node, never a ghost', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => pod('shop', `p${i}`, { app: `p${i}` })).join('');
    const extra = pod('shop', 'gone', { app: 'gone' }, [{ containerPort: 80 }]);
    const { plan } = marks(BASE + many(5) + extra, BASE + many(5), { aggregateAbove: 3 });
    expect(plan.ghosts).toEqual([]);
    expect(plan.nodes.get('ns:shop')).toBe('changed');
  });
});
