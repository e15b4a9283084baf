// FROZEN copy of src-core/model/kinds/meta.ts as of 650cee7, kept only as the reference for snapshot.test.ts (issue 6):
// the optimised model must produce exactly what this produced. Do not edit; delete with the test.
// ObjectMeta for any kind: name, namespace (defaulted), labels, annotations.
import type { ManifestObject } from '../../../parse/parse';
import type { BuildContext } from '../context';
import { Reader } from '../context';
import type { ObjectMeta } from '../../types';

/** Kinds that live outside namespaces; anything else without metadata.namespace goes to the default one. */
export const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Project',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'IngressClass',
  'GatewayClass',
  'NetNamespace',
  'HostSubnet',
  'EgressIP',
  'ClusterNetwork',
  'Node',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
]);

export function readMeta(ctx: BuildContext, obj: ManifestObject, defaultNamespace: string): { meta: ObjectMeta; r: Reader } {
  const r = new Reader(ctx, obj.value, obj.ref);
  const m = r.at('metadata');
  const meta: ObjectMeta = {
    kind: obj.kind,
    apiVersion: obj.apiVersion,
    name: obj.name,
    namespace: CLUSTER_SCOPED.has(obj.kind) ? '' : (obj.namespace ?? defaultNamespace),
    labels: m.at('labels').labels(),
    annotations: m.at('annotations').labels(),
    creationTimestamp: m.at('creationTimestamp').str(),
    uid: m.at('uid').str(),
    ref: obj.ref,
  };
  return { meta, r };
}
