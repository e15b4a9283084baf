// Laying out the topology: flow reads left to right (internet → router → routes → services → pods).
// Small graphs use fcose with left-of constraints along the traffic edges; large (aggregated) graphs use
// a grid, which is instant and keeps the main thread free. Positions of unchanged nodes are kept while
// editing; new nodes are placed next to a neighbour instead of re-laying out everything.
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';

cytoscape.use(fcose);

const FLOW_EDGES = new Set(['entry', 'route', 'backend', 'endpoint']);
/** Above this many nodes fcose would block the main thread too long; a grid is used instead. */
export const FCOSE_MAX_NODES = 350;

export function layoutAll(cy: cytoscape.Core, animate: boolean): Promise<void> {
  const leaves = cy.nodes().filter((n) => !n.isParent());
  return new Promise((resolve) => {
    if (leaves.length === 0) return resolve();
    let layout: cytoscape.Layouts;
    if (leaves.length > FCOSE_MAX_NODES) {
      layout = cy.elements().layout({ name: 'grid', avoidOverlap: true, animate: false, condense: true, sort: (a, b) => String(a.id()).localeCompare(String(b.id())) } as cytoscape.GridLayoutOptions);
    } else {
      const constraints: { left: string; right: string; gap: number }[] = [];
      const seen = new Set<string>();
      cy.edges().forEach((e) => {
        if (!FLOW_EDGES.has(e.data('kind'))) return;
        const s = e.source();
        const t = e.target();
        if (s.isParent() || t.isParent() || s.id() === t.id()) return;
        const k = `${s.id()}|${t.id()}`;
        if (seen.has(k) || seen.has(`${t.id()}|${s.id()}`)) return;
        seen.add(k);
        constraints.push({ left: s.id(), right: t.id(), gap: 70 });
      });
      const rows = appRows(cy);
      seedPositions(cy);
      layout = cy.layout({
        name: 'fcose',
        quality: 'proof',
        // Start from the seeded columns, not a random draw: the same input always gets the same picture.
        randomize: false,
        animate,
        animationDuration: 300,
        fit: false,
        padding: 30,
        nodeDimensionsIncludeLabels: true,
        uniformNodeDimensions: false,
        packComponents: true,
        nodeRepulsion: () => 6000,
        idealEdgeLength: () => 80,
        edgeElasticity: () => 0.45,
        nestingFactor: 0.1,
        gravity: 0.25,
        gravityCompound: 1.0,
        tile: true,
        relativePlacementConstraint: constraints.length <= 400 ? constraints : undefined,
        // A Route, its Service and the workload behind it on one row, side by side (as OpenShift's
        // topology groups an application), instead of wherever the forces leave them.
        alignmentConstraint: rows.length > 0 && constraints.length <= 400 ? { horizontal: rows } : undefined,
      } as cytoscape.LayoutOptions);
    }
    layout.one('layoutstop', () => resolve());
    layout.run();
  });
}

/**
 * The "applications" of the graph: chains Route/Ingress → Service → workload where each link is the only
 * one at both of its ends (a Service with one workload that no other Service selects, a Route with one
 * backend that no other Route uses). Each chain becomes one row. Links shared between several objects
 * are left to the forces: aligning them would pile nodes on one row.
 */
export function appRows(cy: cytoscape.Core): string[][] {
  const ROW_EDGES = ['backend', 'endpoint'];
  const outs = new Map<string, string[]>();
  const ins = new Map<string, string[]>();
  cy.edges().forEach((e) => {
    const kind = String(e.data('kind'));
    if (!ROW_EDGES.includes(kind) || e.hasClass('alternate')) return;
    const s = e.source();
    const t = e.target();
    if (s.isParent() || t.isParent() || s.id() === t.id()) return;
    const sk = `${kind}|${s.id()}`;
    const tk = `${kind}|${t.id()}`;
    outs.set(sk, [...(outs.get(sk) ?? []), t.id()]);
    ins.set(tk, [...(ins.get(tk) ?? []), s.id()]);
  });
  return chainRows(outs, ins, ROW_EDGES);
}

