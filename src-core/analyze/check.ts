// `podpath check`: a small file of expectations, each checked with the real engine (traceQuery, the
// same code as `trace`), for CI pipelines. The format (docs/check.md):
//
//   expectations:
//   - name: frontend reaches cartservice     # optional; defaults to a description
//     from: default/frontend                 # any trace endpoint, or namespace:NS (each pod/workload in NS)
//     to: default/cartservice                # any trace endpoint, or namespace:NS
//     port: 7070                             # optional: without it, each port the destination declares
//     protocol: TCP                          # optional
//     expect: allowed                        # allowed | denied
//   - defaultDeny: ingress                   # ingress | egress | both
//     namespaces: all                        # all (every namespace with pods) or a list
//
// `expect: allowed` passes when every expanded connection is allowed; `denied` when every one is denied.
// An undetermined trace never passes either (the input cannot prove it). `from: internet` with
// `to: namespace:NS` also checks every Route / Ingress / HTTPRoute URL of the input: none may land in NS.
// Expectation files are untrusted input: every problem is a message with the line it is on.
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import type { BuiltCluster } from '../model/build';
import type { NetworkPolicy, PodLike, Protocol } from '../model/types';
import { isDefaultDeny } from './coverage';
import { policyModeOf } from './policy/evaluate';
import { readQuery } from './query';
import { traceQuery } from './trace';
import type { Query, Trace } from './types';

export type Expectation =
  | { kind: 'connection'; name: string; line: number; from: string; to: string; port?: number; protocol?: Protocol; expect: 'allowed' | 'denied' }
  | { kind: 'defaultDeny'; name: string; line: number; direction: 'ingress' | 'egress' | 'both'; namespaces: 'all' | string[] };

export interface CheckFailure {
  /** What failed, for people. */
  message: string;
  /** The trace behind it, when one was run. */
  trace?: Trace;
}

export interface CheckResult {
  name: string;
  line: number;
  passed: boolean;
  /** How many connections (or namespaces) were checked. */
  checked: number;
  failures: CheckFailure[];
}

export interface CheckReport {
  file: string;
  passed: number;
  failed: number;
  results: CheckResult[];
}

/** Reads an expectations file; errors carry `file:line`. */
export function readExpectations(file: string, text: string): { expectations: Expectation[]; errors: string[] } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, version: '1.1', uniqueKeys: true, prettyErrors: false });
  const errors: string[] = doc.errors.map((e) => `${file}:${e.linePos?.[0].line ?? 1}: ${e.message.split('\n')[0]}`);
  const lineOf = (n: Node | null | undefined): number => (n?.range ? lc.linePos(n.range[0]).line : 1);
  const expectations: Expectation[] = [];
  if (errors.length) return { expectations, errors };
  const root = doc.contents;
  const list = isMap(root) ? root.get('expectations', true) : root;
  if (!isSeq(list)) return { expectations, errors: [`${file}:${lineOf(root as Node)}: expected a list under "expectations:"`] };
  list.items.forEach((item, i) => {
    const line = lineOf(item as Node);
    const at = `${file}:${line}`;
    if (!isMap(item)) return void errors.push(`${at}: expectation ${i + 1} must be a mapping`);
    const v = item.toJSON() as Record<string, unknown>;
    const name = typeof v.name === 'string' ? v.name : '';
    if (v.defaultDeny !== undefined) {
      const d = v.defaultDeny;
      if (d !== 'ingress' && d !== 'egress' && d !== 'both') return void errors.push(`${at}: defaultDeny must be ingress, egress or both, not ${JSON.stringify(d)}`);
      const nss = v.namespaces ?? 'all';
      if (nss !== 'all' && !(Array.isArray(nss) && nss.every((x) => typeof x === 'string'))) return void errors.push(`${at}: namespaces must be "all" or a list of names`);
      expectations.push({ kind: 'defaultDeny', name: name || `every ${nss === 'all' ? 'namespace' : 'namespace of ' + (nss as string[]).join(', ')} has a default deny for ${d}`, line, direction: d, namespaces: nss as 'all' | string[] });
      return;
    }
    if (v.expect !== 'allowed' && v.expect !== 'denied') return void errors.push(`${at}: expect must be "allowed" or "denied", not ${JSON.stringify(v.expect)}`);
    const q = readQuery({ from: v.from, to: v.to, port: v.port, protocol: v.protocol });
    if ('error' in q) return void errors.push(`${at}: ${q.error}`);
    const port = q.port !== undefined ? ` on ${q.protocol ?? 'TCP'} ${q.port}` : '';
    expectations.push({ kind: 'connection', name: name || `${q.from} → ${q.to}${port} is ${v.expect}`, line, from: q.from, to: q.to, port: q.port, protocol: q.protocol, expect: v.expect });
  });
  return { expectations, errors };
}

function podsOf(cluster: BuiltCluster, endpoint: string): PodLike[] | null {
  if (!endpoint.startsWith('namespace:')) return null;
  const ns = endpoint.slice('namespace:'.length);
  return cluster.pods.filter((p) => p.namespace === ns);
}

/** The queries an expectation stands for: namespace:NS expanded, each declared port when none is given. */
function queriesOf(cluster: BuiltCluster, e: Extract<Expectation, { kind: 'connection' }>): Query[] {
  const froms = podsOf(cluster, e.from)?.map((p) => p.id) ?? [e.from];
  const toPods = podsOf(cluster, e.to);
  const out: Query[] = [];
  for (const from of froms) {
    if (!toPods) {
      out.push({ from, to: e.to, ...(e.port !== undefined ? { port: e.port } : {}), ...(e.protocol ? { protocol: e.protocol } : {}) });
      continue;
    }
    for (const p of toPods) {
      if (p.id === from) continue;
      const ports = e.port !== undefined ? [{ port: e.port, protocol: e.protocol ?? 'TCP' }] : p.ports.length ? p.ports.map((cp) => ({ port: cp.containerPort, protocol: cp.protocol })) : [{ port: 80, protocol: 'TCP' as Protocol }];
      for (const pp of ports) out.push({ from, to: p.id, port: pp.port, protocol: pp.protocol });
    }
  }
  return out;
}

