// model: manifest objects → Cluster. Dispatches each object to its kind's normaliser, fills in the
// namespaces that objects use, and adds what the profile implies. Pure: same input, same Cluster.
import type { Diagnostic } from '../parse/diagnostics';
import { parseManifests, type ManifestObject, type ParseResult } from '../parse/parse';
import type { NodeRef, SourceMap, SourceRange } from '../parse/source';
import { BuildContext, Reader } from './context';
import { adminNetworkPolicyFrom } from './kinds/adminnetpol';
import { ingressClassFrom, ingressFrom, routeFrom } from './kinds/edge';
import { EGRESS_ROUTER_CNI_DEPLOYMENT, EGRESS_ROUTER_CNI_LABEL, readEgressRouter } from './kinds/egressrouter';
import { CLUSTER_SCOPED, readMeta } from './kinds/meta';
import { impliedNamespace, namespaceFrom } from './kinds/namespace';
import { networkPolicyFrom } from './kinds/networkpolicy';
import { calicoKindOf, calicoPolicyFrom } from './kinds/calicopolicy';
import { calicoTierFrom } from './kinds/calicotier';
import { endpointSliceFrom, endpointsFrom, serviceFrom } from './kinds/service';
import { podFrom, workloadFrom } from './kinds/workload';
import { impliedDefaultIngressController, ingressControllerFrom, type IngressControllerSpec } from './kinds/ingresscontroller';
import { HOST_NETWORK_INGRESS_LABELS, HOST_NETWORK_LABELS, HOST_NETWORK_NAMESPACE, readNetwork, type NetworkConfig } from './kinds/network';
import { instantiateTemplate, isTemplate } from './kinds/template';
import { foldOwnedWorkloads } from './owners';
import { detectProfile, type DetectedProfile } from './detect';
import { unmodelledKind } from './unmodelled';
import { PROFILES, LUMIK_DEFAULTS_FILE, LUMIK_DEFAULTS_YAML, isPlatformNamespace, isPlainKubernetes } from './profiles';
import type { AdminNetworkPolicy, Cluster, ContainerPort, GenericObject, NetworkPolicy, ObjectMeta, PodLike, ProfileChoice, ProfileName, Protocol, WorkloadKind } from './types';
import { WORKLOAD_KINDS, objectKey } from './types';

export interface BuildOptions {
  /** `auto`: the profile the input shows (model/detect.ts); unset: `kubernetes`. */
  profile?: ProfileChoice;
  /** Where objects without metadata.namespace go (kubectl's -n); `default` unless given. */
  defaultNamespace?: string;
}

export interface BuiltCluster extends Cluster {
  sourceMap: SourceMap;
  /** Parse and model diagnostics, in input order. */
  diagnostics: Diagnostic[];
  /** The ingress router / controller as an endpoint (stand-in pod in the profile's router namespace). */
  routerPod: PodLike;
  /** Set when the profile was chosen from the input (`profile: 'auto'`): which, and the objects that decided it. */
  detectedProfile?: DetectedProfile;
  /** The cluster DNS server as an endpoint (stand-in pod in the profile's DNS namespace, listening on `profile.dns.podPort`). */
  dnsPod: PodLike;
  /** The IngressControllers (router shards) of the input, plus the operator's `default` when the input lacks it. */
  ingressControllers: IngressControllerSpec[];
  /** The router of a HostNetwork IngressController as NetworkPolicies see it (see addHostNetworkRouter). */
  hostNetworkRouterPod?: PodLike;
  /** Network `cluster` (config.openshift.io/v1, then operator.openshift.io/v1) when the input has it. */
  network?: NetworkConfig;
}

/** Kinds the model reads, or knows and deliberately ignores for connectivity (no "unknown kind" note). */
const KNOWN_OTHER_KINDS = new Set([
  'GatewayClass', 'Gateway', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute', 'ReferenceGrant',
  'EgressNetworkPolicy', 'EgressFirewall', 'NetNamespace', 'HostSubnet', 'EgressIP', 'EgressRouter', 'ClusterNetwork',
  'ConfigMap', 'Secret', 'ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'Node',
  'PersistentVolumeClaim', 'PersistentVolume', 'StorageClass', 'HorizontalPodAutoscaler', 'PodDisruptionBudget',
  'ImageStream', 'ImageStreamTag', 'BuildConfig', 'Build', 'Event', 'LimitRange', 'ResourceQuota', 'CustomResourceDefinition',
  'ControllerRevision', 'Template', 'ServiceMonitor', 'PodMonitor', 'Certificate', 'Issuer', 'VirtualMachine',
  'IngressController', 'Network', 'DNS',
]);

