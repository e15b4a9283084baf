// Before and after (`podpath diff`, the app's compare mode): what a change to the manifests does to
// reachability. Every answer comes from the engine `trace` uses — the connectivity rows of each side
// (read off the reachability summary, which is checked against the trace pair by pair; only the rows that
// can differ are listed, diff-summary.ts), the namespace
// edges and exposure of the same summaries, and traceQuery for URLs and outside addresses — and each
// difference carries the hops that decided it on each side (a trace of that pair on each side, with
// the rule and file:line). No second predicate: a difference is two verdicts of the same engine.
//
// Honesty: the summary decides allowed/denied only; each reported connection difference is traced on
// both sides, and when either trace is undetermined the difference is listed as `undetermined`, never as
// opened or closed. Past `maxTraced` differences the rest are listed untraced (`traced: false`).
import type { BuiltCluster } from '../model/build';
import type { Connectivity, ConnectivityGroup } from './connectivity';
import { summaryRowDiff, type SideRows } from './diff-summary';
import { coverage, type CoverageReport } from './coverage';
import { sideOf, type DiffSide } from './diff-causes';
import { addressQueries, outcomeOf, urlQueries } from './diff-edge';
import { objectChanges, type ObjectChanges } from './diff-scope';
import { summarizeReachability, type ReachabilitySummary } from './summary';
import { traceQuery } from './trace';
import type { Protocol } from '../model/types';
import type { Query, Trace } from './types';

export type DiffKind = 'connection' | 'namespace' | 'url' | 'address' | 'exposure';
/** opened: newly allowed / served / exposed; closed: newly denied; ports: allowed on both sides with other
 *  ports; changed: a URL that ends differently (redirect → served ...); undetermined: one side cannot be decided. */
export type DiffStatus = 'opened' | 'closed' | 'ports' | 'changed' | 'undetermined';

export interface DiffChange {
  kind: DiffKind;
  status: DiffStatus;
  from: string;
  to: string;
  /** Allowed ports on each side (connections), or the outcome on each side (URLs, addresses, exposure). */
  before: string[];
  after: string[];
  /** Higher = look first: newly exposed to the internet, then newly open to every pod, new connections … */
  risk: number;
  /** For people: `internet → shop/web: newly allowed on TCP 8080`. */
  title: string;
  /** The query traced on both sides (for `--explain` and the app's side-by-side view). */
  query?: Query;
  traced: boolean;
  beforeSide?: DiffSide;
  afterSide?: DiffSide;
  /** Both traces, when asked for (`--explain`). */
  traces?: { before: Trace; after: Trace };
}

export interface DiffReport {
  profile: string;
  objects: { added: string[]; removed: string[]; changed: string[] };
  changes: DiffChange[];
  counts: Record<DiffStatus, number> & { total: number; untraced: number };
  /** Endpoint classes of each side; rows compared (only pairs that can differ are listed, diff-summary.ts). */
  stats: { classesBefore: number; classesAfter: number; rowsCompared: number; urlsTraced: number; addressesTraced: number };
}

export interface DiffOptions {
  /** Keep both traces of every difference (for `--explain`). */
  keepTraces?: boolean;
  /** Trace at most this many connection differences (default 5,000); the rest are listed untraced. */
  maxTraced?: number;
}

/** One side's analysis, reusable across diffs (the app keeps the baseline's while the "after" is edited). */
export interface DiffSideData {
  cluster: BuiltCluster;
  summary: ReachabilitySummary;
  coverage: CoverageReport;
}

export function analyzeSide(cluster: BuiltCluster): DiffSideData {
  const summary = summarizeReachability(cluster);
  return { cluster, summary, coverage: coverage(cluster, summary) };
}

const RISK: Record<DiffKind, Partial<Record<DiffStatus, number>>> = {
  exposure: { opened: 100, closed: 20 },
  url: { opened: 90, changed: 60, closed: 55, undetermined: 50 },
  connection: { opened: 70, ports: 60, undetermined: 50, closed: 30 },
  address: { opened: 65, undetermined: 45, closed: 25 },
  namespace: { opened: 40, closed: 15 },
};

