// Graphviz DOT for the renderer-neutral graph (src-core/graph): groups (nodes that are other nodes'
// parents, e.g. namespaces) become clusters, nested as deep as the graph nests them. Every id and label
// comes from manifests, so all of them are quoted and escaped.
import type { Graph, GraphNode } from '../graph/index';
import { neutralize } from '../untrusted';

/** A quoted DOT string; control, bidi and invisible characters shown escaped first (src-core/untrusted.ts),
 *  as the DOT text is read in a terminal and its labels in the drawn SVG. */
export function dotString(s: string): string {
  return `"${neutralize(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

const SHAPES: Record<string, string> = {
  Service: 'ellipse',
  Route: 'cds',
  Ingress: 'cds',
  Gateway: 'cds',
  HTTPRoute: 'cds',
  NetworkPolicy: 'note',
  External: 'doubleoctagon',
};

function nodeLine(n: GraphNode, indent: string): string {
  const attrs = [`label=${dotString(n.label)}`, `shape=${SHAPES[n.kind] ?? 'box'}`];
  if (n.classes?.length) attrs.push(`class=${dotString(n.classes.join(' '))}`);
  return `${indent}${dotString(n.id)} [${attrs.join(', ')}];`;
}

export function toDot(g: Graph): string {
  const children = new Map<string, GraphNode[]>();
  const ids = new Set(g.nodes.map((n) => n.id));
  const roots: GraphNode[] = [];
  for (const n of g.nodes) {
    if (n.parent && ids.has(n.parent) && n.parent !== n.id) {
      const list = children.get(n.parent) ?? [];
      list.push(n);
      children.set(n.parent, list);
    } else roots.push(n);
  }
  const lines: string[] = ['digraph podpath {', '  rankdir=LR;', '  compound=true;', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  const seen = new Set<string>();
  const emit = (n: GraphNode, indent: string) => {
    if (seen.has(n.id)) return; // guards against parent cycles in a malformed graph
    seen.add(n.id);
    const kids = children.get(n.id);
    if (!kids) {
      lines.push(nodeLine(n, indent));
      return;
    }
    lines.push(`${indent}subgraph ${dotString(`cluster_${n.id}`)} {`);
    lines.push(`${indent}  label=${dotString(n.label)};`);
    for (const k of kids) emit(k, indent + '  ');
    lines.push(`${indent}}`);
  };
  for (const n of roots) emit(n, '  ');
  for (const n of g.nodes) if (!seen.has(n.id)) lines.push(nodeLine(n, '  '));
  for (const e of g.edges) {
    const attrs: string[] = [];
    if (e.label) attrs.push(`label=${dotString(e.label)}`);
    if (e.classes?.length) attrs.push(`class=${dotString(e.classes.join(' '))}`);
    if (children.has(e.source) || children.has(e.target)) {
      // Graphviz cannot draw an edge to a cluster; it can to a node inside one, clipped at the cluster.
      const inner = (id: string) => firstLeaf(id, children);
      if (children.has(e.source)) attrs.push(`ltail=${dotString(`cluster_${e.source}`)}`);
      if (children.has(e.target)) attrs.push(`lhead=${dotString(`cluster_${e.target}`)}`);
      lines.push(`  ${dotString(inner(e.source))} -> ${dotString(inner(e.target))}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
    } else lines.push(`  ${dotString(e.source)} -> ${dotString(e.target)}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

function firstLeaf(id: string, children: Map<string, GraphNode[]>): string {
  let cur = id;
  for (let i = 0; i < 64; i++) {
    const k = children.get(cur);
    if (!k || k.length === 0) return cur;
    cur = k[0].id;
  }
  return cur;
}
