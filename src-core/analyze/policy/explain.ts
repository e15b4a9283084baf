// Words and references for policy verdicts: RuleRefs resolved to their YAML range, how a peer or a pod
// is described to a support engineer, and the ready-to-paste NetworkPolicy a denial's fix proposes.
// Labels and names come from manifests (untrusted): snippets quote every value so the YAML stays valid.
import type { BuiltCluster } from '../../model/build';
import { labelMap } from '../../model/labels';
import { formatSelector, isEmptySelector } from '../../model/selector';
import type { NodeRef, SourceRange } from '../../parse/source';
import type { Labels, NetworkPolicyPeer, ObjectMeta, PodLike, Protocol } from '../../model/types';
import { objectKey } from '../../model/types';
import type { Fix, RuleRef } from '../types';
import type { ConnPort } from './match';
import type { PolicyPeer } from './types';

/** `NetworkPolicy shop/allow-web` / `AdminNetworkPolicy deny-all`. */
export function objectName(meta: ObjectMeta): string {
  return `${meta.kind} ${meta.namespace ? `${meta.namespace}/` : ''}${meta.name}`;
}

/**
 * Gives `target` an enumerable `source` that is resolved on first read and then kept. Resolving a range
 * may re-read the YAML of a document (positions are lazy, see docs/design.md); a batch of 1,000 queries
 * reads none of them, a trace shown to a person reads a few. Readers see a plain property: JSON.stringify,
 * spread and structured clone (the worker boundary) all read through the getter.
 */
export function defineLazySource<T extends object>(target: T, resolve: () => SourceRange): T {
  let cached: SourceRange | undefined;
  Object.defineProperty(target, 'source', {
    enumerable: true,
    configurable: true,
    get: () => (cached ??= resolve()),
    set: (v: SourceRange) => {
      cached = v;
    },
  });
  return target;
}

/** A RuleRef to `ref` inside the object `meta`; its source range resolves when first read. */
export function ruleRef(cluster: BuiltCluster, meta: ObjectMeta, ref: NodeRef, label: string): RuleRef {
  const rel = ref.path.slice(meta.ref.path.length);
  const r = defineLazySource({ object: objectKey(meta), path: rel.join('.'), label } as RuleRef, () => cluster.sourceMap.locate(ref));
  if (meta.impliedBy) r.impliedBy = meta.impliedBy;
  return r;
}

export function describePeerEnd(p: PolicyPeer): string {
  return p.kind === 'pod' ? p.pod.id : `${p.ip} (outside the cluster)`;
}

export function describeLabels(l: Labels): string {
  const e = Object.entries(l);
  return e.length ? e.map(([k, v]) => `${k}=${v}`).join(',') : '(no labels)';
}

/**
 * What a NetworkPolicy peer admits, in words: "pods app=ui in namespace shop". ipBlocks match pod
 * addresses too (predicate.ts).
 */
export function describeNPPeer(peer: NetworkPolicyPeer, policyNamespace: string): string {
  if (peer.ipBlock) {
    if (!peer.ipBlock.cidr) return 'nothing (invalid peer)';
    return `addresses (pods included) in ${peer.ipBlock.cidr}${peer.ipBlock.except.length ? ` except ${peer.ipBlock.except.join(', ')}` : ''}`;
  }
  const pods = !peer.podSelector || isEmptySelector(peer.podSelector) ? 'all pods' : `pods ${formatSelector(peer.podSelector)}`;
  if (!peer.namespaceSelector) return `${pods} in namespace ${policyNamespace}`;
  if (isEmptySelector(peer.namespaceSelector)) return `${pods} in every namespace`;
  return `${pods} in namespaces ${formatSelector(peer.namespaceSelector)}`;
}

// ---------------------------------------------------------------------------------------------------
// Fix snippets

function yamlKey(k: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(k) && !/^(true|false|yes|no|on|off|null|y|n|~)$/i.test(k) ? k : JSON.stringify(k);
}

function matchLabelsYaml(labels: Labels, indent: string): string {
  const e = Object.entries(labels);
  if (e.length === 0) return ' {}\n';
  return `\n${indent}matchLabels:\n${e.map(([k, v]) => `${indent}  ${yamlKey(k)}: ${JSON.stringify(v)}`).join('\n')}\n`;
}

function dnsName(s: string): string {
  const n = s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return n || 'peer';
}

