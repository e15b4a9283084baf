// A request to http(s)://HOST/PATH through the OpenShift router: which Route serves it and why, then
// TLS, the allow-list, the Service, the endpoints the route's targetPort leaves, and delivery to the pod.
import type { BuiltCluster } from '../../model/build';
import type { Route } from '../../model/types';
import { objectKey } from '../../model/types';
import type { PolicyPeer } from '../policy/types';
import type { ExplanationStep, Hop } from '../types';
import { allowListMatch, readAllowList, suggestAllowList } from './allowlist';
import { fieldPath, fieldRule, hop, nameOf, q, ruleAt, step } from './common';
import { deliverToEndpoints } from './deliver';
import { servedRoutes } from './ingressroutes';
import { backendEndpoints, type Admission, hostMatch, routeAdmission, routeBackends, routeHost, routePathMatches, targetPortFix, wildcardDomain } from './route';
import { ingressControllerOf } from './routevalid';
import { generatedDomains, routerPeerFor, shardsFor } from './shards';
import { routeTlsHop, schemeHandling, type Scheme } from './tls';
import { ROUTE_FACT_ANNOTATIONS } from './route-annotations';
import { routerSplit } from './hostclaims';

export interface Leg {
  hops: Hop[];
  allowed: boolean;
  reached: string | null;
  path: string[];
  /** Set when the router answered with a redirect the client should follow. */
  redirect?: { scheme: Scheme; port: number };
}


export interface RouteChoice {
  route?: Route;
  /** Routes for the host that were considered, with why each was or was not used. */
  steps: ExplanationStep[];
  /** Some route claims the host (admitted or not). */
  hostClaimed: boolean;
  /** Routes that would serve this request but are not admitted, most specific first. */
  rejected: { route: Route; admission: Admission }[];
  /** Routers differ in the route they would choose (hostclaims.ts routerSplit): why the answer is open. */
  split?: string;
}

interface HostIndex {
  routes: Route[];
  exact: Map<string, number[]>;
  wildcard: Map<string, number[]>;
  noHost: number[];
}
const hostIndexes = new WeakMap<BuiltCluster, HostIndex>();

/** The served routes that can match `host` (hostMatch still decides), in servedRoutes order: those with
 *  that exact host, wildcard routes for its parent domain, and routes without a host (generated names). */
function routesForHost(cluster: BuiltCluster, host: string): Route[] {
  let ix = hostIndexes.get(cluster);
  if (!ix) {
    const routes = servedRoutes(cluster);
    const index: HostIndex = { routes, exact: new Map(), wildcard: new Map(), noHost: [] };
    const add = (m: Map<string, number[]>, k: string, i: number) => (m.get(k) ?? m.set(k, []).get(k)!).push(i);
    routes.forEach((r, i) => {
      if (!r.host) return index.noHost.push(i);
      add(index.exact, routeHost(r), i);
      const d = wildcardDomain(r);
      if (d) add(index.wildcard, d, i);
    });
    hostIndexes.set(cluster, (ix = index));
  }
  const h = host.toLowerCase().replace(/\.$/, '');
  const dot = h.indexOf('.');
  const picked = new Set([...(ix.exact.get(h) ?? []), ...((dot >= 0 && ix.wildcard.get(h.slice(dot + 1))) || []), ...ix.noHost]);
  const routes = ix.routes;
  return [...picked].sort((a, b) => a - b).map((i) => routes[i]);
}

