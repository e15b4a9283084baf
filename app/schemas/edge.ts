// Editor schemas for the ways into the cluster: OpenShift Route, Ingress / IngressClass
// (networking.k8s.io/v1) and Gateway API (GatewayClass, Gateway, HTTPRoute, ReferenceGrant).
import { arr, INT_OR_STRING, int, kindSchema, obj, PORT_NUMBER, ref, str, stringMap, type JSONSchema } from './common';

const STATUS: JSONSchema = { type: 'object', description: 'Status written by the cluster (e.g. Route admission, Gateway conditions).' };

const ROUTE_BACKEND = (what: string): JSONSchema =>
  obj(
    {
      kind: str('Only Service.', { enum: ['Service', ''] }),
      name: str('The Service name, in the Route\'s namespace.'),
      weight: int('Relative share 0-256 (default 100). 0 = this backend gets no traffic.', { minimum: 0, maximum: 256 }),
    },
    what,
    { required: ['name'], additionalProperties: false },
  );

const PEM = (what: string): JSONSchema => str(`${what} (PEM). podpath shows its subject, SANs and expiry and warns on a host mismatch or expiry.`);

const ROUTE_TLS: JSONSchema = obj(
  {
    termination: str('edge: HTTPS ends at the router, plain HTTP to the pod. passthrough: TLS goes through untouched to the pod (router routes by SNI only). reencrypt: HTTPS ends at the router, which opens a new TLS connection to the pod.', {
      enum: ['edge', 'passthrough', 'reencrypt'],
    }),
    insecureEdgeTerminationPolicy: str('What happens to plain HTTP on port 80. None (default): not served. Allow: served without TLS (not for passthrough). Redirect: 302 to https://.', {
      enum: ['None', 'Allow', 'Redirect', ''],
    }),
    certificate: PEM('Serving certificate for the host; without one the router uses its default (wildcard) certificate'),
    key: str('Private key of the certificate (PEM). Redacted when sharing.'),
    caCertificate: PEM('CA chain for the serving certificate'),
    destinationCACertificate: PEM('reencrypt only: CA used to verify the POD\'s certificate. Without it the router trusts the cluster service CA only'),
    externalCertificate: obj({ name: str('Secret (kubernetes.io/tls) in the Route\'s namespace.') }, 'Certificate from a Secret instead of inline.'),
  },
  'TLS settings. No tls: a plain HTTP route on port 80.',
  { required: ['termination'], additionalProperties: false },
);

const INGRESS_BACKEND: JSONSchema = obj(
  {
    service: obj(
      {
        name: str('Service in the Ingress\'s namespace.'),
        port: obj(
          { number: { ...PORT_NUMBER, description: 'The Service port (its `port`, not targetPort).' }, name: str('The Service port name.') },
          'The Service port: number or name.',
          { additionalProperties: false, minProperties: 1, maxProperties: 1 },
        ),
      },
      'A Service backend.',
      { required: ['name'], additionalProperties: false },
    ),
    resource: obj({ apiGroup: str('API group.'), kind: str('Kind.'), name: str('Name.') }, 'An object backend (e.g. a storage bucket); shown, not followed.', { required: ['kind', 'name'] }),
    serviceName: str('networking.k8s.io/v1beta1 form (old dumps): the Service name.'),
    servicePort: { ...INT_OR_STRING, description: 'networking.k8s.io/v1beta1 form: the Service port number or name.' },
  },
  'A backend: service or resource.',
  { additionalProperties: false },
);

const PARENT_REF: JSONSchema = obj(
  {
    group: str('gateway.networking.k8s.io (default).'),
    kind: str('Gateway (default).'),
    namespace: str('Namespace of the Gateway; default: the route\'s namespace.'),
    name: str('Gateway name.'),
    sectionName: str('A listener name: attach to that listener only.'),
    port: { ...PORT_NUMBER, description: 'Attach to listeners on this port only.' },
  },
  'The Gateway (listener) this route attaches to; the listener\'s allowedRoutes must admit the route\'s namespace and kind.',
  { required: ['name'], additionalProperties: false },
);

const BACKEND_REF: JSONSchema = obj(
  {
    group: str('"" for Service (default).'),
    kind: str('Service (default).'),
    name: str('Service name.'),
    namespace: str('Namespace of the Service; another namespace needs a ReferenceGrant THERE allowing this route, else the ref is refused (HTTP 500).'),
    port: { ...PORT_NUMBER, description: 'The Service port (required for Services).' },
    weight: int('Relative share (default 1; 0 = no traffic).', { minimum: 0, maximum: 1000000 }),
    filters: arr({ type: 'object' }, 'Filters for this backend.'),
  },
  'A backend.',
  { required: ['name'], additionalProperties: false },
);

