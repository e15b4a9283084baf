// Building blocks shared by the editor's JSON schemas: object metadata, label selectors, ports and the
// pod template. Hand-written, compact, draft-07; `description`s are the hover docs in the editor, so
// they say what a field does to traffic, not just its type.
export type JSONSchema = { [keyword: string]: unknown };

export const str = (description: string, extra: JSONSchema = {}): JSONSchema => ({ type: 'string', description, ...extra });
export const int = (description: string, extra: JSONSchema = {}): JSONSchema => ({ type: 'integer', description, ...extra });
export const bool = (description: string): JSONSchema => ({ type: 'boolean', description });
export const arr = (items: JSONSchema, description: string, extra: JSONSchema = {}): JSONSchema => ({ type: 'array', items, description, ...extra });
export const obj = (properties: Record<string, JSONSchema>, description: string, extra: JSONSchema = {}): JSONSchema => ({
  type: 'object',
  description,
  properties,
  ...extra,
});
export const ref = (name: string): JSONSchema => ({ $ref: `#/definitions/${name}` });
export const withDescription = (name: string, description: string): JSONSchema => ({ allOf: [ref(name)], description });

export const stringMap = (description: string): JSONSchema => ({ type: 'object', description, additionalProperties: { type: ['string', 'null'] } });

/** A Kubernetes object of `kind` with the given apiVersions and body properties (spec, status, top-level fields). */
export function kindSchema(kind: string, apiVersions: string[], description: string, properties: Record<string, JSONSchema>, extra: JSONSchema = {}): JSONSchema {
  return {
    type: 'object',
    description,
    required: ['apiVersion', 'kind', 'metadata'],
    properties: {
      apiVersion: { type: 'string', enum: apiVersions, description: `API group/version of ${kind}: ${apiVersions.join(' or ')}.` },
      kind: { const: kind, description },
      metadata: ref('ObjectMeta'),
      ...properties,
    },
    ...extra,
  };
}

export const PROTOCOL: JSONSchema = {
  type: 'string',
  enum: ['TCP', 'UDP', 'SCTP'],
  default: 'TCP',
  description: 'Layer 4 protocol. Defaults to TCP. A rule or port for TCP does not cover UDP on the same number.',
};

export const PORT_NUMBER: JSONSchema = { type: 'integer', minimum: 1, maximum: 65535 };

export const INT_OR_STRING: JSONSchema = { type: ['integer', 'string'] };

const LABEL_SELECTOR_REQUIREMENT: JSONSchema = obj(
  {
    key: str('The label key the requirement applies to.'),
    operator: str('In / NotIn compare with `values`; Exists / DoesNotExist only look at the key (values must be empty).', {
      enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'],
    }),
    values: arr({ type: 'string' }, 'Values for In / NotIn (must not be empty for them); empty for Exists / DoesNotExist.'),
  },
  'One label requirement; all requirements and matchLabels are ANDed.',
  { required: ['key', 'operator'], additionalProperties: false },
);

