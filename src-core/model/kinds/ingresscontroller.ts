// IngressController (operator.openshift.io/v1, namespace openshift-ingress-operator): the fields that decide
// which routes a router serves and how. Defaults are those of the API type's kubebuilder comments
// (openshift/api operator/v1 types_ingress.go):
// - namespaceSelector / routeSelector: "If unset, the default is no filtering" — both must match when both
//   are set (openshift-docs nw-ingress-sharding: "a route must satisfy both");
// - routeAdmission.namespaceOwnership: "If empty, the default is Strict"; wildcardPolicy: "If empty, defaults
//   to WildcardsDisallowed";
// - endpointPublishingStrategy.type: LoadBalancerService on cloud platforms, HostNetwork on bare metal / none
//   ("If unset, the default is based on infrastructure-specific defaults") — podpath does not know the
//   platform, so an unset type is kept unset;
// - domain: "If empty, defaults to ingress.config.openshift.io/cluster .spec.domain"; status.domain is "the actual
//   domain in use" (the operator sets it once, cluster-ingress-operator ingress/controller.go setDefaultDomain, and
//   passes it to the router as ROUTER_DOMAIN), so it wins when the input has it;
// - defaultCertificate: "If unset, a wildcard certificate is automatically generated and used" — the Secret
//   openshift-ingress/router-certs-<name> (cluster-ingress-operator pkg/operator/controller/names.go
//   RouterEffectiveDefaultCertificateSecretName), for `*.<status.domain>` (certificate/default_cert.go).
// The ingress operator always recreates `default` (cluster-ingress-operator ensureDefaultIngressController),
// so an input without it still has a default router: `impliedDefaultIngressController` stands for it.
import type { Reader } from '../context';
import type { LabelSelector } from '../selector';
import type { NodeRef } from '../../parse/source';
import type { ObjectMeta } from '../types';

export interface IngressControllerSpec {
  meta: ObjectMeta;
  name: string;
  /** Not in the input: the operator's `default` with the documented defaults. */
  implied: boolean;
  namespaceSelector?: LabelSelector;
  namespaceSelectorRef?: NodeRef;
  routeSelector?: LabelSelector;
  routeSelectorRef?: NodeRef;
  /** WildcardsAllowed | WildcardsDisallowed (default). */
  wildcardPolicy: string;
  wildcardPolicySet: boolean;
  /** Strict (default) | InterNamespaceAllowed. */
  namespaceOwnership: string;
  namespaceOwnershipRef?: NodeRef;
  /** LoadBalancerService | HostNetwork | NodePortService | Private (status first, then spec); undefined when the input does not say. */
  publishing?: string;
  publishingRef?: NodeRef;
  domain?: string;
  /** status.domain: the domain the operator settled on (spec.domain or the cluster's at creation). */
  statusDomain?: string;
  /** spec.defaultCertificate.name: a Secret in openshift-ingress. */
  defaultCertificate?: string;
  defaultCertificateRef?: NodeRef;
}

export function ingressControllerFrom(meta: ObjectMeta, r: Reader): IngressControllerSpec {
  const spec = r.at('spec');
  const ra = spec.at('routeAdmission');
  const eps = spec.at('endpointPublishingStrategy');
  const wp = ra.strAt('wildcardPolicy');
  const ns = spec.at('namespaceSelector');
  const rs = spec.at('routeSelector');
  return {
    meta,
    name: meta.name,
    implied: false,
    namespaceSelector: spec.selectorAt('namespaceSelector'),
    namespaceSelectorRef: ns.present ? ns.ref : undefined,
    routeSelector: spec.selectorAt('routeSelector'),
    routeSelectorRef: rs.present ? rs.ref : undefined,
    wildcardPolicy: wp || 'WildcardsDisallowed',
    wildcardPolicySet: !!wp,
    namespaceOwnership: ra.strAt('namespaceOwnership') || 'Strict',
    namespaceOwnershipRef: ra.at('namespaceOwnership').present ? ra.at('namespaceOwnership').ref : undefined,
    // status.endpointPublishingStrategy is "the actual strategy in use" (types_ingresscontroller.go): it wins.
    publishing: r.at('status').at('endpointPublishingStrategy').strAt('type') || eps.strAt('type'),
    publishingRef: r.at('status').at('endpointPublishingStrategy').strAt('type') ? r.at('status').at('endpointPublishingStrategy').ref : eps.present ? eps.ref : undefined,
    domain: spec.strAt('domain'),
    statusDomain: r.at('status').strAt('domain') || undefined,
    defaultCertificate: spec.at('defaultCertificate').strAt('name'),
    defaultCertificateRef: spec.at('defaultCertificate').present ? spec.at('defaultCertificate').ref : undefined,
  };
}

export function impliedDefaultIngressController(): IngressControllerSpec {
  const meta: ObjectMeta = { kind: 'IngressController', apiVersion: 'operator.openshift.io/v1', name: 'default', namespace: 'openshift-ingress-operator', labels: {}, annotations: {}, ref: { doc: -1, path: [] }, impliedBy: 'openshift' };
  return { meta, name: 'default', implied: true, wildcardPolicy: 'WildcardsDisallowed', wildcardPolicySet: false, namespaceOwnership: 'Strict' };
}
