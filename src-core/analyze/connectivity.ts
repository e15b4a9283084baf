// Connectivity, all pairs (`podpath connectivity`, the app's matrix): every allowed connection between
// workloads, and from the internet and the router, with the destination ports it is allowed on. It is
// read off the reachability summary (summary.ts), which is built from the same peer predicates as the
// trace and checked against it pair by pair — so this list and `trace` cannot disagree.
//
// What a row means: `from` may open a connection to `to` on each listed port. Ports are the ones the
// destination declares (containerPorts; TCP 80 when it declares none), as the summary probes them:
// a policy that allows "all ports" shows as every declared port. A pod or workload never lists itself.
// Grouping: the live pods of one workload are one endpoint (the workload's name), as np-guard's `list`
// does, when policies cannot tell them apart; otherwise each pod is listed.
import type { BuiltCluster } from '../model/build';
import { summarizeReachability, type ReachabilitySummary } from './summary';

export interface ConnectivityRow {
  /** `ns/name`, `internet` or `router`. */
  from: string;
  to: string;
  /** `TCP 8080`, `UDP 53` …, sorted by protocol then number. */
  ports: string[];
}

/** Rows of one source that share their ports: `from` may connect to each of `to` on `ports`. A whole
 *  cluster has millions of allowed pairs; grouped, they are a few objects per source. */
export interface ConnectivityGroup {
  from: string;
  /** Destinations in name order. */
  to: string[];
  ports: string[];
}

export interface ConnectivityOptions {
  /** Keep rows whose source or destination is in one of these namespaces. */
  namespaces?: readonly string[];
  /** Keep rows whose source or destination is this `ns/name`. */
  focus?: string;
}

export interface Connectivity {
  profile: string;
  /** Sources in order (internet, router, then by name); within a source, groups in the order of their first destination. */
  groups: ConnectivityGroup[];
  /** Pairs (and ports) whose verdict the input cannot decide (an unknown pod IP in a partly matching block,
   *  a policy kind podpath does not model): never counted as allowed nor as denied. */
  undetermined: ConnectivityGroup[];
  /** Endpoints considered (pods/workloads, after grouping) and rows before filtering. */
  stats: { endpoints: number; rows: number };
}

const PROTO_ORDER: Record<string, number> = { TCP: 0, UDP: 1, SCTP: 2 };

function portLabel(p: { port: number; protocol: string }): string {
  return `${p.protocol} ${p.port}`;
}

/** The endpoint names of each summary class, as connectivity lists them (also used by the diff, diff-summary.ts). */
export function endpointNames(cluster: BuiltCluster, s: ReachabilitySummary): string[][] {
  // The live pods of one workload are the workload (`ns/name` of the Deployment ...) when policies cannot
  // tell them apart (all in one class); pods of a workload that differ (a rollout half done) keep their names.
  const classesOf = new Map<string, Set<number>>();
  s.classes.forEach((c) => {
    if (c.router) return;
    for (const m of c.members) {
      const w = cluster.podsById.get(m)?.workload;
      if (w) (classesOf.get(w) ?? classesOf.set(w, new Set()).get(w)!).add(c.id);
    }
  });
  const workloadName = (key: string) => key.slice(key.indexOf('/') + 1);
  const namesOf = (c: number): string[] => {
    if (s.classes[c].router) return ['router'];
    const out = new Set<string>();
    for (const m of s.classes[c].members) {
      const w = cluster.podsById.get(m)?.workload;
      out.add(w && classesOf.get(w)!.size === 1 ? workloadName(w) : m);
    }
    return [...out].sort();
  };
  return s.classes.map((_, c) => namesOf(c));
}

/** Every allowed connection, from the summary of `cluster` (computed here unless given). Built source-major
 *  by transposing the summary's per-destination source sets, so rows come out sorted without sorting
 *  millions of them (a 10k-workload dump has millions of allowed pairs). */
