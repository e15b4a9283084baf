// OpenShift Routes as openshift/router admits and matches them.
// - Rejection before any host claim, and extended validation after it: routevalid.ts (API server,
//   admission function, InvalidHost, ExtendedValidationFailed); the route's status, when present, wins.
// - Admission (pkg/router/controller/hostindex, default IngressController namespaceOwnership: Strict), made
//   by each router shard over the routes it serves (hostclaims.ts): routes claiming one host are ordered oldest first (creationTimestamp, then uid — RouteLessThan);
//   the oldest claimant's namespace owns the host and routes of other namespaces are not admitted; of
//   routes with the same host AND path only the oldest is admitted; a passthrough route and another TLS
//   route cannot share a host. Routes without a creationTimestamp keep input order (documented).
// - Matching (template util GenerateRouteRegexp): host exact (case-insensitive, optional trailing dot);
//   path `/foo` matches `/foo` and `/foo/...` but not `/foobar`; `/foo/` matches `/foo/...`; `/` or
//   no path matches everything; the longest path wins; exact-host routes before wildcard ones;
//   wildcardPolicy Subdomain matches any single label in front of the route host's parent domain.
// - spec.port.targetPort (template_helper.go endpointsForAlias): PreferPort = targetPort.String();
//   an endpoint is used when its port NAME (= the Service port's name) or its port NUMBER (the
//   resolved targetPort, NOT the Service `port`) equals it. None left → HAProxy answers 503.
import type { BuiltCluster } from '../../model/build';
import type { Route, RouteBackend, Service } from '../../model/types';
import type { ExplanationStep } from '../types';
import { fieldRule, nameOf, q, ruleAt, step } from './common';
import { servedRoutes } from './ingressroutes';
import { apiProblems, extendedCheck, preClaimProblem, shardUndetermined, type RouteProblem } from './routevalid';
import { combineClaims, hostClaims, type Claimant } from './hostclaims';
import type { NodeRef } from '../../parse/source';
import type { ObjectMeta } from '../../model/types';
import { endpointsOf, findService, type ServiceEndpoint, type ServiceEndpoints } from './service';

export function routeHost(r: Route): string {
  return (r.host ?? '').toLowerCase().replace(/\.$/, '');
}

/** The domain a `wildcardPolicy: Subdomain` route covers (host minus its first label). */
export function wildcardDomain(r: Route): string | undefined {
  if (r.wildcardPolicy !== 'Subdomain') return undefined;
  const h = routeHost(r);
  const i = h.indexOf('.');
  return i > 0 ? h.slice(i + 1) : undefined;
}

/** The router's path matching for a route path (GenerateRouteRegexp). */
export function routePathMatches(routePath: string | undefined, reqPath: string): boolean {
  const p = routePath ?? '';
  if (p.replace(/\/+$/, '') === '') return true;
  if (p.endsWith('/')) return reqPath.startsWith(p);
  return reqPath === p || reqPath.startsWith(p + '/');
}

export interface Admission {
  admitted: boolean;
  /** Why not, naming the route that holds the host, in the platform's words. */
  reason?: string;
  by?: Route;
  /** The platform's reason code: Invalid (the API server), RouteNotAdmitted, InvalidHost, HostAlreadyClaimed,
   *  ExtendedValidationFailed, or the reason in the route's status. */
  code?: string;
  /** The field the rejection is about (spec.tls.key), when it is about one. */
  field?: string;
  /** What to change. */
  fix?: string;
  /** The API server refuses the object: it cannot exist as written. */
  apiRejects?: boolean;
  /** Taken from status.ingress[].conditions (the router's own record), not derived by podpath. */
  fromStatus?: string;
  /** Admitted unless a check podpath cannot make from the input fails: what is missing. */
  undetermined?: string;
  /** The configuration object that decided (an IngressController's selector), when not the route itself. */
  cite?: { meta: ObjectMeta; ref: NodeRef };
}

const admissionCache = new WeakMap<BuiltCluster, Map<Route, Admission>>();

/** The key the router indexes a route's host by (`*.<domain>` for Subdomain wildcards). */
export function hostKey(r: Route): string {
  const d = wildcardDomain(r);
  return d ? `*.${d}` : routeHost(r);
}

function fromProblem(p: RouteProblem): Admission {
  const api = p.stage === 'api' ? ' — the API server refuses to store such a route, so it cannot exist as written' : '';
  return { admitted: false, code: p.reason, field: p.field, fix: p.fix, apiRejects: p.stage === 'api', reason: `${p.field}: ${p.message}${api}`, cite: p.cite };
}