function riskOf(kind: DiffKind, status: DiffStatus, from: string): number {
  const base = RISK[kind][status] ?? 10;
  // A connection that opens from outside the cluster is an exposure in all but name.
  return base + (kind === 'connection' && status !== 'closed' && from === 'internet' ? 25 : kind === 'connection' && from === 'router' && status !== 'closed' ? 10 : 0);
}

function bySource(c: Connectivity): Map<string, ConnectivityGroup[]> {
  const m = new Map<string, ConnectivityGroup[]>();
  for (const g of c.groups) (m.get(g.from) ?? m.set(g.from, []).get(g.from)!).push(g);
  return m;
}

function sameGroups(a: ConnectivityGroup[], b: ConnectivityGroup[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.ports.length !== y.ports.length || x.to.length !== y.to.length) return false;
    for (let j = 0; j < x.ports.length; j++) if (x.ports[j] !== y.ports[j]) return false;
    for (let j = 0; j < x.to.length; j++) if (x.to[j] !== y.to[j]) return false;
  }
  return true;
}

/** Connection differences from two full connectivity lists, source by source (the reference the summary-level
 *  comparison, diff-summary.ts, is tested against). */
export function connectionChangesOf(a: Connectivity, b: Connectivity): DiffChange[] {
  const A = bySource(a);
  const B = bySource(b);
  const out: DiffChange[] = [];
  const sources = new Set([...A.keys(), ...B.keys()]);
  for (const from of sources) {
    const ga = A.get(from) ?? [];
    const gb = B.get(from) ?? [];
    if (sameGroups(ga, gb)) continue;
    const before = new Map<string, string[]>();
    for (const g of ga) for (const to of g.to) before.set(to, g.ports);
    const seen = new Set<string>();
    for (const g of gb) {
      for (const to of g.to) {
        seen.add(to);
        const old = before.get(to);
        if (!old) out.push(change('connection', 'opened', from, to, [], g.ports));
        else if (old.join(',') !== g.ports.join(',')) out.push(change('connection', 'ports', from, to, old, g.ports));
      }
    }
    for (const [to, ports] of before) if (!seen.has(to)) out.push(change('connection', 'closed', from, to, ports, []));
  }
  return out;
}

/** Connection differences from the rows of both sides that can differ (diff-summary.ts). A pair whose
 *  undecided ports differ (and whose allowed ports do not) is an `undetermined` difference, traced on the
 *  first undecided port that differs. */
function rowChanges(rowsA: SideRows, rowsB: SideRows): DiffChange[] {
  const before = rowsA.allowed;
  const after = rowsB.allowed;
  const out: DiffChange[] = [];
  for (const [k, ports] of after) {
    const [from, to] = k.split('\u0000');
    const old = before.get(k);
    if (!old) out.push(change('connection', 'opened', from, to, [], ports));
    else if (old.join(',') !== ports.join(',')) out.push(change('connection', 'ports', from, to, old, ports));
  }
  for (const [k, ports] of before) {
    if (after.has(k)) continue;
    const [from, to] = k.split('\u0000');
    out.push(change('connection', 'closed', from, to, ports, []));
  }
  const seen = new Set(out.map((c) => `${c.from}\u0000${c.to}`));
  for (const k of new Set([...rowsA.undetermined.keys(), ...rowsB.undetermined.keys()])) {
    if (seen.has(k)) continue;
    const ua = rowsA.undetermined.get(k) ?? [];
    const ub = rowsB.undetermined.get(k) ?? [];
    if (ua.join(',') === ub.join(',')) continue;
    const [from, to] = k.split('\u0000');
    const c = change('connection', 'undetermined', from, to, before.get(k) ?? [], after.get(k) ?? []);
    c.query = portQuery(from, to, ub.find((p) => !ua.includes(p)) ?? ua.find((p) => !ub.includes(p)));
    out.push(c);
  }
  return out;
}

function change(kind: DiffKind, status: DiffStatus, from: string, to: string, before: string[], after: string[]): DiffChange {
  return { kind, status, from, to, before, after, risk: riskOf(kind, status, from), title: '', traced: false };
}

