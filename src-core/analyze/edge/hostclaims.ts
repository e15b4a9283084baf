// Host claims, per router shard. Each IngressController runs its own router process with its own host index,
// and a route reaches that index only if the router selects it: openshift/router pkg/cmd/infra/router/
// template.go builds the plugin chain HostAdmitter → UniqueHost → ExtendedValidator → … on a route informer
// that already carries ROUTE_LABELS (RouterSelection.NewFactory: factory.LabelSelector), and both HostAdmitter
// and UniqueHost drop routes outside the namespaces matching NAMESPACE_LABELS before they look at the host
// (pkg/router/controller/host_admitter.go and unique_host.go HandleRoute: `if p.allowedNamespaces != nil &&
// !p.allowedNamespaces.Has(route.Namespace) { return nil }`). So a route of shard A never blocks a route of
// shard B, and each shard applies its own routeAdmission.namespaceOwnership (cluster-ingress-operator
// pkg/operator/controller/ingress/deployment.go: InterNamespaceAllowed → ROUTER_DISABLE_NAMESPACE_OWNERSHIP_CHECK
// =true). Within a shard the rules are those of route.ts: oldest first, the oldest claimant's namespace owns the
// host (Strict), one route per host and path, and a passthrough route does not share a host with another TLS
// route.
// A route whose namespace labels are not in the input may or may not be in a shard with a namespaceSelector
// (shards.ts `unknown`): the claims of that shard are then computed for each possibility, and a route whose
// outcome differs between them is undecided, naming the namespaces the input would have to give.
import type { BuiltCluster } from '../../model/build';
import type { IngressControllerSpec } from '../../model/kinds/ingresscontroller';
import type { Route } from '../../model/types';
import { nameOf, q } from './common';
import { shardsFor } from './shards';

export type ShardClaim = { ok: true } | { ok: false; by?: Route; code: string; reason: string } | { ok: 'undecided'; reason: string };

export interface Claimant {
  r: Route;
  /** Input order, the last tie-breaker (routes without creationTimestamp and uid). */
  i: number;
}

/** RouteLessThan (hostindex): oldest creationTimestamp first, then uid, then input order (documented). */
export function claimOrder(a: Claimant, b: Claimant): number {
  const ta = a.r.meta.creationTimestamp ? Date.parse(a.r.meta.creationTimestamp) : NaN;
  const tb = b.r.meta.creationTimestamp ? Date.parse(b.r.meta.creationTimestamp) : NaN;
  if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return ta - tb;
  if (!Number.isNaN(ta) && Number.isNaN(tb)) return -1;
  if (Number.isNaN(ta) && !Number.isNaN(tb)) return 1;
  const ua = a.r.meta.uid ?? '';
  const ub = b.r.meta.uid ?? '';
  if (ua !== ub && ua && ub) return ua < ub ? -1 : 1;
  return a.i - b.i;
}

/** More unknown memberships than this in one host group of one shard: every route of the group is undecided
 *  (2^6 combinations is the most podpath tries). */
const MAX_UNKNOWN = 6;

/** The claims of one host key within one router, the list sorted oldest first. */
function claimGroup(list: readonly Claimant[], ic: IngressControllerSpec, routerWords: string): Map<Route, ShardClaim> {
  const out = new Map<Route, ShardClaim>();
  const owner = list[0].r;
  const interNs = ic.namespaceOwnership === 'InterNamespaceAllowed';
  const active: Route[] = [];
  for (const { r } of list) {
    if (r.meta.namespace !== owner.meta.namespace && !interNs) {
      out.set(r, { ok: false, by: owner, code: 'HostAlreadyClaimed', reason: `host ${q(hostOf(r))} is owned by namespace ${q(owner.meta.namespace)}: ${nameOf(owner.meta)} claimed it first, and ${routerWords} does not admit routes for that host from other namespaces (namespaceOwnership: Strict; HostAlreadyClaimed)` });
      continue;
    }
    const clash = active.find((a) => (a.path ?? '') === (r.path ?? '') || (a.tls && r.tls && (a.tls.termination === 'passthrough' || r.tls.termination === 'passthrough')));
    if (clash) {
      const why = (clash.path ?? '') === (r.path ?? '') ? `the same host and path${r.path ? ' ' + q(r.path) : ''}` : 'the same host, and a passthrough route cannot share a host with another TLS route';
      out.set(r, { ok: false, by: clash, code: 'HostAlreadyClaimed', reason: `${nameOf(clash.meta)} is older and claims ${why}; this route is not admitted${routerWords === 'the router' ? '' : ` by ${routerWords}`} (HostAlreadyClaimed)` });
      continue;
    }
    // The host is claimed before extended validation runs (unique_host.go sits in front of
    // extended_validator.go), so a route that then fails it still holds its host and path.
    active.push(r);
    out.set(r, { ok: true });
  }
  return out;
}

