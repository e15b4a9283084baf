// The cluster's DNS and ingress configuration objects:
// - DNS `default` (operator.openshift.io/v1): spec.servers — "servers is a list of DNS resolvers that provide
//   name query delegation for one or more subdomains outside the scope of the cluster domain"; each server's
//   zones are forwarded to forwardPlugin.upstreams (openshift/api operator/v1 types_dns.go Server, ForwardPlugin;
//   openshift-docs nw-dns-forward). CoreDNS picks the most specific zone block, so the longest zone wins.
// - DNS `cluster` (config.openshift.io/v1): spec.baseDomain — "the base domain of the cluster. All managed DNS
//   records will be sub-domains of this base" (types_dns.go).
// - Ingress `cluster` (config.openshift.io/v1): spec.domain — "the domain for the cluster's generated route
//   hosts"; an IngressController's own spec.domain overrides it for the routes it serves (types_ingress.go).
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

/** The domain of generated route hosts (Ingress cluster spec.domain), when the input says. */
export function ingressDomain(cluster: BuiltCluster): string | undefined {
  const d = configObject(cluster, 'Ingress', 'config.openshift.io', 'cluster')?.spec.domain;
  return typeof d === 'string' && d ? d.toLowerCase() : undefined;
}
