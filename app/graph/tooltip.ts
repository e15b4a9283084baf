// What the graph's tooltip says about a node and where it goes (pure but for reading the node): its
// name (the full one, cut only at 200 characters — labels on the canvas are cut at 60), kind, namespace
// and the second line the canvas shows (host, ports). Rendered by React as text, never as HTML.
import type cytoscape from 'cytoscape';
import { displayText } from '../../src-core/index';

export interface Tip {
  title: string;
  lines: string[];
  /** Position inside the graph pane, in CSS pixels. */
  x: number;
  y: number;
}

const TIP_W = 260;

export function tipFor(n: cytoscape.NodeSingular, paneW: number, paneH: number): Tip {
  const label = String(n.data('label') ?? n.id());
  const kind = String(n.data('kind') ?? '');
  const ns = n.data('namespace') as string | undefined;
  const display = String(n.data('display') ?? '');
  const second = display.includes('\n') ? display.slice(display.indexOf('\n') + 1) : '';
  const lines = [[kind, ns ? `in ${displayText(ns, 80)}` : ''].filter(Boolean).join(' '), second].filter(Boolean);
  const bb = n.renderedBoundingBox({ includeLabels: false });
  // Beside the node, kept inside the pane.
  const x = Math.max(4, Math.min(paneW - TIP_W - 4, bb.x2 + 8));
  const y = Math.max(4, Math.min(paneH - 60, bb.y1));
  return { title: displayText(label, 200), lines, x, y };
}
