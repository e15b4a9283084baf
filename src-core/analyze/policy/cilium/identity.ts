// How Cilium sees one end of a connection: the identity labels a pod's endpoint carries, the reserved
// identity of what is not a pod (world, host, remote-node), and whether an EndpointSelector selects it.
// Upstream: cilium/cilium pkg/k8s/apis/cilium.io/const.go (io.kubernetes.pod.namespace,
// io.cilium.k8s.namespace.labels.*, io.cilium.k8s.policy.serviceaccount / .cluster), pkg/labels
// (sources k8s, any, reserved), Documentation/security/policy/kubernetes.rst ("Known Pitfalls",
// namespace and service-account selectors) and language.rst ("Entities based").
import { requirementMatches, type LabelSelector } from '../../../model/selector';
import type { Labels, PodLike } from '../../../model/types';
import { NAMESPACE_LABELS_PREFIX, POD_NAMESPACE_LABEL, splitSource, type CiliumSelector } from '../../../model/kinds/ciliumnetworkpolicy';
import type { PolicyIndex } from '../cache';
import type { PolicyPeer } from '../types';

export type Tri = 'yes' | 'no' | 'unknown';

/** An end as Cilium's policy sees it. `reserved` holds its reserved identities; `nodeUnknown` says that a
 *  host-network end is `host` or `remote-node` depending on nodes the input does not give. */
export interface CiliumIdentity {
  /** The end is a Cilium endpoint with Kubernetes labels (a pod that is not host-network). */
  pod?: PodLike;
  /** k8s-source labels (pods only). */
  labels: Labels;
  reserved: ReadonlySet<string>;
  nodeUnknown?: boolean;
  /** An address outside the cluster (world, matched by CIDR rules). */
  ip?: string;
}

/** The cluster name Cilium puts in io.cilium.k8s.policy.cluster (`cluster-name`, "default" unless configured). */
export const CLUSTER_NAME = 'default';

const labelCache = new WeakMap<PodLike, Labels>();
function podLabels(idx: PolicyIndex, pod: PodLike): Labels {
  let cached = labelCache.get(pod);
  if (!cached) labelCache.set(pod, (cached = identityLabels(idx, pod)));
  return cached;
}

function identityLabels(idx: PolicyIndex, pod: PodLike): Labels {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const k of Object.keys(pod.podLabels)) out[k] = pod.podLabels[k];
  out[POD_NAMESPACE_LABEL] = pod.namespace;
  const ns = idx.namespaceLabels(pod.namespace);
  for (const k of Object.keys(ns)) out[`${NAMESPACE_LABELS_PREFIX}${k}`] = ns[k];
  out['io.cilium.k8s.policy.serviceaccount'] = pod.serviceAccountName || 'default';
  out['io.cilium.k8s.policy.cluster'] = CLUSTER_NAME;
  return out;
}

/** Node addresses the input shows (pods' status.hostIP): such an address is a node, not `world`. */
const nodeCache = new WeakMap<object, Map<string, string | undefined>>();
function nodeAddresses(idx: PolicyIndex): Map<string, string | undefined> {
  let out = nodeCache.get(idx.cluster);
  if (out) return out;
  out = new Map<string, string | undefined>();
  for (const p of idx.cluster.pods) if (p.hostIP) out.set(p.hostIP, p.nodeName);
  nodeCache.set(idx.cluster, out);
  return out;
}

const HOST = new Set(['host']);
const REMOTE = new Set(['remote-node']);
const WORLD4 = new Set(['world', 'world-ipv4']);
const WORLD6 = new Set(['world', 'world-ipv6']);
const NONE: ReadonlySet<string> = new Set();

/** The identity of `other` as seen from the endpoint `self` (the pod whose policy is read): host-network
 *  ends are the local `host` when on self's node, `remote-node` on another (language.rst, Entities based). */
