// The graph legend: one swatch per kind (same shapes/colours as the Cytoscape style) and the edge styles.
import { useState } from 'react';
import { KIND_STYLES } from './style';

const SHAPE_CLASS: Record<string, string> = {
  ellipse: 'pp-sw-ellipse',
  hexagon: 'pp-sw-hexagon',
  tag: 'pp-sw-tag',
  pentagon: 'pp-sw-pentagon',
  'round-rectangle': 'pp-sw-rrect',
  barrel: 'pp-sw-barrel',
  'cut-rectangle': 'pp-sw-cut',
};

const EDGES: { cls: string; label: string }[] = [
  { cls: 'pp-edge-endpoint', label: 'Service → pods (ports)' },
  { cls: 'pp-edge-backend', label: 'Route / Ingress → Service' },
  { cls: 'pp-edge-allowed', label: 'allowed connection' },
  { cls: 'pp-edge-denied', label: 'denied / broken' },
  { cls: 'pp-edge-trace', label: 'traced request' },
];

export function Legend() {
  const [open, setOpen] = useState(true);
  return (
    <div className="pp-legend" data-testid="legend">
      <button type="button" className="pp-legend-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        Legend {open ? '▾' : '▸'}
      </button>
      {open && (
        <ul>
          {KIND_STYLES.map((k) => (
            <li key={k.kind}>
              <span className={`pp-swatch ${SHAPE_CLASS[k.shape] ?? ''}`} style={{ background: k.color }} aria-hidden="true" />
              {k.label}
            </li>
          ))}
          {EDGES.map((e) => (
            <li key={e.cls}>
              <span className={`pp-edge-swatch ${e.cls}`} aria-hidden="true" />
              {e.label}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
