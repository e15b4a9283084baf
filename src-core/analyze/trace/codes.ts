// The catalogue of hop codes: typed facts a hop carries besides its prose, so that readers that decide
// something from a hop (the lint rules, the trace summary's symptom, tools) never match its text. Rewording a
// hop (its title, summary or steps) changes nothing here; a new fact to read is a new code in this list.
//
// `symptom`: what the client sees when this hop stops the request (symptom.ts words it). Only where the
// platform's behaviour is known; a code without one leaves the summary without symptom words.

/** What the client of a stopped request observes. */
export type Symptom =
  /** The packets are dropped (NetworkPolicy, EgressFirewall/EgressNetworkPolicy deny): no answer at all. */
  | 'timeout'
  /** kube-proxy / OVN-Kubernetes reject (ICMP port unreachable or a TCP reset): the client gets ECONNREFUSED. */
  | 'refused'
  /** The DNS query is dropped: no name resolves. */
  | 'no-dns'
  /** An HTTP answer from the router / ingress controller / gateway instead of the application. */
  | 'http-503'
  | 'http-404'
  | 'http-504'
  /** A Gateway API implementation's answer, as the HTTPRoute spec requires (httproute_types.go). */
  | 'gateway-404'
  | 'gateway-500'
  | 'gateway-503';

export const HOP_CODES = {
  // Edge: the router / ingress controller / gateway answers for the application.
  'route-none': { symptom: 'http-503', about: 'no admitted Route serves the host and path: HAProxy\'s default backend answers 503' },
  'route-no-endpoints': { symptom: 'http-503', about: 'the Route\'s backends have no usable endpoint: the router has no server and answers 503' },
  'route-not-admitted': { symptom: 'http-503', about: 'the Route that would serve the request is not admitted (or the API server rejects it): the router answers 503' },
  'ingress-no-route': { symptom: 'http-503', about: 'OpenShift generates no Route for the Ingress rule: the router answers 503' },
  'ingress-no-endpoints': { symptom: 'http-503', about: 'ingress-nginx: a matched rule whose Service has no ready endpoint answers 503' },
  'ingress-default-backend': { symptom: 'http-404', about: 'ingress-nginx: no rule matches, the default backend answers 404' },
  'gateway-no-route': { symptom: 'gateway-404', about: 'no HTTPRoute attached to the listener matches: the gateway answers 404' },
  'gateway-backend-invalid': { symptom: 'gateway-500', about: 'the matched rule\'s backends are invalid, refused by ReferenceGrant or all of weight 0: HTTP 500' },
  'gateway-no-backends': { symptom: 'gateway-503', about: 'the matched rule has no backendRefs: the gateway answers 503' },
  'host-unserved': { symptom: 'http-503', about: 'nothing in the input serves the host: the router answers 503' },
  // Services: kube-proxy programs a REJECT for a Service port without endpoints.
  'service-no-endpoints': { symptom: 'refused', about: 'the Service has no endpoints for the port: kube-proxy rejects the connection' },
  // The endpoint pod declares ports, but not this one: unless a process listens there anyway, the pod's
  // kernel answers the SYN with a reset (a warning: containerPorts are informational).
  'port-not-declared': { symptom: 'refused', about: 'no container of the pod declares the port the connection arrives on' },
  // DNS: the query to the cluster DNS is dropped by policy.
  'dns-query-dropped': { symptom: 'no-dns', about: 'the pod\'s DNS query to the cluster DNS pods is denied' },
  // Pods that cannot take part in a connection at all (a warning hop that still stops the trace).
  'pod-finished': { about: 'the pod is in phase Succeeded/Failed: no running container, no IP' },
  'pod-scaled-to-zero': { about: 'the workload has spec.replicas: 0: no pod runs' },
  // Egress firewall (EgressNetworkPolicy / EgressFirewall), read by lint/egress-firewall.ts.
  'egress-firewall-deny': { symptom: 'timeout', about: 'a Deny rule of the EgressFirewall / EgressNetworkPolicy matches: the packets are dropped' },
  'egress-firewall-drops-all': { symptom: 'timeout', about: 'openshift-sdn drops ALL egress of the project (a joined netid, or several EgressNetworkPolicies)' },
  'egress-firewall-ignored': { about: 'the egress object is ignored by the network plug-in (a global netid; an EgressNetworkPolicy under OVN-Kubernetes)' },
  'egress-firewall-rejected': { about: 'the API server or the controller refuses the egress object: it restricts nothing' },
} as const satisfies Record<string, { symptom?: Symptom; about: string }>;

export type HopCode = keyof typeof HOP_CODES;

/** The symptom a code stands for, if the platform's behaviour is known. */
export function codeSymptom(code: HopCode | undefined): Symptom | undefined {
  if (!code) return undefined;
  const c: { symptom?: Symptom; about: string } = HOP_CODES[code];
  return c.symptom;
}
