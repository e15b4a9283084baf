// Router sharding: which IngressControllers serve a route. The ingress operator passes an
// IngressController's spec.namespaceSelector and spec.routeSelector to its router as NAMESPACE_LABELS and
// ROUTE_LABELS (cluster-ingress-operator pkg/operator/controller/ingress/deployment.go); the router then
// watches only routes whose labels match ROUTE_LABELS in namespaces whose labels match NAMESPACE_LABELS
// (openshift/router pkg/cmd/infra/router/router.go RouterSelection). openshift-docs nw-ingress-sharding:
// "If you set both namespaceSelector and routeSelector, a route must satisfy both"; unset means no
// filtering. A route that no IngressController selects is served by no router at all.
import type { BuiltCluster } from '../../model/build';
import type { IngressControllerSpec } from '../../model/kinds/ingresscontroller';
import { formatSelector, selectorMatches } from '../../model/selector';
import type { PodLike, Route } from '../../model/types';
import type { RuleRef } from '../types';
import { nameOf, ruleAt } from './common';
import { clusterIngressDomain, generatedHostDomain, type DomainSource } from './dnsconfig';

export interface ShardSelection {
  /** IngressControllers that certainly serve the route. */
  serving: IngressControllerSpec[];
  /** IngressControllers whose namespaceSelector cannot be decided: the namespace's labels are not in the input. */
  unknown: IngressControllerSpec[];
  /** For each IngressController that does not serve the route: why. */
  excluded: { ic: IngressControllerSpec; why: string; field: 'spec.namespaceSelector' | 'spec.routeSelector' }[];
}

const cache = new WeakMap<BuiltCluster, Map<Route, ShardSelection>>();

/** Which IngressControllers serve this route (both selectors must match). */
export function shardsFor(cluster: BuiltCluster, r: Route): ShardSelection {
  let m = cache.get(cluster);
  if (!m) cache.set(cluster, (m = new Map()));
  const hit = m.get(r);
  if (hit) return hit;
  const out: ShardSelection = { serving: [], unknown: [], excluded: [] };
  const ns = cluster.namespaces.get(r.meta.namespace);
  for (const ic of cluster.ingressControllers) {
    if (ic.routeSelector && !selectorMatches(ic.routeSelector, r.meta.labels)) {
      out.excluded.push({ ic, field: 'spec.routeSelector', why: `IngressController ${JSON.stringify(ic.name)} serves only routes labelled ${formatSelector(ic.routeSelector)} (spec.routeSelector)` });
      continue;
    }
    if (ic.namespaceSelector) {
      // A namespace the input does not declare has labels podpath does not know (oc get all carries no
      // Namespace objects); only its name label is certain.
      const labels = ns?.labels ?? {};
      const matches = selectorMatches(ic.namespaceSelector, labels);
      if (!ns?.declared) {
        out.unknown.push(ic);
        continue;
      }
      if (!matches) {
        out.excluded.push({ ic, field: 'spec.namespaceSelector', why: `IngressController ${JSON.stringify(ic.name)} serves only namespaces labelled ${formatSelector(ic.namespaceSelector)} (spec.namespaceSelector), and namespace ${JSON.stringify(r.meta.namespace)} is not` });
        continue;
      }
    }
    out.serving.push(ic);
  }
  m.set(r, out);
  return out;
}

/** Shards as one line for explanations: `default, internal`. */
export function shardNames(ics: IngressControllerSpec[]): string {
  return ics.map((ic) => JSON.stringify(ic.name) + (ic.implied ? ' (the operator\'s default, not in the input)' : '')).join(', ');
}

/** The domain one router serves (ROUTER_DOMAIN = status.domain): status.domain, else spec.domain, else the
 *  cluster's ingress domain (types_ingress.go: "If empty, defaults to ingress.config.openshift.io/cluster
 *  .spec.domain"). */
export function routerDomain(cluster: BuiltCluster, ic: IngressControllerSpec): DomainSource | undefined {
  if (ic.statusDomain) return { domain: ic.statusDomain.toLowerCase(), from: `IngressController ${JSON.stringify(ic.name)} status.domain` };
  if (ic.domain) return { domain: ic.domain.toLowerCase(), from: `IngressController ${JSON.stringify(ic.name)} spec.domain` };
  return clusterIngressDomain(cluster);
}

