// The graph legend: a slim strip under the graph with one swatch per kind (same shapes/colours as the
// Cytoscape style) and the edge styles. It never covers the graph; it can be hidden.
import { useState } from 'react';
import { KIND_STYLES } from './style';
import { CompareLegend } from '../compare/CompareLegend';

const SHAPE_CLASS: Record<string, string> = {
  ellipse: 'pp-sw-ellipse',
  hexagon: 'pp-sw-hexagon',
  tag: 'pp-sw-tag',
  pentagon: 'pp-sw-pentagon',
  'round-rectangle': 'pp-sw-rrect',
  barrel: 'pp-sw-barrel',
  'cut-rectangle': 'pp-sw-cut',
};

const SHORT: Record<string, string> = {
  Internet: 'internet',
  Router: 'router',
  Route: 'route / ingress',
  Gateway: 'gateway / xRoute',
  Service: 'service',
  Deployment: 'workload',
  Pod: 'pod',
  IPBlock: 'IP block',
  NamespaceGroup: 'folded namespace',
};

const EDGES: { cls: string; label: string }[] = [
  { cls: 'pp-edge-backend', label: 'route → service' },
  { cls: 'pp-edge-endpoint', label: 'service → pods' },
  { cls: 'pp-edge-allowed', label: 'allowed' },
  { cls: 'pp-edge-denied', label: 'denied / broken' },
  { cls: 'pp-edge-undetermined', label: 'undetermined (input cannot decide)' },
  { cls: 'pp-edge-trace', label: 'trace' },
];

export function Legend() {
  // Folded on narrow windows, where it would take a third of the graph pane (one click opens it).
  const [open, setOpen] = useState(() => typeof window === 'undefined' || typeof window.matchMedia !== 'function' || !window.matchMedia('(max-width: 600px)').matches);
  return (
    <div className="pp-legend" data-testid="legend">
      <button type="button" className="pp-legend-toggle" aria-expanded={open} onClick={() => setOpen(!open)} title={open ? 'Hide the legend' : 'Show the legend'}>
        Legend {open ? '▾' : '▸'}
      </button>
      {open && (
        <ul>
          {KIND_STYLES.map((k) => (
            <li key={k.kind} title={k.label}>
              <span className={`pp-swatch ${SHAPE_CLASS[k.shape] ?? ''}`} style={{ background: k.color }} aria-hidden="true" />
              {SHORT[k.kind] ?? k.label}
            </li>
          ))}
          {EDGES.map((e) => (
            <li key={e.cls}>
              <span className={`pp-edge-swatch ${e.cls}`} aria-hidden="true" />
              {e.label}
            </li>
          ))}
          <CompareLegend />
        </ul>
      )}
    </div>
  );
}
