// Putting a Graph on the Cytoscape canvas without blocking the page. The worker's Graph is diffed against
// what is drawn (unchanged nodes keep their positions); removals and in-place updates happen in one short
// batch, new elements are added in time-boxed slices across tasks. Each slice has Cytoscape compute its
// style and rendered geometry right away (`flushRenderedStyleQueue`), so no single task or animation frame
// has to style the whole graph — that was a 1–2.7 s task for the ~2,000 elements of a 10k-workload cluster.
// A render is cancelled as soon as a newer one starts (the caller's `isCurrent` turns false).
import { displayText } from '../../src-core/index';
import type cytoscape from 'cytoscape';
import { ROUTER_NODE, type Graph, type GraphNode } from '../../src-core/index';
import { aggregatedPositions, type Pos } from './layout';
import { LARGE_CLASS } from './style';

function display(n: GraphNode): string {
  // Canvas labels: neutralised and cut like the panels' names (a 10k-character name would draw a 72k px label).
  return n.sublabel ? `${displayText(n.label, 60)}\n${displayText(n.sublabel, 60)}` : displayText(n.label, 60);
}

/**
 * Cytoscape element definitions for a graph. `flat` (a large graph): edges get the cheaper large-graph
 * style (class LARGE_CLASS, see style.ts), and when the router is all its namespace box holds, the router
 * is drawn without the box. Any compound node makes Cytoscape restyle the end nodes
 * of every edge it adds and walk parents on every style change; with the router's 1,000 edges in the
 * aggregated graph that alone made adding it quadratic (tens of seconds in slices).
 */
export function toElements(g: Graph, flat = false): cytoscape.ElementDefinition[] {
  const els: cytoscape.ElementDefinition[] = [];
  let dropBox: string | undefined;
  if (flat) {
    const router = g.nodes.find((n) => n.id === ROUTER_NODE);
    if (router?.parent && !g.nodes.some((n) => n.parent === router.parent && n.id !== ROUTER_NODE)) dropBox = router.parent;
  }
  for (const n of g.nodes) {
    if (dropBox !== undefined && n.id === dropBox) continue;
    const parent = dropBox !== undefined && n.id === ROUTER_NODE ? undefined : n.parent;
    els.push({ group: 'nodes', data: { id: n.id, label: n.label, display: display(n), kind: n.kind, parent, object: n.object, namespace: n.namespace, labels: n.labels ?? {}, count: n.count }, classes: (n.classes ?? []).join(' ') });
  }
  for (const e of g.edges) {
    const classes = flat ? [...(e.classes ?? []), LARGE_CLASS] : (e.classes ?? []);
    els.push({ group: 'edges', data: { id: e.id, source: e.source, target: e.target, label: e.label ?? '', kind: e.kind }, classes: classes.join(' ') });
  }
  return els;
}

/** Classes the app adds on top of the graph's own (kept when comparing). */
const TRANSIENT = new Set(['trace-path', 'trace-stop', 'faded']);

function signature(d: Record<string, unknown>): string {
  return `${String(d.display)}|${String(d.kind)}|${String(d.label)}|${String(d.count ?? '')}|${String(d.parent ?? '')}|${String(d.object ?? '')}|${JSON.stringify(d.labels ?? {})}`;
}

export interface RenderPlan {
  /** Elements to add, parents before children, nodes before edges (positions preset when known). */
  toAdd: cytoscape.ElementDefinition[];
  /** How many of the graph's nodes are new (not on the canvas before). */
  fresh: number;
  total: number;
  /** Final positions of every node when the layout is deterministic (aggregated graphs). */
  positions: Map<string, Pos> | null;
}

/**
 * First, synchronous step: removes what is gone, updates what changed in place (touching only what
 * differs: every data/class write makes Cytoscape restyle that element), moves kept nodes to their
 * deterministic positions, and returns what is left to add.
 */
