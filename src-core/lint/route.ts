// Lint rules about Routes (OpenShift router), each on the edge stage's own semantics (analyze/edge), so
// lint and trace cannot disagree:
// - admission: one code per reason the platform refuses a route (routevalid.ts, route.ts routeAdmission):
//   route-host-collision, route-not-admitted, route-api-invalid, route-wildcard-not-allowed, route-no-shard,
//   route-invalid-host, route-extended-validation;
// - route-service-missing, route-targetport-no-endpoint: the router has no server for the route (503);
// - allowlist-allows-everyone / allowlist-invalid-entries: the haproxy.router.openshift.io/ip_allowlist
//   annotation as the router reads it (allowlist.ts);
// - hsts-ineffective, reencrypt-without-ca, route-cert-problem: TLS settings that do nothing or fail;
// - route-ingress-collision (OpenShift profiles): a Route and an Ingress (served as a generated Route)
//   claiming the same host and path; the router admits only the older claimant.
import type { BuiltCluster } from '../model/build';
import type { Route } from '../model/types';
import { childRef } from '../parse/source';
import { readAllowList, suggestAllowList } from '../analyze/edge/allowlist';
import { parsePemCertificates, certCoversHost } from '../analyze/edge/certs';
import { fieldPath, nameOf } from '../analyze/edge/common';
import { ingressRoutes } from '../analyze/edge/ingressroutes';
import { backendEndpoints, hostKey, routeAdmission, targetPortFix } from '../analyze/edge/route';
import { HSTS_ANNOTATION, HSTS_PATTERN, hasServingCert } from '../analyze/edge/tls';
import type { Finding, LintCode } from './codes';
import { annotationRef, finding } from './finding';
import { isPlainKubernetes } from '../model/profiles';

const REJECT_CODES: Record<string, LintCode> = { RouteNotAdmitted: 'route-wildcard-not-allowed', NoRouterSelectsRoute: 'route-no-shard', InvalidHost: 'route-invalid-host', ExtendedValidationFailed: 'route-extended-validation' };