/** The router's own record in status.ingress (the `default` router first), when the input has one. */
function statusOf(r: Route): { admitted: boolean; text: string; code?: string } | undefined {
  const list = (r.routerStatus ?? []).filter((s) => s.admitted !== undefined);
  const st = list.find((s) => s.routerName === 'default') ?? list[0];
  if (!st) return undefined;
  const text = `status.ingress of router ${JSON.stringify(st.routerName)}: Admitted=${st.admitted ? 'True' : 'False'}${st.reason ? ` (${st.reason}${st.message ? `: ${st.message}` : ''})` : ''}`;
  return { admitted: !!st.admitted, text, code: st.reason };
}

/** Which routes the router admits: API validation, the admission function (wildcards), the router's host
 *  check, host ownership and host+path collisions, then extended validation — and the route's status. */
export function routeAdmission(cluster: BuiltCluster): Map<Route, Admission> {
  const cached = admissionCache.get(cluster);
  if (cached) return cached;
  const out = new Map<Route, Admission>();
  const claimants: Claimant[] = [];
  const routes = servedRoutes(cluster);
  routes.forEach((r, i) => {
    const pre = preClaimProblem(cluster, r);
    if (pre) {
      out.set(r, fromProblem(pre));
      return;
    }
    if (!r.host) {
      const open = shardUndetermined(cluster, r);
      out.set(r, open ? { admitted: true, undetermined: open } : { admitted: true });
      return;
    }
    claimants.push({ r, i });
  });
  // Host claims are made per router shard (hostclaims.ts), then combined over the routers serving the route.
  const claims = hostClaims(cluster, claimants, hostKey);
  for (const { r } of claimants) {
    const claim = combineClaims(cluster, r, claims.get(r));
    if (claim.ok === false) {
      out.set(r, { admitted: false, by: claim.by, code: claim.code, field: claim.code === 'RouteNotAdmitted' ? 'spec.wildcardPolicy' : 'spec.host', reason: claim.reason });
      continue;
    }
    const check = extendedCheck(r);
    const ext = check.problems[0];
    const open = check.undecided ?? shardUndetermined(cluster, r) ?? (claim.ok === 'undecided' ? claim.reason : undefined);
    out.set(r, ext ? fromProblem(ext) : open ? { admitted: true, undetermined: open } : { admitted: true });
  }
  for (const r of routes) {
    const a = out.get(r)!;
    const st = r.meta.kind === 'Route' ? statusOf(r) : undefined;
    if (st && a.undetermined) {
      // The router has decided what podpath could not.
      out.set(r, st.admitted ? { admitted: true, fromStatus: st.text } : { admitted: false, code: st.code, fromStatus: st.text, reason: `the router wrote ${st.text}`, fix: 'Fix what the condition message names; the router re-admits the route when it changes.' });
      continue;
    }
    if (!st || a.apiRejects || st.admitted === a.admitted) continue;
    out.set(r, st.admitted
      ? { admitted: true, fromStatus: `${st.text}; podpath's own reading was: ${a.reason}` }
      : { admitted: false, code: st.code, fromStatus: st.text, reason: `the router wrote ${st.text}`, fix: 'Fix what the condition message names; the router re-admits the route when it changes.' });
  }
  admissionCache.set(cluster, out);
  return out;
}

/** API-server validation the route fails (such a route would never be created), or undefined. */
export function invalidRoute(r: Route): string | undefined {
  const p = apiProblems(r)[0];
  return p ? `${p.field}: ${p.message}; the API server rejects this route` : undefined;
}

/** Does the route's host cover the request host? `generated` when the route has no host (OpenShift
 *  uses `<subdomain>.<router domain>` with spec.subdomain, else `<name>-<namespace>.<router domain>`). */
export function hostMatch(r: Route, host: string, domains?: string[]): 'exact' | 'wildcard' | 'generated' | undefined {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (!r.host) {
    const prefix = (r.subdomain ? `${r.subdomain}.` : `${r.meta.name}-${r.meta.namespace}.`).toLowerCase();
    // With the routers' domains known (IngressController / Ingress cluster spec.domain), the host is exact.
    if (domains) return domains.some((d) => h === prefix + d) ? 'generated' : undefined;
    return h.startsWith(prefix) ? 'generated' : undefined;
  }
  if (routeHost(r) === h) return 'exact';
  const d = wildcardDomain(r);
  if (d) {
    const i = h.indexOf('.');
    if (i >= 0 && h.slice(i + 1) === d) return 'wildcard';
  }
  return undefined;
}