export function applyDiff(cy: cytoscape.Core, g: Graph, flat: boolean): RenderPlan {
  const wanted = toElements(g, flat);
  const wantedIds = new Set(wanted.map((e) => e.data.id as string));
  let fresh = 0;
  const toAdd: cytoscape.ElementDefinition[] = [];
  const aspect = cy.width() > 0 && cy.height() > 0 ? cy.width() / cy.height() : 1.4;
  const positions = g.aggregated ? aggregatedPositions(g.nodes, aspect) : null;
  cy.batch(() => {
    cy.elements('.trace-edge').remove();
    const gone = cy.elements().filter((el) => !wantedIds.has(el.id()));
    // Removing everything at once is much cheaper than element by element (a scenario switch).
    if (gone.length === cy.elements().length) cy.elements().remove();
    else gone.remove();
    // Looked up in a plain map: Cytoscape's getElementById builds an empty collection for every miss,
    // which was ~130 ms over the 2,000 new elements of a big paste on a busy machine.
    const existing = new Map<string, cytoscape.SingularElementReturnValue>();
    cy.elements().forEach((el) => {
      existing.set(el.id(), el);
    });
    for (const def of wanted) {
      const id = def.data.id as string;
      const found = existing.get(id);
      // (An element removed meanwhile: a child of a parent that was replaced, or one of its edges.)
      const el = found && !found.removed() ? found : undefined;
      const sameParent = !!el && el.isNode() && (el.data('parent') ?? undefined) === (def.data.parent ?? undefined);
      const sameEnds = !!el && el.isEdge() && el.data('source') === def.data.source && el.data('target') === def.data.target;
      if (el && (sameParent || sameEnds)) {
        if (signature(el.data() as Record<string, unknown>) !== signature(def.data)) el.data(def.data);
        const cls = def.classes ?? '';
        if (el.classes().filter((c) => !TRANSIENT.has(c)).join(' ') !== cls) el.classes(cls);
        const p = positions?.get(id);
        if (p && el.isNode() && !el.isParent()) {
          const cur = (el as cytoscape.NodeSingular).position();
          if (cur.x !== p.x || cur.y !== p.y) (el as cytoscape.NodeSingular).position(p);
        }
      } else {
        if (el) el.remove();
        const p = positions?.get(id);
        toAdd.push(p && def.group === 'nodes' ? { ...def, position: { x: p.x, y: p.y } } : def);
        if (def.group === 'nodes') fresh++;
      }
    }
  });
  // Parents before children, nodes before edges (stable: the graph's own order otherwise).
  const rank = (d: cytoscape.ElementDefinition) => (d.group === 'nodes' ? (d.data.parent ? 1 : 0) : 2);
  toAdd.sort((a, b) => rank(a) - rank(b));
  return { toAdd, fresh, total: g.nodes.length, positions };
}

/** Milliseconds of work per task while adding: well under the 50 ms a long task starts at, leaving room
 *  for a frame between tasks. */
const SLICE_MS = 16;
/** Elements added (and styled) at a time within a task; the task ends at the first step past SLICE_MS. */
const STEP = 16;

/** Above this many elements to add, the first slice waits for a task of its own. */
const BIG = 200;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function flushStyles(cy: cytoscape.Core): void {
  // The canvas renderer's own queue of elements whose style and label/edge geometry need computing; it
  // would otherwise run for all of them in the next animation frame.
  const r = (cy as unknown as { renderer(): { flushRenderedStyleQueue?: () => void } | null }).renderer();
  r?.flushRenderedStyleQueue?.();
}

/**
 * Keeps Cytoscape from drawing while a big graph is being added: its render loop draws nothing while a
 * batch is open, so the batch is held across the pauses between slices (and closed while a slice works,
 * so each slice's styles are computed in that slice). Otherwise every frame in between would z-sort and
 * cull the whole growing graph (a 200 ms frame was seen). One per Cytoscape instance; a render that
 * starts releases it, so a cancelled render never leaves it held.
 */
export class DrawHold {
  private held = false;
  constructor(private readonly cy: cytoscape.Core) {}
  hold(): void {
    if (this.held) return;
    this.held = true;
    this.cy.startBatch();
  }
  release(): void {
    if (!this.held) return;
    this.held = false;
    this.cy.endBatch();
  }
}

/**
 * Adds `defs` in tasks of about SLICE_MS each (small steps until the time is up, so a slow moment on a
 * busy machine costs one step, not a whole slice), yielding to the page between tasks with drawing held.
 * Resolves true when all are in (drawing released), or false when `isCurrent()` turned false (a newer
 * graph arrived) — what was added so far stays, and the newer render diffs against it and owns `hold`.
 * `onNodes` runs once, between the last node and the first edge.
 */
export async function addSliced(cy: cytoscape.Core, defs: cytoscape.ElementDefinition[], isCurrent: () => boolean, hold?: DrawHold, onNodes?: () => void): Promise<boolean> {
  let i = 0;
  // Where the edges start (defs are nodes first): `onNodes` runs once all nodes are in.
  const firstEdge = defs.findIndex((d) => d.group === 'edges');
  const nodesEnd = firstEdge < 0 ? defs.length : firstEdge;
  const pause = async (): Promise<boolean> => {
    hold?.hold();
    await nextTask();
    return isCurrent();
  };
  // A big render starts in a task of its own: the one that delivered the graph also updates the rest
  // of the page. Small updates (typing) stay synchronous.
  if (defs.length > BIG && !(await pause())) return false;
  while (i < defs.length) {
    hold?.release();
    const t0 = performance.now();
    do {
      if (i === nodesEnd && onNodes && nodesEnd > 0 && nodesEnd < defs.length) onNodes();
      const part = defs.slice(i, Math.min(i + STEP, i < nodesEnd ? nodesEnd : defs.length));
      let eles = cy.collection();
      cy.batch(() => {
        eles = cy.add(part);
      });
      flushStyles(cy);
      // Bounding boxes too (cached per element): the first frame would otherwise compute all of them
      // to cull, in one go.
      eles.boundingBox({});
      i += part.length;
    } while (i < defs.length && performance.now() - t0 < SLICE_MS);
    if (i < defs.length && !(await pause())) return false;
  }
  hold?.release();
  return true;
}
