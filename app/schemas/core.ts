// Editor schemas for the core kinds: Namespace/Project, Pod, the workloads, Service, Endpoints,
// EndpointSlice, ConfigMap and Secret. Descriptions explain what each field does to traffic.
import { arr, bool, int, kindSchema, obj, PORT_NUMBER, PROTOCOL, INT_OR_STRING, ref, str, stringMap, type JSONSchema } from './common';

const STATUS: JSONSchema = { type: 'object', description: 'Status written by the cluster (kept from `oc get -o yaml` dumps).' };

const POD_STATUS: JSONSchema = obj(
  {
    phase: str('Pending / Running / Succeeded / Failed / Unknown. A finished pod (Succeeded, Failed) has no IP and receives nothing.', {
      enum: ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'],
    }),
    podIP: str('The pod\'s IP; ipBlock rules never match pod IPs of the cluster in podpath (see docs).'),
    podIPs: arr(obj({ ip: str('An IP of the pod.') }, 'Pod IP.'), 'All pod IPs (dual stack).'),
    hostIP: str('IP of the node.'),
    conditions: arr(
      obj({ type: str('Condition type; `Ready` decides whether the pod is a Service endpoint.'), status: str('True / False / Unknown.') }, 'A condition.'),
      'Conditions. A pod whose Ready condition is False is not a ready endpoint of its Services.',
    ),
  },
  'Pod status (from dumps).',
);

function workload(kind: string, apiVersions: string[], description: string, spec: Record<string, JSONSchema>): JSONSchema {
  return kindSchema(kind, apiVersions, description, { spec: obj(spec, `${kind} spec.`), status: STATUS });
}

const WORKLOAD_TEMPLATE = {
  replicas: int('Number of pods.'),
  selector: { ...ref('LabelSelector'), description: 'Which pods the workload owns; must match the template labels.' },
  template: ref('PodTemplate'),
};

const SERVICE_PORT: JSONSchema = obj(
  {
    name: str('Port name. Required when there is more than one port. A Route `spec.port.targetPort` string and an Ingress backend `port.name` refer to this name.'),
    port: { ...PORT_NUMBER, description: 'The port clients connect to on the Service\'s cluster IP / DNS name. NOT what a Route targetPort number or a NetworkPolicy port is compared with.' },
    targetPort: {
      ...INT_OR_STRING,
      description: 'Where the traffic goes on the pods: a number (the container port), or a name looked up in each pod\'s containerPorts (a pod without that name is not an endpoint). Defaults to `port`. This is the port NetworkPolicies see.',
    },
    protocol: PROTOCOL,
    nodePort: { type: 'integer', minimum: 30000, maximum: 32767, description: 'NodePort / LoadBalancer: the port opened on every node (30000-32767 by default).' },
    appProtocol: str('Application protocol hint (e.g. http, https, kubernetes.io/h2c).'),
  },
  'A Service port.',
  { required: ['port'], additionalProperties: false },
);

const ENDPOINT_PORT: JSONSchema = obj(
  {
    name: str('Must equal the Service port name this endpoint port belongs to.'),
    port: { ...PORT_NUMBER, description: 'The port on the endpoint address (a Route targetPort number is compared with this).' },
    protocol: PROTOCOL,
    appProtocol: str('Application protocol hint.'),
  },
  'An endpoint port.',
  { additionalProperties: false },
);

const TARGET_REF: JSONSchema = obj({ kind: str('Usually Pod.'), name: str('Object name.'), namespace: str('Namespace.'), uid: str('UID.'), resourceVersion: str('Version.') }, 'The object behind this address.');

const ENDPOINT_ADDRESS: JSONSchema = obj({ ip: str('Address.'), hostname: str('Hostname (headless Services).'), nodeName: str('Node.'), targetRef: TARGET_REF }, 'An address.', {
  required: ['ip'],
});

