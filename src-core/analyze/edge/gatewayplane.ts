// The Gateway's data plane: the pod that opens the connection to the backend pod, so the one whose egress
// policies apply and whom the backend's ingress policies must admit. Gateway API leaves where it runs to
// the implementation:
// - Istio (and implementations that follow the Gateway API "gateway-name" convention) deploy it in the
//   Gateway's namespace, labelled `gateway.networking.k8s.io/gateway-name: <gateway>`;
// - Envoy Gateway deploys it, by default, in its controller namespace (`envoy-gateway-system`) labelled
//   `gateway.envoyproxy.io/owning-gateway-name` / `owning-gateway-namespace` (its "Gateway Namespace
//   Mode" moves it into the Gateway's namespace);
// - cloud-managed classes (e.g. GKE's `gke-l7-*`) run no pod in the cluster at all: a load balancer
//   outside it connects to the pods.
// A pod of the input carrying one of those labels is used as is. Otherwise a stand-in is made up — never
// the profile's router, which would be wrong for most implementations: `<gateway>-data-plane` in the
// Gateway's namespace with the gateway-name label — and the trace says so.
import type { BuiltCluster } from '../../model/build';
import type { GenericObject, PodLike } from '../../model/types';
import { objectKey } from '../../model/types';
import type { ExplanationStep, Hop } from '../types';
import { hop, nameOf, q, step } from './common';

export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';
const ENVOY_GATEWAY_NAME = 'gateway.envoyproxy.io/owning-gateway-name';
const ENVOY_GATEWAY_NAMESPACE = 'gateway.envoyproxy.io/owning-gateway-namespace';

export interface DataPlane {
  pod: PodLike;
  /** True when no pod of the input is the data plane and podpath made one up. */
  standIn: boolean;
  /** Why this pod: which label matched, or what the stand-in assumes. */
  steps: ExplanationStep[];
}

const standIns = new WeakMap<BuiltCluster, Map<string, PodLike>>();

/** One stand-in per Gateway per cluster, so the policy engine's per-pod memos apply across traces. */
function standInFor(cluster: BuiltCluster, gw: GenericObject): PodLike {
  let m = standIns.get(cluster);
  if (!m) standIns.set(cluster, (m = new Map()));
  const key = `${gw.meta.namespace}/${gw.meta.name}`;
  let pod = m.get(key);
  if (!pod) {
    const nowhere = { doc: -1, path: [] };
    const name = `${gw.meta.name}-data-plane`;
    const labels = { [GATEWAY_NAME_LABEL]: gw.meta.name };
    pod = {
      meta: { kind: 'Pod', apiVersion: 'v1', name, namespace: gw.meta.namespace, labels, annotations: {}, ref: nowhere, impliedBy: cluster.profile.name },
      id: `${gw.meta.namespace}/${name}`,
      kind: 'Pod',
      namespace: gw.meta.namespace,
      name,
      podLabels: labels,
      podAnnotations: {},
      containers: [],
      initContainers: [],
      ports: [],
      podSpecRef: nowhere,
      podLabelsRef: nowhere,
      hostNetwork: false,
      podIPs: [],
      dnsPolicy: 'ClusterFirst',
    };
    m.set(key, pod);
  }
  return pod;
}

function envoyClass(controller: string | undefined): controller is string {
  return !!controller && controller.startsWith('gateway.envoyproxy.io/');
}

