// Compare mode's look on the graph (pulled into app/graph/style.ts): new, lost, changed and undecided
// nodes and edges. Colour is never the only cue — every mark has its own line or border pattern and a
// text badge (+ − ± ?, graphMarks.ts BADGE), in both themes.
import type cytoscape from 'cytoscape';
import type { Theme } from '../store';
import { BADGE } from './graphMarks';

const COLOURS: Record<Theme, { new: string; lost: string; changed: string; undetermined: string }> = {
  light: { new: '#059669', lost: '#6b7280', changed: '#b45309', undetermined: '#7c3aed' },
  dark: { new: '#34d399', lost: '#9ca3af', changed: '#fbbf24', undetermined: '#c4b5fd' },
};

/** `+ web` on a new node: the badge goes into the label (a style function, no data written). */
const badged = (b: string) => (ele: cytoscape.NodeSingular) => `${b} ${String(ele.data('display') ?? ele.data('label') ?? '')}`;

export function compareStyle(theme: Theme): cytoscape.StylesheetJson {
  const c = COLOURS[theme];
  const node = (cls: string, color: string, border: string, badge: string, extra: Record<string, unknown> = {}) => ({
    selector: `node.${cls}`,
    style: { 'border-width': 4, 'border-color': color, 'border-style': border, 'border-opacity': 1, label: badged(badge), 'font-weight': 700, ...extra } as unknown as cytoscape.Css.Node,
  });
  const edge = (cls: string, color: string, line: string, extra: Record<string, unknown> = {}) => ({
    selector: `edge.${cls}`,
    style: { 'line-color': color, 'target-arrow-color': color, 'target-arrow-shape': 'triangle', 'line-style': line, width: 3, 'curve-style': 'unbundled-bezier', label: 'data(label)', color, 'font-weight': 700, 'z-index': 9, ...extra } as unknown as cytoscape.Css.Edge,
  });
  return [
    node('cmp-new', c.new, 'double', BADGE.new, { 'border-width': 6 }),
    node('cmp-changed', c.changed, 'solid', BADGE.changed),
    node('cmp-undetermined', c.undetermined, 'dotted', BADGE.undetermined),
    // A ghost: a removed object, only in "before" — faint, dashed outline.
    node('cmp-lost', c.lost, 'dashed', BADGE.lost, { 'background-opacity': 0.12, opacity: 0.7, 'background-image': 'none' }),
    edge('cmp-edge-new', c.new, 'solid'),
    edge('cmp-edge-changed', c.changed, 'solid', { 'line-dash-pattern': [10, 3], 'line-style': 'dashed' }),
    edge('cmp-edge-undetermined', c.undetermined, 'dotted'),
    // Lost: only in "before", ghosted and dashed, with a bar (not an arrow) at its end.
    edge('cmp-edge-lost', c.lost, 'dashed', { opacity: 0.65, 'target-arrow-shape': 'tee', 'line-dash-pattern': [4, 5] }),
  ];
}
