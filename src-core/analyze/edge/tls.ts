// TLS on a Route, as the router serves it: no spec.tls → plain HTTP only; edge → HTTPS ends at the router,
// plain HTTP to the pod; reencrypt → HTTPS ends at the router, which opens a new TLS connection to the pod
// and verifies it with destinationCACertificate, or else the service CA (the pod then needs a serving
// certificate from the service CA: Service annotation service.beta.openshift.io/serving-cert-secret-name);
// passthrough → the router routes on the TLS SNI and the pod terminates TLS.
// insecureEdgeTerminationPolicy decides plain HTTP for TLS routes: None/unset → not served (no entry in
// the router's HTTP maps), Allow → served (not for passthrough), Redirect → 302 to https (os_route_http_redirect.map).
// HSTS (haproxy.router.openshift.io/hsts_header) is only added on edge/reencrypt responses (template), and
// browsers ignore it over plain HTTP anyway.
import type { BuiltCluster } from '../../model/build';
import type { Route, Service } from '../../model/types';
import type { ExplanationStep, Hop } from '../types';
import { certCoversHost, parsePemCertificates, type CertInfo } from './certs';
import { fieldRule, hop, nameOf, q, ruleAt, step } from './common';
import { defaultCertificateSteps } from './defaultcert';

export const HSTS_ANNOTATION = 'haproxy.router.openshift.io/hsts_header';
/** The router's check of the HSTS value (haproxy-config.template $hstsPattern). */
export const HSTS_PATTERN = /^(?:(?:includeSubDomains|preload)\s*[;]\s*)*max-age\s*=\s*(?:\d+|"\d+")(?:\s*[;]\s*(?:includeSubDomains|preload))*$/i;
export const SERVING_CERT_ANNOTATIONS = ['service.beta.openshift.io/serving-cert-secret-name', 'service.alpha.openshift.io/serving-cert-secret-name'];

export type Scheme = 'http' | 'https';

/** How the route treats a request of this scheme. */
export function schemeHandling(r: Route, scheme: Scheme): 'serve' | 'redirect' | 'not-served' {
  const t = r.tls?.termination;
  const iep = r.tls?.insecureEdgeTerminationPolicy ?? 'None';
  if (!r.tls) return scheme === 'http' ? 'serve' : 'not-served';
  if (scheme === 'https') return 'serve';
  if (iep === 'Redirect') return 'redirect';
  if (iep === 'Allow' && t !== 'passthrough') return 'serve';
  return 'not-served';
}

/** Certificate facts and problems for a route's own certificate. `now` is injectable for tests. */
export function certificateSteps(cluster: BuiltCluster, r: Route, host: string, now: Date): { steps: ExplanationStep[]; facts: Record<string, string>; verdict: 'allowed' | 'warning' } {
  const steps: ExplanationStep[] = [];
  const facts: Record<string, string> = {};
  let verdict: 'allowed' | 'warning' = 'allowed';
  const tls = r.tls!;
  const rule = fieldRule(cluster, r.meta, ['spec', 'tls', 'certificate'], `${nameOf(r.meta)}, spec.tls.certificate`);
  if (tls.externalCertificate) {
    facts['certificate'] = `from Secret ${tls.externalCertificate}`;
    steps.push(step(`The certificate comes from Secret ${q(tls.externalCertificate)}; its content is not in the input.`, 'info', rule));
    return { steps, facts, verdict };
  }
  if (!tls.certificate || !tls.key) {
    const missing = !tls.certificate && !tls.key ? 'certificate and key' : !tls.certificate ? 'certificate' : 'key';
    // The IngressController's default certificate (defaultcert.ts).
    const d = defaultCertificateSteps(cluster, r, host, missing, rule);
    steps.push(...d.steps);
    Object.assign(facts, d.facts);
    verdict = d.verdict;
    return { steps, facts, verdict };
  }
  const parsed = parsePemCertificates(tls.certificate);
  if ('error' in parsed) {
    verdict = 'warning';
    steps.push(step(`spec.tls.certificate cannot be read: ${parsed.error}. The router rejects a route with an invalid certificate (ExtendedValidationFailed).`, 'warning', rule));
    return { steps, facts, verdict };
  }
  const leaf: CertInfo = parsed[0];
  facts['certificate subject'] = leaf.subject;
  facts['certificate SANs'] = leaf.dnsNames.join(', ') || '(none)';
  facts['certificate expires'] = leaf.notAfter.toISOString();
  facts['certificate issuer'] = leaf.issuer;
  if (!certCoversHost(leaf, host)) {
    verdict = 'warning';
    steps.push(step(`The certificate (subject ${leaf.subject}; SANs ${leaf.dnsNames.join(', ') || 'none'}) does not cover ${q(host)}: browsers will refuse it as a name mismatch.`, 'warning', rule));
  } else steps.push(step(`The certificate covers ${q(host)} (subject ${leaf.subject}).`, 'allowed', rule));
  if (leaf.notAfter.getTime() < now.getTime()) {
    verdict = 'warning';
    steps.push(step(`The certificate EXPIRED on ${leaf.notAfter.toISOString()}: clients will refuse the connection.`, 'warning', rule));
  } else if (leaf.notBefore.getTime() > now.getTime()) {
    verdict = 'warning';
    steps.push(step(`The certificate is not valid before ${leaf.notBefore.toISOString()}.`, 'warning', rule));
  } else steps.push(step(`The certificate is valid until ${leaf.notAfter.toISOString()}.`, 'info'));
  return { steps, facts, verdict };
}

