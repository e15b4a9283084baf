// Framing the graph: Fit that never zooms a small graph up to cartoon size nor a big one out past readable
// labels, and the position-only fit of large graphs (Cytoscape's own fit measures every label).
import type cytoscape from 'cytoscape';
import type { Pos } from './layout';

/** Fit never zooms out below this: node labels (12 px, hidden under 8 px on screen, style.ts) stay
 *  readable. A graph bigger than the pane then opens on the trace (else where traffic enters) and is
 *  panned; hover and keyboard focus still name every node (tooltip). Large aggregated overviews (> 300 nodes) are fitted whole. */
export const MIN_FIT_ZOOM = 0.7;

/** Fits the graph, but never zooms a tiny graph up to cartoon size. Large graphs are fitted from node
 *  positions alone: Cytoscape's own fit measures every label first (a second or more for 2,000 elements). */
export function fitView(cy: cytoscape.Core): void {
  const nodes = cy.nodes().filter((n) => !n.isParent());
  if (nodes.length > 300) {
    fitPositions(cy, nodes.map((n) => (n as cytoscape.NodeSingular).position()));
    return;
  }
  cy.fit(undefined, 30);
  if (cy.zoom() > 1.3) {
    cy.zoom(1.3);
    cy.center();
  } else if (cy.zoom() < MIN_FIT_ZOOM) {
    // Too big to fit readably: readable size, centred on where the traffic enters (the internet and
    // router column on the left) when the trace is not on screen, so the picture starts where a reader does.
    const path = cy.nodes('.trace-path');
    cy.zoom(MIN_FIT_ZOOM);
    if (path.nonempty()) cy.center(path);
    else {
      const bb = nodes.boundingBox({});
      cy.pan({ x: 30 - bb.x1 * MIN_FIT_ZOOM, y: cy.height() / 2 - ((bb.y1 + bb.y2) / 2) * MIN_FIT_ZOOM });
    }
  }
}

/** Sets the viewport so that all these node centres show, with room for the nodes around them. */
export function fitPositions(cy: cytoscape.Core, positions: Iterable<Pos>): void {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const p of positions) {
    x1 = Math.min(x1, p.x);
    y1 = Math.min(y1, p.y);
    x2 = Math.max(x2, p.x);
    y2 = Math.max(y2, p.y);
  }
  if (!Number.isFinite(x1)) return;
  const pad = 80;
  const zoom = Math.min(1.3, cy.width() / (x2 - x1 + 2 * pad), cy.height() / (y2 - y1 + 2 * pad));
  cy.viewport({ zoom, pan: { x: cy.width() / 2 - ((x1 + x2) / 2) * zoom, y: cy.height() / 2 - ((y1 + y2) / 2) * zoom } });
}