const IMPLIED_DOC_BASE = 1_000_000;

/** Resolves refs into the user's input, and into the profile's implied YAML for implied objects. */
class CompositeSourceMap implements SourceMap {
  constructor(private readonly user: SourceMap, private readonly implied: SourceMap) {}
  locate(ref: NodeRef): SourceRange {
    if (ref.doc < 0) return { file: '', startLine: 1, startCol: 1, endLine: 1, endCol: 1 };
    return ref.doc >= IMPLIED_DOC_BASE ? this.implied.locate({ doc: ref.doc - IMPLIED_DOC_BASE, path: ref.path }) : this.user.locate(ref);
  }
  textOf(file: string): string | undefined {
    return this.user.textOf(file) ?? this.implied.textOf(file);
  }
}

let lumikDefaults: ParseResult | undefined;
function lumikDefaultsParsed(): ParseResult {
  lumikDefaults ??= parseManifests([{ name: LUMIK_DEFAULTS_FILE, text: LUMIK_DEFAULTS_YAML }]);
  return lumikDefaults;
}

export function buildCluster(parsed: ParseResult, options: BuildOptions = {}): BuiltCluster {
  const detected = options.profile === 'auto' ? detectProfile(parsed) : undefined;
  const profile = PROFILES[detected?.profile ?? (options.profile === 'auto' ? undefined : options.profile) ?? 'kubernetes'];
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const implied = lumikDefaultsParsed();
  const sourceMap = new CompositeSourceMap(parsed.sourceMap, implied.sourceMap);
  const ctx = new BuildContext(sourceMap);

  const cluster: BuiltCluster = {
    profile,
    namespaces: new Map(),
    pods: [],
    workloads: [],
    podsById: new Map(),
    services: [],
    endpointSets: [],
    networkPolicies: [],
    adminNetworkPolicies: [],
    baselineAdminNetworkPolicy: undefined,
    routes: [],
    ingresses: [],
    ingressClasses: [],
    others: new Map(),
    objects: new Map(),
    sourceMap,
    diagnostics: [],
    routerPod: undefined as unknown as PodLike,
    dnsPod: undefined as unknown as PodLike,
    ingressControllers: [],
  };
  const networks: { meta: ObjectMeta; r: Reader }[] = [];
  if (detected) cluster.detectedProfile = detected;

  const seen = new Map<string, ManifestObject>();
  for (const obj of withTemplateObjects(parsed.objects, ctx, defaultNamespace)) {
    const { meta, r } = readMeta(ctx, obj, defaultNamespace);
    const key = objectKey(meta);
    // Calico's NetworkPolicy is another resource than Kubernetes' of the same kind name: same name, no duplicate.
    const calico = calicoKindOf(meta.apiVersion, meta.kind) !== undefined;
    const seenKey = calico ? `calico:${key}` : key;
    const earlier = seen.get(seenKey);
    if (earlier) {
      ctx.report('duplicate-object', obj.ref, `${meta.kind} ${meta.namespace ? meta.namespace + '/' : ''}${meta.name} is defined twice (first at line ${earlier.range.startLine}); the later one is used, as \`kubectl apply\` would.`);
      removeObject(cluster, key, calico);
    }
    seen.set(seenKey, obj);
    cluster.objects.set(key, meta);
    if (meta.kind === 'Network' && meta.name === 'cluster' && /^(config|operator)\.openshift\.io\//.test(meta.apiVersion)) networks.push({ meta, r });
    addObject(cluster, ctx, obj, meta, r);
  }
  applyClusterConfig(cluster, networks);

  foldOwnedWorkloads(cluster);

  // Namespaces that objects live in exist even when no Namespace object declares them.
  const used = new Set<string>();
  for (const m of cluster.objects.values()) if (m.namespace) used.add(m.namespace);
  for (const ns of used) if (!cluster.namespaces.has(ns)) cluster.namespaces.set(ns, impliedNamespace(ns));

  // The router: a stand-in pod in the profile's router namespace.
  const rt = profile.router;
  if (!cluster.namespaces.has(rt.namespace)) {
    const ns = impliedNamespace(rt.namespace, rt.namespaceLabels);
    ns.meta.impliedBy = profile.name;
    cluster.namespaces.set(rt.namespace, ns);
  }
  cluster.routerPod = standInPod(profile.name, rt.namespace, rt.podName, rt.podLabels, []);
  const dns = profile.dns;
  cluster.dnsPod = standInPod(profile.name, dns.namespace, dns.podName, dns.podLabels, [
    { name: 'dns', containerPort: dns.podPort, protocol: 'UDP', container: 'dns', ref: { doc: -1, path: [] } },
    { name: 'dns-tcp', containerPort: dns.podPort, protocol: 'TCP', container: 'dns', ref: { doc: -1, path: [] } },
  ]);

  addHostNetworkRouter(cluster);
  if (!isPlainKubernetes(profile)) addEgressRouterPods(cluster, profile.name);
  if (profile.name === 'lumi-k') addLumiKDefaults(cluster, ctx, implied);

  cluster.adminNetworkPolicies.sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0) || a.meta.name.localeCompare(b.meta.name));
  cluster.diagnostics = [...parsed.diagnostics, ...ctx.diagnostics];
  return cluster;
}

