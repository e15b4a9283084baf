// What a shared workspace keeps of each object: the fields podpath's model and analyzers read, and
// nothing else (issue 16). An allow-list, not a list of secret patterns: a field that is not named here
// does not travel, whatever it contains. Kept in step with src-core/model/kinds/* (what `Reader` reads)
// and the analyzers that read `GenericObject.spec` / `.raw` (gateway, egress, multitenant, graph links);
// `allowlist.test.ts` checks the built-in scenarios and a realistic dump give the same verdicts after it.
//
// A schema says, per field: `true` keep the whole subtree (semantics-only objects such as a
// NetworkPolicy's spec), `'scalar'` keep a string/number/boolean/null only, `{ fields }` keep the named
// fields (each by its own schema), `'redacted'` keep that a value is there but not the value, `{ items }` a list whose items follow one schema, `{ map }` any key
// whose value follows one schema (label maps), or a function deciding from the value and its context.

import { ROUTE_FACT_ANNOTATIONS } from '../analyze/edge/route-annotations';

export type Schema = true | 'scalar' | 'redacted' | { fields: Record<string, Schema> } | { items: Schema } | { map: Schema } | SchemaFn;
/** Returns the schema to apply to this value, or undefined to drop it. */
export type SchemaFn = (value: unknown, ctx: PruneContext, key: string) => Schema | undefined;

export interface PruneContext {
  /** `namespace/configmap` → the data keys an EGRESS_* env var reads through configMapKeyRef. */
  configMapKeys: Map<string, Set<string>>;
  /** The namespace and name of the object being pruned ('' when none is written). */
  namespace: string;
  name: string;
}

/** Annotations podpath models (the router's, the Ingress controllers', serving certs, multicast).
 *  Every other annotation — last-applied-configuration, Helm's, deployment tooling's — is dropped. */
export const MODELLED_ANNOTATIONS: ReadonlySet<string> = new Set([
  // analyze/edge/allowlist.ts
  'haproxy.router.openshift.io/ip_allowlist',
  'haproxy.router.openshift.io/ip_whitelist',
  // analyze/edge/tls.ts
  'haproxy.router.openshift.io/hsts_header',
  'service.beta.openshift.io/serving-cert-secret-name',
  'service.alpha.openshift.io/serving-cert-secret-name',
  ...ROUTE_FACT_ANNOTATIONS,
  // analyze/edge/ingressroutes.ts, model/kinds/edge.ts, analyze/edge/ingress.ts
  'route.openshift.io/termination',
  'kubernetes.io/ingress.class',
  'ingressclass.kubernetes.io/is-default-class',
  'nginx.ingress.kubernetes.io/ssl-redirect',
  'nginx.ingress.kubernetes.io/force-ssl-redirect',
  // analyze/edge/egress.ts (multicast)
  'netnamespace.network.openshift.io/multicast-enabled',
  'k8s.ovn.org/multicast-enabled',
]);

/** Env vars whose values the analysis reads (the OpenShift egress router's settings, analyze/edge/egress.ts). */
export const READ_ENV = /^EGRESS_[A-Z_]+$/;

const S = 'scalar' as const;
const labels: Schema = { map: S };
const annotations: Schema = { map: (_v, _c, key) => (MODELLED_ANNOTATIONS.has(key) ? S : undefined) };

const metadata: Schema = {
  fields: {
    name: S,
    namespace: S,
    uid: S,
    creationTimestamp: S,
    // A Pod being deleted is terminating (model/kinds/workload.ts): its endpoints are not ready.
    deletionTimestamp: S,
    labels,
    annotations,
    ownerReferences: { items: { fields: { apiVersion: S, kind: S, name: S, uid: S, controller: S } } },
  },
};
/** Kinds podpath only names (unknown kinds, Templates, BuildConfigs, ServiceAccounts...): who they are, no body. */
const nameOnly: Schema = { fields: { name: S, namespace: S } };

const envVar: Schema = (v) => {
  const name = v && typeof v === 'object' ? (v as Record<string, unknown>).name : undefined;
  return {
    fields: {
      name: S,
      // Only the egress router's settings are read; every other value (passwords, URLs with credentials) stays home.
      ...(typeof name === 'string' && READ_ENV.test(name) ? { value: S } : {}),
      valueFrom: { fields: { configMapKeyRef: { fields: { name: S, key: S } }, secretKeyRef: { fields: { name: S, key: S } } } },
    },
  };
};

const container: Schema = {
  fields: {
    name: S,
    image: S,
    restartPolicy: S,
    ports: { items: { fields: { name: S, containerPort: S, protocol: S, hostPort: S } } },
    env: { items: envVar },
    envFrom: { items: { fields: { configMapRef: { fields: { name: S } } } } },
  },
};

const podSpec: Schema = {
  fields: {
    containers: { items: container },
    initContainers: { items: container },
    hostNetwork: S,
    hostname: S,
    subdomain: S,
    dnsPolicy: S,
    dnsConfig: { fields: { nameservers: { items: S }, searches: { items: S }, options: { items: { fields: { name: S, value: S } } } } },
    serviceAccountName: S,
    nodeName: S,
  },
};
const podTemplate: Schema = { fields: { metadata: { fields: { labels, annotations } }, spec: podSpec } };
// serviceName: a StatefulSet's pods get DNS names under it (model/kinds/workload.ts).
const workloadSpec: Schema = { fields: { replicas: S, selector: true, serviceName: S, template: podTemplate } };

const podStatus: Schema = {
  fields: {
    podIP: S,
    podIPs: { items: { fields: { ip: S } } },
    hostIP: S,
    hostIPs: { items: { fields: { ip: S } } },
    phase: S,
    conditions: { items: { fields: { type: S, status: S } } },
  },
};

