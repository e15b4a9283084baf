// The cluster's network configuration: Network `cluster` of config.openshift.io/v1 (what `oc describe
// network.config/cluster` shows) and of operator.openshift.io/v1 (the Cluster Network Operator's own).
// openshift/api config/v1 types_network.go: clusterNetwork (cidr, hostPrefix), serviceNetwork, networkType —
// status "holds observed values from the cluster", so status wins over spec when both are given; externalIP
// "If nil, then ExternalIP is not allowed to be set", and its policy: "If nil or empty, then ExternalIP is not
// allowed to be set"; rejectedCIDRs take precedence over allowedCIDRs.
// operator/v1 types_network.go: defaultNetwork.type, openshiftSDNConfig.mode ("NetworkPolicy" is the default
// "mode" since 4.x: "If unset, the default is NetworkPolicy"; Multitenant isolates projects; Subnet enforces no
// policy at all).
import type { Reader } from '../context';
import type { NodeRef } from '../../parse/source';
import type { ObjectMeta } from '../types';

export interface NetworkConfig {
  /** The object the CIDRs come from (config first, operator second). */
  meta: ObjectMeta;
  podCIDRs: string[];
  podCIDRsRef?: NodeRef;
  hostPrefix?: number;
  serviceCIDRs: string[];
  serviceCIDRsRef?: NodeRef;
  networkType?: string;
  /** OpenShiftSDN only: NetworkPolicy (default) | Multitenant | Subnet. */
  sdnMode?: string;
  sdnModeRef?: NodeRef;
  sdnMeta?: ObjectMeta;
  /** config/v1 spec.externalIP; undefined = the field is absent (externalIPs are not allowed). */
  externalIP?: { allowedCIDRs: string[]; rejectedCIDRs: string[]; ref: NodeRef; policySet: boolean };
  externalIPMeta?: ObjectMeta;
  /** Whether a config.openshift.io Network was in the input (externalIP is only decided then). */
  hasConfig: boolean;
}

function cidrsOf(list: Reader[]): string[] {
  return list.map((c) => c.strAt('cidr')).filter((c): c is string => !!c);
}

/** Folds one Network object into the config; config.openshift.io is read before operator.openshift.io. */
export function readNetwork(meta: ObjectMeta, r: Reader, into: NetworkConfig | undefined): NetworkConfig {
  const isConfig = meta.apiVersion.startsWith('config.openshift.io/');
  const out: NetworkConfig = into ?? { meta, podCIDRs: [], serviceCIDRs: [], hasConfig: false };
  const status = r.at('status');
  const spec = r.at('spec');
  const pick = (k: string) => (isConfig && status.at(k).isList() && status.listAt(k).length ? status.at(k) : spec.at(k));
  if (!out.podCIDRs.length) {
    const cn = pick('clusterNetwork');
    out.podCIDRs = cidrsOf(cn.list());
    if (out.podCIDRs.length) {
      out.podCIDRsRef = cn.ref;
      out.hostPrefix = cn.list()[0]?.numAt('hostPrefix');
      out.meta = meta;
    }
  }
  if (!out.serviceCIDRs.length) {
    const sn = pick('serviceNetwork');
    out.serviceCIDRs = sn.strList();
    if (out.serviceCIDRs.length) out.serviceCIDRsRef = sn.ref;
  }
  if (isConfig) {
    out.hasConfig = true;
    out.networkType ??= status.strAt('networkType') ?? spec.strAt('networkType');
    const ext = spec.at('externalIP');
    if (ext.present) {
      const pol = ext.at('policy');
      out.externalIP = { allowedCIDRs: pol.strListAt('allowedCIDRs'), rejectedCIDRs: pol.strListAt('rejectedCIDRs'), ref: pol.present ? pol.ref : ext.ref, policySet: pol.present };
      out.externalIPMeta = meta;
    }
  } else {
    const dn = spec.at('defaultNetwork');
    out.networkType ??= dn.strAt('type');
    const sdn = dn.at('openshiftSDNConfig');
    if (dn.strAt('type') === 'OpenShiftSDN' || sdn.present) {
      out.sdnMode = sdn.strAt('mode') || 'NetworkPolicy';
      out.sdnModeRef = sdn.at('mode').present ? sdn.at('mode').ref : dn.ref;
      out.sdnMeta = meta;
    }
  }
  return out;
}