function hostOf(r: Route): string {
  return (r.host ?? '').toLowerCase().replace(/\.$/, '');
}

/** One shard's host group, over every possible membership of the routes whose namespace labels are unknown. */
function claimGroupUnsure(list: readonly Claimant[], unsure: ReadonlySet<Route>, ic: IngressControllerSpec, routerWords: string): Map<Route, ShardClaim> {
  const maybe = list.filter((c) => unsure.has(c.r));
  if (!maybe.length) return claimGroup(list, ic, routerWords);
  const out = new Map<Route, ShardClaim>();
  const nsNames = [...new Set(maybe.map((c) => c.r.meta.namespace))].map(q).join(', ');
  const undecided: ShardClaim = { ok: 'undecided', reason: `whether ${routerWords} admits it depends on which routes of host ${q(hostOf(list[0].r))} it serves, and the labels of namespace ${nsNames} (for spec.namespaceSelector of IngressController ${q(ic.name)}) are not in the input` };
  if (maybe.length > MAX_UNKNOWN) {
    for (const c of list) out.set(c.r, undecided);
    return out;
  }
  const seen = new Map<Route, ShardClaim[]>();
  for (let mask = 0; mask < 1 << maybe.length; mask++) {
    const absent = new Set(maybe.filter((_, k) => !(mask & (1 << k))).map((c) => c.r));
    const present = list.filter((c) => !absent.has(c.r));
    if (!present.length) continue;
    for (const [r, claim] of claimGroup(present, ic, routerWords)) (seen.get(r) ?? seen.set(r, []).get(r)!).push(claim);
  }
  for (const [r, claims] of seen) {
    const first = claims[0];
    out.set(r, claims.every((c) => c.ok === first.ok) ? first : undecided);
  }
  return out;
}

/** For each route (with a host, past the pre-claim checks) and each router that may serve it: its claim. */
export function hostClaims(cluster: BuiltCluster, claimants: readonly Claimant[], hostKey: (r: Route) => string): Map<Route, Map<IngressControllerSpec, ShardClaim>> {
  const out = new Map<Route, Map<IngressControllerSpec, ShardClaim>>();
  // Per router: host key → claimants, and which of them it serves only possibly.
  const groups = new Map<IngressControllerSpec, { byHost: Map<string, Claimant[]>; unsure: Set<Route> }>();
  for (const c of claimants) {
    const sel = shardsFor(cluster, c.r);
    const k = hostKey(c.r);
    for (const ic of [...sel.serving, ...sel.unknown]) {
      // RouteAdmissionFunc runs in HostAdmitter before any claim: a router that does not allow wildcard routes
      // refuses this one, and it claims nothing there (when no router allows it, routevalid.ts refused it already).
      if (c.r.wildcardPolicy === 'Subdomain' && ic.wildcardPolicy !== 'WildcardsAllowed') {
        (out.get(c.r) ?? out.set(c.r, new Map()).get(c.r)!).set(ic, { ok: false, code: 'RouteNotAdmitted', reason: `wildcard routes are not allowed on router ${q(ic.name)} (routeAdmission.wildcardPolicy ${ic.wildcardPolicySet ? ic.wildcardPolicy : 'unset: WildcardsDisallowed'})` });
        continue;
      }
      let g = groups.get(ic);
      if (!g) groups.set(ic, (g = { byHost: new Map(), unsure: new Set() }));
      (g.byHost.get(k) ?? g.byHost.set(k, []).get(k)!).push(c);
      if (sel.unknown.includes(ic)) g.unsure.add(c.r);
    }
  }
  const several = cluster.ingressControllers.length > 1;
  for (const [ic, g] of groups) {
    const routerWords = several ? `router ${q(ic.name)}` : 'the router';
    for (const list of g.byHost.values()) {
      list.sort(claimOrder);
      for (const [r, claim] of claimGroupUnsure(list, g.unsure, ic, routerWords)) (out.get(r) ?? out.set(r, new Map()).get(r)!).set(ic, claim);
    }
  }
  return out;
}