function namespaceChanges(a: ReachabilitySummary, b: ReachabilitySummary): DiffChange[] {
  const key = (e: { from: string; to: string }) => `${e.from}\u0000${e.to}`;
  const A = new Map(a.namespaceEdges.map((e) => [key(e), e]));
  const B = new Map(b.namespaceEdges.map((e) => [key(e), e]));
  const out: DiffChange[] = [];
  for (const [k, e] of B) if (!A.has(k)) out.push(change('namespace', 'opened', e.from, e.to, [], [`${e.pairs} pair(s)`]));
  for (const [k, e] of A) if (!B.has(k)) out.push(change('namespace', 'closed', e.from, e.to, [`${e.pairs} pair(s)`], []));
  return out;
}

function exposureSets(r: CoverageReport): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>([
    ['open to the internet', new Set()],
    ['open to every pod', new Set()],
    ['exposed, no ingress policy', new Set()],
  ]);
  for (const ns of r.namespaces) {
    for (const x of ns.openToInternet) m.get('open to the internet')!.add(x);
    for (const x of ns.openToAll) m.get('open to every pod')!.add(x);
    for (const x of ns.exposedUnisolated) m.get('exposed, no ingress policy')!.add(x);
  }
  return m;
}

function exposureChanges(a: CoverageReport, b: CoverageReport): DiffChange[] {
  const A = exposureSets(a);
  const B = exposureSets(b);
  const out: DiffChange[] = [];
  for (const [what, after] of B) {
    const before = A.get(what)!;
    for (const x of after) if (!before.has(x)) out.push(change('exposure', 'opened', what, x, [], [what]));
    for (const x of before) if (!after.has(x)) out.push(change('exposure', 'closed', what, x, [what], []));
  }
  return out;
}

/** `TCP 8080` → a query on that port. */
function portQuery(from: string, to: string, label: string | undefined): Query {
  if (!label) return { from, to };
  const [protocol, port] = label.split(' ');
  return { from, to, port: Number(port), protocol: protocol as Protocol };
}

/** The port whose verdict changed: the first port on one side and not the other. */
function changedPort(c: DiffChange): string | undefined {
  return c.after.find((p) => !c.before.includes(p)) ?? c.before.find((p) => !c.after.includes(p));
}

function titleOf(c: DiffChange): string {
  const ports = (l: string[]) => l.join(', ');
  switch (c.kind) {
    case 'connection':
    case 'address': {
      if (c.status === 'undetermined') {
        const side = c.afterSide?.verdict === 'undetermined' ? 'after' : 'before';
        return `${c.from} → ${c.to}: cannot be decided ${side} the change (${(side === 'after' ? c.afterSide : c.beforeSide)?.summary ?? 'undetermined'})`;
      }
      if (c.status === 'opened') return `${c.from} → ${c.to}: newly allowed${c.after.length ? ` on ${ports(c.after)}` : ''}`;
      if (c.status === 'closed') return `${c.from} → ${c.to}: newly denied${c.before.length ? ` (was allowed on ${ports(c.before)})` : ''}`;
      const added = c.after.filter((p) => !c.before.includes(p));
      const removed = c.before.filter((p) => !c.after.includes(p));
      return `${c.from} → ${c.to}: ports changed${added.length ? `, now also ${ports(added)}` : ''}${removed.length ? `, no longer ${ports(removed)}` : ''}`;
    }
    case 'namespace':
      return `namespace ${c.from} → namespace ${c.to}: ${c.status === 'opened' ? 'newly connected' : 'no longer connected'}`;
    case 'url':
      return `${c.to}: ${c.before[0] ?? '?'} → ${c.after[0] ?? '?'}`;
    case 'exposure':
      return `${c.to}: ${c.status === 'opened' ? 'newly' : 'no longer'} ${c.from}`;
  }
}

function traced(c: DiffChange, before: BuiltCluster, after: BuiltCluster, q0: Query, keep: boolean): void {
  const q = c.query ?? q0;
  const tb = traceQuery(before, q);
  const ta = traceQuery(after, q);
  c.query = q;
  c.traced = true;
  c.beforeSide = sideOf(tb);
  c.afterSide = sideOf(ta);
  if (keep) c.traces = { before: tb, after: ta };
  if (tb.verdict === 'undetermined' || ta.verdict === 'undetermined') c.status = 'undetermined';
  c.risk = riskOf(c.kind, c.status, c.from);
}