/**
 * Labels a controller sets per rollout, per revision or per pod: a fix that selects by them stops matching
 * at the next rollout (or matches one replica). k8s.io/api apps/v1 types.go (DefaultDeploymentUniqueLabelKey
 * `pod-template-hash`, ControllerRevisionHashLabelKey, StatefulSetPodNameLabel, PodIndexLabel,
 * DefaultDaemonSetUniqueLabelKey `pod-template-generation`), k8s.io/api batch/v1 types.go (ControllerUidLabel,
 * JobNameLabel and their legacy unprefixed forms: a CronJob's every run is a new Job), openshift/api
 * apps/v1 types.go (DeploymentLabel `deployment` = the ReplicationController of one rollout,
 * DeploymentConfigLabel `deploymentconfig`, set by the controller rather than the pod template).
 */
export const PER_ROLLOUT_LABELS: readonly string[] = [
  'pod-template-hash',
  'controller-revision-hash',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'pod-template-generation',
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
  'job-name',
  'batch.kubernetes.io/job-name',
  'deployment',
  'deploymentconfig',
];

/** The pod labels to select a pod by in a fix: its own labels without the per-rollout ones. */
export function stableLabels(pod: PodLike): Labels {
  const out = labelMap();
  for (const [k, v] of Object.entries(pod.podLabels)) if (!PER_ROLLOUT_LABELS.includes(k)) out[k] = v;
  return out;
}

/** Said when the pod has labels but only per-rollout ones: the snippet then selects the whole namespace. */
function noStableLabel(pod: PodLike): string | undefined {
  if (Object.keys(pod.podLabels).length === 0 || Object.keys(stableLabels(pod)).length > 0) return undefined;
  return `${pod.id} has only per-rollout labels (${Object.keys(pod.podLabels).join(', ')}), so the snippet selects every pod of namespace ${pod.namespace}; add a label of your own to the pod template and select by it`;
}

/**
 * The namespace labels OpenShift documents for admitting platform traffic ("Configuring multitenant isolation
 * with network policy", allow-from-openshift-ingress / allow-from-hostnetwork): the ingress router's namespace
 * carries `policy-group.network.openshift.io/ingress: ""`, the host network namespace (a HostNetwork router,
 * OVN-Kubernetes' management-port and join addresses) `policy-group.network.openshift.io/host-network: ""`.
 * A fix admits such a peer by that label, which every router shard's namespace has, not by its pod labels.
 */
export const POLICY_GROUP_LABELS: readonly string[] = ['policy-group.network.openshift.io/ingress', 'policy-group.network.openshift.io/host-network'];

function policyGroupOf(nsLabels: Labels | undefined): Labels | undefined {
  if (!nsLabels) return undefined;
  const key = POLICY_GROUP_LABELS.find((k) => Object.prototype.hasOwnProperty.call(nsLabels, k));
  if (key === undefined) return undefined;
  const out = labelMap();
  out[key] = nsLabels[key];
  return out;
}

function peerYaml(peer: PolicyPeer, policyNamespace: string, indent: string, peerNamespaceLabels?: Labels): string {
  if (peer.kind === 'external') return `${indent}- ipBlock:\n${indent}    cidr: ${JSON.stringify(peer.ip.includes(':') ? `${peer.ip}/128` : `${peer.ip}/32`)}\n`;
  const pod = peer.pod;
  const group = pod.namespace !== policyNamespace ? policyGroupOf(peerNamespaceLabels) : undefined;
  if (group) return `${indent}- namespaceSelector:${matchLabelsYaml(group, `${indent}    `)}`;
  let y = '';
  let first = true;
  const lead = () => {
    const s = first ? `${indent}- ` : `${indent}  `;
    first = false;
    return s;
  };
  if (pod.namespace !== policyNamespace) {
    y += `${lead()}namespaceSelector:${matchLabelsYaml({ 'kubernetes.io/metadata.name': pod.namespace }, `${indent}    `)}`;
  }
  y += `${lead()}podSelector:${matchLabelsYaml(stableLabels(pod), `${indent}    `)}`;
  return y;
}

/**
 * A NetworkPolicy that admits `peer` to (ingress) or from (egress) `pod` on the port: adding it is enough
 * because NetworkPolicies are additive. Pasted as is, it applies with `kubectl apply -f`.
 */
