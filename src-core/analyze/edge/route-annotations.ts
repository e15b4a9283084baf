// The Route annotations the route hop shows as facts (timeouts, rate limits, balancing). One list, read by
// the route tracer (routetrace.ts) and by the share allow-list (share/allowlist.ts), which must keep
// every annotation the analysis reads.
export const ROUTE_FACT_ANNOTATIONS = [
  'haproxy.router.openshift.io/timeout',
  'haproxy.router.openshift.io/timeout-tunnel',
  'haproxy.router.openshift.io/rate-limit-connections',
  'haproxy.router.openshift.io/rate-limit-connections.concurrent-tcp',
  'haproxy.router.openshift.io/rate-limit-connections.rate-tcp',
  'haproxy.router.openshift.io/rate-limit-connections.rate-http',
  'haproxy.router.openshift.io/balance',
  'haproxy.router.openshift.io/disable_cookies',
  'haproxy.router.openshift.io/rewrite-target',
  'router.openshift.io/cookie_name',
] as const;
