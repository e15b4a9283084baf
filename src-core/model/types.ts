// The model: typed, normalised objects built from manifests. Plain data only (it crosses the Web Worker
// boundary); every object keeps a NodeRef to the YAML it came from. Field names follow the platform's
// own API so a support engineer recognises them. Nothing here decides reachability: see analyze/.
import type { NodeRef } from '../parse/source';
import type { LabelSelector } from './selector';
import type { CalicoObjects } from './calico-types';

export type Labels = Readonly<Record<string, string>>;
export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

export type ProfileName = 'kubernetes' | 'openshift' | 'openshift-multitenant' | 'lumi-k' | 'calico';
/** A profile, or `auto`: the one the input shows (model/detect.ts). */
export type ProfileChoice = ProfileName | 'auto';

/** What every model object carries about itself. */
export interface ObjectMeta {
  kind: string;
  apiVersion: string;
  name: string;
  /** '' for cluster-scoped objects. */
  namespace: string;
  labels: Labels;
  annotations: Labels;
  creationTimestamp?: string;
  uid?: string;
  /** Where the object is in the input. Implied objects (from a profile) point at nothing real. */
  ref: NodeRef;
  /** Set when the object was not in the input but implied by the profile (e.g. LUMI-K's default policies). */
  impliedBy?: ProfileName;
}

/** `Kind/namespace/name` (or `Kind/name` when cluster-scoped): a stable id for any object. */
export type ObjectKey = string;

export function objectKey(m: Pick<ObjectMeta, 'kind' | 'namespace' | 'name'>): ObjectKey {
  return m.namespace ? `${m.kind}/${m.namespace}/${m.name}` : `${m.kind}/${m.name}`;
}

// ---------------------------------------------------------------------------------------------------
// Namespaces

export interface Namespace {
  meta: ObjectMeta;
  name: string;
  /** Labels including the implied `kubernetes.io/metadata.name`. */
  labels: Labels;
  /** False when no Namespace/Project object declares it but something lives in it. */
  declared: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Pods and workloads

export const WORKLOAD_KINDS = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'DeploymentConfig',
] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol: Protocol;
  container: string;
  ref: NodeRef;
}

export interface EnvVar {
  name: string;
  value?: string;
  /** `valueFrom.configMapKeyRef` / `secretKeyRef`, kept so egress-router config can be followed. */
  configMapKeyRef?: { name: string; key: string };
  secretKeyRef?: { name: string; key: string };
}

export interface Container {
  name: string;
  image?: string;
  ports: ContainerPort[];
  env: EnvVar[];
  /** `envFrom[].configMapRef.name` */
  envFromConfigMaps: string[];
  ref: NodeRef;
}

/**
 * A Pod, or a workload standing for the pods of its template. Reachability treats both alike: an
 * endpoint with labels and ports in a namespace. `id` is `namespace/name`, the FORMAT.md endpoint form.
 */
export interface PodLike {
  meta: ObjectMeta;
  id: string;
  kind: 'Pod' | WorkloadKind;
  namespace: string;
  name: string;
  /** The pod's labels (for a workload: its template's labels). */
  podLabels: Labels;
  podAnnotations: Labels;
  /** Containers that run and serve (regular containers plus native sidecars: init containers with restartPolicy Always). */
  containers: Container[];
  /** Init containers that run to completion before the pod starts (e.g. the OpenShift egress router's setup
   *  container, which carries EGRESS_SOURCE / EGRESS_DESTINATION). Their ports serve nothing. */
  initContainers: Container[];
  /** All containers' ports, in order. */
  ports: ContainerPort[];
  /** Path of the pod spec (for a workload: spec.template.spec). */
  podSpecRef: NodeRef;
  /** Where the pod labels are written. */
  podLabelsRef: NodeRef;
  hostNetwork: boolean;
  podIP?: string;
  podIPs: string[];
  hostIP?: string;
  nodeName?: string;
  phase?: string;
  /** The Ready condition: true/false when status says so, undefined when unknown (treated as ready). */
  ready?: boolean;
  /** metadata.deletionTimestamp is set: the pod is terminating (EndpointSlice condition `terminating`). */
  terminating?: boolean;
  hostname?: string;
  subdomain?: string;
  /** StatefulSet spec.serviceName: the subdomain of its pods (`<sts>-<ordinal>.<serviceName>`). */
  serviceName?: string;
  dnsPolicy: string;
  dnsConfig?: { nameservers: string[]; searches: string[]; options: { name: string; value?: string }[] };
  serviceAccountName?: string;
  /** The controller ownerReference of a Pod (e.g. its ReplicaSet) or of a workload (a ReplicaSet's Deployment). */
  owner?: { kind: string; name: string };
  /** The top workload of the input this Pod (or owned workload) belongs to, following ownerReferences
   *  (Pod → ReplicaSet → Deployment): its group. Set by model/owners.ts. */
  workload?: ObjectKey;
  replicas?: number;
}