export function networkPolicyFix(direction: 'ingress' | 'egress', pod: PodLike, peer: PolicyPeer, port: ConnPort, protocol: Protocol, note?: string, peerNamespaceLabels?: Labels): Fix {
  const other = peer.kind === 'pod' ? peer.pod.name : peer.ip;
  const portText = port.num !== undefined ? String(port.num) : port.name;
  const name = dnsName(direction === 'ingress' ? `allow-${other}-to-${pod.name}-${portText}` : `allow-${pod.name}-to-${other}-${portText}`).slice(0, 63).replace(/-+$/, '');
  const field = direction === 'ingress' ? 'from' : 'to';
  const portYaml = port.num !== undefined ? String(port.num) : JSON.stringify(port.name);
  const snippet =
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${JSON.stringify(pod.namespace)}\n` +
    `spec:\n  podSelector:${matchLabelsYaml(stableLabels(pod), '    ')}` +
    `  policyTypes:\n  - ${direction === 'ingress' ? 'Ingress' : 'Egress'}\n` +
    `  ${direction}:\n  - ${field}:\n${peerYaml(peer, pod.namespace, '    ', peerNamespaceLabels)}` +
    `    ports:\n    - protocol: ${protocol}\n      port: ${portYaml}\n`;
  const what = direction === 'ingress' ? `admit ${describePeerEnd(peer)} to ${pod.id}` : `let ${pod.id} reach ${describePeerEnd(peer)}`;
  const group = peer.kind === 'pod' && peer.pod.namespace !== pod.namespace ? policyGroupOf(peerNamespaceLabels) : undefined;
  const notes = [
    ...(note ? [note] : []),
    ...(group ? [`it admits namespaces labelled ${Object.keys(group)[0]}: "${Object.values(group)[0]}", as OpenShift documents for ${peer.kind === 'pod' ? peer.pod.namespace : ''} traffic`] : []),
    ...[noStableLabel(pod), peer.kind === 'pod' && !group ? noStableLabel(peer.pod) : undefined].filter((x): x is string => !!x),
  ];
  return { summary: `Add a NetworkPolicy in namespace ${pod.namespace} to ${what} on ${protocol} ${portText}${notes.length ? ` (${notes.join('; ')})` : ''}.`, snippet };
}

function adminPodsYaml(pod: PodLike, indent: string): string {
  return (
    `${indent}pods:\n${indent}  namespaceSelector:${matchLabelsYaml({ 'kubernetes.io/metadata.name': pod.namespace }, `${indent}    `)}` +
    `${indent}  podSelector:${matchLabelsYaml(stableLabels(pod), `${indent}    `)}`
  );
}

/**
 * An AdminNetworkPolicy that allows the connection before the denying one is read: a free priority number
 * below `deniedAt`. Allow is final, so NetworkPolicies are not read for this traffic either. Undefined when
 * no priority below is free (then only the denying rule itself can be changed).
 */
export function adminAllowFix(direction: 'ingress' | 'egress', pod: PodLike, peer: PolicyPeer, port: ConnPort, protocol: Protocol, deniedAt: number, used: ReadonlySet<number>, peerNamespaceLabels?: Labels): Fix | undefined {
  let priority = deniedAt - 1;
  while (priority >= 0 && used.has(priority)) priority--;
  if (priority < 0) return undefined;
  const other = peer.kind === 'pod' ? peer.pod.name : peer.ip;
  const portText = port.num !== undefined ? String(port.num) : port.name;
  const name = dnsName(direction === 'ingress' ? `allow-${other}-to-${pod.name}-${portText}` : `allow-${pod.name}-to-${other}-${portText}`).slice(0, 63).replace(/-+$/, '');
  const group = peer.kind === 'pod' && peer.pod.namespace !== pod.namespace ? policyGroupOf(peerNamespaceLabels) : undefined;
  const peerYaml = group ? `    - namespaces:${matchLabelsYaml(group, '        ')}` : peer.kind === 'pod' ? adminPodsYaml(peer.pod, '      ').replace(/^      /, '    - ') : `    - networks:\n      - ${JSON.stringify(peer.ip.includes(':') ? `${peer.ip}/128` : `${peer.ip}/32`)}\n`;
  const portYaml = port.num !== undefined ? `    - portNumber:\n        protocol: ${protocol}\n        port: ${port.num}\n` : `    - namedPort: ${JSON.stringify(port.name)}\n`;
  const snippet =
    `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  priority: ${priority}\n  subject:\n${adminPodsYaml(pod, '    ')}` +
    `  ${direction}:\n  - name: ${name}\n    action: Allow\n    ${direction === 'ingress' ? 'from' : 'to'}:\n${peerYaml}    ports:\n${portYaml}`;
  return {
    summary: `A cluster administrator can add this AdminNetworkPolicy (priority ${priority}, read before ${deniedAt}). Allow is final: NetworkPolicies are not read for this traffic.`,
    snippet,
  };
}
