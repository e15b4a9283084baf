// What the client sees when a request is stopped, in the customer's words (issue 14: the verdict should
// read like the ticket — "503", "timeout", "connection refused"). The builder puts these words into the
// trace summary; they come from typed data only (the blocking hop's `code` and `kind`, and who fronts the
// request), never from a hop's prose. Where the platform's behaviour is not known, there are no words.
//
// Sources:
// - NetworkPolicy / EgressFirewall denials drop packets: OVN-Kubernetes' default-deny and EgressFirewall
//   Deny ACLs use action "drop" (ovn-kubernetes go-controller pkg/ovn/gress_policy.go, egressfirewall.go),
//   openshift-sdn's table 80/100 flows `actions=drop`, Cilium and Calico drop by default. The client waits
//   for an answer that never comes: a timeout.
// - A Service port without endpoints: kube-proxy writes a filter rule `"<svc> has no endpoints" -j REJECT`
//   (kubernetes pkg/proxy/iptables/proxier.go; REJECT's default is icmp-port-unreachable, which a TCP
//   client reports as ECONNREFUSED; the nftables proxier rejects too), and OVN-Kubernetes sets the OVN load
//   balancer's reject option (go-controller pkg/ovn/controller/services/lb_config.go lbOpts:
//   `lbOptions.Reject = true`; OVN then answers a VIP without backends with a TCP reset / ICMP unreachable):
//   "connection refused". With a Local traffic policy and no endpoint on the node, kube-proxy DROPs
//   (proxier.go internalTrafficFilterTarget = "DROP") while OVN-Kubernetes still rejects: no words.
// - Behind the OpenShift router (HAProxy), a backend it cannot connect to — the router pod's packets are
//   dropped by a NetworkPolicy — ends in HAProxy's connect timeout (`timeout connect 5s` in the router's
//   haproxy-config.template) and the 503 error page, as "no server available" does (HAProxy configuration
//   manual, 1.3.1 "503 when no server was available to handle the request"). ingress-nginx answers an
//   upstream connect timeout with 504 Gateway Time-out (proxy_connect_timeout, nginx ngx_http_upstream
//   NGX_HTTP_UPSTREAM_FT_TIMEOUT → 504). A Gateway answers as its hop says (404 for no matching HTTPRoute,
//   500 for invalid backends, gateway.ts); a drop behind a Gateway depends on the implementation: no words.
import type { Hop, HopKind } from '../types';
import { codeSymptom, type Symptom } from './codes';

/** Who answers the client when the connection behind it fails: nobody (the client connects itself), the
 *  OpenShift router, ingress-nginx, or a Gateway implementation (unknown behaviour). */
export type Front = 'client' | 'openshift-router' | 'ingress-nginx' | 'gateway';

export const SYMPTOM_WORDS: Record<Symptom, string> = {
  timeout: 'packets are dropped: the client sees a timeout',
  refused: 'connection refused',
  'no-dns': 'the DNS query is dropped: the name does not resolve',
  'http-503': 'the router answers 503',
  'http-404': 'the ingress controller answers 404',
  'http-504': 'the ingress controller answers 504 (its connection to the pod times out)',
  'gateway-404': 'the gateway answers 404',
  'gateway-500': 'the gateway answers 500',
  'gateway-503': 'the gateway answers 503',
};

/** Hop kinds whose denial is a NetworkPolicy-like packet drop. */
const DROPPING: ReadonlySet<HopKind> = new Set<HopKind>(['egress-policy', 'ingress-policy', 'admin-policy', 'baseline-policy', 'project-isolation']);

/** The symptom of a trace stopped at `blocking` (undefined when not known). */
export function symptomOf(blocking: Hop | undefined, front: Front = 'client'): Symptom | undefined {
  if (!blocking || blocking.verdict !== 'denied') return undefined;
  const coded = codeSymptom(blocking.code);
  if (coded) return coded;
  if (!DROPPING.has(blocking.kind)) return undefined;
  // A drop behind a proxy is answered by the proxy (the router's connection to the pod times out).
  if (front === 'openshift-router') return 'http-503';
  if (front === 'ingress-nginx') return 'http-504';
  if (front === 'gateway') return undefined;
  return 'timeout';
}

/** The words for a symptom, as the trace summary puts them: `(connection refused)`. */
export function symptomWords(s: Symptom | undefined): string {
  return s ? ` (${SYMPTOM_WORDS[s]})` : '';
}