export const CORE_SCHEMAS: Record<string, JSONSchema> = {
  Namespace: kindSchema('Namespace', ['v1'], 'A namespace. Its labels are what NetworkPolicy namespaceSelectors match (kubernetes.io/metadata.name is always its name).', {
    spec: obj({ finalizers: arr({ type: 'string' }, 'Finalizers.') }, 'Namespace spec.'),
    status: STATUS,
  }),
  Project: kindSchema('Project', ['project.openshift.io/v1', 'v1'], 'An OpenShift project: a namespace with extra metadata. Same labels as its namespace for policies.', {
    spec: obj({ finalizers: arr({ type: 'string' }, 'Finalizers.') }, 'Project spec.'),
    status: STATUS,
  }),
  Pod: kindSchema('Pod', ['v1'], 'A pod. `NS/NAME` in a trace names a Pod first, else a workload of that name.', { spec: ref('PodSpec'), status: POD_STATUS }),
  Deployment: workload('Deployment', ['apps/v1'], 'A Deployment stands for the pods of its template: their labels and ports.', {
    ...WORKLOAD_TEMPLATE,
    strategy: { type: 'object', description: 'Rollout strategy.' },
  }),
  StatefulSet: workload('StatefulSet', ['apps/v1'], 'A StatefulSet stands for the pods of its template. serviceName names the headless Service giving each pod a DNS name.', {
    ...WORKLOAD_TEMPLATE,
    serviceName: str('Headless Service for per-pod DNS names (pod-0.svc.ns.svc.cluster.local).'),
  }),
  DaemonSet: workload('DaemonSet', ['apps/v1'], 'A DaemonSet stands for the pods of its template (one per node).', WORKLOAD_TEMPLATE),
  ReplicaSet: workload('ReplicaSet', ['apps/v1'], 'A ReplicaSet stands for the pods of its template.', WORKLOAD_TEMPLATE),
  ReplicationController: workload('ReplicationController', ['v1'], 'A ReplicationController stands for the pods of its template.', {
    replicas: int('Number of pods.'),
    selector: stringMap('Equality selector on pod labels.'),
    template: ref('PodTemplate'),
  }),
  DeploymentConfig: workload('DeploymentConfig', ['apps.openshift.io/v1', 'v1'], 'An OpenShift DeploymentConfig (deprecated) stands for the pods of its template.', {
    replicas: int('Number of pods.'),
    selector: stringMap('Equality selector on pod labels (a plain map, not a LabelSelector).'),
    template: ref('PodTemplate'),
    triggers: arr({ type: 'object' }, 'Triggers.'),
    strategy: { type: 'object', description: 'Rollout strategy.' },
  }),
  Job: workload('Job', ['batch/v1'], 'A Job stands for the pods of its template.', {
    template: ref('PodTemplate'),
    selector: ref('LabelSelector'),
    backoffLimit: int('Retries.'),
    completions: int('Completions.'),
    parallelism: int('Parallelism.'),
  }),
  CronJob: workload('CronJob', ['batch/v1'], 'A CronJob stands for the pods of its job template (spec.jobTemplate.spec.template).', {
    schedule: str('Cron schedule.'),
    jobTemplate: obj({ metadata: ref('ObjectMeta'), spec: obj({ template: ref('PodTemplate') }, 'Job spec.') }, 'The Job to create.'),
    suspend: bool('Suspend runs.'),
    concurrencyPolicy: str('Concurrency policy.', { enum: ['Allow', 'Forbid', 'Replace'] }),
  }),
  Service: kindSchema('Service', ['v1'], 'A Service: a stable name and virtual IP for the pods its selector matches.', {
    spec: obj(
      {
        selector: stringMap('Pods with all these labels (in the Service\'s namespace) are its endpoints. No selector: endpoints come from Endpoints / EndpointSlices you write.'),
        ports: arr(SERVICE_PORT, 'Ports: `port` on the Service, `targetPort` on the pods.'),
        type: str('ClusterIP (default, inside the cluster), NodePort (plus a port on every node), LoadBalancer (plus an external load balancer), ExternalName (a DNS CNAME to externalName; no proxying).', {
          enum: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
        }),
        clusterIP: str('Virtual IP, or "None" for a headless Service (DNS returns the pod IPs directly).'),
        clusterIPs: arr({ type: 'string' }, 'Virtual IPs (dual stack).'),
        externalName: str('ExternalName Services: the DNS name returned as a CNAME; traffic leaves the cluster.'),
        externalIPs: arr({ type: 'string' }, 'Extra IPs on which nodes accept traffic for this Service.'),
        sessionAffinity: str('ClientIP keeps a client on one endpoint.', { enum: ['None', 'ClientIP'] }),
        sessionAffinityConfig: { type: 'object', description: 'Affinity timeout.' },
        loadBalancerIP: str('Requested load balancer IP (deprecated).'),
        loadBalancerSourceRanges: arr({ type: 'string' }, 'LoadBalancer: client CIDRs allowed (if the provider supports it).'),
        loadBalancerClass: str('Load balancer implementation.'),
        allocateLoadBalancerNodePorts: bool('Allocate node ports for LoadBalancer.'),
        externalTrafficPolicy: str('Local keeps the client IP but only nodes with a local endpoint answer.', { enum: ['Cluster', 'Local'] }),
        internalTrafficPolicy: str('Local: only endpoints on the caller\'s node.', { enum: ['Cluster', 'Local'] }),
        healthCheckNodePort: int('Health check port for externalTrafficPolicy Local.'),
        publishNotReadyAddresses: bool('Also publish pods that are not ready (DNS and endpoints).'),
        ipFamilies: arr({ type: 'string', enum: ['IPv4', 'IPv6'] }, 'IP families.'),
        ipFamilyPolicy: str('IP family policy.', { enum: ['SingleStack', 'PreferDualStack', 'RequireDualStack'] }),
        trafficDistribution: str('Traffic distribution preference.'),
      },
      'Service spec.',
      { additionalProperties: false },
    ),
    status: STATUS,
  }),
  Endpoints: kindSchema('Endpoints', ['v1'], 'Endpoints of the Service with the same name (written by hand for selector-less Services).', {
    subsets: arr(
      obj(
        {
          addresses: arr(ENDPOINT_ADDRESS, 'Ready addresses.'),
          notReadyAddresses: arr(ENDPOINT_ADDRESS, 'Addresses that get no traffic (not ready).'),
          ports: arr(ENDPOINT_PORT, 'Ports of these addresses.'),
        },
        'A set of addresses sharing ports.',
      ),
      'Address/port sets.',
    ),
  }),
  EndpointSlice: kindSchema('EndpointSlice', ['discovery.k8s.io/v1'], 'A slice of a Service\'s endpoints; the label kubernetes.io/service-name names the Service.', {
    addressType: str('Address type.', { enum: ['IPv4', 'IPv6', 'FQDN'] }),
    endpoints: arr(
      obj(
        {
          addresses: arr({ type: 'string' }, 'Addresses of this endpoint.'),
          conditions: obj({ ready: bool('Ready endpoints get traffic.'), serving: bool('Serving.'), terminating: bool('Terminating.') }, 'Conditions.'),
          hostname: str('Hostname.'),
          nodeName: str('Node.'),
          zone: str('Zone.'),
          targetRef: TARGET_REF,
          hints: { type: 'object', description: 'Topology hints.' },
        },
        'An endpoint.',
        { required: ['addresses'] },
      ),
      'Endpoints.',
    ),
    ports: arr(ENDPOINT_PORT, 'Ports of all endpoints in the slice.'),
  }, { required: ['apiVersion', 'kind', 'metadata', 'addressType'] }),
  ConfigMap: kindSchema('ConfigMap', ['v1'], 'Configuration data. podpath reads it where traffic depends on it, e.g. an egress router\'s EGRESS_DESTINATION.', {
    data: stringMap('String data.'),
    binaryData: stringMap('Base64 data.'),
    immutable: bool('Immutable.'),
  }),
  Secret: kindSchema('Secret', ['v1'], 'A Secret, e.g. a TLS certificate for an Ingress or Gateway listener. Values are redacted when sharing.', {
    type: str('Secret type; kubernetes.io/tls holds tls.crt and tls.key.'),
    data: stringMap('Base64 data.'),
    stringData: stringMap('Plain data.'),
    immutable: bool('Immutable.'),
  }),
};

