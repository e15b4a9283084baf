// The topology pane: Cytoscape fed from the worker's Graph. Elements are diffed in place so unchanged
// nodes keep their positions while editing; the trace path, the selection and the search filter are
// classes on top. All labels are data fields rendered by Cytoscape as text (never HTML).
// Big graphs are added in slices (render.ts); the container's `data-rendered-version` names the analysis
// version whose graph is entirely drawn. Cytoscape's canvas renderer, not its WebGL one: in headless
// Chromium with software GL (SwiftShader) the WebGL renderer was 5–10× slower per pan/zoom frame on the
// 2,000-element aggregated graph (frame p50 200–400 ms against 20–45 ms, same page, same load) and drew
// every label regardless of `min-zoomed-font-size`, cluttering the overview.
import { useEffect, useRef } from 'react';
import cytoscape from 'cytoscape';
import type { Graph } from '../../src-core/index';
import { useAppStore } from '../store';
import { useAnalysisStore } from '../analysis/client';
import { useSettledStale } from '../analysis/useStale';
import { setCy } from './cyRegistry';
import { graphStyle, LARGE_GRAPH_ELEMENTS } from './style';
import { layoutAggregated, layoutAll, placeNewNodes, type Pos } from './layout';
import { addSliced, applyDiff, DrawHold } from './render';
import { applyTrace, nodeIdFor } from './traceHighlight';
import { GraphToolbar } from './GraphToolbar';
import { Matrix } from './Matrix';
import { Legend } from './Legend';

/** Keyboard use of the graph: move the selection between visible nodes in reading order, open details,
 *  clear, zoom and fit. Returns whether the key was handled. */
