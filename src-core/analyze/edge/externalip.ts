// Which Service externalIPs the API server admits, from Network `cluster` (config.openshift.io/v1)
// spec.externalIP. openshift/api config/v1 types_network.go: externalIP "If nil, then ExternalIP is not
// allowed to be set"; ExternalIPConfig.policy "If nil or empty, then ExternalIP is not allowed to be set";
// ExternalIPPolicy: "rejectedCIDRs is the list of disallowed CIDRs. These take precedence over allowedCIDRs."
// The externalip admission plugin (openshift-kube-apiserver admission/network/externalipranger) refuses a
// Service whose externalIPs it does not admit, so such an entry point does not exist.
// Decided only when the input carries the config Network: without it podpath does not know the policy.
import type { BuiltCluster } from '../../model/build';
import type { Service } from '../../model/types';
import { entryContains } from './allowlist';

export interface ExternalIPVerdict {
  /** The externalIPs the policy refuses, each with why. */
  refused: { ip: string; why: string }[];
  admitted: string[];
}

export function externalIPsAdmitted(cluster: BuiltCluster, svc: Service): ExternalIPVerdict | undefined {
  const net = cluster.network;
  if (!net?.hasConfig || svc.externalIPs.length === 0) return undefined;
  const pol = net.externalIP;
  const out: ExternalIPVerdict = { refused: [], admitted: [] };
  for (const ip of svc.externalIPs) {
    if (!pol) out.refused.push({ ip, why: 'Network cluster has no spec.externalIP, so no Service may set externalIPs' });
    else if (!pol.policySet || (!pol.allowedCIDRs.length && !pol.rejectedCIDRs.length)) out.refused.push({ ip, why: 'Network cluster spec.externalIP has no (or an empty) policy, so no Service may set externalIPs' });
    else {
      const rej = pol.rejectedCIDRs.find((c) => entryContains(c, ip));
      if (rej) out.refused.push({ ip, why: `${ip} is in spec.externalIP.policy.rejectedCIDRs ${rej} (rejected CIDRs take precedence)` });
      else if (pol.allowedCIDRs.some((c) => entryContains(c, ip))) out.admitted.push(ip);
      else out.refused.push({ ip, why: `${ip} is in none of spec.externalIP.policy.allowedCIDRs (${pol.allowedCIDRs.join(', ') || 'none'})` });
    }
  }
  return out;
}
