// Namespace pairs for the reachability summary: how many (source, destination) pairs of distinct pods
// or workloads connect on at least one port, summed by namespace, from the per-destination class lists.
import type { DestinationReach, EndpointClass, NamespaceEdge } from './summary';

/** Pairs of distinct members that connect on at least one port, summed by namespace. */
export function namespaceEdges(classes: EndpointClass[], destinations: DestinationReach[], n: number): NamespaceEdge[] {
  const nsNames = [...new Set(classes.map((c) => c.namespace))];
  const nsIndex = new Map(nsNames.map((s, i) => [s, i]));
  const nsOf = classes.map((c) => nsIndex.get(c.namespace)!);
  const size = classes.map((c) => (c.router ? 0 : c.members.length));
  const totals = new Array<number>(nsNames.length).fill(0);
  for (const c of classes) totals[nsOf[c.id]] += size[c.id];
  const pairs = new Map<number, number>();
  // Per destination: source pairs by source namespace, then flushed into `pairs`.
  const acc = new Float64Array(nsNames.length);
  const touched: number[] = [];
  const add = (from: number, k: number) => {
    if (k === 0) return;
    if (acc[from] === 0) touched.push(from);
    acc[from] += k;
  };
  const stamp = new Int32Array(n).fill(-1);
  const hits = new Int32Array(n);
  for (const dr of destinations) {
    const d = dr.class;
    const dSize = size[d];
    const to = nsOf[d];
    const selfPairs = dSize * (dSize - 1);
    const wide = dr.ports.filter((p) => p.mode === 'allExcept');
    if (wide.length === 0) {
      // Union of the ports' allowed lists.
      for (const p of dr.ports) {
        for (const c of p.classes) {
          if (stamp[c] === d) continue;
          stamp[c] = d;
          add(nsOf[c], c === d ? selfPairs : size[c] * dSize);
        }
      }
    } else {
      // Everyone but the classes every wide port excludes and no narrow port allows.
      for (const p of wide) for (const c of p.classes) hits[c] = stamp[c] === d ? hits[c] + 1 : ((stamp[c] = d), 1);
      for (const p of dr.ports) if (p.mode === 'only') for (const c of p.classes) if (stamp[c] === d) hits[c] = -1;
      for (let from = 0; from < totals.length; from++) add(from, totals[from] * dSize);
      add(to, -dSize * dSize); // the class itself: counted without self-pairs below
      let selfIn = true;
      for (const c of wide[0].classes) {
        if (stamp[c] !== d || hits[c] !== wide.length) continue;
        if (c === d) selfIn = false;
        else add(nsOf[c], -size[c] * dSize);
      }
      if (selfIn) add(to, selfPairs);
    }
    for (const from of touched) {
      if (acc[from] !== 0) {
        const key = from * nsNames.length + to;
        pairs.set(key, (pairs.get(key) ?? 0) + acc[from]);
      }
      acc[from] = 0;
    }
    touched.length = 0;
  }
  const out: NamespaceEdge[] = [];
  for (const [key, k] of pairs) if (k > 0) out.push({ from: nsNames[Math.floor(key / nsNames.length)], to: nsNames[key % nsNames.length], pairs: k });
  return out;
}
