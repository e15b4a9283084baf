// The graph pane's toolbar: search/filter, zoom, fit, re-layout, the connections overlay and hiding
// namespaces. Everything is a plain button or input, reachable with the keyboard.
import { useState } from 'react';
import { useAppStore } from '../store';
import { useAnalysisStore } from '../analysis/client';

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
  const [nsOpen, setNsOpen] = useState(false);
  const namespaces = (graph?.nodes ?? []).filter((n) => n.kind === 'Namespace' || n.kind === 'NamespaceGroup').map((n) => n.namespace ?? n.label);
  const allNs = [...new Set([...namespaces, ...view.hiddenNamespaces])].sort();

  return (
    <div className="pp-pane-header pp-graph-toolbar">
      <span className="pp-pane-title">Topology</span>
      <input
        className="pp-input pp-search"
        type="search"
        placeholder="Filter: name, kind, namespace, label=value"
        aria-label="Filter the graph"
        value={view.filter}
        onChange={(e) => setView({ filter: e.target.value })}
      />
      <div className="pp-btn-group" role="group" aria-label="Zoom">
        <button type="button" className="pp-btn pp-btn-small" onClick={() => onZoom(1.25)} title="Zoom in" aria-label="Zoom in">+</button>
        <button type="button" className="pp-btn pp-btn-small" onClick={() => onZoom(0.8)} title="Zoom out" aria-label="Zoom out">−</button>
        <button type="button" className="pp-btn pp-btn-small" onClick={onFit} title="Fit the graph to the pane">Fit</button>
        <button type="button" className="pp-btn pp-btn-small" onClick={onRelayout} title="Lay the graph out again">Re-layout</button>
      </div>
      <label className="pp-check" title={note ?? 'Draw which pods/workloads can connect, as the policy engine decides'}>
        <input type="checkbox" checked={view.showConnections} onChange={(e) => setView({ showConnections: e.target.checked })} /> Allowed
      </label>
      <label className="pp-check" title="Also draw the pairs that policies deny">
        <input type="checkbox" checked={view.showDenied} disabled={!view.showConnections} onChange={(e) => setView({ showDenied: e.target.checked })} /> Denied
      </label>
      <div className="pp-dropdown">
        <button type="button" className="pp-btn pp-btn-small" aria-expanded={nsOpen} onClick={() => setNsOpen(!nsOpen)}>
          Namespaces{view.hiddenNamespaces.length ? ` (${view.hiddenNamespaces.length} hidden)` : ''} ▾
        </button>
        {nsOpen && (
          <div className="pp-dropdown-menu" role="menu" onKeyDown={(e) => e.key === 'Escape' && setNsOpen(false)}>
            {allNs.length === 0 && <div className="pp-muted">No namespaces</div>}
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
            {view.expandedNamespaces.length > 0 && (
              <button type="button" className="pp-btn pp-btn-small" onClick={() => setView({ expandedNamespaces: [] })}>
                Fold expanded namespaces
              </button>
            )}
          </div>
        )}
      </div>
      {view.showConnections && note && <span className="pp-hint pp-note" role="status">{note}</span>}
    </div>
  );
}
