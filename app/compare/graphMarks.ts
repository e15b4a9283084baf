// Compare mode on the graph: which nodes and edges to mark as new, lost, changed or undecided, read off the
// core's DiffReport (the same engine as `podpath diff`). Pure — the graph is reached only through a lookup
// (app/compare/applyMarks.ts gives it the Cytoscape instance), so the plan is unit-tested in Node.
// Nothing here decides reachability: an edge mark is one DiffChange (or several folded onto the same pair
// of drawn nodes), an undetermined change stays undetermined, never drawn as opened or closed.
import type { DiffChange, DiffReport } from '../../src-core/index';

type DiffStatus = DiffChange['status'];

export type Mark = 'new' | 'lost' | 'changed' | 'undetermined';

/** What the plan needs of the drawn graph. */
export interface GraphLookup {
  /** The drawn node for an endpoint name (`ns/name`, `internet`, `router`) or ObjectKey, as the trace
   *  highlight resolves it (a folded namespace's node stands for what is in it). */
  resolve(ref: string): string | undefined;
  /** The drawn node's kind (`Namespace`, `NamespaceGroup`, `Deployment` ...). */
  kindOf(id: string): string | undefined;
}

/** A removed object, drawn as a ghost in its namespace (only in "before"). */
export interface GhostNode {
  id: string;
  /** The ObjectKey it stood for. */
  object: string;
  kind: string;
  namespace: string;
  name: string;
  parent?: string;
}

export interface MarkEdge {
  id: string;
  source: string;
  target: string;
  mark: Mark;
  /** Ports after (new, changed), before (lost), with a text badge so colour is never the only cue. */
  label: string;
  /** How many differences were folded onto this pair of drawn nodes. */
  count: number;
}

export interface MarkPlan {
  nodes: Map<string, Mark>;
  ghosts: GhostNode[];
  edges: MarkEdge[];
}

/** Text badges (the legend repeats them). */
export const BADGE: Record<Mark, string> = { new: '+', lost: '−', changed: '±', undetermined: '?' };

/** Kinds the graph draws as nodes of their own (src-core/graph); other removed objects (policies) have none. */
const DRAWN_KINDS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'DeploymentConfig', 'Service', 'Route', 'Ingress', 'Gateway', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute']);

/** Edges drawn at most (a 10k-workload diff can list thousands; the Changes panel lists them all). */
export const MAX_MARK_EDGES = 400;

const EDGE_MARK: Record<DiffStatus, Mark> = { opened: 'new', closed: 'lost', ports: 'changed', changed: 'changed', undetermined: 'undetermined' };

/** A stronger mark wins on a node that several differences touch (new > changed; undecided shows). */
const RANK: Record<Mark, number> = { changed: 1, undetermined: 2, lost: 3, new: 4 };

function edgeLabel(c: DiffChange, mark: Mark): string {
  const ports = mark === 'lost' ? c.before : c.after;
  return `${BADGE[mark]} ${ports.join(', ')}`.trim();
}

/** `Kind/ns/name` → parts; cluster-scoped keys have no namespace (and no ghost). */
function splitKey(key: string): { kind: string; namespace: string; name: string } | null {
  const parts = key.split('/');
  return parts.length === 3 && parts[0] && parts[1] && parts[2] ? { kind: parts[0], namespace: parts[1], name: parts[2] } : null;
}

export function planMarks(report: DiffReport | null, g: GraphLookup): MarkPlan {
  const plan: MarkPlan = { nodes: new Map(), ghosts: [], edges: [] };
  if (!report) return plan;
  const markNode = (id: string | undefined, m: Mark) => {
    if (!id) return;
    const old = plan.nodes.get(id);
    if (!old || RANK[m] > RANK[old]) plan.nodes.set(id, m);
  };
  /** An object's own node gets `m`; a folded namespace standing for it only shows that something in it changed. */
  const markObject = (key: string, m: Mark) => {
    const id = g.resolve(key);
    if (!id) return;
    markNode(id, id === key ? m : 'changed');
  };
  for (const k of report.objects.added) markObject(k, 'new');
  for (const k of report.objects.changed) markObject(k, 'changed');

  // Removed objects: a ghost in their namespace when it is drawn open, else the folded namespace is changed.
  const ghostByName = new Map<string, string>();
  for (const k of report.objects.removed) {
    const p = splitKey(k);
    if (!p || !DRAWN_KINDS.has(p.kind)) continue;
    const ns = g.resolve(`ns:${p.namespace}`);
    const nsKind = ns ? g.kindOf(ns) : undefined;
    if (nsKind === 'NamespaceGroup') {
      markNode(ns, 'changed');
      continue;
    }
    const ghost: GhostNode = { id: `cmp-ghost:${k}`, object: k, kind: p.kind, namespace: p.namespace, name: p.name, parent: nsKind === 'Namespace' ? ns : undefined };
    plan.ghosts.push(ghost);
    // `ns/name` names the Pod first, else the workload (FORMAT.md), as the connectivity rows do.
    const short = `${p.namespace}/${p.name}`;
    if (p.kind !== 'Service' && (!ghostByName.has(short) || p.kind === 'Pod')) ghostByName.set(short, ghost.id);
  }
  const endpoint = (ref: string) => g.resolve(ref) ?? ghostByName.get(ref);

  const edges = new Map<string, MarkEdge>();
  for (const c of report.changes) {
    if (c.kind === 'exposure') {
      // `to` is the endpoint whose exposure changed.
      markNode(endpoint(c.to), c.status === 'undetermined' ? 'undetermined' : 'changed');
      continue;
    }
    if (c.kind !== 'connection') continue;
    const source = endpoint(c.from);
    const target = endpoint(c.to);
    if (!source || !target || source === target) continue;
    const mark = EDGE_MARK[c.status];
    const id = `cmp:${mark}:${source}->${target}`;
    const had = edges.get(id);
    if (had) {
      had.count++;
      had.label = `${BADGE[mark]} ${had.count} changes`;
    } else if (edges.size < MAX_MARK_EDGES) edges.set(id, { id, source, target, mark, label: edgeLabel(c, mark), count: 1 });
  }
  plan.edges = [...edges.values()];
  return plan;
}
