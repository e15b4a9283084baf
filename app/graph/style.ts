// The graph's look: one shape and colour per kind (shared with the legend), edge styles per kind,
// and the classes the app toggles (selected, trace path, trace stop, filtered out). Two palettes.
import type cytoscape from 'cytoscape';
import type { Theme } from '../store';

export interface KindStyle {
  kind: string;
  label: string;
  shape: cytoscape.Css.NodeShape;
  color: string;
  /** Other model kinds drawn the same way. */
  also?: string[];
  /** A white line icon drawn on the node (SVG path data, 24×24). */
  icon?: string;
}

/** Our own constant SVG (never manifest text) as a data URI; the CSP allows `img-src data:`. */
function iconUri(paths: string): string {
  const svg = `<svg xmlns='http://www.w3.org/2000/svg' width='24' height='24' viewBox='0 0 24 24' fill='none' stroke='white' stroke-width='2' stroke-linecap='round' stroke-linejoin='round'>${paths}</svg>`;
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

const ICONS = {
  globe: "<circle cx='12' cy='12' r='9'/><path d='M3 12h18M12 3c3.2 3.6 3.2 14.4 0 18M12 3c-3.2 3.6-3.2 14.4 0 18'/>",
  arrows: "<path d='M4 8h13M13 4l4 4-4 4M20 16H7M11 12l-4 4 4 4'/>",
  link: "<path d='M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1'/>",
  shield: "<path d='M12 3l8 3.5v5.5c0 4.6-3.4 7.8-8 9-4.6-1.2-8-4.4-8-9V6.5z'/>",
  fan: "<circle cx='5' cy='12' r='2'/><circle cx='19' cy='5' r='2'/><circle cx='19' cy='12' r='2'/><circle cx='19' cy='19' r='2'/><path d='M7 12h10M7 11l10-5M7 13l10 5'/>",
  layers: "<path d='M12 3l9 5-9 5-9-5z'/><path d='M3 13l9 5 9-5'/>",
  cube: "<path d='M12 3l8 4.5v9L12 21l-8-4.5v-9z'/><path d='M12 12l8-4.5M12 12v9M12 12L4 7.5'/>",
  block: "<rect x='4' y='5' width='16' height='14' rx='2'/><path d='M4 10h16M9 10v9'/>",
};

export const KIND_STYLES: KindStyle[] = [
  { kind: 'Internet', label: 'Internet / client', shape: 'ellipse', color: '#64748b', icon: ICONS.globe },
  { kind: 'Router', label: 'Router / ingress controller', shape: 'hexagon', color: '#d97706', icon: ICONS.arrows },
  { kind: 'Route', label: 'Route / Ingress', shape: 'tag', color: '#0d9488', also: ['Ingress'], icon: ICONS.link },
  { kind: 'Gateway', label: 'Gateway / HTTPRoute', shape: 'pentagon', color: '#7c3aed', also: ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute'], icon: ICONS.shield },
  { kind: 'Service', label: 'Service', shape: 'round-rectangle', color: '#2563eb', icon: ICONS.fan },
  { kind: 'Deployment', label: 'Workload (pods of a template)', shape: 'barrel', color: '#16a34a', also: ['StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'DeploymentConfig'], icon: ICONS.layers },
  { kind: 'Pod', label: 'Pod', shape: 'ellipse', color: '#22a35a', icon: ICONS.cube },
  { kind: 'IPBlock', label: 'External IP block', shape: 'cut-rectangle', color: '#9333ea', icon: ICONS.block },
  { kind: 'NamespaceGroup', label: 'Namespace (folded)', shape: 'round-rectangle', color: '#475569' },
];

interface Palette {
  text: string;
  muted: string;
  nsBg: string;
  nsBorder: string;
  edge: string;
  accent: string;
  allowed: string;
  denied: string;
  /** The app's undetermined colour (styles.css --undetermined). */
  undetermined: string;
  bg: string;
}

const PALETTES: Record<Theme, Palette> = {
  light: { text: '#1f2933', muted: '#66717d', nsBg: '#f4f6f8', nsBorder: '#cfd6dd', edge: '#9aa5b1', accent: '#f59e0b', allowed: '#16a34a', denied: '#dc2626', undetermined: '#7c3aed', bg: '#ffffff' },
  dark: { text: '#dde3ea', muted: '#98a2ad', nsBg: '#1c2128', nsBorder: '#39414b', edge: '#5d6874', accent: '#fbbf24', allowed: '#4ade80', denied: '#f87171', undetermined: '#c4b5fd', bg: '#111418' },
};

/** Graphs above this many elements get the cheaper edge style (see `graphStyle`). */
export const LARGE_GRAPH_ELEMENTS = 1000;
/** The class the edges of such graphs carry (a class, not a second stylesheet: replacing the stylesheet
 *  re-parses it, ~100 ms on a busy machine). */
export const LARGE_CLASS = 'lg';

/**
 * The stylesheet. Edges of large graphs (class LARGE_CLASS) are straight, without arrowheads. A bezier
 * edge makes Cytoscape look for its parallel edges, which walks all edges of both ends: the aggregated
 * graph's router has an edge to every namespace, so that is quadratic (~1,000 × 1,000); the aggregated
 * graph has no parallel edges, so the lines look the same. Arrowheads were a tenth of every frame at
 * 2,000 elements (the overview's edges all leave the router); the trace's path keeps its arrows.
 */
export function graphStyle(theme: Theme): cytoscape.StylesheetJson {
  const p = PALETTES[theme];
  const kindRules: cytoscape.StylesheetJson = KIND_STYLES.flatMap((k) =>
    [k.kind, ...(k.also ?? [])].map((kind) => ({
      selector: `node[kind = "${kind}"]`,
      style: {
        shape: k.shape,
        'background-color': k.color,
        'border-color': k.color,
        ...(k.icon ? { 'background-image': iconUri(k.icon), 'background-fit': 'none', 'background-width': k.kind === 'Internet' ? 24 : 16, 'background-height': k.kind === 'Internet' ? 24 : 16, 'background-image-containment': 'inside', 'background-clip': 'none' } : {}),
      } as cytoscape.Css.Node,
    })),
  );
  return [
    {
      selector: 'node',
      style: {
        label: 'data(display)',
        'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
        'font-size': 11,
        color: p.text,
        'text-wrap': 'wrap',
        'text-max-width': '150px',
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': 4,
        width: 30,
        height: 30,
        'background-opacity': 0.9,
        'border-width': 0,
        'min-zoomed-font-size': 7,
      },
    },
    ...kindRules,
    { selector: 'node[kind = "Service"]', style: { width: 40, height: 24 } },
    { selector: 'node[kind = "Route"], node[kind = "Ingress"]', style: { width: 38, height: 24 } },
    { selector: 'node[kind = "Internet"]', style: { width: 42, height: 42 } },
    { selector: 'node.implied', style: { 'border-style': 'dashed' } },
    { selector: 'node.not-ready', style: { 'background-opacity': 0.35, 'border-width': 2, 'border-style': 'dashed' } },
    {
      selector: 'node[kind = "Namespace"]',
      style: {
        shape: 'round-rectangle',
        'background-color': p.nsBg,
        'background-opacity': 1,
        'border-width': 1,
        'border-color': p.nsBorder,
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': -4,
        'font-size': 12,
        'font-weight': 600,
        color: p.muted,
        padding: '18px',
        'corner-radius': '6px',
      } as unknown as cytoscape.Css.Node,
    },
    {
      selector: 'node[kind = "NamespaceGroup"]',
      style: { width: 110, height: 40, 'background-opacity': 0.12, 'border-width': 1.5, 'border-color': '#64748b', 'text-valign': 'center', 'text-margin-y': 0, 'font-size': 12, 'min-zoomed-font-size': 4, 'text-max-width': '104px' },
    },
    {
      selector: 'edge',
      style: {
        width: 1.5,
        'line-color': p.edge,
        'target-arrow-color': p.edge,
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.8,
        'curve-style': 'bezier',
        label: 'data(label)',
        'font-size': 9,
        color: p.muted,
        'text-background-color': p.bg,
        'text-background-opacity': 0.85,
        'text-background-padding': '1px',
        'text-rotation': 'autorotate',
        'min-zoomed-font-size': 8,
      },
    },
    { selector: `edge.${LARGE_CLASS}`, style: { 'curve-style': 'straight', 'target-arrow-shape': 'none' } },
    { selector: 'edge[kind = "endpoint"]', style: { 'line-color': '#60a5fa', 'target-arrow-color': '#60a5fa' } },
    { selector: 'edge[kind = "backend"]', style: { 'line-color': '#2dd4bf', 'target-arrow-color': '#2dd4bf' } },
    { selector: 'edge[kind = "owns"]', style: { 'line-style': 'dotted', 'target-arrow-shape': 'none' } },
    { selector: 'edge[kind = "egress"]', style: { 'line-style': 'dashed', 'line-color': '#a78bfa', 'target-arrow-color': '#a78bfa' } },
    { selector: 'edge.deny', style: { 'line-color': p.denied, 'target-arrow-color': p.denied, 'target-arrow-shape': 'tee' } },
    { selector: 'edge.broken, edge.missing', style: { 'line-color': p.denied, 'target-arrow-color': p.denied, 'line-style': 'dashed', color: p.denied } },
    { selector: 'edge.alternate', style: { 'line-style': 'dashed' } },
    { selector: 'edge[kind = "allowed"]', style: { 'line-color': p.allowed, 'target-arrow-color': p.allowed, 'line-style': 'dashed', width: 1.2, 'curve-style': 'unbundled-bezier', opacity: 0.8 } },
    { selector: 'edge[kind = "denied"]', style: { 'line-color': p.denied, 'target-arrow-color': p.denied, 'target-arrow-shape': 'tee', 'line-style': 'dotted', width: 1, opacity: 0.6 } },
    { selector: 'edge[kind = "undetermined"]', style: { 'line-color': p.undetermined, 'target-arrow-color': p.undetermined, 'line-style': 'dashed', width: 1.2, 'curve-style': 'unbundled-bezier', opacity: 0.8 } },
    { selector: '.faded', style: { opacity: 0.15 } },
    { selector: 'node:selected', style: { 'border-width': 3, 'border-color': p.accent, 'border-opacity': 1 } },
    { selector: 'node[kind = "Namespace"]:selected', style: { 'border-width': 2, 'border-color': p.accent } },
    { selector: 'node.trace-path', style: { 'border-width': 3, 'border-color': p.accent, 'border-style': 'solid', 'z-index': 10 } },
    { selector: 'edge.trace-path', style: { width: 4, 'line-color': p.accent, 'target-arrow-color': p.accent, 'z-index': 10, opacity: 1 } },
    { selector: `edge.${LARGE_CLASS}.trace-path`, style: { 'target-arrow-shape': 'triangle' } },
    { selector: 'edge.trace-edge', style: { 'curve-style': 'bezier', 'line-style': 'solid', label: '' } },
    { selector: 'node.trace-stop', style: { 'border-width': 5, 'border-color': p.denied, 'underlay-color': p.denied, 'underlay-opacity': 0.25, 'underlay-padding': 6 } as cytoscape.Css.Node },
    { selector: 'edge.trace-stop', style: { 'line-color': p.denied, 'target-arrow-color': p.denied, 'target-arrow-shape': 'tee' } },
    // An undetermined trace stops where the input cannot decide, in its own colour (not the denial's).
    { selector: 'node.trace-open', style: { 'border-width': 5, 'border-color': p.undetermined, 'border-style': 'dashed', 'underlay-color': p.undetermined, 'underlay-opacity': 0.25, 'underlay-padding': 6 } as cytoscape.Css.Node },
    { selector: 'edge.trace-open', style: { 'line-color': p.undetermined, 'target-arrow-color': p.undetermined, 'line-style': 'dashed' } },
  ];
}