/** The domains a route without spec.host is served under. With spec.subdomain: `<subdomain>.<domain>` on each
 *  router that serves it, in that router's domain (openshift/router router.go RouteUpdate with ROUTER_DOMAIN;
 *  enhancements/ingress/route-subdomain.md: "a distinct host name for each IngressController that exposes it").
 *  Without: the API server generated `<name>-<namespace>.<domain>` in the cluster's domain (dnsconfig.ts),
 *  whichever router serves it. Undefined when the input does not give a domain (any domain is then possible). */
export function generatedDomains(cluster: BuiltCluster, r: Route): string[] | undefined {
  if (!r.subdomain) {
    const d = generatedHostDomain(cluster);
    return d ? [d.domain] : undefined;
  }
  const sel = shardsFor(cluster, r);
  const out: string[] = [];
  for (const ic of [...sel.serving, ...sel.unknown]) {
    const d = routerDomain(cluster, ic);
    if (!d) return undefined;
    out.push(d.domain);
  }
  return out;
}

/** The certificate a router serves for a route without its own: spec.defaultCertificate's Secret, else the one the
 *  operator generates (openshift-ingress/router-certs-<name>, for `*.<router domain>`). */
export function defaultCertificateOf(cluster: BuiltCluster, ic: IngressControllerSpec): { secret: string; generated: boolean; covers?: string; domainFrom?: string } {
  if (ic.defaultCertificate) return { secret: `openshift-ingress/${ic.defaultCertificate}`, generated: false };
  const d = routerDomain(cluster, ic);
  return { secret: `openshift-ingress/router-certs-${ic.name}`, generated: true, covers: d ? `*.${d.domain}` : undefined, domainFrom: d?.from };
}

/** The router as the destination pod's NetworkPolicies see it. A HostNetwork IngressController's router
 *  (endpointPublishingStrategy.type: HostNetwork) sends from the node: OVN-Kubernetes matches that as the
 *  host network namespace (model/kinds/network.ts, model/build.ts addHostNetworkRouter), not openshift-ingress. When the routers
 *  serving the route differ in this, which one carries a request depends on where the client's DNS and load
 *  balancer send it: undetermined. */
export function routerPeerFor(cluster: BuiltCluster, r: Route): { pod: PodLike; step?: string; rule?: RuleRef; undetermined?: boolean } {
  const hostPod = cluster.hostNetworkRouterPod;
  if (!hostPod || r.meta.kind !== 'Route' && r.meta.kind !== 'Ingress') return { pod: cluster.routerPod };
  const sel = shardsFor(cluster, r);
  const ics = [...sel.serving, ...sel.unknown];
  const host = ics.filter((ic) => ic.publishing === 'HostNetwork');
  if (!host.length) return { pod: cluster.routerPod };
  const ic = host[0];
  const rule = ruleAt(cluster, ic.meta, ic.publishingRef ?? ic.meta.ref, `${nameOf(ic.meta)}, spec.endpointPublishingStrategy`);
  if (host.length === ics.length) {
    const labels = cluster.namespaces.get(hostPod.namespace)?.labels ?? {};
    const ingressLabelled = labels['policy-group.network.openshift.io/ingress'] === '';
    return { pod: hostPod, rule, step: `IngressController ${shardNames(host)} publishes its router with endpointPublishingStrategy HostNetwork: the router connects from the node's address, which OVN-Kubernetes matches as namespace ${hostPod.namespace} (label policy-group.network.openshift.io/host-network: ""${ingressLabelled ? '; while the default IngressController is HostNetwork the Cluster Network Operator also gives it the ingress policy-group labels' : ''}), not ${cluster.routerPod.namespace}. NetworkPolicies must allow that namespace with a namespaceSelector and no podSelector (OVN-Kubernetes keeps host addresses in the namespace's address set only)` };
  }
  const other = ics.filter((x) => x.publishing !== 'HostNetwork');
  return { pod: cluster.routerPod, rule, undetermined: true, step: `the route is served by IngressController ${shardNames(host)} (HostNetwork: seen as namespace ${hostPod.namespace}) and by ${shardNames(other)} (seen as ${cluster.routerPod.namespace}); which router carries a request depends on the client's DNS and load balancer, which the input does not say` };
}