/** A Route's spec is routing semantics, except the private key: its presence is read (tls.ts: a route
 *  without certificate and key is served the default certificate), its content never is. */
const routeSpec: Schema = (v) => {
  const fields: Record<string, Schema> = {};
  if (v && typeof v === 'object') for (const k of Object.keys(v)) fields[k] = true;
  fields.tls = (tls) => {
    const f: Record<string, Schema> = {};
    if (tls && typeof tls === 'object') for (const k of Object.keys(tls)) if (k !== 'key') f[k] = true;
    f.key = (key) => (typeof key === 'string' && key !== '' ? 'redacted' : S);
    return { fields: f };
  };
  return { fields };
};

const configMapData: Schema = {
  map: (_value, c, key) => (READ_ENV.test(key) || c.configMapKeys.get(`${c.namespace}/${c.name}`)?.has(key) ? S : undefined),
};

const whole = (extra: Record<string, Schema> = {}): Schema => ({ fields: { apiVersion: S, kind: S, metadata, spec: true, status: true, ...extra } });
const head = { apiVersion: S, kind: S };

/** The schema of each kind's whole object. Kinds not listed keep only apiVersion, kind, name and namespace. */
export const KIND_SCHEMAS: Record<string, Schema> = {
  Namespace: { fields: { ...head, metadata } },
  Project: { fields: { ...head, metadata } },
  Pod: { fields: { ...head, metadata, spec: podSpec, status: podStatus } },
  Deployment: { fields: { ...head, metadata, spec: workloadSpec } },
  StatefulSet: { fields: { ...head, metadata, spec: workloadSpec } },
  DaemonSet: { fields: { ...head, metadata, spec: workloadSpec } },
  ReplicaSet: { fields: { ...head, metadata, spec: workloadSpec } },
  ReplicationController: { fields: { ...head, metadata, spec: workloadSpec } },
  DeploymentConfig: { fields: { ...head, metadata, spec: workloadSpec } },
  Job: { fields: { ...head, metadata, spec: workloadSpec } },
  CronJob: { fields: { ...head, metadata, spec: { fields: { jobTemplate: { fields: { spec: workloadSpec } } } } } },
  Service: { fields: { ...head, metadata, spec: true, status: { fields: { loadBalancer: true } } } },
  Endpoints: { fields: { ...head, metadata, subsets: true } },
  EndpointSlice: { fields: { ...head, metadata, addressType: S, endpoints: true, ports: true } },
  NetworkPolicy: whole(),
  AdminNetworkPolicy: whole(),
  BaselineAdminNetworkPolicy: whole(),
  // Calico (issue 15): NetworkPolicy above covers projectcalico.org's too; service account labels are read by
  // serviceAccountSelector / serviceAccounts.selector (analyze/policy/calico/labels.ts).
  GlobalNetworkPolicy: whole(),
  Tier: whole(),
  ServiceAccount: { fields: { ...head, metadata } },
  Route: { fields: { ...head, metadata, spec: routeSpec, status: { fields: { ingress: true } } } },
  Ingress: whole(),
  IngressClass: whole(),
  GatewayClass: whole(),
  Gateway: whole(),
  HTTPRoute: whole(),
  GRPCRoute: whole(),
  TLSRoute: whole(),
  TCPRoute: whole(),
  UDPRoute: whole(),
  ReferenceGrant: whole(),
  EgressFirewall: whole(),
  EgressNetworkPolicy: whole(),
  EgressIP: whole(),
  EgressRouter: whole(),
  NetNamespace: { fields: { ...head, metadata, netname: S, netid: S, egressIPs: { items: S } } },
  HostSubnet: { fields: { ...head, metadata, host: S, hostIP: S, subnet: S, egressIPs: { items: S }, egressCIDRs: { items: S } } },
  ClusterNetwork: { fields: { ...head, metadata, network: S, hostsubnetlength: S, serviceNetwork: S, pluginName: S, clusterNetworks: true } },
  // The cluster's configuration (issue 19: model/kinds/ingresscontroller.ts, network.ts, analyze/edge/dnsconfig.ts).
  IngressController: { fields: { ...head, metadata, spec: { fields: { namespaceSelector: true, routeSelector: true, routeAdmission: { fields: { wildcardPolicy: S, namespaceOwnership: S } }, endpointPublishingStrategy: { fields: { type: S } }, domain: S, defaultCertificate: { fields: { name: S } } } }, status: { fields: { domain: S, endpointPublishingStrategy: { fields: { type: S } } } } } },
  Network: { fields: { ...head, metadata, spec: { fields: { clusterNetwork: true, serviceNetwork: true, networkType: S, externalIP: { fields: { policy: true } }, defaultNetwork: { fields: { type: S, openshiftSDNConfig: { fields: { mode: S } } } } } }, status: { fields: { clusterNetwork: true, serviceNetwork: true, networkType: S } } } },
  DNS: { fields: { ...head, metadata, spec: { fields: { baseDomain: S, servers: { items: { fields: { name: S, zones: { items: S }, forwardPlugin: { fields: { upstreams: { items: S } } } } } } } } } },
  // Data is read only where an egress router's settings come from (analyze/edge/egressobjects.ts envValue).
  ConfigMap: { fields: { ...head, metadata, data: configMapData } },
  // A Secret's data and stringData are never read; its type says what it is.
  Secret: { fields: { ...head, metadata, type: S } },
};

export const UNKNOWN_KIND_SCHEMA: Schema = { fields: { ...head, metadata: nameOnly } };