/** Per-query differences (URLs, outside addresses): traced on both sides, kept when the outcome differs. */
function queryChanges(kind: 'url' | 'address', queries: Query[], before: BuiltCluster, after: BuiltCluster, keep: boolean): DiffChange[] {
  const out: DiffChange[] = [];
  for (const q of queries) {
    const tb = traceQuery(before, q);
    const ta = traceQuery(after, q);
    const ob = outcomeOf(tb);
    const oa = outcomeOf(ta);
    if (ob === oa) continue;
    const status: DiffStatus = tb.verdict === 'undetermined' || ta.verdict === 'undetermined' ? 'undetermined' : ta.allowed && !tb.allowed ? 'opened' : tb.allowed && !ta.allowed ? 'closed' : 'changed';
    const c = change(kind, status, q.from, q.to + (kind === 'address' && q.port ? ` (${q.protocol ?? 'TCP'} ${q.port})` : ''), [ob], [oa]);
    c.query = q;
    c.traced = true;
    c.beforeSide = sideOf(tb);
    c.afterSide = sideOf(ta);
    if (keep) c.traces = { before: tb, after: ta };
    out.push(c);
  }
  return out;
}

/** Everything that differs between `before` and `after`, most risky first. */
export function diffClusters(before: BuiltCluster | DiffSideData, after: BuiltCluster | DiffSideData, opts: DiffOptions = {}): DiffReport {
  const A = 'summary' in before ? before : analyzeSide(before);
  const B = 'summary' in after ? after : analyzeSide(after);
  const objects: ObjectChanges = objectChanges(A.cluster, B.cluster);
  const keep = !!opts.keepTraces;
  const maxTraced = opts.maxTraced ?? 5000;

  const rows = summaryRowDiff(A.summary, B.summary, A.cluster, B.cluster);
  const conns = rowChanges(rows.before, rows.after);
  conns.sort((x, y) => y.risk - x.risk || (x.from < y.from ? -1 : x.from > y.from ? 1 : x.to < y.to ? -1 : x.to > y.to ? 1 : 0));
  conns.forEach((c, i) => {
    if (i < maxTraced) traced(c, A.cluster, B.cluster, portQuery(c.from, c.to, changedPort(c)), keep);
  });

  const scope = objects.clusterWide ? null : objects.namespaces;
  const noChange = !objects.clusterWide && objects.namespaces.size === 0;
  const urls = noChange ? [] : urlQueries(A.cluster, B.cluster, scope);
  const addrs = noChange ? [] : addressQueries(A.cluster, B.cluster, scope);
  const changes = [
    ...exposureChanges(A.coverage, B.coverage),
    ...queryChanges('url', urls, A.cluster, B.cluster, keep),
    ...conns,
    ...queryChanges('address', addrs, A.cluster, B.cluster, keep),
    ...namespaceChanges(A.summary, B.summary),
  ];
  for (const c of changes) c.title = titleOf(c);
  // Stable: by risk, then kind order above, then name.
  const order = new Map(changes.map((c, i) => [c, i]));
  changes.sort((x, y) => y.risk - x.risk || order.get(x)! - order.get(y)!);
  const counts = { opened: 0, closed: 0, ports: 0, changed: 0, undetermined: 0, total: changes.length, untraced: 0 };
  for (const c of changes) {
    counts[c.status]++;
    if (!c.traced && (c.kind === 'connection')) counts.untraced++;
  }
  return {
    profile: B.cluster.profile.name,
    objects: { added: objects.added, removed: objects.removed, changed: objects.changed },
    changes,
    counts,
    stats: { classesBefore: A.summary.classes.length, classesAfter: B.summary.classes.length, rowsCompared: rows.before.allowed.size + rows.after.allowed.size + rows.before.undetermined.size + rows.after.undetermined.size, urlsTraced: urls.length, addressesTraced: addrs.length },
  };
}
