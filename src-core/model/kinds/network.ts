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

/** OVN-Kubernetes adds each node's host-network addresses (management port and join router port IPs) to the
 *  address set of the host network namespace (go-controller/pkg/ovn/master.go addIPToHostNetworkNamespaceAddrSet,
 *  config.Kubernetes.HostNetworkNamespace); the Cluster Network Operator sets it to `openshift-host-network`
 *  (bindata/network/ovn-kubernetes/{managed,self-hosted}/004-config.yaml host-network-namespace), created with the label
 *  `policy-group.network.openshift.io/host-network: ""` (common/openshift-host-network-ns.yaml). */
export const HOST_NETWORK_NAMESPACE = 'openshift-host-network';
export const HOST_NETWORK_LABELS: Readonly<Record<string, string>> = { 'policy-group.network.openshift.io/host-network': '' };
/** While the `default` IngressController's status.endpointPublishingStrategy.type is HostNetwork, the Cluster
 *  Network Operator also puts the ingress policy-group labels on that namespace, "for legacy reasons" the old one
 *  too (pkg/controller/ingressconfig/ingressconfig_controller.go Reconcile; names.go PolicyGroupLabelIngress,
 *  PolicyGroupLabelLegacy), so policies written for openshift-ingress admit the host-network default router. */
export const HOST_NETWORK_INGRESS_LABELS: Readonly<Record<string, string>> = { 'policy-group.network.openshift.io/ingress': '', 'network.openshift.io/policy-group': 'ingress' };

/** Is this the stand-in for traffic from the host network (model/build.ts addHostNetworkRouter)? OVN-Kubernetes
 *  puts those addresses only in the namespace's address set, which a NetworkPolicy peer uses only when it has a
 *  namespaceSelector and no podSelector (go-controller/pkg/ovn/base_network_controller_policy.go
 *  useNamespaceAddrSet: "nil selector will use namespace address sets … config.Kubernetes.HostNetworkNamespace
 *  will be included with empty NamespaceSelector"); a peer with a podSelector, even `{}`, selects pods only. */
export function isHostNetworkStandIn(pod: { hostNetwork: boolean; namespace: string; meta: { impliedBy?: string } }): boolean {
  return pod.hostNetwork && pod.namespace === HOST_NETWORK_NAMESPACE && pod.meta.impliedBy !== undefined;
}
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