/** The host network as NetworkPolicies see it under OVN-Kubernetes (model/kinds/network.ts). */
export { HOST_NETWORK_NAMESPACE, HOST_NETWORK_LABELS } from './kinds/network';

function addHostNetworkRouter(cluster: BuiltCluster): void {
  if (!cluster.ingressControllers.some((ic) => ic.publishing === 'HostNetwork')) return;
  if (!cluster.namespaces.has(HOST_NETWORK_NAMESPACE)) {
    // A declared Namespace (a must-gather) keeps the labels it was dumped with.
    const def = cluster.ingressControllers.find((ic) => ic.name === 'default');
    const hostDefault = def?.publishing === 'HostNetwork';
    const ns = impliedNamespace(HOST_NETWORK_NAMESPACE, hostDefault ? { ...HOST_NETWORK_LABELS, ...HOST_NETWORK_INGRESS_LABELS } : { ...HOST_NETWORK_LABELS });
    ns.meta.impliedBy = 'openshift';
    cluster.namespaces.set(HOST_NETWORK_NAMESPACE, ns);
  }
  cluster.hostNetworkRouterPod = { ...standInPod('openshift', HOST_NETWORK_NAMESPACE, 'router (host network)', {}, []), hostNetwork: true };
}

/** A pod the platform runs (router, DNS) that the input does not contain. */
function standInPod(profile: ProfileName, namespace: string, name: string, labels: PodLike['podLabels'], ports: ContainerPort[]): PodLike {
  const nowhere = { doc: -1, path: [] };
  return {
    meta: { kind: 'Pod', apiVersion: 'v1', name, namespace, labels, annotations: {}, ref: nowhere, impliedBy: profile },
    id: `${namespace}/${name}`,
    kind: 'Pod',
    namespace,
    name,
    podLabels: labels,
    podAnnotations: {},
    containers: ports.length ? [{ name: ports[0].container, ports, env: [], envFromConfigMaps: [], ref: nowhere }] : [],
    initContainers: [],
    ports,
    podSpecRef: nowhere,
    podLabelsRef: nowhere,
    hostNetwork: false,
    podIPs: [],
    dnsPolicy: 'ClusterFirst',
  };
}

/** The Cluster Network Operator runs each OVN EgressRouter CR (network.operator.openshift.io/v1) as
 *  Deployment egress-router-cni-deployment with pods labelled app=egress-router-cni (openshift-docs
 *  nw-egress-router-about, "Failover configuration"); a stand-in when the input has the CR but not the
 *  Deployment or its pods, so Services selecting it have an endpoint. A CR the CRD rejects gets none. */
function addEgressRouterPods(cluster: BuiltCluster, profile: ProfileName): void {
  for (const cr0 of cluster.others.get('EgressRouter') ?? []) {
    const ns = cr0.meta.namespace ?? 'default';
    if (readEgressRouter(cr0).errors.length || cluster.pods.some((p) => p.namespace === ns && p.podLabels.app === EGRESS_ROUTER_CNI_LABEL)) continue;
    // The router listens on the ports its redirect rules name (iptables DNAT per port and protocol).
    const cr = readEgressRouter(cr0);
    const ports: ContainerPort[] = cr.rules.filter((r) => r.port !== undefined).map((r) => ({ containerPort: r.port!, protocol: (r.protocol ?? 'TCP') as Protocol, container: 'egress-router', ref: r.ref ?? cr0.meta.ref }));
    const pod = standInPod(profile, ns, EGRESS_ROUTER_CNI_DEPLOYMENT, { app: EGRESS_ROUTER_CNI_LABEL }, ports);
    addPod(cluster, { ...pod, kind: 'Deployment', meta: { ...pod.meta, kind: 'Deployment', apiVersion: 'apps/v1' } }, false);
  }
}

