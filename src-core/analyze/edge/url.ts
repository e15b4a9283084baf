// `--to http(s)://HOST[:PORT]/PATH`: the request from outside (or from a pod, or the router itself) to
// the cluster's edge. The port follows the scheme unless given. Routes (the OpenShift router) are tried
// first, then Ingresses (the ingress controller), then Gateway API HTTPRoutes; a `Redirect` route's 302
// is followed once, as a browser does. `internet` / `ip:` senders are clients at that address, which
// is what the route's allow-list sees. A pod first resolves the host through the cluster DNS
// (dnslookup.ts) and needs egress to the router; under the kubernetes profile a host nothing serves
// gets ingress-nginx's 404 (ingress.ts). A host that is one of a Gateway's status.addresses goes to that
// Gateway only (its load balancer address is not the router's).
import type { BuiltCluster } from '../../model/build';
import type { Endpoint } from '../endpoint';
import type { Hop, Query, Trace } from '../types';
import { directionHop, evaluateConnection } from '../policy/evaluate';
import { nameOf, ruleAt } from './common';
import { finishTrace, hop, sourceHop, step, type Sender } from '../trace/builder';
import type { Front } from '../trace/symptom';
import { objectKey, type GenericObject } from '../../model/types';
import { gatewayForAddress, traceViaGateway } from './gateway';
import { gatewayDataPlane } from './gatewayplane';
import { dnsLookupCheck, isIPLiteral } from './dnslookup';
import { ingressDefaultServer404, ingressHostMatch, traceViaIngress } from './ingress';
import { ingressRoutes } from './ingressroutes';
import { traceViaRoute, type Leg } from './routetrace';
import type { Scheme } from './tls';
import { isPlainKubernetes } from '../../model/profiles';

type UrlEndpoint = Extract<Endpoint, { kind: 'url' }>;

export interface UrlOptions {
  /** "Now" for certificate expiry (tests pin it). */
  now?: Date;
}

/** The source hop, with what a request to the edge adds about its sender; and the address the router sees. */
function senderHop(cluster: BuiltCluster, from: Sender): { hop: Hop; clientIP?: string } {
  if (from.kind !== 'pod') return { hop: sourceHop(cluster, from), clientIP: from.kind === 'external' ? from.ip : undefined };
  const ip = from.pod.podIP;
  return {
    hop: sourceHop(cluster, from, [step(`A pod calling the route's public host${ip ? ` from ${ip}` : ''}: traffic from a pod to a route host leaves through the cluster's ingress address; the router may see a node address instead of the pod IP.`, 'info')]),
    clientIP: ip,
  };
}

/** Who answers the client for this leg when the connection behind it fails (symptom.ts). */
function frontOf(cluster: BuiltCluster, l: Leg): Front {
  if (l.hops.some((h) => h.kind === 'gateway')) return 'gateway';
  return isPlainKubernetes(cluster.profile) ? 'ingress-nginx' : 'openshift-router';
}

/** A request to a Gateway's own address (status.addresses): that Gateway's listeners, nothing else. */
function gatewayAddressLeg(cluster: BuiltCluster, gws: GenericObject[], host: string, path: string, scheme: Scheme, port: number): Leg {
  const l = traceViaGateway(cluster, host, path, scheme, port, gws);
  if (l) return l;
  const g = gws[0];
  return {
    hops: [hop({ kind: 'gateway', title: `${nameOf(g.meta)}: no listener for ${scheme} on port ${port}`, verdict: 'denied', summary: `${host} is an address of ${gws.map((x) => nameOf(x.meta)).join(', ')} (status.addresses), and no listener there accepts ${scheme.toUpperCase()} on port ${port} for host ${JSON.stringify(host)}: the connection is refused or answered 404`, steps: [step('A request to a Gateway\'s address reaches that Gateway only; Routes, Ingresses and other Gateways do not see it.', 'info')], rule: ruleAt(cluster, g.meta, g.meta.ref), fix: { summary: `Add a listener with protocol ${scheme.toUpperCase()} and port ${port} (and no hostname, or the host you use) to ${nameOf(g.meta)}, or use a host name its listeners accept.` } })],
    allowed: false,
    reached: null,
    path: [objectKey(g.meta)],
  };
}

