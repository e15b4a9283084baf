// graph: a renderer-neutral description of the topology (nodes, edges, groups, classes) that the app
// hands to Cytoscape and the CLI prints as JSON or DOT.
// PLACEHOLDER until the graph work lands: namespaces, pods/workloads and services only.
import type { BuiltCluster } from '../model/build';
import { objectKey, type ObjectKey } from '../model/types';

export interface GraphNode {
  id: string;
  label: string;
  kind: string;
  parent?: string;
  object?: ObjectKey;
  classes?: string[];
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  label?: string;
  kind: string;
  classes?: string[];
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export function buildGraph(cluster: BuiltCluster): Graph {
  const nodes: GraphNode[] = [];
  for (const ns of cluster.namespaces.values()) nodes.push({ id: `ns:${ns.name}`, label: ns.name, kind: 'Namespace' });
  for (const p of cluster.pods) nodes.push({ id: objectKey(p.meta), label: p.name, kind: p.kind, parent: `ns:${p.namespace}`, object: objectKey(p.meta) });
  for (const s of cluster.services) nodes.push({ id: objectKey(s.meta), label: s.meta.name, kind: 'Service', parent: `ns:${s.meta.namespace}`, object: objectKey(s.meta) });
  return { nodes, edges: [] };
}
