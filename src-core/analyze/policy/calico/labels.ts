// The labels Calico's selectors see. A pod's WorkloadEndpoint carries the pod's labels plus
// `projectcalico.org/namespace`, `projectcalico.org/orchestrator: k8s` and `projectcalico.org/serviceaccount`
// (api/pkg/apis/projectcalico/v3 LabelNamespace/LabelOrchestrator/LabelServiceAccount; libcalico-go
// lib/backend/k8s/conversion/workload_endpoint_default.go), and inherits from its namespace's profile
// `kns.<ns>` the namespace labels prefixed `pcns.` and from `ksa.<ns>.<sa>` the service account's labels
// prefixed `pcsa.` (conversion/constants.go NamespaceLabelPrefix, ServiceAccountLabelPrefix). Both profiles
// add `projectcalico.org/name` (NameLabel) — so `namespaceSelector: projectcalico.org/name == 'shop'` works.
import type { Labels, PodLike } from '../../../model/types';
import { labelMap } from '../../../model/labels';
import type { PolicyIndex } from '../cache';

export const NS_LABEL = 'projectcalico.org/namespace';
export const NAME_LABEL = 'projectcalico.org/name';
export const SA_LABEL = 'projectcalico.org/serviceaccount';

interface Cache {
  endpoint: WeakMap<PodLike, Labels>;
  ns: Map<string, Labels>;
  sa: Map<string, Labels>;
}
const caches = new WeakMap<PolicyIndex, Cache>();
function cache(idx: PolicyIndex): Cache {
  let c = caches.get(idx);
  if (!c) caches.set(idx, (c = { endpoint: new WeakMap(), ns: new Map(), sa: new Map() }));
  return c;
}

/** The pod's service account: the API server's admission sets `default` when none is written. */
export function serviceAccountOf(pod: PodLike): string {
  return pod.serviceAccountName || 'default';
}

/** A namespace's labels as a rule's namespaceSelector reads them (the `pcns.` prefix removed). */
export function calicoNamespaceLabels(idx: PolicyIndex, ns: string): Labels {
  const c = cache(idx);
  let l = c.ns.get(ns);
  if (!l) {
    const out = labelMap();
    Object.assign(out, idx.namespaceLabels(ns));
    out[NAME_LABEL] = ns;
    c.ns.set(ns, (l = out));
  }
  return l;
}

/** A service account's labels as serviceAccountSelector / serviceAccounts.selector read them. */
export function calicoServiceAccountLabels(idx: PolicyIndex, ns: string, name: string): Labels {
  const c = cache(idx);
  const key = `${ns}/${name}`;
  let l = c.sa.get(key);
  if (!l) {
    const out = labelMap();
    const sa = (idx.cluster.others.get('ServiceAccount') ?? []).find((o) => o.meta.namespace === ns && o.meta.name === name);
    if (sa) Object.assign(out, sa.meta.labels);
    out[NAME_LABEL] = name;
    c.sa.set(key, (l = out));
  }
  return l;
}

/** Everything a Calico selector sees on the pod's WorkloadEndpoint. */
export function calicoEndpointLabels(idx: PolicyIndex, pod: PodLike): Labels {
  const c = cache(idx);
  let l = c.endpoint.get(pod);
  if (!l) {
    const out = labelMap();
    const sa = serviceAccountOf(pod);
    // Inherited profile labels first: the endpoint's own labels win over them (felix labelindex inheritance).
    for (const [k, v] of Object.entries(calicoNamespaceLabels(idx, pod.namespace))) out[`pcns.${k}`] = v;
    for (const [k, v] of Object.entries(calicoServiceAccountLabels(idx, pod.namespace, sa))) out[`pcsa.${k}`] = v;
    Object.assign(out, pod.podLabels);
    out[NS_LABEL] = pod.namespace;
    out['projectcalico.org/orchestrator'] = 'k8s';
    out[SA_LABEL] = sa;
    c.endpoint.set(pod, (l = out));
  }
  return l;
}
