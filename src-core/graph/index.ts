// graph: a renderer-neutral description of the topology (nodes, edges, groups, classes) that the app
// hands to Cytoscape and the CLI prints as JSON or DOT. Pure: same cluster and options, same graph.
// Nothing here decides reachability; allowed/denied connections come from the caller (the policy
// engine's answers) through `options.connections`. Ids are ObjectKeys so a Trace's `path` maps onto nodes.
import type { BuiltCluster } from '../model/build';
import { objectKey, type ObjectKey, type PodLike, type Service } from '../model/types';
import { edgeObjectLinks, externalBlocks } from './links';

export interface GraphNode {
  id: string;
  label: string;
  /** Kubernetes kind, or `Namespace`, `Internet`, `Router`, `IPBlock`, `NamespaceGroup` (an aggregated namespace). */
  kind: string;
  parent?: string;
  object?: ObjectKey;
  classes?: string[];
  /** Second line under the label: ports, replicas, host … */
  sublabel?: string;
  namespace?: string;
  /** Labels for search and filtering (pod labels for workloads). Untrusted text. */
  labels?: Record<string, string>;
  /** Aggregated namespace: how many objects it stands for. */
  count?: number;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  label?: string;
  /** `entry` (internet → router/gateway), `route` (router → route/ingress), `backend` (route → service),
   *  `endpoint` (service → pod), `owns` (workload → pod), `egress` (→ external block), `allowed` / `denied`. */
  kind: string;
  classes?: string[];
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** True when namespaces were folded into single nodes because the graph is large. */
  aggregated?: boolean;
  /** How many nodes the unaggregated graph would have. */
  fullSize?: number;
}

/** A connection decided by the policy engine, drawn on demand. */
export interface GraphConnection {
  from: string;
  to: string;
  allowed: boolean;
  /** Not allowed, but not denied either: the input cannot decide it (drawn in the undetermined colour). */
  undetermined?: boolean;
  label?: string;
}

export interface GraphOptions {
  /** Fold namespaces into one node each when the graph has more than `aggregateAbove` nodes (default 300). */
  aggregateAbove?: number;
  /** Namespaces the user expanded while aggregated. */
  expanded?: readonly string[];
  /** Workloads (ObjectKeys) whose owned Pods are shown; by default Pods owned by a modelled workload are folded into it. */
  expandPods?: readonly string[];
  hiddenNamespaces?: readonly string[];
  connections?: readonly GraphConnection[];
}

export const INTERNET_NODE = 'internet';
export const ROUTER_NODE = 'router';
export const nsNodeId = (ns: string): string => `ns:${ns}`;

/** The workload a Pod belongs to, following ownerReferences (ReplicaSet `web-5d4f8` → Deployment `web`; model/owners.ts). */
const podIndexes = new WeakMap<BuiltCluster, Map<string, PodLike>>();

export function owningWorkload(cluster: BuiltCluster, pod: PodLike): PodLike | undefined {
  if (pod.kind !== 'Pod' || !pod.workload) return undefined;
  let index = podIndexes.get(cluster);
  if (!index) podIndexes.set(cluster, (index = new Map([...cluster.pods, ...cluster.workloads].map((p) => [objectKey(p.meta), p]))));
  return index.get(pod.workload);
}

/** What the graph draws for pods and workloads: the endpoints, and the top workloads grouping live Pods
 *  (a Deployment's ReplicaSets are not drawn beside it). */
function drawnPods(cluster: BuiltCluster): PodLike[] {
  return cluster.workloads.length ? [...cluster.pods, ...cluster.workloads.filter((w) => !w.workload)] : cluster.pods;
}

function portsLabel(p: PodLike): string | undefined {
  if (p.ports.length === 0) return undefined;
  const shown = p.ports.slice(0, 3).map((cp) => (cp.name ? `${cp.name}:${cp.containerPort}` : String(cp.containerPort)));
  return shown.join(' ') + (p.ports.length > 3 ? ' …' : '');
}