/** Does the target Service get a service-CA serving certificate (so reencrypt without a CA verifies)? */
export function hasServingCert(svc: Service | undefined): boolean {
  return !!svc && SERVING_CERT_ANNOTATIONS.some((a) => svc.meta.annotations[a]);
}

/** The TLS hop of a route for a request that is served over this scheme. */
export function routeTlsHop(cluster: BuiltCluster, r: Route, host: string, scheme: Scheme, svc: Service | undefined, now: Date): Hop {
  const rule = r.tls ? ruleAt(cluster, r.meta, r.tls.ref, `${nameOf(r.meta)}, spec.tls`) : fieldRule(cluster, r.meta, ['spec']);
  const t = r.tls?.termination;
  const steps: ExplanationStep[] = [];
  let facts: Record<string, string> = { termination: t ?? 'none (plain HTTP route)' };
  let verdict: Hop['verdict'] = 'allowed';
  let summary: string;
  if (!r.tls) {
    summary = 'plain HTTP route: no TLS at the router or the pod';
  } else if (scheme === 'http') {
    summary = `plain HTTP served (insecureEdgeTerminationPolicy ${r.tls.insecureEdgeTerminationPolicy}); the ${t} route also accepts HTTPS`;
    steps.push(step('insecureEdgeTerminationPolicy: Allow serves plain HTTP next to HTTPS: credentials and cookies may travel unencrypted.', 'warning', rule));
    verdict = 'warning';
  } else if (t === 'passthrough') {
    summary = 'TLS passthrough: the router routes on the SNI host and the pod terminates TLS (it must serve a certificate for the host)';
    steps.push(step('The router does not decrypt: no path routing, no cookies, no HSTS; the pod must serve TLS on the endpoint port.', 'info', rule));
  } else {
    const c = certificateSteps(cluster, r, host, now);
    steps.push(...c.steps);
    facts = { ...facts, ...c.facts };
    if (c.verdict === 'warning') verdict = 'warning';
    if (t === 'edge') {
      summary = 'edge: HTTPS ends at the router; plain HTTP to the pod';
    } else {
      summary = 'reencrypt: HTTPS ends at the router, which opens a new TLS connection to the pod';
      if (r.tls.destinationCACertificate) {
        const ca = parsePemCertificates(r.tls.destinationCACertificate);
        facts['destination CA'] = 'error' in ca ? `unreadable (${ca.error})` : ca.map((c2) => c2.subject).join('; ');
        steps.push(step(`The router verifies the pod's certificate with spec.tls.destinationCACertificate (${facts['destination CA']}).`, 'error' in ca ? 'warning' : 'info', fieldRule(cluster, r.meta, ['spec', 'tls', 'destinationCACertificate'])));
        if ('error' in ca) verdict = 'warning';
      } else if (hasServingCert(svc)) {
        facts['destination CA'] = 'service CA (the Service requests a serving certificate)';
        steps.push(step(`No destinationCACertificate: the router verifies the pod with the service CA, and ${svc ? nameOf(svc.meta) : 'the Service'} requests a service-CA serving certificate, so this verifies.`, 'allowed'));
      } else {
        facts['destination CA'] = 'service CA (default)';
        verdict = 'warning';
        steps.push(step(`No destinationCACertificate: the router verifies the pod's certificate with the service CA. ${svc ? nameOf(svc.meta) : 'The Service'} has no service.beta.openshift.io/serving-cert-secret-name annotation, so unless the pod's certificate is signed by the service CA the TLS handshake fails and the router answers 503.`, 'warning', rule));
      }
    }
  }
  const hsts = r.meta.annotations[HSTS_ANNOTATION];
  if (hsts !== undefined) {
    const applies = (t === 'edge' || t === 'reencrypt') && scheme === 'https';
    const valid = HSTS_PATTERN.test(hsts);
    facts['HSTS'] = applies && valid ? hsts : `ineffective (${!valid ? 'value lacks a valid max-age' : t === 'passthrough' ? 'passthrough: the router cannot add headers' : 'plain HTTP'})`;
    steps.push(step(applies && valid ? `Responses carry Strict-Transport-Security: ${hsts}.` : `The hsts_header annotation does nothing here: ${facts['HSTS']}.`, applies && valid ? 'info' : 'warning', fieldRule(cluster, r.meta, ['metadata', 'annotations', HSTS_ANNOTATION])));
  }
  return hop({ kind: 'tls', title: `TLS: ${t ?? 'none'}`, verdict, summary, steps, rule, facts });
}
