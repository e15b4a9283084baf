// Draws compare mode's marks (graphMarks.ts) on the page's Cytoscape instance: classes on the nodes that
// are new or changed, ghost nodes for removed objects and overlay edges for new, lost, changed and
// undecided connections. Re-applied after every render (GraphView's overlays: the graph diff removes
// elements it does not know) and whenever a new DiffReport arrives; nothing is drawn outside compare mode.
import type cytoscape from 'cytoscape';
import type { DiffReport } from '../../src-core/index';
import { useAnalysisStore } from '../analysis/client';
import { nodeIdFor } from '../graph/traceHighlight';
import { placeNewNodes } from '../graph/layout';
import { displayText } from '../../src-core/index';
import { planMarks, type Mark } from './graphMarks';

const NODE_CLASSES = 'cmp-new cmp-changed cmp-undetermined';
const OVERLAY = '.cmp-ghost, .cmp-edge';
const nodeClass = (m: Mark) => `cmp-${m}`;

/** Where each ghost was put, so it does not jump on the next edit. */
const ghostPositions = new Map<string, cytoscape.Position>();
/** Instances that carry marks (clearing is skipped on every render outside compare mode). */
const marked = new WeakSet<cytoscape.Core>();

export function applyCompareMarks(cy: cytoscape.Core, report: DiffReport | null): void {
  if (!report && !marked.has(cy)) return;
  cy.batch(() => {
    cy.elements(OVERLAY).remove();
    cy.nodes('.cmp-new, .cmp-changed, .cmp-undetermined').removeClass(NODE_CLASSES);
    if (!report) {
      marked.delete(cy);
      ghostPositions.clear();
      return;
    }
    marked.add(cy);
    // nodeIdFor walks the nodes for an `ns/name`; a report names the same endpoints many times.
    const resolved = new Map<string, string | undefined>();
    const plan = planMarks(report, {
      resolve: (ref) => {
        if (!resolved.has(ref)) resolved.set(ref, nodeIdFor(cy, ref));
        return resolved.get(ref);
      },
      kindOf: (id) => {
        const n = cy.getElementById(id);
        return n.nonempty() ? (n.data('kind') as string) : undefined;
      },
    });
    for (const [id, m] of plan.nodes) cy.getElementById(id).addClass(nodeClass(m));
    const fresh = cy.collection();
    for (const g of plan.ghosts) {
      const label = displayText(g.name, 60);
      const pos = ghostPositions.get(g.id);
      const n = cy.add({ group: 'nodes', data: { id: g.id, label: g.name, display: `${label}\n(removed)`, kind: g.kind, namespace: g.namespace, parent: g.parent }, classes: 'cmp-ghost cmp-lost', ...(pos ? { position: pos } : {}) });
      if (!pos) fresh.merge(n);
    }
    if (fresh.nonempty()) placeNewNodes(cy, fresh);
    fresh.forEach((n) => void ghostPositions.set(n.id(), { ...(n as cytoscape.NodeSingular).position() }));
    cy.add(plan.edges.map((e) => ({ group: 'edges' as const, data: { id: e.id, source: e.source, target: e.target, kind: 'compare', label: e.label, mark: e.mark }, classes: `cmp-edge cmp-edge-${e.mark}` })));
  });
}

/** Re-draws the marks when the Changes report changes (the graph may stay the same). */
export function watchCompareMarks(cy: cytoscape.Core): () => void {
  return useAnalysisStore.subscribe((a, prev) => {
    if (a.diff !== prev.diff && !cy.destroyed()) applyCompareMarks(cy, a.diff);
  });
}