/** One verdict from the claims of every router that may serve the route. A route that some router serving it
 *  for certain admits is served; if another one that also serves it refuses it, which of them answers a request
 *  depends on where the host's DNS points, which the input does not say. */
export function combineClaims(cluster: BuiltCluster, r: Route, claims: Map<IngressControllerSpec, ShardClaim> | undefined): ShardClaim {
  if (!claims || !claims.size) return { ok: true };
  const sel = shardsFor(cluster, r);
  const serving = sel.serving.map((ic) => [ic, claims.get(ic)] as const).filter((x): x is readonly [IngressControllerSpec, ShardClaim] => !!x[1]);
  const maybe = sel.unknown.map((ic) => [ic, claims.get(ic)] as const).filter((x): x is readonly [IngressControllerSpec, ShardClaim] => !!x[1]);
  const admits = serving.filter(([, c]) => c.ok === true);
  const refuses = serving.filter(([, c]) => c.ok !== true);
  if (admits.length && !refuses.length) return { ok: true };
  if (admits.length) {
    const [ic, c] = refuses[0];
    const why = c.ok === true ? '' : c.reason;
    return { ok: 'undecided', reason: `router ${admits.map(([x]) => q(x.name)).join(', ')} admits it but router ${q(ic.name)} does not (${why}); which router answers a request depends on where the DNS of host ${q(hostOf(r))} points, which the input does not say` };
  }
  const undecided = [...serving, ...maybe].find(([, c]) => c.ok === 'undecided');
  if (undecided) return undecided[1];
  // Only routers that may not serve it at all remain: if one of them would admit it, it depends on them.
  const maybeAdmits = maybe.find(([, c]) => c.ok === true);
  const refused = refuses[0]?.[1];
  if (maybeAdmits) return refused && refused.ok !== true ? { ok: 'undecided', reason: `${refused.reason}; IngressController ${q(maybeAdmits[0].name)} would admit it, if it serves namespace ${q(r.meta.namespace)}, whose labels are not in the input` } : { ok: true };
  return (refuses[0] ?? maybe[0])[1];
}

/** The route a request lands on is chosen by the router that receives it. When another admitted route that also
 *  matches this request is served by a router that does not serve the chosen one, the answer depends on which
 *  router the host's DNS leads to: what to say then (undefined when every such router serves the chosen route). */
export function routerSplit(cluster: BuiltCluster, chosen: Route, others: readonly Route[]): string | undefined {
  if (cluster.ingressControllers.length < 2) return undefined;
  const mine = new Set(shardsFor(cluster, chosen).serving);
  for (const o of others) {
    if (o === chosen) continue;
    const theirs = shardsFor(cluster, o).serving.filter((ic) => !mine.has(ic));
    if (theirs.length) return `router ${theirs.map((ic) => q(ic.name)).join(', ')} does not serve ${nameOf(chosen.meta)} but serves ${nameOf(o.meta)} for this request; which router answers depends on where the DNS of host ${q(hostOf(chosen))} points, which the input does not say`;
  }
  return undefined;
}