function leg(cluster: BuiltCluster, host: string, path: string, scheme: Scheme, port: number, clientIP: string | undefined, now: Date): Leg {
  const owned = gatewayForAddress(cluster, host);
  if (owned.length) return gatewayAddressLeg(cluster, owned, host, path, scheme, port);
  const standard = (scheme === 'https' && port === 443) || (scheme === 'http' && port === 80);
  if (standard) {
    // Routes need the OpenShift router: under the plain Kubernetes profile nothing serves them.
    // On OpenShift, Ingresses are served as generated Routes (ingressroutes.ts), so they go through the same path.
    const openshift = !isPlainKubernetes(cluster.profile);
    const viaRoute = openshift ? traceViaRoute(cluster, host, path, scheme, clientIP, now) : undefined;
    if (viaRoute) return viaRoute;
    if (openshift) {
      const skipped = ingressRoutes(cluster).skipped.filter((x) => !x.host || ingressHostMatch(x.host, host));
      if (skipped.length) {
        return {
          hops: [hop({ kind: 'ingress', title: `No route for ${host}`, verdict: 'denied', code: 'ingress-no-route', summary: 'an Ingress names this host, but OpenShift creates no Route for it: the router answers 503', steps: skipped.map((x) => step(`${nameOf(x.ingress.meta)}${x.path ? ` path ${JSON.stringify(x.path)}` : ''}: ${x.reason}.`, 'denied', ruleAt(cluster, x.ingress.meta, x.ingress.meta.ref))), rule: ruleAt(cluster, skipped[0].ingress.meta, skipped[0].ingress.meta.ref) })],
          allowed: false,
          reached: null,
          path: [objectKey(skipped[0].ingress.meta)],
        };
      }
    } else {
      const viaIngress = traceViaIngress(cluster, host, path, scheme, port);
      if (viaIngress) return viaIngress;
    }
  }
  const viaGateway = traceViaGateway(cluster, host, path, scheme, port);
  if (viaGateway) return viaGateway;
  // Kubernetes: the request reaches ingress-nginx, whose default server answers 404 (not 503).
  if (standard && isPlainKubernetes(cluster.profile)) return ingressDefaultServer404(cluster, host);
  const what = standard ? 'No Route, Ingress or Gateway HTTPRoute in the input serves this host' : `The router and ingress controller listen on 80 and 443 only, and no Gateway listener accepts ${scheme} on port ${port}`;
  return {
    hops: [hop({ kind: 'router', title: `Nothing serves ${host}`, verdict: 'denied', code: 'host-unserved', summary: `${what}; the router answers 503 (or DNS does not point here at all)`, steps: [
          step(`Checked ${cluster.routes.length} route(s), ${cluster.ingresses.length} ingress(es) and ${(cluster.others.get('HTTPRoute') ?? []).length} HTTPRoute(s) for host ${JSON.stringify(host)}.`, 'info'),
          ...(isPlainKubernetes(cluster.profile) && cluster.routes.length ? [step('Route objects are served by the OpenShift router only; with the kubernetes profile they do nothing (use an OpenShift profile, or an Ingress).', 'warning')] : []),
        ], fix: { summary: `Create a Route (or Ingress) with spec.host: ${host} pointing at the Service.`, snippet: `apiVersion: route.openshift.io/v1\nkind: Route\nmetadata:\n  name: NAME\nspec:\n  host: ${host}\n  to:\n    kind: Service\n    name: SERVICE\n  tls:\n    termination: edge` } })],
    allowed: false,
    reached: null,
    path: [],
  };
}

export function traceUrl(cluster: BuiltCluster, query: Query, from: Sender, to: UrlEndpoint, opts: UrlOptions = {}): Trace {
  const now = opts.now ?? new Date();
  const s = senderHop(cluster, from);
  const hops: Hop[] = [s.hop];
  let scheme: Scheme = to.scheme;
  let port = to.port ?? (scheme === 'https' ? 443 : 80);
  if (from.kind === 'pod' && !isIPLiteral(to.host)) {
    // The pod first resolves the host through the cluster DNS (which forwards public names upstream).
    const lookup = dnsLookupCheck(cluster, from.pod, to.host);
    if (lookup) hops.push(lookup.hop);
    if (lookup && !lookup.allowed) return finishTrace({ query, hops, allowed: false, reached: null, path: [], subject: query.to, form: 'request' });
  }
  if (from.kind === 'pod') {
    // A pod calling a public host first needs its own egress to the router (policies usually allow it
    // with a namespaceSelector on the router namespace's labels).
    // A Gateway's own address leads to its data plane, not to the router.
    const gw = gatewayForAddress(cluster, to.host)[0];
    const cls = gw ? (cluster.others.get('GatewayClass') ?? []).find((g) => g.meta.name === gw.spec.gatewayClassName) : undefined;
    const target = gw ? gatewayDataPlane(cluster, gw, typeof cls?.spec.controllerName === 'string' ? cls.spec.controllerName : undefined).pod : cluster.routerPod;
    const v = evaluateConnection(cluster, { kind: 'pod', pod: from.pod }, { kind: 'pod', pod: target }, port, 'TCP');
    const eg = directionHop(v.egress, from.pod);
    eg.steps = [step(`The request goes to ${gw ? `the data plane of ${nameOf(gw.meta)}` : 'the router'} (${target.id}) first, so ${from.pod.id}'s egress policies must admit it on ${port}.`, 'info'), ...eg.steps];
    hops.push(eg);
    // The pod's own packets are dropped before any proxy: the client (the pod) sees the timeout.
    if (!v.egress.allowed) return finishTrace({ query, hops, allowed: false, reached: null, path: [], subject: query.to, form: 'request' });
  }
  hops.push(hop({ kind: 'dns', title: `Host ${to.host}`, verdict: 'info', summary: `${scheme}://${to.host}:${port}${to.path} — the host is matched against Routes, Ingresses and Gateway listeners`, facts: { scheme, port: String(port), path: to.path } }));
  let l = leg(cluster, to.host, to.path, scheme, port, s.clientIP, now);
  hops.push(...l.hops);
  const path = [...l.path];
  let redirected = false;
  if (l.redirect) {
    redirected = true;
    scheme = l.redirect.scheme;
    port = l.redirect.port;
    l = leg(cluster, to.host, to.path, scheme, port, s.clientIP, now);
    hops.push(...l.hops);
    path.push(...l.path);
  }
  return finishTrace({ query, hops, allowed: l.allowed, reached: l.reached, path, subject: query.to, form: 'request', redirected, front: frontOf(cluster, l) });
}