// ---------------------------------------------------------------------------------------------------
// Services and endpoints

export interface ServicePort {
  name?: string;
  port: number;
  /** Number, or a name looked up in each pod's containerPorts. Defaults to `port`. */
  targetPort: number | string;
  targetPortExplicit: boolean;
  protocol: Protocol;
  nodePort?: number;
  appProtocol?: string;
  ref: NodeRef;
}

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

export interface Service {
  meta: ObjectMeta;
  type: ServiceType;
  /** undefined: the Service has no selector (endpoints come from EndpointSlices / Endpoints). */
  selector?: Labels;
  selectorRef: NodeRef;
  ports: ServicePort[];
  clusterIP?: string;
  clusterIPs: string[];
  /** clusterIP: None */
  headless: boolean;
  externalName?: string;
  externalIPs: string[];
  sessionAffinity: string;
  loadBalancerSourceRanges: string[];
  loadBalancerIP?: string;
  ingressIPs: string[];
  externalTrafficPolicy?: string;
  internalTrafficPolicy?: string;
  publishNotReadyAddresses: boolean;
}

export interface EndpointAddress {
  addresses: string[];
  /** EndpointSlice conditions.ready; Endpoints: address vs notReadyAddress. */
  ready: boolean;
  /** EndpointSlice conditions.serving (nil = true, as kube-proxy reads it). */
  serving: boolean;
  /** EndpointSlice conditions.terminating (nil = false). */
  terminating: boolean;
  /** The node the endpoint runs on (EndpointSlice nodeName, Endpoints address nodeName). */
  nodeName?: string;
  hostname?: string;
  targetRef?: { kind: string; name: string; namespace?: string };
  ref: NodeRef;
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol: Protocol;
}

/** An EndpointSlice, or one subset of an Endpoints object, normalised to the same shape. */
export interface EndpointSet {
  meta: ObjectMeta;
  /** The Service these endpoints belong to (EndpointSlice label kubernetes.io/service-name, or Endpoints name). */
  serviceName: string;
  addressType: string;
  endpoints: EndpointAddress[];
  ports: EndpointPort[];
  /** An Endpoints object labelled `endpointslice.kubernetes.io/skip-mirror: "true"`: not mirrored into
   *  EndpointSlices, so kube-proxy (which reads only slices) never sees it. */
  skipMirror?: boolean;
}

// ---------------------------------------------------------------------------------------------------
// NetworkPolicy (networking.k8s.io/v1)

export interface IPBlock {
  cidr: string;
  except: string[];
  ref: NodeRef;
}

export interface NetworkPolicyPeer {
  /** Absent podSelector with a namespaceSelector = all pods in the selected namespaces. */
  podSelector?: LabelSelector;
  /** Absent = the policy's own namespace. `{}` = every namespace. */
  namespaceSelector?: LabelSelector;
  ipBlock?: IPBlock;
  ref: NodeRef;
}

export interface NetworkPolicyPort {
  protocol: Protocol;
  /** undefined = every port of the protocol. */
  port?: number | string;
  endPort?: number;
  /** Why the written port cannot be read (80.5, 1e29): the entry admits nothing. */
  invalid?: string;
  ref: NodeRef;
}