function serviceSublabel(s: Service): string {
  const ports = s.ports.map((sp) => String(sp.port)).slice(0, 3).join(',');
  return s.type === 'ClusterIP' ? (s.headless ? `headless ${ports}` : ports) : `${s.type} ${ports}`;
}

/** `80→8080`, or `80→http?` when a named targetPort is not a container port of the pod. */
function endpointLabel(s: Service, pod: PodLike): { label: string; broken: boolean } {
  const parts: string[] = [];
  let broken = false;
  for (const sp of s.ports) {
    if (sp.protocol !== 'TCP' && sp.protocol !== undefined) parts.push(`${sp.port}/${sp.protocol}`);
    if (typeof sp.targetPort === 'number') {
      const exists = pod.ports.length === 0 || pod.ports.some((cp) => cp.containerPort === sp.targetPort);
      if (!exists) broken = true;
      parts.push(sp.port === sp.targetPort ? `${sp.port}${exists ? '' : '?'}` : `${sp.port}→${sp.targetPort}${exists ? '' : '?'}`);
    } else {
      const cp = pod.ports.find((c) => c.name === sp.targetPort);
      if (!cp) broken = true;
      parts.push(cp ? `${sp.port}→${sp.targetPort}(${cp.containerPort})` : `${sp.port}→${sp.targetPort}?`);
    }
  }
  return { label: parts.join(' '), broken };
}

/** A node as buildGraph collects it: what aggregation needs up front, the rest built only if drawn. */
interface PendingNode {
  id: string;
  kind: string;
  namespace?: string;
  parent?: string;
  node?: GraphNode;
  make?: () => GraphNode;
}

const materialize = (p: PendingNode): GraphNode => p.node ?? (p.node = (p.make as () => GraphNode)());

/**
 * The topology graph. When it has more than `aggregateAbove` leaf nodes, namespaces not in `expanded`
 * fold into one node each — exactly `aggregate()` of the full graph, but built without materialising
 * the nodes and edges that folding removes (at 10k workloads: ~23,000 nodes and ~15,000 edges inside
 * namespaces, and the selector matching behind them). All nodes are collected before any edge: every
 * edge's endpoints are nodes added before it in the order nodes were always added, so the edge checks
 * see the same node set.
 */
