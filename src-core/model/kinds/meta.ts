// ObjectMeta for any kind: name, namespace (defaulted), labels, annotations.
import type { ManifestObject } from '../../parse/parse';
import type { BuildContext } from '../context';
import { Reader } from '../context';
import type { ObjectMeta } from '../types';
import { UNMODELLED_CLUSTER_KINDS } from '../unmodelled';

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
  'Network',
  'DNS',
  'Node',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  // Calico's cluster-scoped kinds (api/pkg/apis/projectcalico/v3: +genclient:nonNamespaced).
  'GlobalNetworkPolicy',
  'Tier',
  'GlobalNetworkSet',
  ...UNMODELLED_CLUSTER_KINDS,
]);

export function readMeta(ctx: BuildContext, obj: ManifestObject, defaultNamespace: string): { meta: ObjectMeta; r: Reader } {
  const r = new Reader(ctx, obj.value, obj.ref);
  const m = r.at('metadata');
  const meta: ObjectMeta = {
    kind: obj.kind,
    apiVersion: obj.apiVersion,
    name: obj.name,
    namespace: CLUSTER_SCOPED.has(obj.kind) ? '' : (obj.namespace ?? defaultNamespace),
    labels: m.labelsAt('labels'),
    annotations: m.labelsAt('annotations'),
    creationTimestamp: m.strAt('creationTimestamp'),
    uid: m.strAt('uid'),
    ref: obj.ref,
  };
  return { meta, r };
}