export function connectivity(cluster: BuiltCluster, opts: ConnectivityOptions = {}, summary: ReachabilitySummary = summarizeReachability(cluster)): Connectivity {
  const s = summary;
  const n = s.classes.length;
  const nsFilter = opts.namespaces && opts.namespaces.length ? new Set(opts.namespaces) : null;
  const filtered = !!(nsFilter || opts.focus);
  const keep = (from: string, to: string): boolean => {
    if (opts.focus && from !== opts.focus && to !== opts.focus) return false;
    if (nsFilter && !nsFilter.has(from.split('/')[0]) && !nsFilter.has(to.split('/')[0])) return false;
    return true;
  };
  const names = endpointNames(cluster, s);

  // Transpose the summary's per-destination source sets into per-source lists, in CSR form (typed
  // arrays, no object per pair: a 10k-workload dump has millions of allowed pairs). Each pair's port
  // set is a bit mask over its destination's probed ports, interned into one shared label list.
  const portLists: string[][] = [];
  const listIds = new Map<string, number>();
  const internList = (labels: string[]): number => {
    const key = labels.join(',');
    let id = listIds.get(key);
    if (id === undefined) listIds.set(key, (id = portLists.push(labels) - 1));
    return id;
  };
  // Sources in output order (internet, router, then by name); destinations by name within a source.
  const firstName = (c: number) => names[c][0] ?? '';
  const order = Array.from({ length: n }, (_, c) => c).sort((a, b) => {
    const ra = s.classes[a].router ? 0 : 1;
    const rb = s.classes[b].router ? 0 : 1;
    const na = firstName(a);
    const nb = firstName(b);
    return ra - rb || (na < nb ? -1 : na > nb ? 1 : 0);
  });
  const rank = new Float64Array(n);
  order.forEach((c, i) => (rank[c] = i));

  // A source's entries sorted by destination rank: one numeric key per pair (rank · 2^20 + port list).
  const LIST = 2 ** 20;
  /** The pairs whose verdict is `which`, grouped per source by port list. */
  const build = (which: 'allowed' | 'undetermined'): { groups: ConnectivityGroup[]; total: number } => {
    const mask = new Float64Array(n); // up to 52 probed ports per destination fit exactly
    const touched: number[] = [];
    const perDest: { dst: number; srcs: Int32Array; lists: Int32Array }[] = [];
    const internet: { dst: number; list: number }[] = [];
    const count = new Int32Array(n + 1);
    for (const d of s.destinations) {
      const ports = [...d.ports].sort((a, b) => (PROTO_ORDER[a.protocol] ?? 9) - (PROTO_ORDER[b.protocol] ?? 9) || a.port - b.port).slice(0, 52);
      const labels = ports.map(portLabel);
      let inet = 0;
      ports.forEach((p, i) => {
        const bit = 2 ** i;
        if (which === 'allowed' ? p.internet : p.internetUndetermined) inet += bit;
        const set = (c: number) => {
          if (mask[c] === 0) touched.push(c);
          mask[c] += bit;
        };
        if (which === 'undetermined') for (const c of p.undetermined) set(c);
        else if (p.mode === 'only') for (const c of p.classes) set(c);
        else {
          const except = new Set(p.classes);
          for (let c = 0; c < n; c++) if (!except.has(c)) set(c);
        }
      });
      const listOf = (m: number) => internList(labels.filter((_, i) => Math.floor(m / 2 ** i) % 2 === 1));
      if (inet) internet.push({ dst: d.class, list: listOf(inet) });
      const srcs = new Int32Array(touched.length);
      const lists = new Int32Array(touched.length);
      const memo = new Map<number, number>();
      touched.forEach((c, i) => {
        const m = mask[c];
        let id = memo.get(m);
        if (id === undefined) memo.set(m, (id = listOf(m)));
        srcs[i] = c;
        lists[i] = id;
        count[c + 1]++;
        mask[c] = 0;
      });
      touched.length = 0;
      perDest.push({ dst: d.class, srcs, lists });
    }
    for (let c = 0; c < n; c++) count[c + 1] += count[c];
    const pairDst = new Int32Array(count[n]);
    const pairList = new Int32Array(count[n]);
    const fill = count.slice(0, n);
    for (const { dst, srcs, lists } of perDest) {
      for (let i = 0; i < srcs.length; i++) {
        const at = fill[srcs[i]]++;
        pairDst[at] = dst;
        pairList[at] = lists[i];
      }
    }
    const groups: ConnectivityGroup[] = [];
    let total = 0;
    if (portLists.length >= LIST) throw new Error('connectivity: more distinct port lists than the sort key holds');
    const emit = (from: string, keys: Float64Array) => {
      const mine = new Map<number, string[]>();
      for (const key of keys) {
        const list = key % LIST;
        const dst = order[(key - list) / LIST];
        for (const to of names[dst]) {
          if (from === to) continue;
          total++;
          if (filtered && !keep(from, to)) continue;
          const g = mine.get(list);
          if (g) g.push(to);
          else {
            const fresh = [to];
            mine.set(list, fresh);
            groups.push({ from, to: fresh, ports: portLists[list] });
          }
        }
      }
    };
    emit('internet', Float64Array.from(internet, (e) => rank[e.dst] * LIST + e.list).sort());
    const keys = new Float64Array(count[n]);
    for (let i = 0; i < keys.length; i++) keys[i] = rank[pairDst[i]] * LIST + pairList[i];
    for (const c of order) {
      const mine = keys.subarray(count[c], count[c + 1]).sort();
      for (const from of names[c]) emit(from, mine);
    }
    return { groups, total };
  };
  const allowed = build('allowed');
  const undetermined = build('undetermined');

  const endpoints = s.classes.reduce((k, c) => k + (c.router ? 1 : c.members.length), 0);
  return { profile: s.profile, groups: allowed.groups, undetermined: undetermined.groups, stats: { endpoints, rows: allowed.total } };
}

/** The pairs of a connectivity list, one row each, in order (for small lists: tests, the matrix, CSV). */
export function* connectivityRows(c: Connectivity): Generator<ConnectivityRow> {
  for (const g of c.groups) for (const to of g.to) yield { from: g.from, to, ports: g.ports };
}

/** How many pairs a connectivity list holds. */
export function rowCount(c: Connectivity): number {
  return c.groups.reduce((k, g) => k + g.to.length, 0);
}