/** Which admitted route serves host+path for the scheme: exact host first, longest path first, then wildcard. */
export function chooseRoute(cluster: BuiltCluster, host: string, path: string, scheme: Scheme): RouteChoice {
  const adm = routeAdmission(cluster);
  const steps: ExplanationStep[] = [];
  const claims = routesForHost(cluster, host).map((r) => ({ r, m: hostMatch(r, host, r.host ? undefined : generatedDomains(cluster, r)) })).filter((x) => x.m);
  const rejected: RouteChoice['rejected'] = [];
  if (claims.length === 0) return { steps, hostClaimed: false, rejected };
  const rank = (m: string | undefined) => (m === 'wildcard' ? 1 : 0);
  claims.sort((a, b) => rank(a.m) - rank(b.m) || (b.r.path ?? '').length - (a.r.path ?? '').length);
  let chosen: Route | undefined;
  // HTTP: the router first looks the request up in os_route_http_redirect.map, which holds EVERY route of
  // the host (1 for Redirect, 0 otherwise): only the most specific matching route decides whether to
  // redirect. Then os_http_be.map, which holds only routes that serve plain HTTP.
  let firstMatch = true;
  for (const { r, m } of claims) {
    const rule = fieldRule(cluster, r.meta, ['spec', 'host'], `${nameOf(r.meta)}, spec.host`);
    const a = adm.get(r);
    if (a && !a.admitted) {
      steps.push(step(`${nameOf(r.meta)} matches the host but is NOT admitted: ${a.reason}.`, 'warning', a.by ? ruleAt(cluster, a.by.meta, a.by.meta.ref) : rule));
      if (!chosen && (r.tls?.termination === 'passthrough' || routePathMatches(r.path, path))) rejected.push({ route: r, admission: a });
      continue;
    }
    if (chosen) continue;
    const how = m === 'wildcard' ? `wildcard route for *.${routeHost(r).split('.').slice(1).join('.')} (wildcardPolicy: Subdomain)` : m === 'generated' ? 'host generated from the route name and namespace' : 'exact host';
    if (r.tls?.termination !== 'passthrough' && !routePathMatches(r.path, path)) {
      steps.push(step(`${nameOf(r.meta)} (${how}) has path ${q(r.path ?? '')}, which does not match ${q(path)}.`, 'info', rule));
      continue;
    }
    const h = schemeHandling(r, scheme);
    const isFirst = firstMatch;
    firstMatch = false;
    if (h === 'redirect' && !isFirst) {
      steps.push(step(`${nameOf(r.meta)} (${how}) would redirect to https, but a more specific route matches first in the router's redirect map, so it does not redirect this request; it serves no plain HTTP.`, 'info', rule));
      continue;
    }
    if (h === 'not-served') {
      const why = !r.tls ? 'it is a plain HTTP route (no spec.tls), so the router has no HTTPS entry for it' : `it is a ${r.tls.termination} route with insecureEdgeTerminationPolicy ${r.tls.insecureEdgeTerminationPolicy ?? 'None (default)'}, so plain HTTP is not served`;
      steps.push(step(`${nameOf(r.meta)} matches ${q(host + path)} but does not serve ${scheme}: ${why}.`, 'denied', r.tls ? ruleAt(cluster, r.meta, r.tls.ref) : rule));
      continue;
    }
    steps.push(step(`${nameOf(r.meta)} matches (${how}${r.path ? `, path ${q(r.path)}` : ''}).`, 'allowed', rule));
    chosen = r;
  }
  const others = chosen ? claims.filter(({ r }) => r !== chosen && adm.get(r)?.admitted && (r.tls?.termination === 'passthrough' || routePathMatches(r.path, path)) && schemeHandling(r, scheme) !== 'not-served').map((x) => x.r) : [];
  return { route: chosen, steps, hostClaimed: true, rejected, split: chosen && others.length ? routerSplit(cluster, chosen, others) : undefined };
}

