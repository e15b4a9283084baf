// Which objects differ between two inputs, and which namespaces that can touch. Used to say what changed
// (the report's object list) and to keep the per-pair traces of a diff (outside addresses, URLs) to the
// namespaces a change can affect. A fingerprint is the object's modelled content without source positions
// (refs), so moving an object to another file or line is no change.
import type { BuiltCluster } from '../model/build';
import { objectKey, type ObjectMeta } from '../model/types';

export interface ObjectChanges {
  added: string[];
  removed: string[];
  changed: string[];
  /** Namespaces with an added, removed or changed object (a Namespace object counts for its own name). */
  namespaces: Set<string>;
  /** A cluster-scoped object changed (AdminNetworkPolicy, BaselineAdminNetworkPolicy, IngressClass, Node ...):
   *  any namespace may be affected. */
  clusterWide: boolean;
}

const VOLATILE = new Set(['ref', 'raw', 'creationTimestamp', 'uid', 'resourceVersion', 'generation', 'managedFields']);

/** The object as text, without source positions and volatile metadata (a hand-written walk: JSON.stringify
 *  with a replacer function is several times slower on the 30,000 objects of a 10k dump). */
function fingerprint(v: unknown): string {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (x === null || x === undefined) return void out.push('_');
    if (typeof x !== 'object') return void out.push(typeof x === 'string' ? JSON.stringify(x) : String(x));
    if (Array.isArray(x)) {
      out.push('[');
      for (const y of x) (walk(y), out.push(','));
      return void out.push(']');
    }
    if (x instanceof Map) return walk([...x.entries()]);
    out.push('{');
    for (const k in x) {
      if (VOLATILE.has(k) || k.endsWith('Ref')) continue;
      out.push(k, ':');
      walk((x as Record<string, unknown>)[k]);
      out.push(',');
    }
    out.push('}');
  };
  walk(v);
  return out.join('');
}

interface Entry {
  meta: ObjectMeta;
  /** What reachability reads of the object (fingerprinted only when the source texts differ). */
  content: unknown;
}

function entries(c: BuiltCluster): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const put = (meta: ObjectMeta, content: unknown) => out.set(objectKey(meta), { meta, content });
  for (const ns of c.namespaces.values()) if (ns.declared) put(ns.meta, ns.labels);
  // A pod's reachability reads its labels, ports, addresses and state, not its whole spec.
  for (const p of c.pods) put(p.meta, [p.kind, p.podLabels, p.ports.map((x) => `${x.name ?? ''}:${x.containerPort}/${x.protocol}`), p.phase, p.ready, p.podIP, p.podIPs, p.hostNetwork, p.hostIP, p.nodeName, p.hostname, p.subdomain, p.meta.labels, p.meta.annotations, p.replicas]);
  for (const s of c.services) put(s.meta, s);
  for (const np of c.networkPolicies) put(np.meta, np);
  for (const a of c.adminNetworkPolicies) put(a.meta, a);
  if (c.baselineAdminNetworkPolicy) put(c.baselineAdminNetworkPolicy.meta, c.baselineAdminNetworkPolicy);
  for (const r of c.routes) put(r.meta, r);
  for (const i of c.ingresses) put(i.meta, i);
  for (const i of c.ingressClasses) put(i.meta, i);
  for (const list of c.others.values()) for (const o of list) put(o.meta, { spec: o.spec, labels: o.meta.labels, annotations: o.meta.annotations });
  for (const e of c.endpointSets) if (e.meta) put(e.meta, e);
  return out;
}

/** The object's own text in the input (its whole YAML node), or null for implied objects. Equal texts
 *  model to equal objects, so the fingerprint is computed only for the few objects whose text differs. */
function sourceTexter(c: BuiltCluster): (meta: ObjectMeta) => string | null {
  const lineStarts = new Map<string, number[]>();
  const startsOf = (file: string, text: string): number[] => {
    let s = lineStarts.get(file);
    if (!s) {
      s = [0];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) s.push(i + 1);
      lineStarts.set(file, s);
    }
    return s;
  };
  return (meta) => {
    if (meta.impliedBy || meta.ref.doc < 0) return null;
    const r = c.sourceMap.locate(meta.ref);
    const text = r.file ? c.sourceMap.textOf(r.file) : undefined;
    if (text === undefined) return null;
    const s = startsOf(r.file, text);
    return text.slice((s[r.startLine - 1] ?? 0) + r.startCol - 1, (s[r.endLine - 1] ?? text.length) + r.endCol - 1);
  };
}

/** `Kind/ns/name` → its namespace ('' when cluster-scoped). */
function namespaceOfKey(key: string): { ns: string; kind: string; name: string } {
  const parts = key.split('/');
  return parts.length >= 3 ? { kind: parts[0], ns: parts[1], name: parts.slice(2).join('/') } : { kind: parts[0], ns: '', name: parts.slice(1).join('/') };
}

export function objectChanges(before: BuiltCluster, after: BuiltCluster): ObjectChanges {
  const a = entries(before);
  const b = entries(after);
  const ta = sourceTexter(before);
  const tb = sourceTexter(after);
  const same = (x: Entry, y: Entry): boolean => {
    const sx = ta(x.meta);
    if (sx !== null && sx === tb(y.meta)) return true;
    return fingerprint(x.content) === fingerprint(y.content);
  };
  const out: ObjectChanges = { added: [], removed: [], changed: [], namespaces: new Set(), clusterWide: false };
  const touch = (key: string) => {
    const { kind, ns, name } = namespaceOfKey(key);
    if (ns) out.namespaces.add(ns);
    else if (kind === 'Namespace' || kind === 'Project') out.namespaces.add(name);
    else out.clusterWide = true;
  };
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w === undefined) out.removed.push(k);
    else if (!same(v, w)) out.changed.push(k);
    else continue;
    touch(k);
  }
  for (const k of b.keys()) if (!a.has(k)) (out.added.push(k), touch(k));
  if (before.profile.name !== after.profile.name) out.clusterWide = true;
  // The router's own namespace decides every URL and every router connection.
  if (out.namespaces.has(after.routerPod.namespace) || out.namespaces.has(before.routerPod.namespace)) out.clusterWide = true;
  for (const l of [out.added, out.removed, out.changed]) l.sort();
  return out;
}
