// The graph as SVG, built from the Cytoscape instance's laid-out elements and computed styles (node
// shapes, colours, borders, labels; edges with their curves, arrows and labels). Written by hand rather
// than through a canvas-to-SVG shim so every manifest-derived string goes through escapeXml, the output
// is plain data (no scripts, no external references) and there is no extra dependency.
import { xmlText } from '../../src-core/index';
import type cytoscape from 'cytoscape';

export interface SvgOptions {
  /** Whole graph (true) or what the viewport shows (false). */
  full: boolean;
  /** A CSS colour, or null for a transparent background. */
  background: string | null;
  /** Font for labels (the graph's own). */
  fontFamily?: string;
}

export function escapeXml(s: string): string {
  // The one sanitiser's XML escaper (src-core/untrusted.ts): control, bidi and invisible characters shown
  // escaped, what XML 1.0 forbids dropped, the metacharacters as entities.
  return xmlText(s);
}

type BBox = { x1: number; y1: number; x2: number; y2: number };

function intersects(a: BBox, b: BBox): boolean {
  return a.x1 <= b.x2 && a.x2 >= b.x1 && a.y1 <= b.y2 && a.y2 >= b.y1;
}

const n = (v: number) => (Math.round(v * 100) / 100).toString();

function num(v: unknown, fallback = 0): number {
  const x = typeof v === 'number' ? v : parseFloat(String(v));
  return Number.isFinite(x) ? x : fallback;
}