/** Every URL the input publishes (Routes, Ingress rules, HTTPRoute hostnames), with the namespace of the
 *  object that publishes it (for "nothing from the internet reaches NS" and for `podpath diff`). */
export function publishedUrlEntries(cluster: BuiltCluster): { url: string; namespace: string }[] {
  const urls = new Map<string, string>();
  const add = (url: string, ns: string) => void (urls.has(url) || urls.set(url, ns));
  for (const r of cluster.routes) if (r.host) add(`${r.tls ? 'https' : 'http'}://${r.host}${r.path ?? '/'}`, r.meta.namespace);
  for (const ing of cluster.ingresses) for (const rule of ing.rules) if (rule.host && !rule.host.startsWith('*')) for (const p of rule.paths.length ? rule.paths : [{ path: '/' }]) add(`http://${rule.host}${p.path ?? '/'}`, ing.meta.namespace);
  for (const hr of cluster.others.get('HTTPRoute') ?? []) {
    const names = (hr.spec as { hostnames?: unknown } | undefined)?.hostnames;
    if (Array.isArray(names)) for (const h of names) if (typeof h === 'string' && !h.startsWith('*')) add(`http://${h}/`, hr.meta.namespace);
  }
  return [...urls].map(([url, namespace]) => ({ url, namespace })).sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}

function publishedUrls(cluster: BuiltCluster): string[] {
  return publishedUrlEntries(cluster).map((e) => e.url);
}

function defaultDenies(cluster: BuiltCluster, ns: string, dir: 'Ingress' | 'Egress'): NetworkPolicy[] {
  return cluster.networkPolicies.filter((np) => np.meta.namespace === ns && isDefaultDeny(np, dir));
}

function checkConnection(cluster: BuiltCluster, e: Extract<Expectation, { kind: 'connection' }>): CheckResult {
  const failures: CheckFailure[] = [];
  const queries = queriesOf(cluster, e);
  if (queries.length === 0) failures.push({ message: `no pod or workload matches ${e.from.startsWith('namespace:') ? e.from : e.to}` });
  for (const q of queries) {
    const t = traceQuery(cluster, q);
    if (t.error) failures.push({ message: `${q.from} → ${q.to}: ${t.error}`, trace: t });
    else if (t.verdict === 'undetermined') failures.push({ message: `${q.from} → ${q.to}${q.port ? ` on ${q.protocol ?? 'TCP'} ${q.port}` : ''} is undetermined (expected ${e.expect}): ${t.summary}`, trace: t });
    else if (t.allowed !== (e.expect === 'allowed')) failures.push({ message: `${q.from} → ${q.to}${q.port ? ` on ${q.protocol ?? 'TCP'} ${q.port}` : ''} is ${t.allowed ? 'allowed' : 'denied'} (expected ${e.expect}): ${t.summary}`, trace: t });
  }
  let checked = queries.length;
  const target = e.to.startsWith('namespace:') ? e.to.slice('namespace:'.length) : null;
  if (e.from === 'internet' && target !== null && e.expect === 'denied') {
    for (const url of publishedUrls(cluster)) {
      checked++;
      const t = traceQuery(cluster, { from: 'internet', to: url });
      if (t.allowed && t.reached?.startsWith(`${target}/`)) failures.push({ message: `internet → ${url} reaches ${t.reached} (expected nothing from the internet to reach namespace ${target})`, trace: t });
      else if (t.verdict === 'undetermined') failures.push({ message: `internet → ${url} is undetermined: ${t.summary}`, trace: t });
    }
  }
  return { name: e.name, line: e.line, passed: failures.length === 0, checked, failures };
}

function checkDefaultDeny(cluster: BuiltCluster, e: Extract<Expectation, { kind: 'defaultDeny' }>): CheckResult {
  const namespaces = e.namespaces === 'all' ? [...new Set(cluster.pods.map((p) => p.namespace))].sort() : e.namespaces;
  const dirs: ('Ingress' | 'Egress')[] = e.direction === 'both' ? ['Ingress', 'Egress'] : [e.direction === 'ingress' ? 'Ingress' : 'Egress'];
  const failures: CheckFailure[] = [];
  // A default deny the network plug-in does not enforce isolates nothing (policy/evaluate.ts POLICY_MODES).
  const ignored = policyModeOf(cluster).ignoresNetworkPolicy;
  for (const ns of namespaces) {
    for (const d of dirs) {
      const found = defaultDenies(cluster, ns, d);
      if (found.length && ignored) failures.push({ message: `namespace ${ns} has a default-deny NetworkPolicy for ${d} (${found.map((np) => np.meta.name).join(', ')}), but ${ignored}: it has no effect` });
      if (found.length) continue;
      failures.push({ message: `namespace ${ns} has no default-deny NetworkPolicy for ${d} (podSelector: {} with policyTypes [${d}] and no ${d.toLowerCase()} rules)` });
    }
  }
  return { name: e.name, line: e.line, passed: failures.length === 0, checked: namespaces.length * dirs.length, failures };
}

export function runChecks(cluster: BuiltCluster, file: string, expectations: readonly Expectation[]): CheckReport {
  const results = expectations.map((e) => (e.kind === 'connection' ? checkConnection(cluster, e) : checkDefaultDeny(cluster, e)));
  const passed = results.filter((r) => r.passed).length;
  return { file, passed, failed: results.length - passed, results };
}
