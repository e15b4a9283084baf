// Connectivity, all pairs (`podpath connectivity`, the app's matrix): every allowed connection between
// workloads, and from the internet and the router, with the destination ports it is allowed on. It is
// read off the reachability summary (summary.ts), which is built from the same peer predicates as the
// trace and checked against it pair by pair — so this list and `trace` cannot disagree.
//
// What a row means: `from` may open a connection to `to` on each listed port. Ports are the ones the
// destination declares (containerPorts; TCP 80 when it declares none), as the summary probes them:
// a policy that allows "all ports" shows as every declared port. A pod or workload never lists itself.
// Grouping: the pods of one workload are one endpoint (the workload's name), as np-guard's `list` does.
import type { BuiltCluster } from '../model/build';
import { summarizeReachability, type ReachabilitySummary } from './summary';

export interface ConnectivityRow {
  /** `ns/name`, `internet` or `router`. */
  from: string;
  to: string;
  /** `TCP 8080`, `UDP 53` …, sorted by protocol then number. */
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
  rows: ConnectivityRow[];
  /** Endpoints considered (pods/workloads, after grouping) and rows before filtering. */
  stats: { endpoints: number; rows: number };
}

const PROTO_ORDER: Record<string, number> = { TCP: 0, UDP: 1, SCTP: 2 };

function portLabel(p: { port: number; protocol: string }): string {
  return `${p.protocol} ${p.port}`;
}

function comparePorts(a: string, b: string): number {
  const [pa, na] = a.split(' ');
  const [pb, nb] = b.split(' ');
  return (PROTO_ORDER[pa] ?? 9) - (PROTO_ORDER[pb] ?? 9) || Number(na) - Number(nb);
}

/** Every allowed connection, from the summary of `cluster` (computed here unless given). */
export function connectivity(cluster: BuiltCluster, opts: ConnectivityOptions = {}, summary: ReachabilitySummary = summarizeReachability(cluster)): Connectivity {
  const s = summary;
  const n = s.classes.length;
  const nsFilter = opts.namespaces && opts.namespaces.length ? new Set(opts.namespaces) : null;
  const keep = (from: string, to: string): boolean => {
    if (opts.focus && from !== opts.focus && to !== opts.focus) return false;
    if (nsFilter && !nsFilter.has(from.split('/')[0]) && !nsFilter.has(to.split('/')[0])) return false;
    return true;
  };
  const nameOf = (c: number): string[] => (s.classes[c].router ? ['router'] : s.classes[c].members);

  const rows: ConnectivityRow[] = [];
  let total = 0;
  for (const d of s.destinations) {
    // Source class → the destination ports it may use.
    const bySource = new Map<number, string[]>();
    const internet: string[] = [];
    for (const p of d.ports) {
      const label = portLabel(p);
      if (p.internet) internet.push(label);
      if (p.mode === 'only') {
        for (const c of p.classes) (bySource.get(c) ?? bySource.set(c, []).get(c)!).push(label);
      } else {
        const except = new Set(p.classes);
        for (let c = 0; c < n; c++) if (!except.has(c)) (bySource.get(c) ?? bySource.set(c, []).get(c)!).push(label);
      }
    }
    const dstNames = nameOf(d.class);
    for (const to of dstNames) {
      if (internet.length) {
        total++;
        if (keep('internet', to)) rows.push({ from: 'internet', to, ports: [...internet].sort(comparePorts) });
      }
      for (const [c, ports] of bySource) {
        const sorted = [...ports].sort(comparePorts);
        for (const from of nameOf(c)) {
          if (from === to) continue;
          total++;
          if (keep(from, to)) rows.push({ from, to, ports: sorted });
        }
      }
    }
  }
  const rank = (e: string) => (e === 'internet' ? 0 : e === 'router' ? 1 : 2);
  rows.sort((a, b) => rank(a.from) - rank(b.from) || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0) || (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
  const endpoints = s.classes.reduce((k, c) => k + (c.router ? 1 : c.members.length), 0);
  return { profile: s.profile, rows, stats: { endpoints, rows: total } };
}