/** The route leg: `clientIP` is the address the router sees (for the allow-list); `now` for certificate expiry. */
export function traceViaRoute(cluster: BuiltCluster, host: string, path: string, scheme: Scheme, clientIP: string | undefined, now: Date): Leg | undefined {
  const choice = chooseRoute(cluster, host, path, scheme);
  if (!choice.hostClaimed) return undefined;
  const hops: Hop[] = [];
  const r = choice.route;
  if (!r && choice.rejected.length) {
    hops.push(notAdmittedHop(cluster, choice.rejected[0].route, choice.rejected[0].admission, choice.steps));
    return { hops, allowed: false, reached: null, path: [objectKey(choice.rejected[0].route.meta)] };
  }
  if (!r) {
    hops.push(hop({ kind: 'route', title: `No route serves ${scheme}://${host}${path}`, verdict: 'denied', code: 'route-none', summary: 'the router answers 503 (Application is not available)', steps: choice.steps, fix: { summary: scheme === 'http' ? 'Use https://, or set spec.tls.insecureEdgeTerminationPolicy: Redirect (or Allow) on the route.' : 'Add spec.tls (termination: edge) to the route, or use http://.', snippet: scheme === 'http' ? 'spec:\n  tls:\n    insecureEdgeTerminationPolicy: Redirect' : 'spec:\n  tls:\n    termination: edge\n    insecureEdgeTerminationPolicy: Redirect' } }));
    return { hops, allowed: false, reached: null, path: [] };
  }
  const key = objectKey(r.meta);
  const facts: Record<string, string> = { host: r.host ?? '(generated)', path: r.path ?? '/', termination: r.tls?.termination ?? 'none', wildcardPolicy: r.wildcardPolicy };
  if (r.meta.creationTimestamp) facts['created'] = r.meta.creationTimestamp;
  for (const a of ROUTE_FACT_ANNOTATIONS) if (r.meta.annotations[a] !== undefined) facts[a.replace(/^.*\//, '')] = r.meta.annotations[a];
  const backends = routeBackends(cluster, r);
  if (backends.length > 1) facts['backends'] = backends.map((b) => `${b.backend.name} weight ${b.backend.weight} → ${b.share.toFixed(1)}%`).join('; ');
  const rSteps = [...choice.steps];
  if (r.meta.kind === 'Ingress') rSteps.push(step(`OpenShift serves this Ingress through a Route that the ingress-to-route controller generates from it (host ${r.host}, path ${r.path ?? '/'}, targetPort ${r.targetPort ?? '(all ports)'}${r.tls ? `, ${r.tls.termination} TLS with Redirect` : ''}).`, 'info'));
  const admission = routeAdmission(cluster).get(r);
  if (admission?.fromStatus) rSteps.push(step(`Admitted according to the route's status (${admission.fromStatus}).`, 'info', fieldRule(cluster, r.meta, ['status', 'ingress'])));
  else if (r.wildcardPolicy === 'Subdomain') {
    const ic = shardsFor(cluster, r).serving.find((x) => x.wildcardPolicy === 'WildcardsAllowed');
    rSteps.push(step(`Wildcard route admitted: IngressController ${q(ic?.name ?? ingressControllerOf(cluster)?.name ?? '')} sets routeAdmission.wildcardPolicy: WildcardsAllowed.`, 'info', ic ? ruleAt(cluster, ic.meta, ic.meta.ref) : undefined));
  }
  const open = admission?.undetermined ?? choice.split;
  hops.push(hop({ kind: r.meta.kind === 'Ingress' ? 'ingress' : 'route', title: `${r.meta.kind} ${r.meta.namespace}/${r.meta.name}`, verdict: open ? 'undetermined' : 'allowed', summary: open ? `would serve ${host}${r.path ?? ''}, if the router admits it: ${open}` : `serves ${host}${r.path ?? ''}`, steps: rSteps, rule: ruleAt(cluster, r.meta, r.meta.ref), facts }));

  if (schemeHandling(r, scheme) === 'redirect') {
    hops.push(hop({ kind: 'redirect', title: '302 to https', verdict: 'redirected', summary: `insecureEdgeTerminationPolicy: Redirect — the router answers 302 Location: https://${host}${path}; a browser follows it`, rule: ruleAt(cluster, r.meta, r.tls!.ref) }));
    return { hops, allowed: true, reached: null, path: [key], redirect: { scheme: 'https', port: 443 } };
  }
  const svc = backends.find((b) => b.service)?.service;
  if (r.tls || scheme === 'https') hops.push(routeTlsHop(cluster, r, host, scheme, svc, now));

  const list = readAllowList(r.meta.annotations);
  if (list) {
    const rule = fieldRule(cluster, r.meta, ['metadata', 'annotations', list.annotation], `${nameOf(r.meta)}, ${list.annotation}`);
    const steps: ExplanationStep[] = [];
    if (list.other) steps.push(step(`Both ${list.annotation} and ${list.other.annotation} are set; the router reads ${list.annotation}.`, 'info'));
    if (!list.enforced) {
      hops.push(hop({ kind: 'allowlist', title: 'IP allow-list IGNORED — everyone is allowed', verdict: 'warning', summary: `${list.annotation} ${q(list.raw)} is discarded by the router (${list.discarded}): the route accepts EVERY client address`, steps: [...steps, step(`The router keeps only IPs and CIDRs separated by spaces; with nothing valid it writes no ACL at all. Write it as ${q(suggestAllowList(list.raw))}.`, 'warning', rule)], rule, fix: { summary: 'Write the allow-list as space-separated IPs/CIDRs.', snippet: `metadata:\n  annotations:\n    ${list.annotation}: "${suggestAllowList(list.raw)}"`, object: key } }));
    } else {
      if (list.invalid.length) steps.push(step(`The router drops the invalid entries ${list.invalid.map(q).join(', ')} and keeps ${list.entries.join(' ')}.`, 'warning', rule));
      const m = clientIP ? allowListMatch(list, clientIP) : undefined;
      if (!clientIP) {
        hops.push(hop({ kind: 'allowlist', title: 'IP allow-list', verdict: 'warning', summary: `only ${list.entries.join(' ')} may connect; the client's address as the router sees it is unknown`, steps, rule }));
      } else if (m) {
        hops.push(hop({ kind: 'allowlist', title: 'IP allow-list', verdict: list.invalid.length ? 'warning' : 'allowed', summary: `client ${clientIP} is within ${m}`, steps, rule }));
      } else {
        hops.push(hop({ kind: 'allowlist', title: 'IP allow-list', verdict: 'denied', summary: `client ${clientIP} is not in ${list.entries.join(' ')}: the router rejects the connection`, steps, rule, fix: { summary: `Add ${clientIP} (or its network) to ${list.annotation}.`, snippet: `metadata:\n  annotations:\n    ${list.annotation}: "${[...list.entries, clientIP].join(' ')}"`, object: key } }));
        return { hops, allowed: false, reached: null, path: [key] };
      }
    }
  }

  // Backends: show every one with its share; follow the biggest share that has endpoints.
  const live = backends.filter((b) => b.used.length > 0 && b.share > 0).sort((a, b) => b.share - a.share);
  const chosen = live[0];
  const svcFacts: Record<string, string> = {};
  for (const b of backends) svcFacts[`${b.backend.kind} ${b.backend.name}`] = `weight ${b.backend.weight}, ${b.used.length} endpoint(s), ${b.share.toFixed(1)}% of requests`;
  if (!chosen) {
    const primary = backends[0];
    const zeroWeight = backends.every((b) => b.used.length === 0 || b.backend.weight <= 0) && backends.some((b) => b.used.length > 0);
    const tpMiss = primary.endpoints && primary.endpoints.usable.length > 0 && primary.used.length === 0;
    const summary = zeroWeight ? 'every backend with endpoints has weight 0: no traffic is sent; the router answers 503' : tpMiss ? 'no endpoint matches spec.port.targetPort: the router answers 503' : 'the backend Service has no usable endpoints: the router answers 503';
    const fix = tpMiss ? { summary: targetPortFix(r, primary.endpoints!.usable), snippet: `spec:\n  port:\n    targetPort: ${primary.endpoints!.usable[0].portName ?? primary.endpoints!.usable[0].port}`, object: key } : zeroWeight ? { summary: 'Give a backend with endpoints a weight above 0.', object: key } : { summary: 'Make the Service select ready pods (check its selector, the pod labels and readiness).', object: primary.service ? objectKey(primary.service.meta) : key };
    hops.push(hop({ kind: 'endpoints', title: '503: no endpoints for the route', verdict: 'denied', code: 'route-no-endpoints', summary, steps: backends.flatMap((b) => b.steps), rule: tpMiss && r.targetPortRef ? ruleAt(cluster, r.meta, r.targetPortRef, `${nameOf(r.meta)}, spec.port.targetPort`) : ruleAt(cluster, r.meta, r.to.ref), facts: svcFacts, fix }));
    return { hops, allowed: false, reached: null, path: [key, ...backends.filter((b) => b.service).map((b) => objectKey(b.service!.meta))] };
  }
  const sk = objectKey(chosen.service!.meta);
  hops.push(hop({ kind: 'service', title: `Service ${chosen.service!.meta.namespace}/${chosen.service!.meta.name}`, verdict: 'allowed', summary: backends.length > 1 ? `${chosen.share.toFixed(1)}% of requests go to ${chosen.backend.name}` : `the route sends traffic to ${chosen.backend.name}`, rule: ruleAt(cluster, chosen.service!.meta, chosen.service!.meta.ref), facts: svcFacts, steps: backends.filter((b) => b !== chosen).map((b) => step(`${b.backend.name}: ${b.share > 0 ? `${b.share.toFixed(1)}% of requests` : b.backend.weight <= 0 ? 'weight 0, no traffic' : 'no usable endpoints, no traffic'}.`, 'info', ruleAt(cluster, r.meta, b.backend.ref))) }));
  hops.push(hop({ kind: 'endpoints', title: 'Endpoints', verdict: 'allowed', summary: `${chosen.used.length} endpoint(s): ${[...new Set(chosen.used.map((e) => `${e.pod?.id ?? e.ip}:${e.port}`))].slice(0, 6).join(', ')}`, steps: chosen.steps }));
  const via = routerPeerFor(cluster, r);
  if (via.step) hops.push(hop({ kind: 'router', title: 'Router on the host network', verdict: via.undetermined ? 'undetermined' : 'info', summary: via.step, rule: via.rule }));
  const router: PolicyPeer = { kind: 'pod', pod: via.pod };
  const d = deliverToEndpoints(cluster, router, chosen.used, `The router (namespace ${cluster.routerPod.namespace})`);
  hops.push(...d.hops);
  return { hops, allowed: d.allowed, reached: d.reached, path: [key, sk, ...podKey(cluster, d.reached)] };
}

/** The hop for a route that would serve the request but is rejected: by whom, the field, the reason, the fix. */
export function notAdmittedHop(cluster: BuiltCluster, r: Route, a: Admission, steps: ExplanationStep[]): Hop {
  const key = objectKey(r.meta);
  const rule = a.by ? ruleAt(cluster, a.by.meta, a.by.meta.ref) : a.cite ? ruleAt(cluster, a.cite.meta, a.cite.ref, `${nameOf(a.cite.meta)}, ${a.cite.ref.path.slice(a.cite.meta.ref.path.length).join('.')}`) : a.fromStatus ? fieldRule(cluster, r.meta, ['status', 'ingress'], `${nameOf(r.meta)}, status.ingress`) : a.field ? fieldRule(cluster, r.meta, fieldPath(a.field), `${nameOf(r.meta)}, ${a.field}`) : ruleAt(cluster, r.meta, r.meta.ref);
  const what = a.apiRejects ? 'rejected by the API server' : `not admitted by the router${a.code ? ` (${a.code})` : ''}`;
  const summary = a.apiRejects ? `${a.reason}; nothing serves the host from it and the router answers 503` : `${a.reason}; the router does not serve the route and answers 503`;
  return hop({ kind: r.meta.kind === 'Ingress' ? 'ingress' : 'route', title: `${r.meta.kind} ${r.meta.namespace}/${r.meta.name} is ${what}`, verdict: 'denied', code: 'route-not-admitted', summary, steps, rule, facts: { ...(a.code ? { reason: a.code } : {}), ...(a.field ? { field: a.field } : {}) }, fix: { summary: a.fix ?? (a.by ? `Use another host or path, or delete ${nameOf(a.by.meta)}.` : 'Fix the route as the reason says.'), object: key } });
}

/** The object key of a reached pod/workload, for highlighting the path. */
export function podKey(cluster: BuiltCluster, reached: string | null): string[] {
  const p = reached ? cluster.podsById.get(reached) : undefined;
  return p ? [objectKey(p.meta)] : [];
}

export { backendEndpoints };
