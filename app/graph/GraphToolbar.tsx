// The graph pane's toolbar: search/filter, zoom, fit, re-layout, and a "Show" menu for the connections
// overlay and hiding namespaces. Everything is a plain button or input, reachable with the keyboard.
import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../store';
import { useAnalysisStore } from '../analysis/client';
import { getCy } from './cyRegistry';

/** Keyboard path into the graph: the first node the filter leaves visible becomes the selection. */
function selectFirstMatch(): void {
  const cy = getCy();
  const hit = cy?.nodes().filter((n) => !n.isParent() && !n.hasClass('faded')).first();
  if (!hit || hit.empty()) return;
  const st = useAppStore.getState();
  st.select((hit.data('object') as string | undefined) ?? hit.id(), true);
  st.setTab('details');
}

interface Props {
  onFit(): void;
  onRelayout(): void;
  onZoom(factor: number): void;
}

export function GraphToolbar({ onFit, onRelayout, onZoom }: Props) {
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);
  const note = useAnalysisStore((s) => s.connectionsNote);
  const graph = useAnalysisStore((s) => s.graph);
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  const namespaces = (graph?.nodes ?? []).filter((n) => n.kind === 'Namespace' || n.kind === 'NamespaceGroup').map((n) => n.namespace ?? n.label);
  const allNs = [...new Set([...namespaces, ...view.hiddenNamespaces])].sort();
  const active = (view.showConnections ? 1 : 0) + view.hiddenNamespaces.length;

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (menu.current && !menu.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  return (
    <div className="pp-pane-header pp-graph-toolbar">
      <span className="pp-pane-title">Topology</span>
      <input
        className="pp-input pp-search"
        type="search"
        placeholder="Filter: name, kind, namespace, label=value"
        aria-label="Filter the graph"
        data-testid="graph-filter"
        value={view.filter}
        onChange={(e) => setView({ filter: e.target.value })}
        onKeyDown={(e) => {
          if (e.key === 'Enter') selectFirstMatch();
          if (e.key === 'Escape') setView({ filter: '' });
        }}
        title="Enter selects the first match and shows its YAML; Escape clears"
      />
      <div className="pp-btn-group" role="group" aria-label="Zoom and layout">
        <button type="button" className="pp-btn pp-btn-small pp-icon-btn" onClick={() => onZoom(1.25)} title="Zoom in" aria-label="Zoom in">+</button>
        <button type="button" className="pp-btn pp-btn-small pp-icon-btn" onClick={() => onZoom(0.8)} title="Zoom out" aria-label="Zoom out">−</button>
        <button type="button" className="pp-btn pp-btn-small" onClick={onFit} title="Fit the graph to the pane">Fit</button>
        <button type="button" className="pp-btn pp-btn-small" onClick={onRelayout} title="Lay the graph out again">Layout</button>
      </div>
      <div className="pp-dropdown" ref={menu}>
        <button type="button" className={`pp-btn pp-btn-small${active ? ' pp-btn-active' : ''}`} aria-expanded={open} aria-haspopup="true" data-testid="graph-show" onClick={() => setOpen(!open)}>
          Show{active ? ` (${active})` : ''} ▾
        </button>
        {open && (
          <div className="pp-dropdown-menu" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
            <div className="pp-menu-section">Connections (policy engine)</div>
            <label className="pp-check pp-menu-item" title="Draw which pods/workloads may connect, on their container ports">
              <input type="checkbox" data-testid="show-allowed" checked={view.showConnections} onChange={(e) => setView({ showConnections: e.target.checked })} /> Allowed connections
            </label>
            <label className="pp-check pp-menu-item" title="Also draw the pairs that policies deny">
              <input type="checkbox" checked={view.showDenied} disabled={!view.showConnections} onChange={(e) => setView({ showDenied: e.target.checked })} /> Denied connections
            </label>
            {view.showConnections && note && <div className="pp-menu-note">{note}</div>}
            <button type="button" className="pp-btn pp-btn-small pp-menu-item" data-testid="show-matrix" title="Every allowed connection as a table: sources × destinations, the allowed ports in each cell" onClick={() => (setView({ showMatrix: true }), setOpen(false))}>
              Connectivity matrix…
            </button>
            <div className="pp-menu-section">Namespaces</div>
            {allNs.length === 0 && <div className="pp-muted pp-menu-item">No namespaces</div>}
            {allNs.map((ns) => (
              <label key={ns} className="pp-check pp-menu-item">
                <input
                  type="checkbox"
                  checked={!view.hiddenNamespaces.includes(ns)}
                  onChange={(e) => setView({ hiddenNamespaces: e.target.checked ? view.hiddenNamespaces.filter((x) => x !== ns) : [...view.hiddenNamespaces, ns] })}
                />
                {ns}
              </label>
            ))}
            {(view.expandedNamespaces.length > 0 || view.expandedWorkloads.length > 0) && (
              <button type="button" className="pp-btn pp-btn-small" onClick={() => setView({ expandedNamespaces: [], expandedWorkloads: [] })}>
                Fold everything again
              </button>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