/** Pure part of appRows: union of the one-to-one links into rows (sorted, so the same input gives the
 *  same constraints). Keys of `outs` / `ins` are `kind|nodeId`. */
export function chainRows(outs: Map<string, string[]>, ins: Map<string, string[]>, kinds: readonly string[]): string[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  for (const kind of kinds) {
    for (const [key, targets] of outs) {
      if (!key.startsWith(`${kind}|`) || targets.length !== 1) continue;
      const source = key.slice(kind.length + 1);
      const target = targets[0];
      if ((ins.get(`${kind}|${target}`) ?? []).length !== 1) continue;
      if (!parent.has(source)) parent.set(source, source);
      if (!parent.has(target)) parent.set(target, target);
      union(source, target);
    }
  }
  const groups = new Map<string, string[]>();
  for (const id of parent.keys()) {
    const r = find(id);
    groups.set(r, [...(groups.get(r) ?? []), id]);
  }
  return [...groups.values()].filter((g) => g.length > 1).map((g) => g.sort()).sort((a, b) => a[0].localeCompare(b[0]));
}

/** Columns by role (internet, router, routes, services, workloads/pods, external), rows by namespace
 *  and name: a deterministic starting point that already reads left to right. */
function seedPositions(cy: cytoscape.Core): void {
  const leaves = cy.nodes().filter((n) => !n.isParent());
  const sorted = leaves.sort((a, b) => String(a.data('namespace') ?? '').localeCompare(String(b.data('namespace') ?? '')) || String(a.id()).localeCompare(String(b.id())));
  const rows = new Map<number, number>();
  sorted.forEach((n) => {
    const col = seedColumn(String(n.data('kind')));
    const row = rows.get(col) ?? 0;
    rows.set(col, row + 1);
    n.position({ x: col * 170, y: row * 80 });
  });
}

function seedColumn(kind: string): number {
  if (kind === 'Internet') return 0;
  if (kind === 'Router' || kind === 'Gateway') return 1;
  if (kind === 'Route' || kind === 'Ingress' || kind.endsWith('Route')) return 2;
  if (kind === 'Service') return 3;
  if (kind === 'IPBlock') return 5;
  return 4;
}

/** Puts nodes that have no position yet next to a positioned neighbour, or inside their namespace box. */
export function placeNewNodes(cy: cytoscape.Core, fresh: cytoscape.NodeCollection): void {
  let i = 0;
  fresh.forEach((n) => {
    if (n.isParent()) return;
    const neighbour = n.neighborhood().nodes().filter((m) => !fresh.contains(m) && !m.isParent()).first() as cytoscape.NodeSingular;
    const siblings = n.parent().nonempty() ? n.parent().children().filter((m) => !fresh.contains(m)) : cy.collection();
    let x = 0;
    let y = 0;
    if (neighbour.nonempty()) {
      const p = neighbour.position();
      const incoming = n.incomers().nodes().contains(neighbour);
      x = p.x + (incoming ? 110 : -110);
      y = p.y + 50 * (i % 3);
    } else if (siblings.nonempty()) {
      const bb = siblings.boundingBox({});
      x = bb.x2 + 60;
      y = bb.y1 + 40 * (i % 4);
    } else {
      const bb = cy.elements().boundingBox({});
      x = Number.isFinite(bb.x2) ? bb.x2 + 80 : 0;
      y = Number.isFinite(bb.y1) ? bb.y1 + 60 * i : 60 * i;
    }
    n.position({ x, y });
    i++;
  });
}

/** A node position in model coordinates. */
export interface Pos {
  x: number;
  y: number;
}

/** What the aggregated layout needs to know of a node (a GraphNode, or a Cytoscape node's data). */
export interface LayoutNode {
  id: string;
  kind: string;
  parent?: string;
}

const byId = (a: LayoutNode, b: LayoutNode) => a.id.localeCompare(b.id);