export function identityOf(idx: PolicyIndex, other: PolicyPeer, self: PodLike): CiliumIdentity {
  if (other.kind === 'external') {
    const nodes = nodeAddresses(idx);
    if (nodes.has(other.ip)) {
      const node = nodes.get(other.ip);
      if (node && self.nodeName) return { labels: {}, reserved: node === self.nodeName ? HOST : REMOTE };
      return { labels: {}, reserved: REMOTE, nodeUnknown: true };
    }
    return { labels: {}, reserved: other.ip.includes(':') ? WORLD6 : WORLD4, ip: other.ip };
  }
  const pod = other.pod;
  if (pod.hostNetwork) {
    if (pod.nodeName && self.nodeName) return { labels: {}, reserved: pod.nodeName === self.nodeName ? HOST : REMOTE };
    return { labels: {}, reserved: REMOTE, nodeUnknown: true };
  }
  return { pod, labels: podLabels(idx, pod), reserved: NONE };
}

/** The value of a selector key for an identity: k8s / any sources read the Kubernetes labels, reserved the
 *  reserved identities (value ""), any other source (container:, cidr:, fqdn: …) nothing podpath knows. */
function valueOf(id: CiliumIdentity, written: string): string | undefined {
  const { source, key } = splitSource(written);
  if (source === 'k8s' || source === 'any') return Object.prototype.hasOwnProperty.call(id.labels, key) ? id.labels[key] : undefined;
  if (source === 'reserved') return id.reserved.has(key) ? '' : undefined;
  return undefined;
}

function plainSelectorMatches(s: LabelSelector, id: CiliumIdentity): boolean {
  for (const k of Object.keys(s.matchLabels)) if (valueOf(id, k) !== s.matchLabels[k]) return false;
  for (const r of s.matchExpressions) {
    const v = valueOf(id, r.key);
    if (!requirementMatches({ ...r, key: 'k' }, v === undefined ? {} : { k: v })) return false;
  }
  return true;
}

/** Does the selector, with what Cilium adds for the policy's scope, select the identity? A host-network end
 *  whose node is unknown is 'unknown' when the answer differs between `host` and `remote-node`. */
export function ciliumSelects(sel: CiliumSelector, id: CiliumIdentity): Tri {
  const decide = (x: CiliumIdentity): boolean => {
    if (sel.implied.kind === 'namespace' && valueOf(x, `k8s:${POD_NAMESPACE_LABEL}`) !== sel.implied.namespace) return false;
    if (sel.implied.kind === 'k8s-pods' && valueOf(x, `k8s:${POD_NAMESPACE_LABEL}`) === undefined) return false;
    return plainSelectorMatches(sel.selector, x);
  };
  const a = decide(id);
  if (!id.nodeUnknown) return a ? 'yes' : 'no';
  const b = decide({ ...id, reserved: HOST, nodeUnknown: false });
  return a === b ? (a ? 'yes' : 'no') : 'unknown';
}

/** Does an entity name select the identity (language.rst "Entities based"; `cluster` is everything but world). */
export function entitySelects(name: string, id: CiliumIdentity, apiserverIPs: ReadonlySet<string> | undefined): Tri {
  const one = (x: ReadonlySet<string>, ip: string | undefined): Tri => {
    switch (name) {
      case 'all':
        return 'yes';
      case 'world':
      case 'world-ipv4':
      case 'world-ipv6':
        return x.has(name) ? 'yes' : 'no';
      case 'cluster':
        return x.has('world') ? 'no' : 'yes';
      case 'host':
      case 'remote-node':
        return x.has(name) ? 'yes' : 'no';
      case 'kube-apiserver':
        if (ip === undefined) return 'no';
        if (!apiserverIPs) return 'unknown';
        return apiserverIPs.has(ip) ? 'yes' : 'no';
      default:
        // init, health, unmanaged, ingress (Cilium's own Envoy): no end podpath models has these identities.
        return 'no';
    }
  };
  const a = one(id.reserved, id.ip);
  if (!id.nodeUnknown) return a;
  const b = one(HOST, undefined);
  return a === b ? a : 'unknown';
}

/** The kube-apiserver's addresses, from the `default/kubernetes` Service's endpoints when the input has them. */
export function apiserverAddresses(idx: PolicyIndex): ReadonlySet<string> | undefined {
  const sets = idx.cluster.endpointSets.filter((e) => e.serviceName === 'kubernetes' && e.meta.namespace === 'default');
  if (!sets.length) return undefined;
  return new Set(sets.flatMap((s) => s.endpoints.flatMap((e) => e.addresses)));
}