/** What the GatewayClass's controller says about where its data plane runs (a known controller, or nothing). */
function placementNote(controller: string | undefined, gw: GenericObject): ExplanationStep[] {
  const ns = gw.meta.namespace;
  if (envoyClass(controller)) {
    return [step(`The GatewayClass's controller ${q(controller)} is Envoy Gateway: by default its Envoy pods run in its controller namespace (usually envoy-gateway-system), labelled ${ENVOY_GATEWAY_NAME}=${gw.meta.name} and ${ENVOY_GATEWAY_NAMESPACE}=${ns}, not in ${q(ns)} (only its Gateway Namespace Mode puts them there). Policies that admit namespace ${q(ns)} then do not admit the real proxy.`, 'warning')];
  }
  if (controller && /^istio\.io\//.test(controller)) {
    return [step(`The GatewayClass's controller ${q(controller)} is Istio: it deploys the gateway in the Gateway's namespace ${q(ns)}, labelled ${GATEWAY_NAME_LABEL}=${gw.meta.name}, as the stand-in assumes.`, 'info')];
  }
  return [
    step(
      `Where the data plane runs is implementation-specific: Istio deploys it in the Gateway's namespace (label ${GATEWAY_NAME_LABEL}); Envoy Gateway, by default, in envoy-gateway-system (labels ${ENVOY_GATEWAY_NAME} / ${ENVOY_GATEWAY_NAMESPACE}); cloud-managed classes (e.g. GKE gke-l7-*) connect from a load balancer outside the cluster.`,
      'info',
    ),
  ];
}

/** The data-plane pod of `gw`: a pod of the input labelled for it, else a stand-in in the Gateway's namespace. */
export function gatewayDataPlane(cluster: BuiltCluster, gw: GenericObject, controller: string | undefined): DataPlane {
  const name = gw.meta.name;
  const ns = gw.meta.namespace;
  const own = cluster.pods.find((p) => p.namespace === ns && p.podLabels[GATEWAY_NAME_LABEL] === name);
  if (own) return { pod: own, standIn: false, steps: [step(`${own.id} is the Gateway's data plane: it carries ${GATEWAY_NAME_LABEL}=${name} in the Gateway's namespace.`, 'info')] };
  const envoy = cluster.pods.find((p) => p.podLabels[ENVOY_GATEWAY_NAME] === name && (p.podLabels[ENVOY_GATEWAY_NAMESPACE] ?? ns) === ns);
  if (envoy) return { pod: envoy, standIn: false, steps: [step(`${envoy.id} is the Gateway's data plane (Envoy Gateway): it carries ${ENVOY_GATEWAY_NAME}=${name}.`, 'info')] };
  const pod = standInFor(cluster, gw);
  return {
    pod,
    standIn: true,
    steps: [
      step(`No pod in the input is labelled as ${nameOf(gw.meta)}'s data plane, so podpath assumes a stand-in pod ${pod.id} with the label ${GATEWAY_NAME_LABEL}=${name} in namespace ${q(ns)}, and evaluates policies for it.`, 'info'),
      ...placementNote(controller, gw),
      step(`The destination's NetworkPolicies must admit the namespace and labels the real data plane has; add its pod (e.g. \`kubectl get pod -A -l ${envoyClass(controller) ? ENVOY_GATEWAY_NAME : GATEWAY_NAME_LABEL}=${name} -o yaml\`) to the input for an exact verdict.`, 'info'),
    ],
  };
}

/**
 * The hop that says who opens the connection to the backend. A stand-in's hop is a warning when the
 * verdict hinges on who the source is (the destination's ingress is decided by a policy rule or denied).
 */
export function dataPlaneHop(dp: DataPlane, gw: GenericObject, delivery: Hop[]): Hop {
  const decisive = delivery.some((h) => (h.kind === 'ingress-policy' || h.kind === 'admin-policy' || h.kind === 'baseline-policy') && (h.rule !== undefined || h.verdict === 'denied'));
  return hop({
    kind: 'gateway',
    title: dp.standIn ? `Data plane of ${nameOf(gw.meta)} (stand-in)` : `Data plane of ${nameOf(gw.meta)}`,
    verdict: dp.standIn && decisive ? 'warning' : 'info',
    summary: dp.standIn
      ? `assumed: pod ${dp.pod.id} (${GATEWAY_NAME_LABEL}=${gw.meta.name}); the real placement is implementation-specific${decisive ? '; the destination\'s policies admit or refuse by the source\'s namespace and labels, so check where the real data plane runs' : ''}`
      : `${dp.pod.id} opens the connection to the backend pod`,
    steps: dp.steps,
    object: dp.standIn ? undefined : objectKey(dp.pod.meta),
  });
}
