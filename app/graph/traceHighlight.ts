// Draws the current trace on the graph: the nodes it passes, the edges between them (a temporary edge
// where the topology has none, e.g. pod → pod), and where it stops for a denial.
import type cytoscape from 'cytoscape';
import type { Trace } from '../../src-core/index';
import { INTERNET_NODE, ROUTER_NODE, parseEndpoint } from '../../src-core/index';

/** The graph node for an endpoint or ObjectKey: itself, `ns/name` pods, folded workloads, folded namespaces.
 *  Endpoint text is read by the one endpoint module (src-core/endpoint); anything else is an ObjectKey. */
export function nodeIdFor(cy: cytoscape.Core, ref: string): string | undefined {
  if (!ref) return undefined;
  const parsed = parseEndpoint(ref);
  const e = 'error' in parsed ? undefined : parsed;
  if (e?.kind === 'internet' || e?.kind === 'ip') return cy.getElementById(INTERNET_NODE).nonempty() ? INTERNET_NODE : undefined;
  if (e?.kind === 'router') return cy.getElementById(ROUTER_NODE).nonempty() ? ROUTER_NODE : undefined;
  const direct = cy.getElementById(ref);
  if (direct.nonempty() && direct.isNode()) return ref;
  if (e?.kind === 'service') return nodeIdFor(cy, `Service/${e.namespace}/${e.name}`);
  let ns: string | undefined;
  if (e?.kind === 'pod') {
    // `ns/name`: the Pod first, else a workload of that name (FORMAT.md).
    ns = e.namespace;
    const name = e.name;
    const candidates = cy.nodes().filter((n) => n.data('namespace') === ns && n.data('label') === name && (n.hasClass('pod') || n.hasClass('workload')));
    const pod = candidates.filter((n) => n.data('kind') === 'Pod');
    if (pod.nonempty()) return pod.first().id();
    if (candidates.nonempty()) return candidates.first().id();
  } else if (!e) {
    // An ObjectKey `Kind/ns/name`.
    const parts = ref.split('/');
    if (parts.length !== 3 || !parts[1] || !parts[2]) return undefined;
    ns = parts[1];
    // The router stand-in pod of the profile is drawn as the Router node.
    const router = cy.getElementById(ROUTER_NODE);
    if (router.nonempty() && router.data('namespace') === ns && router.data('label') === parts[2]) return ROUTER_NODE;
  } else return undefined; // a DNS name or a URL has no node of its own
  // Folded: the namespace node stands for everything in it.
  const group = cy.getElementById(`ns:${ns}`);
  return group.nonempty() && group.data('kind') === 'NamespaceGroup' ? group.id() : undefined;
}

interface TracePlan {
  /** Elements that get `trace-path` / `trace-stop`, by id. */
  path: Set<string>;
  stop: Set<string>;
  /** Where an undetermined trace stops (`trace-open`, the undetermined colour). */
  open: Set<string>;
  /** Temporary edges where the topology has none (pod → pod, or to where a denied trace was heading). */
  temp: cytoscape.ElementDefinition[];
}

function planTrace(cy: cytoscape.Core, trace: Trace): TracePlan {
  const plan: TracePlan = { path: new Set(), stop: new Set(), open: new Set(), temp: [] };
  const ids: string[] = [];
  const push = (id: string | undefined) => {
    if (id && ids[ids.length - 1] !== id) ids.push(id);
  };
  push(nodeIdFor(cy, trace.query.from));
  for (const key of trace.path) {
    const id = nodeIdFor(cy, key);
    // Requests from outside reach a Route/Ingress through the router, as the graph draws it.
    // (Also when the Route is folded into its namespace's node in an aggregated graph.)
    const kind = id ? cy.getElementById(id).data('kind') : undefined;
    const routed = kind === 'Route' || kind === 'Ingress' || key.startsWith('Route/') || key.startsWith('Ingress/');
    if (routed && ids[ids.length - 1] === INTERNET_NODE && cy.getElementById(ROUTER_NODE).nonempty()) push(ROUTER_NODE);
    push(id);
  }
  for (const hop of trace.hops) if (hop.object && !trace.path.length) push(nodeIdFor(cy, hop.object));
  if (trace.reached) push(nodeIdFor(cy, trace.reached));
  // A denied trace reaches nothing; show the destination it was heading for, where the path stops.
  const dest = nodeIdFor(cy, trace.query.to);

  ids.forEach((id) => plan.path.add(id));
  for (let i = 0; i + 1 < ids.length; i++) {
    const a = ids[i];
    const b = ids[i + 1];
    const existing = cy.getElementById(a).edgesTo(cy.getElementById(b)).filter((e) => !e.hasClass('trace-edge'));
    if (existing.nonempty()) existing.forEach((e) => void plan.path.add(e.id()));
    else plan.temp.push({ group: 'edges', data: { id: `trace:${a}->${b}:${i}`, source: a, target: b, kind: 'trace' }, classes: 'trace-edge trace-path' });
  }
  if (!trace.allowed) {
    const open = trace.verdict === 'undetermined';
    const at = open ? trace.hops.find((h) => h.verdict === 'undetermined') : [...trace.hops].reverse().find((h) => h.verdict === 'denied');
    const stopAt = (at?.object && nodeIdFor(cy, at.object)) || ids[ids.length - 1];
    const cls = open ? 'trace-open' : 'trace-stop';
    if (stopAt) (open ? plan.open : plan.stop).add(stopAt);
    if (dest && !ids.includes(dest) && stopAt && stopAt !== dest) {
      plan.temp.push({ group: 'edges', data: { id: `trace:${open ? 'open' : 'stop'}:${stopAt}->${dest}`, source: stopAt, target: dest, kind: 'trace' }, classes: `trace-edge ${cls}` });
    }
  }
  return plan;
}

/**
 * Draws `trace` (or nothing) on the graph. Only what differs from what is drawn changes: a class change
 * restyles the element, and restyling the router of a big graph recomputes all of its ~1,000 edges —
 * every analysis result brings a new (usually identical) trace.
 */
export function applyTrace(cy: cytoscape.Core, trace: Trace | null): void {
  cy.batch(() => {
    const plan: TracePlan = trace ? planTrace(cy, trace) : { path: new Set(), stop: new Set(), open: new Set(), temp: [] };
    const wantTemp = new Map(plan.temp.map((d) => [d.data.id as string, d]));
    cy.elements('.trace-edge').forEach((e) => {
      const want = wantTemp.get(e.id());
      if (want && e.data('source') === want.data.source && e.data('target') === want.data.target && e.classes().join(' ') === want.classes) wantTemp.delete(e.id());
      else e.remove();
    });
    const sync = (cls: string, want: Set<string>) => {
      cy.elements(`.${cls}`).forEach((e) => {
        if (!want.has(e.id()) && !e.hasClass('trace-edge')) e.removeClass(cls);
      });
      for (const id of want) {
        const e = cy.getElementById(id);
        if (e.nonempty() && !e.hasClass(cls)) e.addClass(cls);
      }
    };
    sync('trace-path', plan.path);
    sync('trace-stop', plan.stop);
    sync('trace-open', plan.open);
    if (wantTemp.size) cy.add([...wantTemp.values()]);
  });
}