function addLumiKDefaults(cluster: BuiltCluster, ctx: BuildContext, implied: ParseResult): void {
  const userPolicies = new Set(cluster.networkPolicies.map((p) => `${p.meta.namespace}/${p.meta.name}`));
  for (const ns of cluster.namespaces.values()) {
    if (isPlatformNamespace(ns.name) || ns.name === cluster.profile.router.namespace) continue;
    for (const obj of implied.objects) {
      if (userPolicies.has(`${ns.name}/${obj.name}`)) continue;
      const ref = { doc: obj.ref.doc + IMPLIED_DOC_BASE, path: obj.ref.path };
      const { meta, r } = readMeta(ctx, { ...obj, ref, namespace: ns.name }, ns.name);
      meta.impliedBy = 'lumi-k';
      const policy = networkPolicyFrom(meta, new Reader(ctx, r.value, ref));
      cluster.networkPolicies.push(policy);
      cluster.objects.set(objectKey(meta), meta);
    }
  }
}

/** The cluster's own configuration decides over the profile's defaults: CIDRs and the SDN mode from the
 *  Network objects; the IngressControllers of the input (plus the always-present `default`). */
function applyClusterConfig(cluster: BuiltCluster, networks: { meta: ObjectMeta; r: Reader }[]): void {
  networks.sort((a, b) => Number(b.meta.apiVersion.startsWith('config.')) - Number(a.meta.apiVersion.startsWith('config.')));
  let net: NetworkConfig | undefined;
  for (const n of networks) net = readNetwork(n.meta, n.r, net);
  if (net) {
    cluster.network = net;
    const v4 = (xs: string[]) => xs.find((c) => !c.includes(':')) ?? xs[0];
    cluster.profile = {
      ...cluster.profile,
      podCIDR: v4(net.podCIDRs) ?? cluster.profile.podCIDR,
      serviceCIDR: v4(net.serviceCIDRs) ?? cluster.profile.serviceCIDR,
      multitenant: net.sdnMode === 'Multitenant' ? true : net.sdnMode ? false : cluster.profile.multitenant,
    };
  }
  const ics = cluster.ingressControllers.filter((ic) => ic.meta.namespace === 'openshift-ingress-operator');
  if (!ics.some((ic) => ic.name === 'default')) ics.unshift(impliedDefaultIngressController());
  cluster.ingressControllers = ics;
}

/** The input's objects, each OpenShift Template followed by the objects it instantiates (kinds/template.ts).
 *  An object the input also has as such (a dump holds both the Template and what it created) is the
 *  input's: the live object, with its status, wins over the template's copy. */
function withTemplateObjects(objects: readonly ManifestObject[], ctx: BuildContext, defaultNamespace: string): readonly ManifestObject[] {
  if (!objects.some(isTemplate)) return objects;
  const key = (o: ManifestObject) => `${o.kind}/${CLUSTER_SCOPED.has(o.kind) ? '' : (o.namespace ?? defaultNamespace)}/${o.name}`;
  const written = new Set(objects.map(key));
  const out: ManifestObject[] = [];
  for (const o of objects) {
    out.push(o);
    if (!isTemplate(o)) continue;
    for (const inst of instantiateTemplate(ctx, o, o.namespace ?? defaultNamespace)) {
      if (written.has(key(inst))) {
        ctx.report('template-object-in-input', inst.ref, `${inst.kind} ${inst.namespace}/${inst.name} from Template ${o.name} is also in the input as such; the object in the input is used.`);
        continue;
      }
      out.push(inst);
    }
  }
  return out;
}

function removeObject(c: BuiltCluster, key: string, calico = false): void {
  const drop = <T extends { meta: ObjectMeta }>(xs: T[]) => {
    const i = xs.findIndex((x) => objectKey(x.meta) === key);
    if (i >= 0) xs.splice(i, 1);
  };
  if (calico) {
    // Only Calico's own lists (and its generic copy): a Kubernetes object of the same key stays.
    if (c.calico) {
      drop(c.calico.policies);
      drop(c.calico.tiers);
    }
    const list = c.others.get(key.slice(0, key.indexOf('/')));
    if (list) {
      const i = list.findIndex((x) => objectKey(x.meta) === key && calicoKindOf(x.meta.apiVersion, x.meta.kind));
      if (i >= 0) list.splice(i, 1);
    }
    return;
  }
  drop(c.pods);
  drop(c.services);
  drop(c.networkPolicies);
  drop(c.adminNetworkPolicies);
  drop(c.routes);
  drop(c.ingresses);
  drop(c.ingressClasses);
  for (let i = c.endpointSets.length - 1; i >= 0; i--) if (objectKey(c.endpointSets[i].meta) === key) c.endpointSets.splice(i, 1);
  for (const list of c.others.values()) {
    const i = list.findIndex((x) => objectKey(x.meta) === key && !calicoKindOf(x.meta.apiVersion, x.meta.kind));
    if (i >= 0) list.splice(i, 1);
  }
  drop(c.ingressControllers);
  if (c.baselineAdminNetworkPolicy && objectKey(c.baselineAdminNetworkPolicy.meta) === key) c.baselineAdminNetworkPolicy = undefined;
}

