// The cluster's DNS and ingress configuration objects:
// - DNS `default` (operator.openshift.io/v1): spec.servers — "servers is a list of DNS resolvers that provide
//   name query delegation for one or more subdomains outside the scope of the cluster domain"; each server's
//   zones are forwarded to forwardPlugin.upstreams (openshift/api operator/v1 types_dns.go Server, ForwardPlugin;
//   openshift-docs nw-dns-forward). CoreDNS picks the most specific zone block, so the longest zone wins.
// - DNS `cluster` (config.openshift.io/v1): spec.baseDomain — "the base domain of the cluster. All managed DNS
//   records will be sub-domains of this base" (types_dns.go).
// - Ingress `cluster` (config.openshift.io/v1, types_ingress.go): spec.domain "is used to generate a default host
//   name for a route when the route's host name is empty" and is the default IngressController's domain;
//   spec.appsDomain, when set, "is used to generate default host values for Route" instead. The API server fills
//   spec.host of a route created with neither host nor subdomain as `<name>-<namespace>.<that domain>` (openshift-
//   apiserver route allocation, SimpleAllocationPlugin.GenerateHostname) — whichever shard serves it; only
//   spec.subdomain takes each router's own domain (enhancements/ingress/route-subdomain.md, shards.ts).
// - Without the Ingress object, the installer's value: openshift/installer pkg/asset/manifests writes DNS
//   cluster spec.baseDomain = ClusterDomain() and Ingress cluster spec.domain = "apps." + ClusterDomain().
import type { BuiltCluster } from '../../model/build';
import { isRecord } from '../../model/context';
import type { GenericObject } from '../../model/types';
import type { RuleRef } from '../types';
import { ruleAt } from './common';

function configObject(cluster: BuiltCluster, kind: string, group: string, name: string): GenericObject | undefined {
  return (cluster.others.get(kind) ?? []).find((o) => o.meta.apiVersion.startsWith(group + '/') && o.meta.name === name);
}

export interface ForwardedZone {
  server: string;
  zone: string;
  upstreams: string[];
  rule: RuleRef;
}

/** The DNS operator's forwarding server for this name, if its zone covers it (the longest zone wins). */
export function forwardedZone(cluster: BuiltCluster, fqdn: string): ForwardedZone | undefined {
  const dns = configObject(cluster, 'DNS', 'operator.openshift.io', 'default');
  const servers = dns && Array.isArray(dns.spec.servers) ? dns.spec.servers : [];
  const name = fqdn.toLowerCase().replace(/\.$/, '');
  let best: ForwardedZone | undefined;
  servers.forEach((s, i) => {
    if (!isRecord(s) || !Array.isArray(s.zones)) return;
    const fp = isRecord(s.forwardPlugin) ? s.forwardPlugin : {};
    const upstreams = Array.isArray(fp.upstreams) ? fp.upstreams.filter((u): u is string => typeof u === 'string') : [];
    for (const z0 of s.zones) {
      if (typeof z0 !== 'string') continue;
      const zone = z0.toLowerCase().replace(/\.$/, '');
      if (!(name === zone || name.endsWith('.' + zone)) || (best && best.zone.length >= zone.length)) continue;
      const ref = { doc: dns!.meta.ref.doc, path: [...dns!.meta.ref.path, 'spec', 'servers', i] };
      best = { server: typeof s.name === 'string' ? s.name : `servers[${i}]`, zone, upstreams, rule: ruleAt(cluster, dns!.meta, ref, `DNS default, spec.servers[${i}]`) };
    }
  });
  return best;
}

/** The cluster's base domain (config.openshift.io/v1 DNS cluster spec.baseDomain). */
export function baseDomain(cluster: BuiltCluster): string | undefined {
  const d = configObject(cluster, 'DNS', 'config.openshift.io', 'cluster')?.spec.baseDomain;
  return typeof d === 'string' && d ? d.toLowerCase() : undefined;
}

/** The cluster's ingress domain (Ingress cluster spec.domain), when the input says. */
export function ingressDomain(cluster: BuiltCluster): string | undefined {
  const d = configObject(cluster, 'Ingress', 'config.openshift.io', 'cluster')?.spec.domain;
  return typeof d === 'string' && d ? d.toLowerCase() : undefined;
}

export interface DomainSource {
  domain: string;
  /** Where it comes from, in words for explanations. */
  from: string;
}

/** The cluster's ingress domain: Ingress cluster spec.domain, else the installer's `apps.<DNS cluster spec.baseDomain>`. */
export function clusterIngressDomain(cluster: BuiltCluster): DomainSource | undefined {
  const d = ingressDomain(cluster);
  if (d) return { domain: d, from: 'Ingress cluster spec.domain' };
  const base = baseDomain(cluster);
  return base ? { domain: `apps.${base}`, from: `apps. + DNS cluster spec.baseDomain (the installer's Ingress domain)` } : undefined;
}

/** The domain the API server generates hosts in for routes without spec.host and spec.subdomain. */
export function generatedHostDomain(cluster: BuiltCluster): DomainSource | undefined {
  const apps = configObject(cluster, 'Ingress', 'config.openshift.io', 'cluster')?.spec.appsDomain;
  if (typeof apps === 'string' && apps) return { domain: apps.toLowerCase(), from: 'Ingress cluster spec.appsDomain' };
  return clusterIngressDomain(cluster);
}