const HTTP_MATCH: JSONSchema = obj(
  {
    path: obj(
      {
        type: str('PathPrefix (default; element-wise on "/": /cart matches /cart/x, not /carts), Exact, RegularExpression (implementation-specific).', {
          enum: ['Exact', 'PathPrefix', 'RegularExpression'],
        }),
        value: str('Path, default "/".'),
      },
      'Path match.',
      { additionalProperties: false },
    ),
    headers: arr(obj({ type: str('Match type.', { enum: ['Exact', 'RegularExpression'] }), name: str('Header name (case-insensitive).'), value: str('Value.') }, 'Header match.', { required: ['name', 'value'] }), 'All must match.'),
    queryParams: arr(obj({ type: str('Match type.', { enum: ['Exact', 'RegularExpression'] }), name: str('Parameter.'), value: str('Value.') }, 'Query match.', { required: ['name', 'value'] }), 'All must match.'),
    method: str('HTTP method.', { enum: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'] }),
  },
  'A match: all its conditions must hold. Matches in a list are ORed.',
  { additionalProperties: false },
);

export const EDGE_SCHEMAS: Record<string, JSONSchema> = {
  Route: kindSchema('Route', ['route.openshift.io/v1', 'v1'], 'An OpenShift Route: the router (HAProxy) sends requests for host (+path) to the Service\'s endpoints - directly to the pods, not through the Service IP.', {
    spec: obj(
      {
        host: str('Host name (exact match; with wildcardPolicy Subdomain, any host in the same subdomain). When two Routes claim the same host and path, the oldest wins and the other is not admitted.'),
        subdomain: str('Instead of host: <subdomain>.<router domain>.'),
        path: str('Path prefix for path-based routing (the longest matching path wins). Not for passthrough.'),
        to: ROUTE_BACKEND('The primary backend Service.'),
        alternateBackends: arr(ROUTE_BACKEND('An extra backend (A/B, canary); traffic is split by weight.'), 'Up to 3 more Services.', { maxItems: 3 }),
        port: obj(
          {
            targetPort: {
              ...INT_OR_STRING,
              description: 'Which endpoints to use. A number is compared with the endpoint ports (the Service\'s targetPort / container port), NOT the Service port; a string with the Service port names (and the endpoint port number as text). No match leaves no endpoint: the router answers 503. Omit to use all endpoint ports.',
            },
          },
          'Port selection.',
          { required: ['targetPort'], additionalProperties: false },
        ),
        tls: ROUTE_TLS,
        wildcardPolicy: str('Subdomain: serve every host in the host\'s subdomain (if the router allows wildcard routes).', { enum: ['None', 'Subdomain'] }),
        httpHeaders: { type: 'object', description: 'Request/response header actions.' },
      },
      'Route spec.',
      { required: ['to'], additionalProperties: false },
    ),
    status: STATUS,
  }),
  Ingress: kindSchema('Ingress', ['networking.k8s.io/v1', 'networking.k8s.io/v1beta1', 'extensions/v1beta1'], 'A Kubernetes Ingress, served by the ingress controller of its class (on OpenShift the router turns it into Routes).', {
    spec: obj(
      {
        ingressClassName: str('IngressClass name; unset: the class marked ingressclass.kubernetes.io/is-default-class.'),
        defaultBackend: INGRESS_BACKEND,
        backend: INGRESS_BACKEND,
        tls: arr(obj({ hosts: arr({ type: 'string' }, 'Hosts served on HTTPS with this certificate.'), secretName: str('kubernetes.io/tls Secret in the Ingress\'s namespace.') }, 'TLS for some hosts.'), 'TLS.'),
        rules: arr(
          obj(
            {
              host: str('Exact host, or *.foo.com matching exactly one extra label. Empty: every host.'),
              http: obj(
                {
                  paths: arr(
                    obj(
                      {
                        path: str('Path; must start with "/" for Exact and Prefix.'),
                        pathType: str('Exact: the whole path. Prefix: element-wise on "/" (/api matches /api/x, not /apix). ImplementationSpecific: up to the controller. The longest match wins.', {
                          enum: ['Exact', 'Prefix', 'ImplementationSpecific'],
                        }),
                        backend: INGRESS_BACKEND,
                      },
                      'A path.',
                      { required: ['backend'], additionalProperties: false },
                    ),
                    'Paths.',
                  ),
                },
                'HTTP paths.',
                { required: ['paths'] },
              ),
            },
            'A host rule.',
            { additionalProperties: false },
          ),
          'Host rules.',
        ),
      },
      'Ingress spec.',
      { additionalProperties: false },
    ),
    status: STATUS,
  }),
  IngressClass: kindSchema('IngressClass', ['networking.k8s.io/v1'], 'An ingress class: which controller serves Ingresses naming it. The annotation ingressclass.kubernetes.io/is-default-class: "true" makes it the default.', {
    spec: obj({ controller: str('Controller, e.g. k8s.io/ingress-nginx or openshift.io/ingress-to-route.'), parameters: { type: 'object', description: 'Controller parameters.' } }, 'IngressClass spec.'),
  }),
  GatewayClass: kindSchema('GatewayClass', ['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1'], 'A class of Gateways and the controller that implements them.', {
    spec: obj({ controllerName: str('Controller, e.g. gateway.envoyproxy.io/gatewayclass-controller.'), parametersRef: { type: 'object', description: 'Parameters.' }, description: str('Description.') }, 'GatewayClass spec.', { required: ['controllerName'] }),
    status: STATUS,
  }),
  Gateway: kindSchema('Gateway', ['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1'], 'A Gateway: listeners (protocol, port, hostname) that routes attach to.', {
    spec: obj(
      {
        gatewayClassName: str('The GatewayClass.'),
        listeners: arr(
          obj(
            {
              name: str('Listener name (a route\'s parentRef sectionName).'),
              hostname: str('Host or *.domain; routes\' hostnames must intersect it. Empty: any host.'),
              port: { ...PORT_NUMBER, description: 'Port the Gateway listens on.' },
              protocol: str('HTTP / HTTPS / TLS / TCP / UDP.', { enum: ['HTTP', 'HTTPS', 'TLS', 'TCP', 'UDP'] }),
              tls: obj({ mode: str('Terminate (HTTPS ends here) or Passthrough.', { enum: ['Terminate', 'Passthrough'] }), certificateRefs: arr({ type: 'object' }, 'Certificate Secrets.'), options: stringMap('Options.') }, 'TLS.'),
              allowedRoutes: obj(
                {
                  namespaces: obj({ from: str('Same (default): only the Gateway\'s namespace. All. Selector: namespaces matching selector.', { enum: ['All', 'Same', 'Selector'] }), selector: ref('LabelSelector') }, 'Which namespaces may attach routes.'),
                  kinds: arr({ type: 'object' }, 'Route kinds allowed.'),
                },
                'Which routes may attach.',
              ),
            },
            'A listener.',
            { required: ['name', 'port', 'protocol'], additionalProperties: false },
          ),
          'Listeners.',
          { minItems: 1 },
        ),
        addresses: arr({ type: 'object' }, 'Requested addresses.'),
        infrastructure: { type: 'object', description: 'Infrastructure labels/annotations.' },
      },
      // Open: Gateway API keeps adding spec fields (experimental channel), which must not show as errors.
      'Gateway spec.',
      { required: ['gatewayClassName', 'listeners'] },
    ),
    status: STATUS,
  }),
  HTTPRoute: kindSchema('HTTPRoute', ['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1'], 'A Gateway API HTTP route: hostnames and matches to weighted backends.', {
    spec: obj(
      {
        parentRefs: arr(PARENT_REF, 'Gateways/listeners to attach to.'),
        hostnames: arr({ type: 'string' }, 'Hosts (exact or *.domain) intersected with the listener hostname.'),
        rules: arr(
          obj(
            {
              name: str('Rule name.'),
              matches: arr(HTTP_MATCH, 'ORed matches; default: PathPrefix "/". The most specific match wins across rules (longest path, then more headers...).'),
              filters: arr({ type: 'object' }, 'Filters (redirects, header changes, mirrors).'),
              backendRefs: arr(BACKEND_REF, 'Weighted backends; none or all invalid: HTTP 500.'),
              timeouts: { type: 'object', description: 'Timeouts.' },
            },
            'A rule (open: retry, sessionPersistence ... exist in the experimental channel).',
          ),
          'Rules.',
        ),
      },
      'HTTPRoute spec.',
    ),
    status: STATUS,
  }),
  ReferenceGrant: kindSchema('ReferenceGrant', ['gateway.networking.k8s.io/v1beta1', 'gateway.networking.k8s.io/v1alpha2'], 'Lets objects in other namespaces refer to objects in THIS namespace (it must live in the namespace being referred to).', {
    spec: obj(
      {
        from: arr(obj({ group: str('e.g. gateway.networking.k8s.io.'), kind: str('e.g. HTTPRoute.'), namespace: str('The referring namespace.') }, 'Who may refer.', { required: ['group', 'kind', 'namespace'] }), 'Referrers.', { minItems: 1 }),
        to: arr(obj({ group: str('"" for core (Service).'), kind: str('e.g. Service.'), name: str('Only this object; empty: all of the kind.') }, 'What may be referred to.', { required: ['group', 'kind'] }), 'Targets.', { minItems: 1 }),
      },
      'ReferenceGrant spec.',
      { required: ['from', 'to'], additionalProperties: false },
    ),
  }),
};