export interface RouteBackendEndpoints {
  backend: RouteBackend;
  service?: Service;
  /** All endpoints of the Service, before the route's targetPort filter. */
  endpoints?: ServiceEndpoints;
  /** Endpoints the router uses for this backend. */
  used: ServiceEndpoint[];
  steps: ExplanationStep[];
  /** Traffic share in percent among backends that have endpoints (0 for weight 0 or no endpoints). */
  share: number;
}

/** Endpoints the router uses for one backend of a route (targetPort filter of endpointsForAlias). */
export function backendEndpoints(cluster: BuiltCluster, route: Route, backend: RouteBackend): Omit<RouteBackendEndpoints, 'share'> {
  const steps: ExplanationStep[] = [];
  if (backend.kind !== 'Service') {
    steps.push(step(`Backend kind ${q(backend.kind)} is not a Service; the router only sends traffic to Services.`, 'denied', ruleAt(cluster, route.meta, backend.ref)));
    return { backend, used: [], steps };
  }
  const svc = findService(cluster, route.meta.namespace, backend.name);
  if (!svc) {
    steps.push(step(`No Service ${q(backend.name)} in namespace ${q(route.meta.namespace)} (a route can only point at Services of its own namespace): the router answers 503.`, 'denied', ruleAt(cluster, route.meta, backend.ref)));
    return { backend, used: [], steps };
  }
  const eps = endpointsOf(cluster, svc);
  steps.push(...eps.steps);
  const usable = eps.usable.filter((e) => e.protocol !== 'UDP'); // the router skips UDP ports
  let used = usable;
  if (route.targetPort !== undefined) {
    const want = String(route.targetPort);
    used = usable.filter((e) => e.portName === want || String(e.port) === want);
    const tpRule = route.targetPortRef ? ruleAt(cluster, route.meta, route.targetPortRef, `${nameOf(route.meta)}, spec.port.targetPort`) : fieldRule(cluster, route.meta, ['spec', 'port']);
    const have = [...new Set(usable.map((e) => `${e.port}${e.portName ? ` (name ${q(e.portName)})` : ''}`))].join(', ');
    if (used.length === 0 && usable.length > 0) {
      const how = typeof route.targetPort === 'number'
        ? `targetPort ${route.targetPort} is compared with endpoint ports (the Service's targetPort, i.e. the pod's port — not the Service's \`port\`); the endpoints have ${have}`
        : `targetPort ${q(route.targetPort)} is compared with the Service's port names and the endpoint port numbers; the endpoints have ${have}`;
      steps.push(step(`No endpoint matches: ${how}. The router has no server for this route and answers 503.`, 'denied', tpRule));
    } else if (used.length > 0) {
      steps.push(step(`spec.port.targetPort ${typeof route.targetPort === 'number' ? route.targetPort : q(route.targetPort)} selects endpoint port ${[...new Set(used.map((e) => e.port))].join(', ')}.`, 'allowed', tpRule));
    }
  } else if (usable.length > 0) {
    steps.push(step(`The route has no spec.port: the router uses every endpoint port (${[...new Set(usable.map((e) => e.port))].join(', ')}).`, 'info'));
  }
  return { backend, service: svc, endpoints: eps, used, steps };
}

/** Every backend of the route with its endpoints and traffic share (weights over backends with endpoints). */
export function routeBackends(cluster: BuiltCluster, route: Route): RouteBackendEndpoints[] {
  const list = [route.to, ...route.alternateBackends].map((b) => backendEndpoints(cluster, route, b));
  const total = list.reduce((s, b) => s + (b.used.length > 0 ? Math.max(0, b.backend.weight) : 0), 0);
  return list.map((b) => ({ ...b, share: total > 0 && b.used.length > 0 ? (Math.max(0, b.backend.weight) / total) * 100 : 0 }));
}

/** The fix for a targetPort that matches no endpoint: the endpoint port number, or the Service port's name. */
export function targetPortFix(route: Route, eps: ServiceEndpoint[]): string {
  const first = eps[0];
  if (!first) return 'Point the route at a Service that has endpoints.';
  const byName = first.portName ? ` or the Service port's name \`targetPort: ${first.portName}\`` : '';
  return `Set spec.port.targetPort to the endpoint port \`targetPort: ${first.port}\`${byName} on ${nameOf(route.meta)}.`;
}
