// The connections overlay, focused: of the policy engine's connection edges (allowed / denied /
// undetermined), only those of the selected node are drawn — all of them at once were a tangle on
// microservices-demo (issue 14); the whole picture is the connectivity matrix (Show ▾). Nothing selected:
// none are drawn (GraphView says how to see them). A class on the edges, so positions never move.
import type cytoscape from 'cytoscape';

/** Edge kinds the connections overlay adds (app/analysis connectionsOf, graph kinds). */
export const CONNECTION_KINDS: ReadonlySet<string> = new Set(['allowed', 'denied', 'undetermined']);

/** The nodes whose connections a selection stands for: the node, what it contains (a namespace), and
 *  for a Service the pods/workloads it sends to (its endpoint edges). */
export function focusNodes(cy: cytoscape.Core, selectedId: string | undefined): cytoscape.NodeCollection {
  if (!selectedId) return cy.collection();
  const n = cy.getElementById(selectedId);
  if (n.empty() || !n.isNode()) return cy.collection();
  let out = n.union(n.descendants());
  if (n.data('kind') === 'Service') out = out.union(n.outgoers('edge[kind = "endpoint"]').targets());
  return out.nodes();
}

/** Hides (class `conn-off`) every connection edge not touching the focus; touches only edges whose
 *  state changes (every class change restyles an edge). */
export function applyConnectionFocus(cy: cytoscape.Core): void {
  const sel = cy.nodes(':selected').first();
  const focus = focusNodes(cy, sel.nonempty() ? sel.id() : undefined);
  cy.batch(() => {
    cy.edges().forEach((e) => {
      if (!CONNECTION_KINDS.has(String(e.data('kind')))) return;
      const on = focus.contains(e.source()) || focus.contains(e.target());
      if (on === !e.hasClass('conn-off')) return;
      if (on) e.removeClass('conn-off');
      else e.addClass('conn-off');
    });
  });
}
