// FROZEN copy of src-core/model/kinds/namespace.ts as of 650cee7, kept only as the reference for snapshot.test.ts (issue 6):
// the optimised model must produce exactly what this produced. Do not edit; delete with the test.
// Namespace and OpenShift Project: labels, with `kubernetes.io/metadata.name` always implied (the API
// server sets it on every namespace since Kubernetes 1.21, and NetworkPolicies commonly select on it).
import type { Labels, Namespace, ObjectMeta } from '../../types';
import type { Reader } from '../context';

export const NAME_LABEL = 'kubernetes.io/metadata.name';

export function namespaceFrom(meta: ObjectMeta, _r: Reader): Namespace {
  return { meta, name: meta.name, labels: { ...meta.labels, [NAME_LABEL]: meta.name }, declared: true };
}

export function impliedNamespace(name: string, labels: Labels = {}): Namespace {
  return {
    meta: { kind: 'Namespace', apiVersion: 'v1', name, namespace: '', labels, annotations: {}, ref: { doc: -1, path: [] } },
    name,
    labels: { ...labels, [NAME_LABEL]: name },
    declared: false,
  };
}