export interface NetworkPolicyRule {
  index: number;
  /** undefined (field missing) or [] both mean "every peer". */
  peers?: NetworkPolicyPeer[];
  /** undefined (field missing) or [] both mean "every port". */
  ports?: NetworkPolicyPort[];
  ref: NodeRef;
}

export type PolicyType = 'Ingress' | 'Egress';

export interface NetworkPolicy {
  meta: ObjectMeta;
  podSelector: LabelSelector;
  podSelectorRef: NodeRef;
  policyTypes: PolicyType[];
  /** False when policyTypes was defaulted (Ingress, plus Egress if spec.egress is present). */
  policyTypesExplicit: boolean;
  ingress: NetworkPolicyRule[];
  egress: NetworkPolicyRule[];
}

// ---------------------------------------------------------------------------------------------------
// AdminNetworkPolicy / BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1)

export type AdminAction = 'Allow' | 'Deny' | 'Pass';

export type AdminSubject =
  | { namespaces: LabelSelector; pods?: undefined }
  | { pods: { namespaceSelector: LabelSelector; podSelector: LabelSelector }; namespaces?: undefined };

export interface AdminPeer {
  namespaces?: LabelSelector;
  pods?: { namespaceSelector: LabelSelector; podSelector: LabelSelector };
  /** CIDRs (egress only). */
  networks?: string[];
  /** Node selector (egress only); nodes are not modelled as endpoints, kept for display. */
  nodes?: LabelSelector;
  ref: NodeRef;
}

export type AdminPort =
  | { kind: 'portNumber'; protocol: Protocol; port: number; ref: NodeRef }
  | { kind: 'namedPort'; name: string; ref: NodeRef }
  | { kind: 'portRange'; protocol: Protocol; start: number; end: number; ref: NodeRef };

export interface AdminRule {
  index: number;
  name?: string;
  action: AdminAction;
  peers: AdminPeer[];
  /** undefined = every port. */
  ports?: AdminPort[];
  ref: NodeRef;
}

export interface AdminNetworkPolicy {
  meta: ObjectMeta;
  /** undefined for the BaselineAdminNetworkPolicy. */
  priority?: number;
  baseline: boolean;
  subject: AdminSubject;
  subjectRef: NodeRef;
  ingress: AdminRule[];
  egress: AdminRule[];
}

// ---------------------------------------------------------------------------------------------------
// Edge objects: Routes, Ingress, Gateway API. The edge stage fills these in (see model/kinds/).

export interface RouteBackend {
  kind: string;
  name: string;
  /** Route weights 0..256; default 100 for `to`, and for alternateBackends without a weight. */
  weight: number;
  ref: NodeRef;
}

export interface RouteTLS {
  termination: 'edge' | 'passthrough' | 'reencrypt' | string;
  insecureEdgeTerminationPolicy?: 'None' | 'Allow' | 'Redirect' | string;
  certificate?: string;
  key?: string;
  caCertificate?: string;
  destinationCACertificate?: string;
  externalCertificate?: string;
  ref: NodeRef;
}

export interface Route {
  meta: ObjectMeta;
  host?: string;
  /** spec.subdomain (no host): the router makes the host `<subdomain>.<its domain>`. */
  subdomain?: string;
  path?: string;
  wildcardPolicy: string;
  to: RouteBackend;
  alternateBackends: RouteBackend[];
  /** spec.port.targetPort: a string is matched against Service port names, a number against endpoint ports. */
  targetPort?: number | string;
  targetPortRef?: NodeRef;
  tls?: RouteTLS;
  /** status.ingress[].routerCanonicalHostname etc. kept raw for display. */
  admittedBy: string[];
  /** status.ingress[]: what each router wrote about the route (its Admitted condition), for real dumps. */
  routerStatus?: RouteRouterStatus[];
  /** spec.httpHeaders.actions (only validated: the API server's rules for header actions). */
  httpHeaders?: { request: RouteHeaderAction[]; response: RouteHeaderAction[] };
}

export interface RouteHeaderAction {
  name: string;
  type: string;
  /** action.set present, and its value. */
  set?: { value: string };
}

