// The graph renderer's pure parts and its diff/slice steps, on a headless Cytoscape: aggregated positions
// are deterministic, a render keeps unchanged nodes where they are, slices add everything, and a render
// cancelled half way is completed by the next one.
import { describe, expect, it } from 'vitest';
import cytoscape from 'cytoscape';
import type { Graph, GraphEdge, GraphNode } from '../../src-core/graph/index';
import { aggregatedPositions } from './layout';
import { addSliced, applyDiff, DrawHold, toElements } from './render';
import { LARGE_CLASS } from './style';

/** An aggregated graph like a big cluster's: internet → router (in its namespace box) → folded namespaces. */
function aggregated(namespaces: number, extra: Partial<GraphNode>[] = []): Graph {
  const nodes: GraphNode[] = [
    { id: 'internet', label: 'internet', kind: 'Internet' },
    { id: 'ns:openshift-ingress', label: 'openshift-ingress', kind: 'Namespace', namespace: 'openshift-ingress' },
    { id: 'router', label: 'router-default', kind: 'Router', parent: 'ns:openshift-ingress', namespace: 'openshift-ingress' },
  ];
  const edges: GraphEdge[] = [{ id: 'entry:router', source: 'internet', target: 'router', kind: 'entry', label: '80/443' }];
  for (let i = 0; i < namespaces; i++) {
    const ns = `team-${String(i).padStart(4, '0')}`;
    nodes.push({ id: `ns:${ns}`, label: ns, kind: 'NamespaceGroup', namespace: ns, count: 10, sublabel: '10 objects' });
    edges.push({ id: `route:ns:${ns}`, source: 'router', target: `ns:${ns}`, kind: 'route', label: `${1 + (i % 3)} route` });
  }
  for (const e of extra) nodes.push({ id: e.id!, label: e.label ?? e.id!, kind: e.kind ?? 'Service', parent: e.parent, namespace: e.namespace });
  return { nodes, edges, aggregated: true, fullSize: namespaces * 10 };
}

/** Whether Cytoscape holds drawing (a batch is open); not in its typings. */
const batching = (cy: cytoscape.Core) => (cy as unknown as { batching(): boolean }).batching();
const headless = () => cytoscape({ headless: true, styleEnabled: true });
const positions = (cy: cytoscape.Core) => new Map(cy.nodes().filter((n) => !n.isParent()).map((n) => [n.id(), { ...(n as cytoscape.NodeSingular).position() }] as const));

describe('aggregatedPositions', () => {
  it('puts every folded namespace in its own grid cell, by name, whatever the input order', () => {
    const g = aggregated(100);
    const pos = aggregatedPositions(g.nodes, 1.5);
    const cells = g.nodes.filter((n) => n.kind === 'NamespaceGroup').map((n) => pos.get(n.id)!);
    expect(new Set(cells.map((p) => `${p.x},${p.y}`)).size).toBe(100);
    const shuffled = [...g.nodes].reverse();
    expect(aggregatedPositions(shuffled, 1.5)).toEqual(pos);
    // Reading order follows the name: team-0000 is the top-left cell, team-0001 right of it.
    const a = pos.get('ns:team-0000')!;
    const b = pos.get('ns:team-0001')!;
    expect(b.x).toBeGreaterThan(a.x);
    expect(b.y).toBe(a.y);
    // Internet left of the router, the router left of every namespace.
    expect(pos.get('internet')!.x).toBeLessThan(pos.get('router')!.x);
    expect(Math.min(...cells.map((p) => p.x))).toBeGreaterThan(pos.get('router')!.x);
  });

  it('lays an expanded namespace out below the grid, one column per kind', () => {
    const g = aggregated(20, [
      { id: 'ns:team-9999', kind: 'Namespace', namespace: 'team-9999' },
      { id: 'Service/team-9999/web', kind: 'Service', parent: 'ns:team-9999' },
      { id: 'Deployment/team-9999/web', kind: 'Deployment', parent: 'ns:team-9999' },
      { id: 'Route/team-9999/web', kind: 'Route', parent: 'ns:team-9999' },
    ]);
    const pos = aggregatedPositions(g.nodes, 1.5);
    const gridBottom = Math.max(...g.nodes.filter((n) => n.kind === 'NamespaceGroup').map((n) => pos.get(n.id)!.y));
    const route = pos.get('Route/team-9999/web')!;
    const svc = pos.get('Service/team-9999/web')!;
    const dep = pos.get('Deployment/team-9999/web')!;
    expect(route.y).toBeGreaterThan(gridBottom);
    expect(route.x).toBeLessThan(svc.x);
    expect(svc.x).toBeLessThan(dep.x);
  });

  it('moves no other namespace when one is expanded (its grid cell stays empty)', () => {
    const folded = aggregated(30);
    const before = aggregatedPositions(folded.nodes, 1.5);
    const nodes = folded.nodes.map((n) => (n.id === 'ns:team-0007' ? { ...n, kind: 'Namespace' } : n));
    nodes.push({ id: 'Service/team-0007/web', label: 'web', kind: 'Service', parent: 'ns:team-0007' });
    const after = aggregatedPositions(nodes, 1.5);
    for (const n of folded.nodes) if (n.id !== 'ns:team-0007') expect(after.get(n.id)).toEqual(before.get(n.id));
    expect(after.has('ns:team-0007')).toBe(false);
  });
});