function addObject(c: BuiltCluster, ctx: BuildContext, obj: ManifestObject, meta: ObjectMeta, r: Reader): void {
  const kind = meta.kind;
  // Calico's own policies and tiers (projectcalico.org, crd.projectcalico.org): kinds/calicopolicy.ts.
  const calicoKind = calicoKindOf(meta.apiVersion, kind);
  if (calicoKind) {
    const calico = (c.calico ??= { policies: [], tiers: [] });
    if (calicoKind === 'tier') calico.tiers.push(calicoTierFrom(meta, r));
    else {
      const p = calicoPolicyFrom(ctx, meta, r);
      if (p) calico.policies.push(p);
    }
    // Also kept as it is: under a profile other than `calico` the policy is unmodelled (model/unmodelled.ts).
    addGeneric(c, meta, r, obj);
    return;
  }
  // Another plug-in's policy of a known kind name (Cilium, Antrea ...) is not a Kubernetes one: kept as it
  // is, and analyze/policy/unmodelled.ts makes what it could touch undetermined.
  if (unmodelledKind(meta.apiVersion, kind)) {
    addGeneric(c, meta, r, obj);
    return;
  }
  switch (kind) {
    case 'Namespace':
    case 'Project':
      c.namespaces.set(meta.name, namespaceFrom(meta, r));
      return;
    case 'Pod':
      addPod(c, podFrom(meta, r), true);
      return;
    case 'Service':
      c.services.push(serviceFrom(meta, r));
      return;
    case 'EndpointSlice':
      c.endpointSets.push(endpointSliceFrom(meta, r));
      return;
    case 'Endpoints':
      c.endpointSets.push(...endpointsFrom(meta, r));
      return;
    case 'NetworkPolicy':
      c.networkPolicies.push(networkPolicyFrom(meta, r));
      return;
    case 'AdminNetworkPolicy':
      c.adminNetworkPolicies.push(adminNetworkPolicyFrom(meta, r, false));
      return;
    case 'BaselineAdminNetworkPolicy': {
      const b: AdminNetworkPolicy = adminNetworkPolicyFrom(meta, r, true);
      c.baselineAdminNetworkPolicy = b;
      return;
    }
    case 'Route':
      c.routes.push(routeFrom(meta, r));
      return;
    case 'Ingress':
      if (meta.apiVersion.startsWith('config.openshift.io/')) break; // the cluster ingress config, not a networking Ingress
      c.ingresses.push(ingressFrom(meta, r));
      return;
    case 'IngressController':
      if (meta.apiVersion.startsWith('operator.openshift.io/')) c.ingressControllers.push(ingressControllerFrom(meta, r));
      break;
    case 'IngressClass':
      c.ingressClasses.push(ingressClassFrom(meta, r));
      return;
  }
  if ((WORKLOAD_KINDS as readonly string[]).includes(kind)) {
    addPod(c, workloadFrom(meta, r, kind as WorkloadKind), false);
    return;
  }
  if (!KNOWN_OTHER_KINDS.has(kind) && !CLUSTER_SCOPED.has(kind)) {
    ctx.report('unknown-kind', obj.ref, `podpath does not model ${kind} (${meta.apiVersion || 'no apiVersion'}); it is kept but does not affect traffic.`);
  }
  addGeneric(c, meta, r, obj);
}

function addGeneric(c: BuiltCluster, meta: ObjectMeta, r: Reader, obj: ManifestObject): void {
  const generic: GenericObject = {
    meta,
    spec: r.at('spec').value && typeof r.at('spec').value === 'object' ? (r.at('spec').value as Record<string, unknown>) : {},
    raw: obj.value,
  };
  const list = c.others.get(meta.kind) ?? [];
  list.push(generic);
  c.others.set(meta.kind, list);
}

function addPod(c: BuiltCluster, p: PodLike, isPod: boolean): void {
  c.pods.push(p);
  const existing = c.podsById.get(p.id);
  // `NS/NAME` names the Pod first, else the workload (FORMAT.md).
  if (!existing || (isPod && existing.kind !== 'Pod')) c.podsById.set(p.id, p);
}

export type { NetworkPolicy };