function routeFindings(cluster: BuiltCluster, r: Route, now: Date): Finding[] {
  const out: Finding[] = [];
  const name = nameOf(r.meta);
  const adm = routeAdmission(cluster).get(r);
  if (adm && !adm.admitted) {
    // One code per platform reason, so CI can fail on what the platform refuses (routevalid.ts).
    const code: LintCode = adm.by ? 'route-host-collision' : adm.fromStatus ? 'route-not-admitted' : adm.apiRejects ? 'route-api-invalid' : (REJECT_CODES[adm.code ?? ''] ?? 'route-not-admitted');
    const ref = adm.by ? childRef(r.meta.ref, 'spec', 'host') : adm.fromStatus ? childRef(r.meta.ref, 'status', 'ingress') : adm.field ? childRef(r.meta.ref, ...fieldPath(adm.field)) : r.meta.ref;
    const who = adm.apiRejects ? 'is rejected by the API server' : `is not admitted by the router${adm.code ? ` (${adm.code})` : ''}`;
    out.push(finding(cluster, code, r.meta, ref, `${name} ${who}, so it is not served: ${adm.reason}.`, { summary: adm.fix ?? (adm.by ? `Use another host or path, or delete ${nameOf(adm.by.meta)}.` : 'Fix the route as the reason says.') }));
    // A route the platform refuses outright: its other findings would describe a route that does not run.
    if (!adm.by) return out;
  }
  const b = backendEndpoints(cluster, r, r.to);
  if (r.to.kind === 'Service' && !b.service) {
    out.push(finding(cluster, 'route-service-missing', r.meta, r.to.ref, `${name} points at Service ${JSON.stringify(r.to.name)}, which is not in namespace ${JSON.stringify(r.meta.namespace)}: the router answers 503.`, { summary: `Create the Service or correct spec.to.name.` }));
  } else if (r.targetPort !== undefined && b.endpoints && b.endpoints.usable.length > 0 && b.used.length === 0) {
    const have = [...new Set(b.endpoints.usable.map((e) => e.port))].join(', ');
    const how = typeof r.targetPort === 'number' ? `targetPort ${r.targetPort} is compared with endpoint ports (the Service's targetPort), not the Service's port; the endpoints have ${have}` : `targetPort ${JSON.stringify(r.targetPort)} matches no Service port name nor endpoint port (endpoints: ${have})`;
    out.push(finding(cluster, 'route-targetport-no-endpoint', r.meta, r.targetPortRef ?? r.meta.ref, `${name}: ${how}. The router has no server for the route and answers 503.`, { summary: targetPortFix(r, b.endpoints.usable), snippet: `spec:\n  port:\n    targetPort: ${b.endpoints.usable[0].portName ?? b.endpoints.usable[0].port}` }));
  }
  const list = readAllowList(r.meta.annotations);
  if (list && !list.enforced) {
    out.push(finding(cluster, 'allowlist-allows-everyone', r.meta, annotationRef(r.meta, list.annotation), `${name}: ${list.annotation} ${JSON.stringify(list.raw)} is discarded by the router (${list.discarded}), so the route ALLOWS EVERY client address.`, { summary: 'Write space-separated IPs/CIDRs.', snippet: `metadata:\n  annotations:\n    ${list.annotation}: "${suggestAllowList(list.raw)}"` }));
  } else if (list && list.invalid.length) {
    out.push(finding(cluster, 'allowlist-invalid-entries', r.meta, annotationRef(r.meta, list.annotation), `${name}: the router drops ${list.invalid.map((s) => JSON.stringify(s)).join(', ')} from ${list.annotation} and only allows ${list.entries.join(' ')}.`, { summary: 'Remove or correct the invalid entries.', snippet: `metadata:\n  annotations:\n    ${list.annotation}: "${suggestAllowList(list.raw)}"` }));
  }
  const hsts = r.meta.annotations[HSTS_ANNOTATION];
  if (hsts !== undefined) {
    const t = r.tls?.termination;
    const why = t === 'passthrough' ? 'on a passthrough route the router cannot add response headers' : !r.tls ? 'the route is plain HTTP and browsers ignore HSTS over HTTP' : !HSTS_PATTERN.test(hsts) ? 'the value has no valid max-age, so the router ignores it' : undefined;
    if (why) out.push(finding(cluster, 'hsts-ineffective', r.meta, annotationRef(r.meta, HSTS_ANNOTATION), `${name}: ${HSTS_ANNOTATION} does nothing — ${why}.`, { summary: t === 'passthrough' ? 'Send Strict-Transport-Security from the application, or use edge/reencrypt termination.' : !r.tls ? 'Add spec.tls (termination: edge).' : 'Use a value like "max-age=31536000;includeSubDomains;preload".' }));
  }
  if (r.tls?.termination === 'reencrypt' && !r.tls.destinationCACertificate && !hasServingCert(b.service)) {
    out.push(finding(cluster, 'reencrypt-without-ca', r.meta, r.tls.ref, `${name} re-encrypts to the pod without destinationCACertificate, and ${b.service ? nameOf(b.service.meta) : 'its Service'} requests no service-CA serving certificate: unless the pod's certificate is signed by the service CA, the router's TLS handshake fails (503).`, { summary: 'Add spec.tls.destinationCACertificate (the CA that signed the pod certificate), or annotate the Service with service.beta.openshift.io/serving-cert-secret-name and serve that certificate.', snippet: 'spec:\n  tls:\n    destinationCACertificate: |-\n      -----BEGIN CERTIFICATE-----\n      ...' }));
  }
  if (r.tls?.certificate && r.host) {
    const certs = parsePemCertificates(r.tls.certificate);
    const ref = childRef(r.meta.ref, 'spec', 'tls', 'certificate');
    if ('error' in certs) out.push(finding(cluster, 'route-cert-problem', r.meta, ref, `${name}: spec.tls.certificate cannot be read (${certs.error}).`, { summary: 'Paste the PEM certificate (-----BEGIN CERTIFICATE-----).' }));
    else if (certs[0].notAfter.getTime() < now.getTime()) out.push(finding(cluster, 'route-cert-problem', r.meta, ref, `${name}: the certificate expired on ${certs[0].notAfter.toISOString()}.`, { summary: 'Renew the certificate.' }));
    else if (!certCoversHost(certs[0], r.host)) out.push(finding(cluster, 'route-cert-problem', r.meta, ref, `${name}: the certificate (SANs ${certs[0].dnsNames.join(', ') || 'none'}) does not cover ${r.host}.`, { summary: `Use a certificate issued for ${r.host}.` }));
  }
  return out;
}

/** OpenShift serves Ingresses as generated Routes, which compete with Route objects for host+path. */
function routeIngressCollision(cluster: BuiltCluster): Finding[] {
  if (isPlainKubernetes(cluster.profile)) return [];
  const out: Finding[] = [];
  const adm = routeAdmission(cluster);
  for (const g of ingressRoutes(cluster).routes) {
    const rivals = cluster.routes.filter((r) => r.host && hostKey(r) === hostKey(g) && (r.path ?? '') === (g.path ?? ''));
    for (const r of rivals) {
      const gA = adm.get(g);
      const rA = adm.get(r);
      // The router's verdict (routeAdmission): the older claim wins; other namespaces lose to the host's owner.
      const winner = rA && !rA.admitted && rA.by === g ? `${nameOf(r.meta)} is not admitted (${rA.reason}), the Ingress is served` : gA && !gA.admitted && gA.by === r ? `the Route generated for the Ingress is not admitted (${gA.reason}), ${nameOf(r.meta)} is served` : `the router admits only one claimant of a host and path`;
      const path = g.path ? ` path ${JSON.stringify(g.path)}` : '';
      out.push(finding(cluster, 'route-ingress-collision', g.meta, g.to.ref, `${nameOf(g.meta)} and ${nameOf(r.meta)} both claim host ${hostKey(g)}${path}. On OpenShift the Ingress becomes a Route: ${winner}.`, { summary: `Keep one of them: delete ${nameOf(r.meta)} or remove the rule from the Ingress (or give them different hosts/paths).` }));
    }
  }
  return out;
}

/** Findings about each Route, in input order. */
export function routeFindingsAll(cluster: BuiltCluster, now: Date): Finding[] {
  return cluster.routes.flatMap((r) => routeFindings(cluster, r, now));
}

export { routeIngressCollision };
