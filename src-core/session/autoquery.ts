// The question the app asks by itself when the trace query was not typed by the person (a scenario's,
// a link's, or none) and the manifests no longer have its endpoints — typically after a paste of other
// manifests. The first question a person asks of pasted manifests is "can the internet reach it?"
// (issue 14): through a Route / Ingress / HTTPRoute URL if there is one, else through a LoadBalancer
// Service, else a NodePort Service. Without any entry point from outside it is a pod to a Service of
// another workload, and for one app alone whether the internet reaches its Service (or its pod) — never
// a pod to its own Service: that answers nothing anyone asked.
//
// It is derived, never stored: the store keeps the query it was given (app/store.ts) and the session
// traces `effectiveQuery(...)`, so undoing a paste brings the given query back with the old text.
import type { BuiltCluster } from '../model/build';
import type { Query } from '../analyze/types';
import { selectsPod } from '../analyze/edge/service';
import { parseEndpoint, printEndpoint } from '../endpoint/index';
import type { QueryOrigin, Suggestions } from './types';

/** The hosts a URL endpoint may name (what suggestions.ts offers as URLs), once per model. */
const hostsOf = new WeakMap<BuiltCluster, Set<string>>();
function urlHosts(cluster: BuiltCluster): Set<string> {
  let hosts = hostsOf.get(cluster);
  if (!hosts) {
    hosts = new Set();
    for (const r of cluster.routes) if (r.host) hosts.add(r.host);
    for (const ing of cluster.ingresses) for (const rule of ing.rules) if (rule.host && !rule.host.startsWith('*')) hosts.add(rule.host);
    for (const hr of cluster.others.get('HTTPRoute') ?? []) {
      if (Array.isArray(hr.spec.hostnames)) for (const h of hr.spec.hostnames) if (typeof h === 'string') hosts.add(h);
    }
    hostsOf.set(cluster, hosts);
  }
  return hosts;
}

/** Whether a query endpoint still names something in the model — endpoint/suggest.ts's `endpointListed`
 *  asked of the model instead of the autocomplete lists, so the verdict of a keystroke never waits for
 *  those (loosely: hosts for URLs, a Service of the first label for DNS names; addresses, the internet,
 *  the router and text that is no endpoint are not "gone"). */
export function endpointKnown(cluster: BuiltCluster, text: string): boolean {
  const e = parseEndpoint(text);
  if ('error' in e) return true;
  switch (e.kind) {
    case 'internet':
    case 'router':
    case 'ip':
      return true;
    case 'url':
      return urlHosts(cluster).has(e.host);
    case 'dns': {
      const first = e.name.split('.')[0];
      return cluster.services.some((s) => s.meta.name === first);
    }
    case 'service':
      return cluster.services.some((s) => s.meta.namespace === e.namespace && s.meta.name === e.name);
    case 'pod':
      return cluster.pods.some((p) => p.namespace === e.namespace && p.name === e.name);
  }
}

/** The question asked first of these manifests (see the top of this file), or null when there is none. */
export function automaticQuery(cluster: BuiltCluster, s: Suggestions): Query | null {
  const url = s.destinations.find((d) => {
    const e = parseEndpoint(d);
    return !('error' in e) && e.kind === 'url';
  });
  if (url) return { from: 'internet', to: url, protocol: 'TCP' };
  const user = cluster.services.filter((x) => !x.meta.impliedBy);
  for (const type of ['LoadBalancer', 'NodePort'] as const) {
    const svc = user.find((x) => x.type === type && x.ports.length > 0);
    if (svc) {
      const p = svc.ports[0];
      return { from: 'internet', to: printEndpoint({ kind: 'service', namespace: svc.meta.namespace, name: svc.meta.name }), port: p.port, protocol: p.protocol };
    }
  }
  // No entry from outside: a workload calling another one's Service (the next question of a support case).
  for (const svc of user) {
    if (!svc.selector) continue;
    const client = cluster.pods.find((p) => !p.meta.impliedBy && p.namespace === svc.meta.namespace && !selectsPod(svc, p)) ?? cluster.pods.find((p) => !p.meta.impliedBy && !selectsPod(svc, p));
    if (client) return { from: client.id, to: printEndpoint({ kind: 'service', namespace: svc.meta.namespace, name: svc.meta.name }), protocol: 'TCP' };
  }
  // One app alone: whether the internet reaches it (the answer says it needs a Route or a LoadBalancer).
  if (user[0]) return { from: 'internet', to: printEndpoint({ kind: 'service', namespace: user[0].meta.namespace, name: user[0].meta.name }), protocol: 'TCP' };
  const pod = cluster.pods.find((p) => !p.meta.impliedBy);
  return pod ? { from: 'internet', to: pod.id, protocol: 'TCP' } : null;
}

/**
 * The query the session traces: the given one when the person typed it (`user`), when it came with this
 * very text (`pinned`: a scenario or a link is right for its own text by definition), or when the model
 * still has both its endpoints; otherwise the automatic question (or the given one when there is none).
 */
export function effectiveQuery(cluster: BuiltCluster, suggestions: () => Suggestions, query: Query | null, origin: QueryOrigin, pinned: boolean): Query | null {
  if (origin === 'user' || pinned) return query;
  if (query && endpointKnown(cluster, query.from) && endpointKnown(cluster, query.to)) return query;
  return automaticQuery(cluster, suggestions()) ?? query;
}