/** A colour Cytoscape reports (`rgb(1,2,3)` or a name) as an SVG attribute value. */
function color(v: unknown, fallback = 'none'): string {
  const s = String(v ?? '').trim();
  return /^(#[0-9a-f]{3,8}|rgba?\([\d\s.,%]+\)|[a-z]+)$/i.test(s) ? s : fallback;
}

function polygon(cx: number, cy: number, w: number, h: number, pts: [number, number][]): string {
  return `<polygon points="${pts.map(([x, y]) => `${n(cx + (x * w) / 2)},${n(cy + (y * h) / 2)}`).join(' ')}"`;
}

/** The outline of a node shape, centred at (cx, cy), size w×h (unit points are in [-1, 1]). */
function shapeElement(shape: string, cx: number, cy: number, w: number, h: number): string {
  const x = cx - w / 2;
  const y = cy - h / 2;
  switch (shape) {
    case 'ellipse':
      return `<ellipse cx="${n(cx)}" cy="${n(cy)}" rx="${n(w / 2)}" ry="${n(h / 2)}"`;
    case 'rectangle':
      return `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}"`;
    case 'round-rectangle':
    case 'roundrectangle':
      return `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" rx="${n(Math.min(8, w / 4, h / 4))}"`;
    case 'barrel':
      return `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" rx="${n(w / 4)}" ry="${n(h / 8)}"`;
    case 'hexagon':
      return polygon(cx, cy, w, h, [[-0.5, -1], [0.5, -1], [1, 0], [0.5, 1], [-0.5, 1], [-1, 0]]);
    case 'pentagon':
      return polygon(cx, cy, w, h, [[0, -1], [1, -0.24], [0.64, 1], [-0.64, 1], [-1, -0.24]]);
    case 'tag':
      return polygon(cx, cy, w, h, [[-1, -1], [0.5, -1], [1, 0], [0.5, 1], [-1, 1]]);
    case 'cut-rectangle':
      return polygon(cx, cy, w, h, [[-0.6, -1], [0.6, -1], [1, -0.6], [1, 0.6], [0.6, 1], [-0.6, 1], [-1, 0.6], [-1, -0.6]]);
    case 'diamond':
      return polygon(cx, cy, w, h, [[0, -1], [1, 0], [0, 1], [-1, 0]]);
    case 'triangle':
      return polygon(cx, cy, w, h, [[0, -1], [1, 1], [-1, 1]]);
    default:
      return `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}"`;
  }
}

function dash(style: unknown, width: number): string {
  if (style === 'dashed') return ` stroke-dasharray="${n(width * 4)} ${n(width * 3)}"`;
  if (style === 'dotted') return ` stroke-dasharray="${n(width)} ${n(width * 2)}"`;
  return '';
}

/** A label as <text>, one <tspan> per line (Cytoscape wraps at text-max-width; we wrap on the same width roughly). */
function textElement(label: string, x: number, y: number, size: number, fill: string, anchorTop: boolean, weight: string, family: string, maxWidth: number, halo?: string): string {
  const lines: string[] = [];
  const approxChar = size * 0.58;
  const perLine = Math.max(4, Math.floor(maxWidth / approxChar));
  for (const raw of label.split('\n')) {
    let rest = raw;
    while (rest.length > perLine) {
      lines.push(rest.slice(0, perLine));
      rest = rest.slice(perLine);
    }
    lines.push(rest);
  }
  const lh = size * 1.2;
  const y0 = anchorTop ? y + size : y - (lines.length - 1) * lh;
  const spans = lines.map((l, i) => `<tspan x="${n(x)}" y="${n(y0 + i * lh)}">${escapeXml(l)}</tspan>`).join('');
  // A halo in the background colour stands in for Cytoscape's text-background on edge labels.
  const haloAttrs = halo ? ` stroke="${halo}" stroke-width="${n(size / 3)}" stroke-linejoin="round" paint-order="stroke"` : '';
  return `<text text-anchor="middle" font-family="${escapeXml(family)}" font-size="${n(size)}" font-weight="${escapeXml(weight)}" fill="${fill}"${haloAttrs}>${spans}</text>`;
}

export function cyToSvg(cy: cytoscape.Core, opts: SvgOptions): string {
  const family = opts.fontFamily ?? 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';
  const all = cy.elements(':visible');
  const bb = opts.full ? all.boundingBox({}) : cy.extent();
  const pad = opts.full ? 20 : 0;
  const view: BBox = { x1: bb.x1 - pad, y1: bb.y1 - pad, x2: bb.x2 + pad, y2: bb.y2 + pad };
  const width = Math.max(1, view.x2 - view.x1);
  const height = Math.max(1, view.y2 - view.y1);
  const out: string[] = [];
  out.push(`<?xml version="1.0" encoding="UTF-8"?>`);
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="${n(view.x1)} ${n(view.y1)} ${n(width)} ${n(height)}" width="${n(width)}" height="${n(height)}">`);
  out.push(`<title>podpath graph</title>`);
  // One arrow marker per edge colour (SVG 1.1 markers cannot take the line's colour); filled in at the end.
  const markers = new Map<string, string>();
  const defsAt = out.push('') - 1;
  const arrowFor = (stroke: string, width: number) => {
    const size = Math.max(6, width * 3.5);
    const key = `${stroke}|${n(size)}`;
    let id = markers.get(key);
    if (!id) {
      id = `pp-arrow-${markers.size}`;
      markers.set(key, id);
    }
    return id;
  };
  if (opts.background) out.push(`<rect x="${n(view.x1)}" y="${n(view.y1)}" width="${n(width)}" height="${n(height)}" fill="${color(opts.background, '#ffffff')}"/>`);

  // Compound parents first (outermost first), then edges, then the other nodes on top: Cytoscape's order.
  const nodes = cy.nodes(':visible').toArray().filter((nd) => opts.full || intersects(nd.boundingBox({}), view));
  const depth = (nd: cytoscape.NodeSingular) => nd.ancestors().length;
  const parents = nodes.filter((nd) => nd.isParent()).sort((a, b) => depth(a) - depth(b));
  const leaves = nodes.filter((nd) => !nd.isParent());

  const nodeSvg = (nd: cytoscape.NodeSingular) => {
    const p = nd.position();
    const w = nd.outerWidth() - num(nd.style('border-width'));
    const h = nd.outerHeight() - num(nd.style('border-width'));
    const fill = color(nd.style('background-color'), '#888888');
    const opacity = num(nd.style('background-opacity'), 1);
    const bw = num(nd.style('border-width'));
    const stroke = bw > 0 ? ` stroke="${color(nd.style('border-color'), '#888888')}" stroke-width="${n(bw)}"${dash(nd.style('border-style'), bw)}` : '';
    const parts = [`<g class="node" data-id="${escapeXml(nd.id())}">`, `${shapeElement(String(nd.style('shape')), p.x, p.y, w, h)} fill="${fill}" fill-opacity="${n(opacity)}"${stroke}/>`];
    const label = String(nd.style('label') ?? '');
    if (label) {
      const size = num(nd.style('font-size'), 11);
      const valign = String(nd.style('text-valign'));
      const marginY = num(nd.style('text-margin-y'));
      const maxW = num(nd.style('text-max-width'), 150);
      const fillText = color(nd.style('color'), '#333333');
      const weight = String(nd.style('font-weight') ?? 'normal');
      const top = p.y - h / 2;
      const bottom = p.y + h / 2;
      if (valign === 'top') parts.push(textElement(label, p.x, top + marginY - 2, size, fillText, false, weight, family, maxW));
      else if (valign === 'center') parts.push(textElement(label, p.x, p.y - size / 2 + marginY, size, fillText, true, weight, family, maxW));
      else parts.push(textElement(label, p.x, bottom + marginY, size, fillText, true, weight, family, maxW));
    }
    parts.push('</g>');
    return parts.join('');
  };

  for (const nd of parents) out.push(nodeSvg(nd));

  for (const e of cy.edges(':visible').toArray()) {
    if (!opts.full && !intersects(e.boundingBox({}), view)) continue;
    const s = e.sourceEndpoint();
    const t = e.targetEndpoint();
    if (![s.x, s.y, t.x, t.y].every(Number.isFinite)) continue;
    const w = num(e.style('width'), 1.5);
    const stroke = color(e.style('line-color'), '#999999');
    const opacity = num(e.style('opacity'), 1) * num(e.style('line-opacity'), 1);
    let d = `M${n(s.x)},${n(s.y)}`;
    const cps = (e.controlPoints?.() ?? []) as { x: number; y: number }[];
    if (cps.length === 1) d += ` Q${n(cps[0].x)},${n(cps[0].y)} ${n(t.x)},${n(t.y)}`;
    else if (cps.length > 1) d += cps.map((c) => ` L${n(c.x)},${n(c.y)}`).join('') + ` L${n(t.x)},${n(t.y)}`;
    else d += ` L${n(t.x)},${n(t.y)}`;
    const arrow = String(e.style('target-arrow-shape')) !== 'none' ? ` marker-end="url(#${arrowFor(color(e.style('target-arrow-color'), stroke), w)})"` : '';
    out.push(`<g class="edge" data-id="${escapeXml(e.id())}"><path d="${d}" fill="none" stroke="${stroke}" stroke-width="${n(w)}" stroke-opacity="${n(opacity)}"${dash(e.style('line-style'), w)}${arrow}/>`);
    const label = String(e.style('label') ?? '');
    if (label) {
      const m = e.midpoint();
      const size = num(e.style('font-size'), 9);
      const halo = num(e.style('text-background-opacity')) > 0 ? color(e.style('text-background-color'), 'none') : undefined;
      out.push(textElement(label, m.x, m.y - size / 2, size, color(e.style('color'), '#666666'), true, 'normal', family, 200, halo === 'none' ? undefined : halo));
    }
    out.push('</g>');
  }

  for (const nd of leaves) out.push(nodeSvg(nd));
  out[defsAt] = `<defs>${[...markers].map(([key, id]) => {
    const [fill, size] = key.split('|');
    return `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="${size}" markerHeight="${size}" orient="auto" markerUnits="userSpaceOnUse"><path d="M0,0 L10,5 L0,10 z" fill="${fill}"/></marker>`;
  }).join('')}</defs>`;
  out.push('</svg>');
  return out.join('\n');
}