export interface RouteRouterStatus {
  routerName: string;
  /** The Admitted condition: True, False, or absent (undefined). */
  admitted?: boolean;
  reason?: string;
  message?: string;
  wildcardPolicy?: string;
  ref: NodeRef;
}

export interface IngressBackend {
  service?: { name: string; port?: { number?: number; name?: string } };
  resource?: { apiGroup?: string; kind: string; name: string };
  ref: NodeRef;
}

export interface IngressPath {
  path?: string;
  pathType: 'Exact' | 'Prefix' | 'ImplementationSpecific' | string;
  backend: IngressBackend;
  ref: NodeRef;
}

export interface IngressRule {
  host?: string;
  paths: IngressPath[];
  ref: NodeRef;
}

export interface Ingress {
  meta: ObjectMeta;
  ingressClassName?: string;
  /** Where the class came from; `both` when spec.ingressClassName AND the legacy annotation are set
   *  (the API server refuses to create such an Ingress). */
  classSource?: 'spec' | 'annotation' | 'both';
  defaultBackend?: IngressBackend;
  rules: IngressRule[];
  tls: { hosts: string[]; secretName?: string; ref: NodeRef }[];
}

export interface IngressClass {
  meta: ObjectMeta;
  controller: string;
  isDefault: boolean;
}

/** Gateway API objects and anything else the edge stage models keep their normalised spec here. */
export interface GenericObject {
  meta: ObjectMeta;
  spec: Record<string, unknown>;
  /** The whole object as written (plain data). */
  raw: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------------
// The cluster: everything the analysis needs, indexed.

export interface Profile {
  name: ProfileName;
  title: string;
  /** Where the ingress router / controller runs, and its labels. */
  router: { namespace: string; namespaceLabels: Labels; podLabels: Labels; podName: string };
  podCIDR?: string;
  serviceCIDR?: string;
  clusterDomain: string;
  /** The cluster DNS server pods, as NetworkPolicies see them. Policies are evaluated on the pod's port
   *  after the Service's DNAT: on OpenShift the `dns-default` Service's port 53 lands on the pods' 5353. */
  dns: { namespace: string; namespaceLabels: Labels; podLabels: Labels; podName: string; serviceName: string; servicePort: number; podPort: number };
  /** openshift-multitenant: projects isolated by NetNamespace netid. */
  multitenant: boolean;
}

export interface Cluster {
  profile: Profile;
  namespaces: Map<string, Namespace>;
  /** The endpoints: Pods, and workloads standing for the pods of their template when the input has no live
   *  Pod of theirs. A workload with live Pods, and a workload owned by another one (a Deployment's
   *  ReplicaSet), is in `workloads` instead (model/owners.ts). */
  pods: PodLike[];
  /** Workloads that are groups, not endpoints: their live Pods (or their owner's template) stand for them. */
  workloads: PodLike[];
  /** Endpoints by `namespace/name`. A Pod wins over a workload of the same name; the name of a workload in
   *  `workloads` gives one of its live Pods (a ready one first), or its owner's stand-in. */
  podsById: Map<string, PodLike>;
  services: Service[];
  endpointSets: EndpointSet[];
  networkPolicies: NetworkPolicy[];
  /** AdminNetworkPolicies sorted by priority (then name); the baseline, if any, separately. */
  adminNetworkPolicies: AdminNetworkPolicy[];
  baselineAdminNetworkPolicy?: AdminNetworkPolicy;
  routes: Route[];
  ingresses: Ingress[];
  ingressClasses: IngressClass[];
  /** Everything else known by kind (Gateway, HTTPRoute, GatewayClass, ReferenceGrant, EgressNetworkPolicy,
   *  EgressFirewall, NetNamespace, HostSubnet, EgressIP, ConfigMap, Secret ...), by kind. */
  others: Map<string, GenericObject[]>;
  /** Every object, by ObjectKey. */
  objects: Map<ObjectKey, ObjectMeta>;
  /** Calico NetworkPolicies, GlobalNetworkPolicies and Tiers (model/kinds/calicopolicy.ts); absent when the input has none. */
  calico?: CalicoObjects;
}
