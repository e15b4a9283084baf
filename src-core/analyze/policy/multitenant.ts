// OpenShift SDN in ovs-multitenant mode: every project has a virtual network id (NetNamespace `netid`);
// pods of different netids cannot reach each other unless one side has netid 0 (global). Where the input
// has no NetNamespace for a namespace we assume what the platform creates:
// - `default` gets netid 0 (openshift/sdn pkg/network/master/vnids.go, allocateNetID);
// - the cluster-network-operator creates NetNamespaces with netid 0 for openshift-dns, openshift-ingress,
//   openshift-monitoring, openshift-kube-apiserver, openshift-operator-lifecycle-manager,
//   openshift-image-registry, openshift-user-workload-monitoring, and netid 1 (joined) for the control
//   plane namespaces (bindata/network/openshift-sdn/004-multitenant.yaml);
// - any other namespace gets its own fresh netid.
// ovs-multitenant does not enforce NetworkPolicy: its OVS table 80 passes only equal or 0 VNIDs
// (openshift/sdn pkg/network/node/multitenant.go; NetworkPolicy is the ovs-networkpolicy plug-in) and openshift-sdn
// has no AdminNetworkPolicy; evaluate.ts says so in the hop.
import type { BuiltCluster } from '../../model/build';
import type { GenericObject } from '../../model/types';
import type { RuleRef } from '../types';
import { objectName, ruleRef } from './explain';

export const GLOBAL_NAMESPACES = [
  'default',
  'openshift-dns',
  'openshift-ingress',
  'openshift-monitoring',
  'openshift-kube-apiserver',
  'openshift-operator-lifecycle-manager',
  'openshift-image-registry',
  'openshift-user-workload-monitoring',
];
export const CONTROL_PLANE_NAMESPACES = [
  'kube-system',
  'openshift-etcd',
  'openshift-apiserver',
  'openshift-service-catalog-apiserver',
  'openshift-service-catalog-controller-manager',
  'openshift-template-service-broker',
  'openshift-ansible-service-broker',
  'openshift-authentication',
  'openshift-authentication-operator',
];

export interface NetId {
  netid: number;
  /** Where the netid comes from: the NetNamespace object, or the platform default. */
  origin: 'netnamespace' | 'platform-global' | 'platform-control-plane' | 'own';
  ref?: RuleRef;
}

/** Synthetic netids for namespaces without a NetNamespace: above the real range (max 2^24-1), so never equal to a written one. */
const FRESH_BASE = 1 << 24;

interface NetIdTable {
  get(ns: string): NetId;
}

const tables = new WeakMap<BuiltCluster, NetIdTable>();

function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

export function netIds(cluster: BuiltCluster): NetIdTable {
  let t = tables.get(cluster);
  if (t) return t;
  const written = new Map<string, NetId>();
  for (const o of cluster.others.get('NetNamespace') ?? ([] as GenericObject[])) {
    const name = typeof o.raw.netname === 'string' && o.raw.netname ? o.raw.netname : o.meta.name;
    const netid = numberOf(o.raw.netid);
    if (netid === undefined) continue;
    written.set(name, { netid, origin: 'netnamespace', ref: ruleRef(cluster, o.meta, { doc: o.meta.ref.doc, path: [...o.meta.ref.path, 'netid'] }, `${objectName(o.meta)}, netid`) });
  }
  const fresh = new Map<string, NetId>();
  t = {
    get(ns) {
      const w = written.get(ns);
      if (w) return w;
      if (GLOBAL_NAMESPACES.includes(ns)) return { netid: 0, origin: 'platform-global' };
      if (CONTROL_PLANE_NAMESPACES.includes(ns)) return { netid: 1, origin: 'platform-control-plane' };
      let f = fresh.get(ns);
      if (!f) fresh.set(ns, (f = { netid: FRESH_BASE + fresh.size, origin: 'own' }));
      return f;
    },
  };
  tables.set(cluster, t);
  return t;
}

export function describeNetId(ns: string, n: NetId): string {
  switch (n.origin) {
    case 'netnamespace':
      return `${ns} has netid ${n.netid} (NetNamespace ${ns})${n.netid === 0 ? ', global' : ''}`;
    case 'platform-global':
      return `${ns} is global (netid 0, created so by the platform)`;
    case 'platform-control-plane':
      return `${ns} has netid 1 (the control-plane namespaces share it)`;
    case 'own':
      return `${ns} has its own netid (no NetNamespace in the input; the SDN allocates a fresh one)`;
  }
}
