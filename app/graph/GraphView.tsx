// The topology pane: Cytoscape fed from the worker's Graph. Elements are diffed in place so unchanged
// nodes keep their positions while editing; the trace path, the selection and the search filter are
// classes on top. All labels are data fields rendered by Cytoscape as text (never HTML).
import { useEffect, useRef } from 'react';
import cytoscape from 'cytoscape';
import type { Graph, GraphNode } from '../../src-core/graph/index';
import { useAppStore } from '../store';
import { useAnalysisStore } from '../analysis/client';
import { useSettledStale } from '../analysis/useStale';
import { setCy } from './cyRegistry';
import { graphStyle } from './style';
import { layoutAggregated, layoutAll, placeNewNodes } from './layout';
import { applyTrace, nodeIdFor } from './traceHighlight';
import { GraphToolbar } from './GraphToolbar';
import { Legend } from './Legend';

function display(n: GraphNode): string {
  return n.sublabel ? `${n.label}\n${n.sublabel}` : n.label;
}

function toElements(g: Graph): cytoscape.ElementDefinition[] {
  const els: cytoscape.ElementDefinition[] = [];
  for (const n of g.nodes) {
    els.push({ group: 'nodes', data: { id: n.id, label: n.label, display: display(n), kind: n.kind, parent: n.parent, object: n.object, namespace: n.namespace, labels: n.labels ?? {}, count: n.count }, classes: (n.classes ?? []).join(' ') });
  }
  for (const e of g.edges) {
    els.push({ group: 'edges', data: { id: e.id, source: e.source, target: e.target, label: e.label ?? '', kind: e.kind }, classes: (e.classes ?? []).join(' ') });
  }
  return els;
}

/** Classes the app adds on top of the graph's own (kept when comparing). */
const TRANSIENT = new Set(['trace-path', 'trace-stop', 'faded']);

function signature(d: Record<string, unknown>): string {
  return `${String(d.display)}|${String(d.kind)}|${String(d.label)}|${String(d.count ?? '')}|${String(d.parent ?? '')}|${String(d.object ?? '')}|${JSON.stringify(d.labels ?? {})}`;
}

/** Replaces the graph's elements, keeping nodes (and their positions) whose id and parent did not change. */
function syncElements(cy: cytoscape.Core, g: Graph): { fresh: number; total: number } {
  const wanted = toElements(g);
  const wantedIds = new Set(wanted.map((e) => e.data.id as string));
  let fresh = 0;
  cy.batch(() => {
    cy.elements('.trace-edge').remove();
    cy.elements().forEach((el) => {
      if (!wantedIds.has(el.id())) el.remove();
    });
    const toAdd: cytoscape.ElementDefinition[] = [];
    for (const def of wanted) {
      const el = cy.getElementById(def.data.id as string);
      const sameParent = el.nonempty() && el.isNode() && (el.data('parent') ?? undefined) === (def.data.parent ?? undefined);
      const sameEnds = el.nonempty() && el.isEdge() && el.data('source') === def.data.source && el.data('target') === def.data.target;
      if (el.nonempty() && (sameParent || sameEnds)) {
        // Touch only what changed: every data/class write makes Cytoscape recompute that element's style.
        if (signature(el.data() as Record<string, unknown>) !== signature(def.data)) el.data(def.data);
        const cls = def.classes ?? '';
        if (el.classes().filter((c) => !TRANSIENT.has(c)).join(' ') !== cls) el.classes(cls);
      } else {
        if (el.nonempty()) el.remove();
        toAdd.push(def);
        if (def.group === 'nodes') fresh++;
      }
    }
    // Parents before children, nodes before edges.
    toAdd.sort((a, b) => (a.group === b.group ? (a.data.parent ? 1 : 0) - (b.data.parent ? 1 : 0) : a.group === 'nodes' ? -1 : 1));
    const added = cy.add(toAdd);
    const newNodes = added.nodes();
    if (newNodes.nonempty() && newNodes.length < cy.nodes().length) placeNewNodes(cy, newNodes);
  });
  return { fresh, total: g.nodes.length };
}

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
    let x1 = Infinity;
    let y1 = Infinity;
    let x2 = -Infinity;
    let y2 = -Infinity;
    nodes.forEach((n) => {
      const p = n.position();
      x1 = Math.min(x1, p.x);
      y1 = Math.min(y1, p.y);
      x2 = Math.max(x2, p.x);
      y2 = Math.max(y2, p.y);
    });
    const pad = 80;
    const zoom = Math.min(1.3, cy.width() / (x2 - x1 + 2 * pad), cy.height() / (y2 - y1 + 2 * pad));
    cy.viewport({ zoom, pan: { x: cy.width() / 2 - ((x1 + x2) / 2) * zoom, y: cy.height() / 2 - ((y1 + y2) / 2) * zoom } });
    return;
  }
  cy.fit(undefined, 30);
  if (cy.zoom() > 1.3) {
    cy.zoom(1.3);
    cy.center();
  }
}

