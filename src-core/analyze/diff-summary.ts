// Connection differences read straight off two reachability summaries, without listing every allowed
// pair of either side (a 10k-workload dump has 3.3 million): endpoint classes are matched across the
// sides by what policies read of them (namespace, labels, ports); a class whose members differ, or that
// exists on one side only, is "dirty"; a destination whose per-port source sets (mapped across the sides)
// or internet flag differ is "changed". Only pairs from a dirty class's members or to a changed
// destination's members can differ, so only those rows are expanded — with the same rules as
// connectivity.ts (ports sorted by protocol then number, at most 52, no pod lists itself), and the same
// name predicate on both sides, so a row is never compared against a side that did not list it.
// diff.test.ts checks the result against comparing the two full connectivity lists.
import type { BuiltCluster } from '../model/build';
import { endpointNames } from './connectivity';
import type { ReachabilitySummary, EndpointClass, PortReach } from './summary';

const PROTO_ORDER: Record<string, number> = { TCP: 0, UDP: 1, SCTP: 2 };

function classKey(c: EndpointClass): string {
  if (c.router) return 'router';
  const labels = Object.keys(c.labels).sort().map((k) => `${k}=${c.labels[k]}`).join('\u0001');
  return `${c.namespace}\u0000${labels}\u0000${c.ports.map((p) => `${p.name ?? ''}:${p.port}/${p.protocol}`).join(',')}`;
}


function sortedPorts(ports: readonly PortReach[]): PortReach[] {
  return [...ports].sort((a, b) => (PROTO_ORDER[a.protocol] ?? 9) - (PROTO_ORDER[b.protocol] ?? 9) || a.port - b.port).slice(0, 52);
}

function has(sorted: readonly number[], x: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === x) return true;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export interface SideRows {
  /** `from\0to → port labels` allowed. */
  allowed: Map<string, string[]>;
  /** `from\0to → port labels` whose verdict the input cannot decide (summary's `undetermined`). */
  undetermined: Map<string, string[]>;
}

/** Rows of one side that satisfy `from ∈ dirty ∨ to ∈ changed`. */
function rowsOf(s: ReachabilitySummary, names: string[][], dirty: ReadonlySet<string>, changed: ReadonlySet<string>): SideRows {
  const namesOf = (c: EndpointClass): string[] => names[c.id];
  const out: SideRows = { allowed: new Map(), undetermined: new Map() };
  const put = (rows: Map<string, string[]>, from: string, to: string, label: string) => {
    if (from === to || !(dirty.has(from) || changed.has(to))) return;
    const k = `${from}\u0000${to}`;
    const l = rows.get(k);
    if (l) l.push(label);
    else rows.set(k, [label]);
  };
  const add = (from: string, to: string, label: string) => put(out.allowed, from, to, label);
  const addU = (from: string, to: string, label: string) => put(out.undetermined, from, to, label);
  const n = s.classes.length;
  const srcClasses = s.classes.filter((c) => namesOf(c).some((m) => dirty.has(m))).map((c) => c.id);
  for (const d of s.destinations) {
    const dst = s.classes[d.class];
    const toNames = namesOf(dst);
    const expand = toNames.some((t) => changed.has(t));
    for (const p of sortedPorts(d.ports)) {
      const label = `${p.protocol} ${p.port}`;
      if (expand) {
        if (p.internet) for (const t of toNames) add('internet', t, label);
        if (p.internetUndetermined) for (const t of toNames) addU('internet', t, label);
        const srcs = p.mode === 'only' ? p.classes : Array.from({ length: n }, (_, c) => c).filter((c) => !has(p.classes, c));
        for (const c of srcs) for (const f of namesOf(s.classes[c])) for (const t of toNames) add(f, t, label);
        for (const c of p.undetermined ?? []) for (const f of namesOf(s.classes[c])) for (const t of toNames) addU(f, t, label);
      } else {
        for (const c of srcClasses) {
          const undecided = has(p.undetermined ?? [], c);
          if (!undecided && (p.mode === 'only') !== has(p.classes, c)) continue;
          for (const f of namesOf(s.classes[c])) for (const t of toNames) (undecided ? addU : add)(f, t, label);
        }
      }
    }
  }
  return out;
}

export interface SummaryRowDiff {
  /** Each side's rows, for the pairs that can differ. */
  before: SideRows;
  after: SideRows;
}

/** The rows of both sides that can differ (see the header). */
/** `ca`, `cb`: the clusters of the summaries (endpoint names: a workload's live pods are the workload). */
export function summaryRowDiff(a: ReachabilitySummary, b: ReachabilitySummary, ca: BuiltCluster, cb: BuiltCluster): SummaryRowDiff {
  const namesA = endpointNames(ca, a);
  const namesB = endpointNames(cb, b);
  const keysA = a.classes.map(classKey);
  const keysB = b.classes.map(classKey);
  const byKeyB = new Map(keysB.map((k, i) => [k, i]));
  const byKeyA = new Map(keysA.map((k, i) => [k, i]));
  const aToB = keysA.map((k) => byKeyB.get(k) ?? -1);
  const dirty = new Set<string>();
  // Compared by endpoint name: a workload's pod replaced by another (same class) is no change.
  const sameNames = (x: string[], y: string[]) => x.length === y.length && x.every((m, i) => m === y[i]);
  a.classes.forEach((_, i) => {
    const j = aToB[i];
    if (j < 0 || !sameNames(namesA[i], namesB[j])) for (const m of namesA[i]) dirty.add(m);
  });
  b.classes.forEach((_, j) => {
    const i = byKeyA.get(keysB[j]);
    if (i === undefined || !sameNames(namesA[i], namesB[j])) for (const m of namesB[j]) dirty.add(m);
  });
  const destA = new Map(a.destinations.map((d) => [d.class, d]));
  // A pod that appears, disappears or changes class differs as a destination too.
  const changed = new Set<string>(dirty);
  const sameMapped = (xs: readonly number[], ys: readonly number[]): boolean => {
    if (xs.length !== ys.length) return false;
    const mapped = xs.map((c) => aToB[c]);
    if (mapped.some((c) => c < 0)) return false;
    mapped.sort((u, v) => u - v);
    for (let k = 0; k < mapped.length; k++) if (mapped[k] !== ys[k]) return false;
    return true;
  };
  const sameReach = (x: PortReach[], y: PortReach[]): boolean => {
    if (x.length !== y.length) return false;
    const xs = sortedPorts(x);
    const ys = sortedPorts(y);
    for (let i = 0; i < xs.length; i++) {
      const p = xs[i];
      const q = ys[i];
      if (p.port !== q.port || p.protocol !== q.protocol || p.mode !== q.mode || p.internet !== q.internet || !!p.internetUndetermined !== !!q.internetUndetermined) return false;
      if (!sameMapped(p.classes, q.classes) || !sameMapped(p.undetermined ?? [], q.undetermined ?? [])) return false;
    }
    return true;
  };
  for (const d of b.destinations) {
    const i = byKeyA.get(keysB[d.class]);
    const old = i === undefined ? undefined : destA.get(i);
    if (!old || !sameReach(old.ports, d.ports)) for (const m of namesB[d.class]) changed.add(m);
  }
  // A destination class that exists only before has all its rows changed.
  for (const d of a.destinations) if (aToB[d.class] < 0) for (const m of namesA[d.class]) changed.add(m);
  return { before: rowsOf(a, namesA, dirty, changed), after: rowsOf(b, namesB, dirty, changed) };
}