export const COMMON_DEFINITIONS: Record<string, JSONSchema> = {
  ObjectMeta: obj(
    {
      name: str('Object name. With the namespace it identifies the object; NetworkPolicy peers and Routes refer to Services by this name.'),
      namespace: str('Namespace (project). Objects without one go to the namespace given when loading (default: `default`). Cluster-scoped kinds ignore it.'),
      labels: stringMap('Labels. Selectors (Service selector, NetworkPolicy podSelector/namespaceSelector) match these. On a Namespace, `kubernetes.io/metadata.name` is always set to its name.'),
      annotations: stringMap('Annotations. Some change traffic: e.g. haproxy.router.openshift.io/ip_allowlist on a Route.'),
      creationTimestamp: { type: ['string', 'null'], description: 'When the object was created. For Routes claiming the same host and path, the oldest wins.' },
      uid: str('Unique id set by the API server.'),
      resourceVersion: str('Set by the API server.'),
      generation: int('Set by the API server.'),
      ownerReferences: arr({ type: 'object' }, 'Owners, e.g. the ReplicaSet of a Pod.'),
      finalizers: arr({ type: 'string' }, 'Finalizers.'),
      generateName: str('Name prefix used when name is empty.'),
      managedFields: arr({ type: 'object' }, 'Server-side apply bookkeeping; ignored.'),
      selfLink: str('Deprecated; ignored.'),
      deletionTimestamp: { type: ['string', 'null'], description: 'Set when the object is being deleted.' },
      deletionGracePeriodSeconds: int('Grace period of a pending deletion.'),
    },
    'Standard object metadata.',
    { additionalProperties: false },
  ),
  LabelSelector: obj(
    {
      matchLabels: stringMap('Exact label matches, ANDed with matchExpressions. `{}` (or no selector fields) selects everything in scope.'),
      matchExpressions: arr(LABEL_SELECTOR_REQUIREMENT, 'Set-based requirements, ANDed.'),
    },
    'A label selector. An empty selector `{}` matches every object in its scope.',
    { additionalProperties: false },
  ),
  ContainerPort: obj(
    {
      name: str('Port name (IANA_SVC_NAME, max 15 chars). A Service targetPort or NetworkPolicy port given as a string is looked up by this name in each pod.', {
        maxLength: 15,
      }),
      containerPort: { ...PORT_NUMBER, description: 'The port the container listens on. This is the port NetworkPolicies and a Route targetPort number are compared with.' },
      protocol: PROTOCOL,
      hostPort: { ...PORT_NUMBER, description: 'Also expose the port on the node (rarely needed).' },
      hostIP: str('Host IP for hostPort.'),
    },
    'A port the container declares. Declaring is informational for numbers (traffic reaches any port the process listens on) but required for names.',
    { required: ['containerPort'], additionalProperties: false },
  ),
  EnvVar: obj(
    {
      name: str('Variable name. Egress router pods are configured with EGRESS_SOURCE, EGRESS_GATEWAY, EGRESS_DESTINATION, EGRESS_ROUTER_MODE.'),
      value: str('Literal value.'),
      valueFrom: obj(
        {
          configMapKeyRef: obj({ name: str('ConfigMap name.'), key: str('Key in the ConfigMap.'), optional: bool('Allow a missing key.') }, 'Value from a ConfigMap key (e.g. the egress router\'s EGRESS_DESTINATION).'),
          secretKeyRef: obj({ name: str('Secret name.'), key: str('Key in the Secret.'), optional: bool('Allow a missing key.') }, 'Value from a Secret key.'),
          fieldRef: { type: 'object', description: 'Value from a pod field.' },
          resourceFieldRef: { type: 'object', description: 'Value from a container resource.' },
        },
        'Where the value comes from.',
      ),
    },
    'An environment variable.',
    { required: ['name'] },
  ),
  Container: obj(
    {
      name: str('Container name.'),
      image: str('Image reference.'),
      ports: arr(ref('ContainerPort'), 'Ports the container declares; named ports are what a Service targetPort name refers to.'),
      env: arr(ref('EnvVar'), 'Environment variables.'),
      envFrom: arr({ type: 'object' }, 'Whole ConfigMaps/Secrets as environment.'),
      restartPolicy: str('Only on init containers: `Always` makes it a native sidecar that keeps running (and serves its ports).', { enum: ['Always'] }),
    },
    'A container.',
    { required: ['name'] },
  ),
  PodSpec: obj(
    {
      containers: arr(ref('Container'), 'The containers; their ports are the pod\'s ports.'),
      initContainers: arr(ref('Container'), 'Init containers (run before the containers; native sidecars keep running).'),
      hostNetwork: bool('Use the node\'s network namespace: the pod has the node\'s IP and most plug-ins do not apply NetworkPolicy pod selectors to it.'),
      hostname: str('Pod hostname; with `subdomain` and a headless Service of that name it gets a DNS record hostname.subdomain.ns.svc.'),
      subdomain: str('With hostname: the headless Service that gives the pod its own DNS name.'),
      dnsPolicy: str('ClusterFirst (default): cluster DNS with the namespace search path and ndots:5. Default: the node\'s resolv.conf. None: only dnsConfig.', {
        enum: ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
      }),
      dnsConfig: obj(
        {
          nameservers: arr({ type: 'string' }, 'Extra name servers.'),
          searches: arr({ type: 'string' }, 'Extra search domains, appended to the policy\'s.'),
          options: arr(obj({ name: str('Option, e.g. ndots.'), value: str('Value, e.g. "2".') }, 'A resolver option.'), 'Resolver options (ndots decides when the search path is tried first).'),
        },
        'DNS settings merged into the pod\'s resolv.conf.',
      ),
      nodeName: str('Node the pod runs on.'),
      serviceAccountName: str('Service account.'),
      restartPolicy: str('Restart policy.', { enum: ['Always', 'OnFailure', 'Never'] }),
    },
    'A pod specification.',
    { required: ['containers'] },
  ),
  PodTemplate: obj(
    {
      metadata: ref('ObjectMeta'),
      spec: ref('PodSpec'),
    },
    'The template the workload creates pods from. Its labels are the pods\' labels: Services and NetworkPolicies select these.',
  ),
};