describe('toElements', () => {
  it('draws the router without a namespace box that holds nothing else when flat', () => {
    const flat = toElements(aggregated(3), true);
    expect(flat.find((e) => e.data.id === 'router')!.data.parent).toBeUndefined();
    expect(flat.some((e) => e.data.id === 'ns:openshift-ingress')).toBe(false);
    const boxed = toElements(aggregated(3), false);
    expect(boxed.find((e) => e.data.id === 'router')!.data.parent).toBe('ns:openshift-ingress');
    // Edges of a large graph carry the class of the cheaper edge style; a small graph's do not.
    const classesOf = (e: cytoscape.ElementDefinition) => String(e.classes ?? '').split(' ');
    expect(flat.filter((e) => e.group === 'edges').every((e) => classesOf(e).includes(LARGE_CLASS))).toBe(true);
    expect(boxed.some((e) => classesOf(e).includes(LARGE_CLASS))).toBe(false);
    // A box with more in it stays, router included.
    const more = toElements(aggregated(3, [{ id: 'Service/openshift-ingress/x', parent: 'ns:openshift-ingress' }]), true);
    expect(more.find((e) => e.data.id === 'router')!.data.parent).toBe('ns:openshift-ingress');
  });
});

describe('applyDiff + addSliced', () => {
  it('adds a big graph in slices, at its final positions, with no compound node', async () => {
    const cy = headless();
    const g = aggregated(400);
    const plan = applyDiff(cy, g, true);
    expect(plan.fresh).toBe(g.nodes.length - 1); // the router's box is not drawn
    // `onNodes` runs once, with every node in and no edge yet.
    const atBoundary: [number, number][] = [];
    expect(await addSliced(cy, plan.toAdd, () => true, undefined, () => atBoundary.push([cy.nodes().length, cy.edges().length]))).toBe(true);
    expect(atBoundary).toEqual([[g.nodes.length - 1, 0]]);
    expect(cy.elements().length).toBe(g.nodes.length - 1 + g.edges.length);
    expect(cy.nodes().filter((n) => n.isParent()).length).toBe(0);
    const aspect = cy.width() > 0 && cy.height() > 0 ? cy.width() / cy.height() : 1.4;
    const want = aggregatedPositions(g.nodes, aspect);
    for (const [id, p] of positions(cy)) expect(p).toEqual(want.get(id));
  });

  it('keeps unchanged nodes and their data, removes what is gone, adds only what is new', async () => {
    const cy = headless();
    const g1: Graph = {
      nodes: [
        { id: 'a', label: 'a', kind: 'Service' },
        { id: 'b', label: 'b', kind: 'Deployment' },
        { id: 'c', label: 'c', kind: 'Deployment' },
      ],
      edges: [{ id: 'a->b', source: 'a', target: 'b', kind: 'endpoint' }],
    };
    await addSliced(cy, applyDiff(cy, g1, false).toAdd, () => true);
    cy.getElementById('a').position({ x: 11, y: 22 });
    cy.getElementById('b').position({ x: 33, y: 44 });
    const aBefore = cy.getElementById('a');
    const g2: Graph = {
      nodes: [
        { id: 'a', label: 'a', kind: 'Service' },
        { id: 'b', label: 'b2', kind: 'Deployment' },
        { id: 'd', label: 'd', kind: 'Pod' },
      ],
      edges: [
        { id: 'a->b', source: 'a', target: 'b', kind: 'endpoint' },
        { id: 'a->d', source: 'a', target: 'd', kind: 'endpoint' },
      ],
    };
    const plan = applyDiff(cy, g2, false);
    expect(plan.toAdd.map((e) => e.data.id)).toEqual(['d', 'a->d']);
    expect(plan.fresh).toBe(1);
    expect(cy.getElementById('c').empty()).toBe(true);
    expect(cy.getElementById('a').same(aBefore)).toBe(true);
    expect(cy.getElementById('a').position()).toEqual({ x: 11, y: 22 });
    expect(cy.getElementById('b').position()).toEqual({ x: 33, y: 44 });
    expect(cy.getElementById('b').data('label')).toBe('b2');
    await addSliced(cy, plan.toAdd, () => true);
    expect(cy.elements().map((e) => e.id()).sort()).toEqual(['a', 'a->b', 'a->d', 'b', 'd']);
  });

  it('stops when a newer render takes over; the next diff adds what is missing', async () => {
    const cy = headless();
    const g = aggregated(3000);
    const plan = applyDiff(cy, g, true);
    // A newer graph arrives after the first slice: the render is current at its first check only.
    let checks = 0;
    const hold = new DrawHold(cy);
    expect(await addSliced(cy, plan.toAdd, () => ++checks <= 1, hold)).toBe(false);
    // Drawing stays held for the newer render, which releases it when it starts.
    expect(batching(cy)).toBe(true);
    hold.release();
    expect(batching(cy)).toBe(false);
    const partial = cy.elements().length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(plan.toAdd.length);
    const next = applyDiff(cy, g, true);
    expect(next.toAdd.length).toBe(plan.toAdd.length - partial);
    // Held between its slices (nothing drawn), released at the end.
    let heldBetween = true;
    expect(await addSliced(cy, next.toAdd, () => (heldBetween &&= batching(cy)), hold)).toBe(true);
    expect(heldBetween).toBe(true);
    expect(batching(cy)).toBe(false);
    expect(cy.elements().length).toBe(plan.toAdd.length);
  });
});