/**
 * Large inputs (aggregated graphs): a deterministic, instant layout — internet and external blocks on
 * the left, the router next, folded namespaces in a grid sorted by name, expanded namespaces below it
 * with their objects in rows. Same input, same positions.
 * Pure (no Cytoscape): the positions are known before a single element is added, so a big graph is
 * added with its final positions and never moved afterwards. `aspect` is the pane's width / height.
 */
export function aggregatedPositions(nodes: readonly LayoutNode[], aspect: number): Map<string, Pos> {
  const CELL_W = 140;
  const CELL_H = 60;
  const out = new Map<string, Pos>();
  const children = new Map<string, LayoutNode[]>();
  for (const n of nodes) if (n.parent) children.set(n.parent, [...(children.get(n.parent) ?? []), n]);
  const isExpanded = (n: LayoutNode) => n.kind === 'Namespace' && (children.get(n.id) ?? []).length > 0 && !(children.get(n.id) ?? []).some((c) => c.id === 'router');
  const expanded = nodes.filter(isExpanded).sort(byId);
  // Folded and expanded namespaces share the grid; an expanded one leaves its cell empty (its objects go
  // below), so expanding or folding a namespace moves no other node.
  const slots = nodes.filter((n) => n.kind === 'NamespaceGroup' || isExpanded(n)).sort(byId);
  // As many columns as make the grid about as wide as the pane is, relative to its height.
  const cols = Math.max(1, Math.ceil(Math.sqrt((slots.length * (aspect > 0 ? aspect : 1.4) * CELL_H) / CELL_W)));
  const rows = Math.ceil(slots.length / cols);
  const x0 = 260;
  slots.forEach((n, i) => {
    if (n.kind === 'NamespaceGroup') out.set(n.id, { x: x0 + (i % cols) * CELL_W, y: Math.floor(i / cols) * CELL_H });
  });
  const midY = ((rows - 1) * CELL_H) / 2;
  let blocks = 0;
  for (const n of nodes) {
    if (n.id === 'internet') out.set(n.id, { x: 0, y: midY });
    else if (n.kind === 'IPBlock') out.set(n.id, { x: 0, y: midY + 90 + blocks++ * 50 });
    else if (n.id === 'router') out.set(n.id, { x: 160, y: midY });
  }
  // Expanded namespaces (compounds with children), below the grid; one column per kind rank (routes,
  // services, workloads), flowing left to right.
  let y = rows * CELL_H + 60;
  for (const ns of expanded) {
    const byRank = new Map<number, LayoutNode[]>();
    for (const k of children.get(ns.id) ?? []) {
      const r = kindRank(k.kind);
      byRank.set(r, [...(byRank.get(r) ?? []), k]);
    }
    let maxRows = 0;
    [...byRank.keys()].sort().forEach((r, col) => {
      const list = byRank.get(r)!.sort(byId);
      maxRows = Math.max(maxRows, list.length);
      list.forEach((k, i) => out.set(k.id, { x: x0 + col * 190, y: y + i * 70 }));
    });
    y += Math.max(1, maxRows) * 70 + 80;
  }
  return out;
}

/** The aggregated layout applied to what is on the canvas (the toolbar's Layout button). */
export function layoutAggregated(cy: cytoscape.Core): void {
  const aspect = cy.width() > 0 && cy.height() > 0 ? cy.width() / cy.height() : 1.4;
  const nodes: LayoutNode[] = cy.nodes().map((n) => ({ id: n.id(), kind: String(n.data('kind')), parent: (n.data('parent') as string | undefined) ?? undefined }));
  const pos = aggregatedPositions(nodes, aspect);
  cy.batch(() => {
    cy.nodes().forEach((n) => {
      const p = pos.get(n.id());
      if (p && !n.isParent()) n.position(p);
    });
  });
}

function kindRank(kind: string): number {
  if (kind === 'Route' || kind === 'Ingress' || kind === 'Gateway') return 0;
  if (kind.endsWith('Route')) return 1;
  if (kind === 'Service') return 2;
  return 3;
}
