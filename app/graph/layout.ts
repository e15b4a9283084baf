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
      layout = cy.layout({
        name: 'fcose',
        quality: 'proof',
        randomize: true,
        animate,
        animationDuration: 300,
        fit: true,
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
      } as cytoscape.LayoutOptions);
    }
    layout.one('layoutstop', () => resolve());
    layout.run();
  });
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