function graphKey(cy: cytoscape.Core, key: string): boolean {
  const st = useAppStore.getState();
  if (key === '+' || key === '=') cy.zoom({ level: cy.zoom() * 1.2, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  else if (key === '-') cy.zoom({ level: cy.zoom() / 1.2, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  else if (key === 'f' || key === 'F' || key === '0') fitView(cy);
  else if (key === 'Escape') st.select(null);
  else if (key === 'Enter') {
    if (st.selection) {
      st.select(st.selection, true);
      st.setTab('details');
    }
  } else if (key === 'ArrowRight' || key === 'ArrowLeft' || key === 'ArrowDown' || key === 'ArrowUp') {
    const nodes = cy
      .nodes()
      .filter((n) => !n.isParent() && !n.hasClass('faded'))
      .sort((a, b) => {
        const pa = (a as cytoscape.NodeSingular).position();
        const pb = (b as cytoscape.NodeSingular).position();
        return pa.x - pb.x || pa.y - pb.y;
      });
    const list = nodes.toArray();
    if (list.length === 0) return true;
    const i = list.findIndex((n) => n.selected());
    const step = key === 'ArrowRight' || key === 'ArrowDown' ? 1 : -1;
    const next = list[(i < 0 && step < 0 ? 0 : i + step + list.length) % list.length];
    st.select((next.data('object') as string | undefined) ?? next.id(), false);
    cy.animate({ center: { eles: next }, duration: 150 });
  } else return false;
  return true;
}

/**
 * Big graphs pan and zoom on a cached texture without edges (Cytoscape's own options for this, read by
 * its canvas renderer on every frame), small ones render live.
 */
function tuneForSize(cy: cytoscape.Core, elements: number): void {
  const r = (cy as unknown as { renderer(): { hideEdgesOnViewport: boolean; textureOnViewport: boolean } }).renderer();
  const big = elements > 1500;
  r.hideEdgesOnViewport = big;
  r.textureOnViewport = big;
}

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
  }
}

/** Sets the viewport so that all these node centres show, with room for the nodes around them. */
function fitPositions(cy: cytoscape.Core, positions: Iterable<Pos>): void {
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

function matchesFilter(n: cytoscape.NodeSingular, q: string): boolean {
  const hay = [n.data('label'), n.data('kind'), n.data('namespace'), ...Object.entries((n.data('labels') ?? {}) as Record<string, string>).map(([k, v]) => `${k}=${v}`)];
  return hay.some((s) => typeof s === 'string' && s.toLowerCase().includes(q));
}

/** Fades what the filter leaves out; only elements whose state changes are touched (each class change
 *  restyles the element, and a big graph has ~2,000). */
function applyFilter(cy: cytoscape.Core, filter: string): void {
  const q = filter.trim().toLowerCase();
  cy.batch(() => {
    const faded = new Set<string>();
    if (q) {
      const hit = cy.nodes().filter((n) => !n.isParent() && matchesFilter(n, q));
      const keep = hit.union(hit.ancestors());
      cy.nodes()
        .not(keep)
        .forEach((n) => void faded.add(n.id()));
      cy.edges()
        .filter((e) => !hit.contains(e.source()) && !hit.contains(e.target()))
        .forEach((e) => void faded.add(e.id()));
    }
    cy.elements('.faded').forEach((e) => {
      if (!faded.has(e.id())) e.removeClass('faded');
    });
    for (const id of faded) {
      const e = cy.getElementById(id);
      if (!e.hasClass('faded')) e.addClass('faded');
    }
  });
}

export function GraphView() {
  const showMatrix = useAppStore((s) => !!s.view.showMatrix);
  const host = useRef<HTMLDivElement>(null);
  const cyRef = useRef<cytoscape.Core | null>(null);
  const theme = useAppStore((s) => s.theme);
  const stale = useSettledStale();
  const error = useAnalysisStore((s) => s.error);
  const graph = useAnalysisStore((s) => s.graph);
  const graphInfo = graph ? { aggregated: !!graph.aggregated, nodes: graph.nodes.length, full: graph.fullSize ?? 0 } : null;

  useEffect(() => {
    const cy = cytoscape({
      container: host.current!,
      style: graphStyle(useAppStore.getState().theme),
      wheelSensitivity: 0.3,
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
      selectionType: 'single',
    });
    cyRef.current = cy;
    setCy(cy);
    (window as unknown as { __podpathCy?: cytoscape.Core }).__podpathCy = cy;
    let lastGraph: Graph | null = null;
    let firstLayoutDone = false;
    /** Bumped by every render; a stale completion (an older graph) never marks the pane. */
    let renderSeq = 0;
    /** A render (layout) is still under way: nothing is marked until it ends. */
    let rendering = false;
    let relayoutPending = false;
    const hold = new DrawHold(cy);

    /** Marks the pane with the analysis version whose graph is on screen, after Cytoscape has drawn it
     *  (the benchmark and e2e specs wait for `data-rendered-version`). */
    const markDrawn = (seq: number, redraw = true) => {
      if (seq !== renderSeq) return;
      rendering = false;
      const mark = () => {
        if (seq !== renderSeq || !host.current) return;
        const a = useAnalysisStore.getState();
        if (a.graph === lastGraph || a.graph === null) host.current.setAttribute('data-rendered-version', String(a.version));
      };
      // The graph already on screen (a result that kept it): nothing to draw, no forced full redraw
      // (that cost a whole-canvas repaint per keystroke); marked in the next frame.
      if (!redraw) {
        requestAnimationFrame(mark);
        return;
      }
      // The canvas renderer emits `render` after a frame; the WebGL one does not, so also after two
      // animation frames (Cytoscape draws a requested frame in the first one).
      cy.one('render', mark);
      (cy as unknown as { renderer(): { redraw(): void } }).renderer().redraw();
      requestAnimationFrame(() => requestAnimationFrame(mark));
    };

    /** Everything that sits on top of the elements: trace, filter, selection. */
    const overlays = () => {
      applyTrace(cy, useAnalysisStore.getState().trace);
      applyFilter(cy, useAppStore.getState().view.filter);
      syncSelection(useAppStore.getState().selection, false);
    };

    const render = async (g: Graph | null) => {
      if (!g || g === lastGraph) return;
      const seq = ++renderSeq;
      rendering = true;
      // A cancelled render may have left drawing held; this one starts from a normal state.
      hold.release();
      const isCurrent = () => seq === renderSeq && !cy.destroyed();
      const wasEmpty = cy.nodes().length === 0;
      lastGraph = g;
      tuneForSize(cy, g.nodes.length + g.edges.length);
      const plan = applyDiff(cy, g, g.nodes.length + g.edges.length > LARGE_GRAPH_ELEMENTS);
      // A render cancelled half way leaves its elements unplaced: the next one lays out in its stead.
      const relayout = wasEmpty || plan.fresh > plan.total * 0.5 || relayoutPending;
      relayoutPending = relayout;
      // Added in slices with drawing held in between (render.ts); then framed once, for aggregated
      // graphs from their precomputed positions.
      // The trace, filter and selection go on the nodes before their edges are added: restyling a node
      // later (the router on a URL trace) would recompute all of its edges (~1,000 in the overview).
      if (!(await addSliced(cy, plan.toAdd, isCurrent, hold, overlays)) || !isCurrent()) return;
      if (g.aggregated && relayout && plan.positions) fitPositions(cy, plan.positions.values());
      const unplaced = cy.collection();
      for (const d of plan.toAdd) if (d.group === 'nodes' && !d.position) unplaced.merge(cy.getElementById(d.data.id as string));
      relayoutPending = false;
      if (g.aggregated) {
        if (unplaced.nonempty() && unplaced.length < cy.nodes().length) placeNewNodes(cy, unplaced);
        overlays();
        markDrawn(seq);
      } else if (relayout || !firstLayoutDone) {
        firstLayoutDone = true;
        overlays();
        await layoutAll(cy, false);
        if (!isCurrent()) return;
        fitView(cy);
        markDrawn(seq);
      } else {
        if (unplaced.nonempty() && unplaced.length < cy.nodes().length) cy.batch(() => placeNewNodes(cy, unplaced));
        overlays();
        markDrawn(seq);
      }
    };

    const syncSelection = (sel: string | null, center: boolean) => {
      cy.nodes(':selected').unselect();
      if (!sel) return;
      const id = nodeIdFor(cy, sel);
      if (!id) return;
      const n = cy.getElementById(id);
      n.select();
      if (center && n.nonempty() && !n.isParent()) {
        const ext = cy.extent();
        const p = n.position();
        if (p.x < ext.x1 || p.x > ext.x2 || p.y < ext.y1 || p.y > ext.y2) cy.animate({ center: { eles: n }, duration: 200 });
      }
    };

    cy.on('tap', 'node', (ev) => {
      const n = ev.target as cytoscape.NodeSingular;
      const st = useAppStore.getState();
      const key = (n.data('object') as string | undefined) ?? n.id();
      st.select(key, true);
      if (n.data('kind') !== 'Namespace') st.setTab('details');
    });
    cy.on('dbltap', 'node', (ev) => {
      const n = ev.target as cytoscape.NodeSingular;
      const st = useAppStore.getState();
      if (n.data('kind') === 'NamespaceGroup') st.setView({ expandedNamespaces: [...st.view.expandedNamespaces, n.data('namespace') as string] });
      else if (n.hasClass('workload')) {
        const cur = st.view.expandedWorkloads;
        st.setView({ expandedWorkloads: cur.includes(n.id()) ? cur.filter((x) => x !== n.id()) : [...cur, n.id()] });
      }
    });
    cy.on('tap', (ev) => {
      if (ev.target === cy) useAppStore.getState().select(null);
    });

    void render(useAnalysisStore.getState().graph);
    const unsubA = useAnalysisStore.subscribe((a, prev) => {
      if (a.graph !== prev.graph) void render(a.graph);
      else {
        if (a.trace !== prev.trace) applyTrace(cy, a.trace);
        // A result that kept the graph (a syntax error): what is drawn is that version's graph.
        if (a.version !== prev.version && !rendering) markDrawn(renderSeq, false);
      }
    });
    const unsubS = useAppStore.subscribe((s, prev) => {
      if (s.selection !== prev.selection || s.revealToken !== prev.revealToken) syncSelection(s.selection, s.revealToken !== prev.revealToken || s.selection !== prev.selection);
      if (s.view.filter !== prev.view.filter) applyFilter(cy, s.view.filter);
    });
    return () => {
      unsubA();
      unsubS();
      setCy(null);
      cy.destroy();
    };
  }, []);

  useEffect(() => {
    cyRef.current?.style(graphStyle(theme));
  }, [theme]);

  return (
    <div className="pp-graph-pane">
      <GraphToolbar
        onFit={() => {
          if (cyRef.current) fitView(cyRef.current);
        }}
        onRelayout={() => {
          const cy = cyRef.current;
          if (!cy) return;
          if (useAnalysisStore.getState().graph?.aggregated) {
            layoutAggregated(cy);
            fitView(cy);
          } else void layoutAll(cy, true).then(() => fitView(cy));
        }}
        onZoom={(f) => {
          const cy = cyRef.current;
          if (cy) cy.zoom({ level: cy.zoom() * f, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
        }}
      />
      <div className="pp-graph-host">
        <div
          ref={host}
          className="pp-cy"
          data-testid="graph"
          role="application"
          aria-label="Topology graph: arrow keys move between nodes, Enter shows details, Escape clears, + and − zoom, F fits"
          tabIndex={0}
          onKeyDown={(e) => {
            const cy = cyRef.current;
            if (cy && graphKey(cy, e.key)) e.preventDefault();
          }}
        />
        {stale && <div className="pp-graph-banner" role="status">YAML syntax error — showing the last good graph</div>}
        {error && (
          <div className="pp-graph-banner" role="alert" title={error}>
            The analysis failed on this input (a bug in podpath): {error.split('\n')[0].slice(0, 120)}
          </div>
        )}
        {graphInfo?.aggregated && (
          <div className="pp-graph-banner pp-graph-banner-info" role="status">
            Large input ({graphInfo.full} objects): namespaces are folded — double-click one to expand it
          </div>
        )}
        {graphInfo && graphInfo.nodes === 0 && <div className="pp-graph-empty">Paste Kubernetes or OpenShift YAML in the editor to see its topology.</div>}
        {showMatrix && <Matrix onClose={() => useAppStore.getState().setView({ showMatrix: false })} />}
      </div>
      <Legend />
    </div>
  );
}