function matchesFilter(n: cytoscape.NodeSingular, q: string): boolean {
  const hay = [n.data('label'), n.data('kind'), n.data('namespace'), ...Object.entries((n.data('labels') ?? {}) as Record<string, string>).map(([k, v]) => `${k}=${v}`)];
  return hay.some((s) => typeof s === 'string' && s.toLowerCase().includes(q));
}

function applyFilter(cy: cytoscape.Core, filter: string): void {
  const q = filter.trim().toLowerCase();
  cy.batch(() => {
    cy.elements('.faded').removeClass('faded');
    if (!q) return;
    const hit = cy.nodes().filter((n) => !n.isParent() && matchesFilter(n, q));
    const keep = hit.union(hit.ancestors());
    cy.nodes().not(keep).addClass('faded');
    cy.edges().filter((e) => !hit.contains(e.source()) && !hit.contains(e.target())).addClass('faded');
  });
}

export function GraphView() {
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

    /** Marks the pane with the analysis version whose graph is on screen, after Cytoscape has drawn it
     *  (the benchmark and e2e specs wait for `data-rendered-version`). */
    const markDrawn = (seq: number) => {
      if (seq !== renderSeq) return;
      rendering = false;
      const mark = () => {
        if (seq !== renderSeq || !host.current) return;
        const a = useAnalysisStore.getState();
        if (a.graph === lastGraph || a.graph === null) host.current.setAttribute('data-rendered-version', String(a.version));
      };
      cy.one('render', mark);
      (cy as unknown as { renderer(): { redraw(): void } }).renderer().redraw();
    };

    const render = (g: Graph | null) => {
      if (!g || g === lastGraph) return;
      const seq = ++renderSeq;
      rendering = true;
      const wasEmpty = cy.nodes().length === 0;
      lastGraph = g;
      const { fresh, total } = syncElements(cy, g);
      tuneForSize(cy, g.nodes.length + g.edges.length);
      // Aggregated graphs get a deterministic layout every time (instant, stable). Otherwise re-lay out
      // when most of the graph is new (a scenario switch) and keep positions while editing.
      if (g.aggregated) {
        layoutAggregated(cy);
        if (wasEmpty || fresh > total * 0.5) fitView(cy);
        markDrawn(seq);
      } else if (wasEmpty || !firstLayoutDone || fresh > total * 0.5) {
        firstLayoutDone = true;
        void layoutAll(cy, false).then(() => {
          fitView(cy);
          markDrawn(seq);
        });
      } else markDrawn(seq);
      applyTrace(cy, useAnalysisStore.getState().trace);
      applyFilter(cy, useAppStore.getState().view.filter);
      syncSelection(useAppStore.getState().selection, false);
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

    render(useAnalysisStore.getState().graph);
    const unsubA = useAnalysisStore.subscribe((a, prev) => {
      if (a.graph !== prev.graph) render(a.graph);
      else {
        if (a.trace !== prev.trace) applyTrace(cy, a.trace);
        // A result that kept the graph (a syntax error): what is drawn is that version's graph.
        if (a.version !== prev.version && !rendering) markDrawn(renderSeq);
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
      </div>
      <Legend />
    </div>
  );
}
