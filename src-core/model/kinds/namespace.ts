// Namespace and OpenShift Project: labels, with `kubernetes.io/metadata.name` always implied (the API
// server sets it on every namespace since Kubernetes 1.21, and NetworkPolicies commonly select on it).
import type { Labels, Namespace, ObjectMeta } from '../types';
import type { Reader } from '../context';
import { labelMap, withLabel } from '../labels';

export const NAME_LABEL = 'kubernetes.io/metadata.name';

export function namespaceFrom(meta: ObjectMeta, _r: Reader): Namespace {
  return { meta, name: meta.name, labels: withLabel(meta.labels, NAME_LABEL, meta.name), declared: true };
}

export function impliedNamespace(name: string, labels: Labels = labelMap()): Namespace {
  return {
    meta: { kind: 'Namespace', apiVersion: 'v1', name, namespace: '', labels, annotations: {}, ref: { doc: -1, path: [] } },
    name,
    labels: withLabel(labels, NAME_LABEL, name),
    declared: false,
  };
}