export function buildGraph(cluster: BuiltCluster, options: GraphOptions = {}): Graph {
  const hidden = new Set(options.hiddenNamespaces ?? []);
  const expandPods = new Set(options.expandPods ?? []);
  const pending: PendingNode[] = [];
  const nodeIds = new Set<string>();
  // One `ns:<name>` string per namespace (the fold below keys on them for every node).
  const nsIds = new Map<string, string>();
  const nsId = (ns: string): string => {
    let id = nsIds.get(ns);
    if (id === undefined) nsIds.set(ns, (id = nsNodeId(ns)));
    return id;
  };
  const add = (p: PendingNode) => {
    if (nodeIds.has(p.id)) return;
    if (p.namespace && hidden.has(p.namespace)) return;
    nodeIds.add(p.id);
    pending.push(p);
  };
  const addNode = (n: GraphNode) => add({ id: n.id, kind: n.kind, namespace: n.namespace, parent: n.parent, node: n });

  const rt = cluster.profile.router;
  const edgeLinks = edgeObjectLinks(cluster);
  const blocks = externalBlocks(cluster);
  const exposed = cluster.services.filter((s) => s.type === 'LoadBalancer' || s.type === 'NodePort' || s.externalIPs.length > 0);
  const hasEntry = edgeLinks.entries.length > 0 || exposed.length > 0;

  // Nodes.
  if (hasEntry || blocks.length > 0) addNode({ id: INTERNET_NODE, label: 'internet', kind: 'Internet', classes: ['external'] });
  for (const ns of [...cluster.namespaces.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    const implied = ns.meta.impliedBy !== undefined || !ns.declared;
    // The router's namespace is drawn only when the router is (an empty box would say nothing).
    if (ns.name === rt.namespace && !edgeLinks.routerUsed && !cluster.pods.some((p) => p.namespace === ns.name)) continue;
    addNode({ id: nsNodeId(ns.name), label: ns.name, kind: 'Namespace', namespace: ns.name, labels: { ...ns.labels }, object: ns.declared ? objectKey(ns.meta) : undefined, classes: implied ? ['implied'] : [] });
  }
  if (edgeLinks.routerUsed) {
    addNode({ id: ROUTER_NODE, label: rt.podName, kind: 'Router', parent: nodeIds.has(nsNodeId(rt.namespace)) ? nsNodeId(rt.namespace) : undefined, namespace: rt.namespace, labels: { ...rt.podLabels }, sublabel: cluster.profile.title.split(' ')[0] + ' router' });
  }

  // Pods and workloads; Pods owned by a modelled workload fold into it unless expanded.
  const pods = drawnPods(cluster);
  const keys = pods.map((p) => objectKey(p.meta));
  const owners = pods.map((p) => owningWorkload(cluster, p));
  const folded = new Map<string, string>();
  const podCount = new Map<string, number>();
  pods.forEach((p, i) => {
    const owner = owners[i];
    if (owner) {
      const ok = objectKey(owner.meta);
      podCount.set(ok, (podCount.get(ok) ?? 0) + 1);
      if (!expandPods.has(ok)) folded.set(keys[i], ok);
    }
  });
  const podsByNs = new Map<string, number[]>();
  pods.forEach((p, i) => {
    const list = podsByNs.get(p.namespace);
    if (list) list.push(i);
    else podsByNs.set(p.namespace, [i]);
    const key = keys[i];
    if (folded.has(key)) return;
    add({
      id: key,
      kind: p.kind,
      namespace: p.namespace,
      parent: nsId(p.namespace),
      make: () => {
        const n = podCount.get(key);
        const replicas = p.kind === 'Pod' ? undefined : n ? `${n} pod${n > 1 ? 's' : ''}` : p.replicas !== undefined ? `×${p.replicas}` : undefined;
        return {
          id: key,
          label: p.name,
          kind: p.kind,
          parent: nsNodeId(p.namespace),
          object: key,
          namespace: p.namespace,
          labels: { ...p.podLabels },
          sublabel: [portsLabel(p), replicas].filter(Boolean).join(' · ') || undefined,
          classes: [p.kind === 'Pod' ? 'pod' : 'workload', ...(p.hostNetwork ? ['host-network'] : []), ...(p.ready === false ? ['not-ready'] : [])],
        };
      },
    });
  });
  const serviceKeys = cluster.services.map((s) => objectKey(s.meta));
  cluster.services.forEach((s, i) => {
    const key = serviceKeys[i];
    add({
      id: key,
      kind: 'Service',
      namespace: s.meta.namespace,
      parent: nsId(s.meta.namespace),
      make: () => ({ id: key, label: s.meta.name, kind: 'Service', parent: nsNodeId(s.meta.namespace), object: key, namespace: s.meta.namespace, labels: { ...s.meta.labels }, sublabel: serviceSublabel(s), classes: s.type === 'ExternalName' ? ['external-name'] : [] }),
    });
  });
  // Routes, Ingresses, Gateways and HTTPRoutes.
  for (const n of edgeLinks.nodes) {
    const parent = n.namespace ? nsId(n.namespace) : undefined;
    add({ id: n.id, kind: n.kind, namespace: n.namespace, parent, make: () => ({ ...n, parent }) });
  }
  // External IP blocks named by egress rules.
  for (const b of blocks) addNode({ id: b.id, label: b.cidr, kind: 'IPBlock', classes: ['external'] });

  // Fold namespaces? The same rule as `aggregate`: every node but namespaces and the router, whose
  // parent is a namespace not expanded, stands in for that namespace.
  const leafCount = pending.reduce((n, p) => n + (p.kind !== 'Namespace' ? 1 : 0), 0);
  const threshold = options.aggregateAbove ?? 300;
  const aggregating = leafCount > threshold;
  const expanded = new Set(options.expanded ?? []);
  const rep = new Map<string, string>();
  const counts = new Map<string, number>();
  if (aggregating) {
    for (const p of pending) {
      if (p.kind === 'Namespace' || p.kind === 'Router') continue;
      if (!p.parent?.startsWith('ns:')) continue;
      const ns = p.parent.slice(3);
      if (!expanded.has(ns)) {
        rep.set(p.id, p.parent);
        counts.set(ns, (counts.get(ns) ?? 0) + 1);
      }
    }
  }
  /** Would folding drop an edge between these nodes (both inside the same folded namespace)? */
  const dropped = (source: string, target: string) => aggregating && (rep.get(source) ?? source) === (rep.get(target) ?? target);

  // Edges, in the order they were always added.
  const edges: GraphEdge[] = [];
  const edgeIds = new Set<string>();
  /** Whether an edge is drawn (registering its id): both ends are nodes, the id is new, folding keeps it. */
  const keep = (id: string, source: string, target: string): boolean => {
    if (edgeIds.has(id) || !nodeIds.has(source) || !nodeIds.has(target)) return false;
    edgeIds.add(id);
    return !dropped(source, target);
  };
  const addEdge = (e: GraphEdge) => {
    if (keep(e.id, e.source, e.target)) edges.push(e);
  };
  if (edgeLinks.routerUsed) addEdge({ id: `entry:${ROUTER_NODE}`, source: INTERNET_NODE, target: ROUTER_NODE, kind: 'entry', label: '80/443' });
  if (expandPods.size > 0) {
    pods.forEach((p, i) => {
      const wl = owners[i] ? objectKey((owners[i] as PodLike).meta) : undefined;
      if (wl && expandPods.has(wl)) addEdge({ id: `owns:${wl}->${keys[i]}`, source: wl, target: keys[i], kind: 'owns' });
    });
  }
  // Services and their endpoint pods (by selector, within the namespace).
  cluster.services.forEach((s, i) => {
    const key = serviceKeys[i];
    if (!s.selector || Object.keys(s.selector).length === 0) return;
    // Folded with its namespace, the Service's endpoint edges (all inside it) would be dropped.
    if (aggregating && rep.has(key)) return;
    const sel = Object.entries(s.selector);
    for (const j of podsByNs.get(s.meta.namespace) ?? []) {
      const p = pods[j];
      if (!sel.every(([k, v]) => p.podLabels[k] === v)) continue;
      const target = folded.get(keys[j]) ?? keys[j];
      const id = `endpoint:${key}->${target}`;
      if (!keep(id, key, target)) continue;
      const { label, broken } = endpointLabel(s, p);
      edges.push({ id, source: key, target, kind: 'endpoint', label, classes: broken ? ['broken'] : [] });
    }
  });
  for (const s of exposed) addEdge({ id: `entry:${objectKey(s.meta)}`, source: INTERNET_NODE, target: objectKey(s.meta), kind: 'entry', label: s.type === 'NodePort' ? 'NodePort' : 'LoadBalancer' });
  for (const e of edgeLinks.entries) if (!e.unserved) addEdge({ id: `route:${e.target}`, source: e.viaRouter ? ROUTER_NODE : INTERNET_NODE, target: e.target, kind: e.viaRouter ? 'route' : 'entry', label: e.label });
  // Objects are built only for edges that are drawn (at 10k workloads most backends are inside folds).
  for (const e of edgeLinks.backends) if (keep(e.id, e.source, e.target)) edges.push({ ...e, kind: 'backend', classes: nodeIds.has(e.target) ? e.classes : ['missing'] });
  for (const b of blocks) {
    for (const from of b.from) addEdge({ id: `egress:${from}->${b.id}`, source: from, target: b.id, kind: 'egress', label: b.label, classes: b.deny ? ['deny'] : [] });
  }
  for (const c of options.connections ?? []) {
    const source = folded.get(c.from) ?? c.from;
    const target = folded.get(c.to) ?? c.to;
    if (source === target) continue;
    const kind = c.allowed ? 'allowed' : c.undetermined ? 'undetermined' : 'denied';
    addEdge({ id: `${kind}:${source}->${target}`, source, target, kind, label: c.label });
  }

  if (!aggregating) return { nodes: pending.map(materialize), edges, aggregated: false, fullSize: leafCount };
  const nodes: GraphNode[] = [];
  for (const p of pending) {
    if (p.kind === 'Namespace') nodes.push(groupNode(materialize(p), counts));
    else if (!rep.has(p.id)) nodes.push(materialize(p));
  }
  return { nodes, edges: mergeEdges(edges, rep), aggregated: true, fullSize: leafCount };
}

/** A namespace node, or the `NamespaceGroup` standing for its folded contents. */
function groupNode(n: GraphNode, counts: ReadonlyMap<string, number>): GraphNode {
  const c = counts.get(n.namespace ?? '');
  return c === undefined ? n : { ...n, kind: 'NamespaceGroup', count: c, sublabel: `${c} object${c === 1 ? '' : 's'}`, classes: [...(n.classes ?? []), 'aggregate'] };
}

/** Edges re-pointed at the folded namespaces; parallel ones merged with a count, inner ones dropped. */
function mergeEdges(list: readonly GraphEdge[], rep: ReadonlyMap<string, string>): GraphEdge[] {
  const merged = new Map<string, GraphEdge & { n: number }>();
  for (const e of list) {
    const source = rep.get(e.source) ?? e.source;
    const target = rep.get(e.target) ?? e.target;
    if (source === target) continue;
    const id = source === e.source && target === e.target ? e.id : `agg:${e.kind}:${source}->${target}`;
    const m = merged.get(id);
    if (m) m.n++;
    else merged.set(id, { ...e, id, source, target, n: 1 });
  }
  return [...merged.values()].map(({ n, ...e }) => (n > 1 ? { ...e, label: `${n} ${e.kind}`, classes: [...(e.classes ?? []), 'aggregate'] } : e));
}

/** Folds every namespace not in `expanded` into one `NamespaceGroup` node; edges are merged with a count. */
export function aggregate(graph: Graph, expanded: ReadonlySet<string>, fullSize: number): Graph {
  const nodes: GraphNode[] = [];
  const rep = new Map<string, string>();
  const counts = new Map<string, number>();
  for (const n of graph.nodes) {
    // The router stays visible: every route's traffic passes it.
    if (n.kind === 'Namespace' || n.kind === 'Router') continue;
    const ns = n.parent?.startsWith('ns:') ? n.parent.slice(3) : undefined;
    if (ns !== undefined && !expanded.has(ns)) {
      rep.set(n.id, nsNodeId(ns));
      counts.set(ns, (counts.get(ns) ?? 0) + 1);
    }
  }
  for (const n of graph.nodes) {
    if (n.kind === 'Namespace') nodes.push(groupNode(n, counts));
    else if (!rep.has(n.id)) nodes.push(n);
  }
  return { nodes, edges: mergeEdges(graph.edges, rep), aggregated: true, fullSize };
}

/** The graph node that stands for an object: itself, its folded workload, or its aggregated namespace. */
export function nodeFor(graph: Graph, key: string): string | undefined {
  if (graph.nodes.some((n) => n.id === key)) return key;
  const ns = key.split('/').length === 3 ? key.split('/')[1] : undefined;
  return ns && graph.nodes.some((n) => n.id === nsNodeId(ns)) ? nsNodeId(ns) : undefined;
}
