// What the platform rejects about one Route, in the order it checks, and in its own words:
// 1. the API server (openshift/library-go pkg/route/validation/validation.go validateRoute): such a route
//    is never stored, so it is not served at all;
// 2. the router's admission function (openshift/router pkg/cmd/infra/router/router.go RouteAdmissionFunc,
//    reason RouteNotAdmitted): wildcardPolicy Subdomain only when the IngressController allows wildcard
//    routes — spec.routeAdmission.wildcardPolicy defaults to WildcardsDisallowed;
// 3. the router's host check (pkg/router/controller/unique_host.go ValidateHostName, reason InvalidHost),
//    which, unlike the API, ignores route.openshift.io/allow-non-dns-compliant-host;
// 4. after the host is claimed, extended validation (extended_validator.go, on by default: router.go
//    `--extended-validation` defaults to EXTENDED_VALIDATION=true; reason ExtendedValidationFailed):
//    routeapihelpers/validation.go ExtendedValidateRoute — certificates, keys and CAs must parse, the key
//    must match the certificate, CA-signed certificates must not use SHA1/MD5.
// The route's own status (status.ingress[].conditions Admitted, written by the router) is the platform's
// record and overrides steps 2–4 when the input carries it (route.ts).
import type { BuiltCluster } from '../../model/build';
import type { ObjectMeta, Route } from '../../model/types';
import type { NodeRef } from '../../parse/source';
import { shardNames, shardsFor } from './shards';
import { isRecord } from '../../model/context';
import { parsePemCertificates, WEAK_SIGNATURES, type CertInfo } from './certs';
import { checkKeyPair } from './keys';

export type RejectStage = 'api' | 'admission' | 'host' | 'extended';

export interface RouteProblem {
  stage: RejectStage;
  /** The platform's reason: `Invalid` (API), RouteNotAdmitted, InvalidHost, ExtendedValidationFailed. */
  reason: string;
  /** The field, as the platform names it (spec.tls.key). */
  field: string;
  message: string;
  fix: string;
  /** The configuration object that decided (an IngressController field), when not the route itself. */
  cite?: { meta: ObjectMeta; ref: NodeRef };
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const ALLOW_NON_DNS_HOST = 'route.openshift.io/allow-non-dns-compliant-host';

/** kvalidation.IsDNS1123Subdomain: the API's and the router's first host check. */
function subdomainError(host: string): string | undefined {
  if (host.length > 253) return `must be no more than 253 characters (it has ${host.length})`;
  if (!DNS1123_SUBDOMAIN.test(host)) return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  return undefined;
}

/** kvalidation.IsDNS1123Label on each label of the host. */
function labelError(host: string): string | undefined {
  for (const l of host.split('.')) {
    if (l.length > 63) return `label ${JSON.stringify(l.slice(0, 20) + '…')} must be no more than 63 characters (it has ${l.length})`;
    if (!DNS1123_LABEL.test(l)) return `label ${JSON.stringify(l)}: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character`;
  }
  return undefined;
}

/** Both checks at once for the common, valid host (one regex; the detailed ones run only on a failure). */
const VALID_HOST_RE = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)*$/;
const VALID_HOST = { test: (h: string) => h.length <= 253 && VALID_HOST_RE.test(h) };

const hostFix = (host: string) => `Use a lower-case DNS name for spec.host (labels of at most 63 characters, 253 in all), e.g. ${JSON.stringify(host.toLowerCase().replace(/[^a-z0-9.-]/g, '-').slice(0, 253))}.`;

// validation.go: header names (RFC 2616 token), headers the API may not touch, and values (plain text or
// HAProxy's %[req.hdr(X)] / %[ssl_c_der] with lower/base64 converters).
const HEADER_NAME = /^[-!#$%&'*+.0-9A-Z^_`a-z|~]+$/;
const NOT_ALLOWED_HEADERS = ['strict-transport-security', 'proxy', 'cookie', 'set-cookie'];
const headerValue = (fetch: string) => new RegExp(`^(?:%(?:%|(?:\\{[-+]?[QXE](?:,[-+]?[QXE])*\\})?\\[(?:${fetch}\\.hdr\\([0-9A-Za-z-]+\\)|ssl_c_der)(?:,(?:lower|base64))*\\])|[^%\\x00-\\x1f\\x7f])+$`);
const HEADER_VALUE = { request: headerValue('req'), response: headerValue('res') };

function headerProblems(r: Route, api: (field: string, message: string, fix: string) => void): void {
  const h = r.httpHeaders;
  if (!h) return;
  if ((h.request.length || h.response.length) && r.tls?.termination === 'passthrough') api('spec.tls.termination', 'only edge and re-encrypt routes are supported for providing customized headers.', 'Remove spec.httpHeaders, or use edge/reencrypt termination (the router cannot change headers of a passthrough connection).');
  for (const kind of ['response', 'request'] as const) {
    const list = h[kind];
    const base = `spec.httpHeaders.actions.${kind}`;
    if (list.length > 20) {
      api(base, `${kind} headers list can't exceed 20 items`, `Keep at most 20 ${kind} header actions.`);
      continue;
    }
    const seen = new Set<string>();
    list.forEach((a, i) => {
      const at = `${base}[${i}]`;
      if (seen.has(a.name)) api(`${at}.name`, `Duplicate value: ${JSON.stringify(a.name)}`, 'Each action must name a different header.');
      seen.add(a.name);
      if (!a.name) api(`${at}.name`, 'Required value', 'Name the header.');
      else if (a.name.length > 255) api(`${at}.name`, 'name exceeds the maximum length, which is 255', 'Use a shorter header name.');
      else if (NOT_ALLOWED_HEADERS.includes(a.name.toLowerCase())) api(`${at}.name`, `Forbidden: the following headers may not be modified using this API: ${NOT_ALLOWED_HEADERS.join(', ')}`, 'Set HSTS with the haproxy.router.openshift.io/hsts_header annotation; cookies and Proxy cannot be changed here.');
      else if (!HEADER_NAME.test(a.name)) api(`${at}.name`, 'name must be a valid HTTP header name as defined in RFC 2616 section 4.2', 'Use letters, digits and - in the header name.');
      if (a.type !== 'Set' && a.type !== 'Delete') api(`${at}.action.type`, 'type must be "Set" or "Delete"', 'Set action.type to Set or Delete.');
      if ((a.type === 'Set') !== !!a.set) api(`${at}.action.set`, 'set is required when type is Set, and forbidden otherwise', 'Give action.set only with type: Set.');
      if (a.set) {
        if (!a.set.value) api(`${at}.action.set.value`, 'Required value', 'Give the header a value.');
        else if (a.set.value.length > 16384) api(`${at}.action.set.value`, 'value exceeds the maximum length, which is 16384', 'Use a shorter value.');
        else if (!HEADER_VALUE[kind].test(a.set.value)) api(`${at}.action.set.value`, `Either header value provided is not in correct format or the converter specified is not allowed. (sample fetchers allowed: ${kind === 'request' ? 'req' : 'res'}.hdr, ssl_c_der; converters: lower, base64)`, 'Write a plain value, or %[req.hdr(Name)] / %[ssl_c_der] with ,lower or ,base64; write a literal % as %%.');
      }
    });
  }
}

const DNS1123_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The common case without closures or lists: a valid host, name and path, Service backends with valid
 *  weights, no header actions, a plain or well-formed TLS block (apiProblems is on the path of every
 *  query's first admission, 3,000+ routes at 10k workloads). */
function isPlainValidRoute(r: Route): boolean {
  if (r.meta.kind === 'Route' && (r.meta.name.length > 253 || !DNS1123_NAME.test(r.meta.name))) return false;
  if (r.host && !VALID_HOST.test(r.host)) return false;
  if (r.subdomain || r.httpHeaders || r.alternateBackends.length || r.targetPort === 0 || r.targetPort === '') return false;
  if (r.wildcardPolicy !== 'None' && !(r.wildcardPolicy === 'Subdomain' && r.host)) return false;
  if (r.path && (r.path[0] !== '/' || /[# ]/.test(r.path))) return false;
  const w = r.to.weight;
  if (!r.to.name || r.to.kind !== 'Service' || !Number.isInteger(w) || w < 0 || w > 256) return false;
  const tls = r.tls;
  if (!tls) return true;
  const iep = tls.insecureEdgeTerminationPolicy;
  if (tls.termination === 'edge') return !tls.destinationCACertificate && !(tls.certificate && tls.externalCertificate) && (!iep || iep === 'None' || iep === 'Allow' || iep === 'Redirect');
  if (tls.termination === 'reencrypt') return !(tls.certificate && tls.externalCertificate) && (!iep || iep === 'None' || iep === 'Allow' || iep === 'Redirect');
  return false; // passthrough and the rest: the full check
}

/** library-go validateRoute: the API server refuses to store the route. */
export function apiProblems(r: Route): RouteProblem[] {
  if (isPlainValidRoute(r)) return [];
  const out: RouteProblem[] = [];
  const api = (field: string, message: string, fix: string): void => void out.push({ stage: 'api', reason: 'Invalid', field, message, fix });
  // validateObjectMeta with NameIsDNSSubdomain (only for Route objects: a generated Route has its own name).
  if (r.meta.kind === 'Route' && (r.meta.name.length > 253 || !DNS1123_NAME.test(r.meta.name))) api('metadata.name', 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character', 'Rename the route with lower-case letters, digits, - and .');
  headerProblems(r, api);
  if (r.host && !VALID_HOST.test(r.host)) {
    const sub = subdomainError(r.host);
    if (sub) api('spec.host', `host must conform to DNS 952 subdomain conventions: ${sub}`, hostFix(r.host));
    else if (r.meta.annotations[ALLOW_NON_DNS_HOST] !== 'true') {
      const lab = labelError(r.host);
      if (lab) api('spec.host', lab, hostFix(r.host));
    }
  }
  if (r.subdomain) {
    const bad = r.subdomain.length > 253 ? 'must be no more than 253 characters' : labelError(r.subdomain);
    if (bad) api('spec.subdomain', bad, 'Use lower-case DNS labels for spec.subdomain.');
  }
  if (r.wildcardPolicy !== 'None' && r.wildcardPolicy !== 'Subdomain' && r.wildcardPolicy !== '') api('spec.wildcardPolicy', `Unsupported value: ${JSON.stringify(r.wildcardPolicy)}: supported values: "None", "Subdomain"`, 'Set spec.wildcardPolicy to None (or Subdomain).');
  else if (r.wildcardPolicy === 'Subdomain' && !r.host) api('spec.wildcardPolicy', 'host name not specified for wildcard policy', 'Set spec.host (its parent domain is the wildcard), or wildcardPolicy: None.');
  if (r.path && /[# ]/.test(r.path)) api('spec.path', 'cannot contain # or spaces', 'Remove # and spaces from spec.path.');
  if (r.path && !r.path.startsWith('/')) api('spec.path', 'path must begin with /', `Write spec.path as ${JSON.stringify('/' + r.path)}.`);
  const t = r.tls?.termination;
  if (r.path && t === 'passthrough') api('spec.path', 'passthrough termination does not support paths', 'Remove spec.path: the router sees only the TLS SNI host of a passthrough connection (or use edge/reencrypt).');
  if (!r.to.name) api('spec.to.name', 'Required value', 'Name the Service in spec.to.name.');
  if (r.to.kind !== 'Service') api('spec.to.kind', `${JSON.stringify(r.to.kind)}: must reference a Service`, 'Set spec.to.kind: Service.');
  const weight = (w: number, field: string) => {
    if (!Number.isInteger(w) || w < 0 || w > 256) api(field, `${w}: weight must be an integer between 0 and 256`, `Give ${field} a weight from 0 to 256 (the default is 100).`);
  };
  weight(r.to.weight, 'spec.to.weight');
  if (r.alternateBackends.length > 3) api('spec.alternateBackends', 'cannot specify more than 3 alternate backends', 'Keep at most 3 alternateBackends.');
  r.alternateBackends.forEach((b, i) => {
    if (!b.name) api(`spec.alternateBackends[${i}].name`, 'Required value', 'Name the Service.');
    if (b.kind !== 'Service') api(`spec.alternateBackends[${i}].kind`, `${JSON.stringify(b.kind)}: must reference a Service`, 'Set kind: Service.');
    weight(b.weight, `spec.alternateBackends[${i}].weight`);
  });
  if (r.targetPortRef && (r.targetPort === 0 || r.targetPort === '')) api('spec.port.targetPort', 'Required value', 'Set spec.port.targetPort to the pod port (number or Service port name), or remove spec.port.');
  if (r.tls) {
    const tls = r.tls;
    const certs = () => 'passthrough termination does not support certificates';
    if (t !== 'edge' && t !== 'reencrypt' && t !== 'passthrough') api('spec.tls.termination', `Unsupported value: ${JSON.stringify(t ?? '')}: supported values: "edge", "passthrough", "reencrypt"`, 'Set spec.tls.termination to edge, reencrypt or passthrough.');
    if (t === 'passthrough') {
      for (const [f, v] of [['certificate', tls.certificate], ['key', tls.key], ['caCertificate', tls.caCertificate], ['destinationCACertificate', tls.destinationCACertificate], ['externalCertificate', tls.externalCertificate]] as const) {
        if (v) api(`spec.tls.${f}`, certs(), `Remove spec.tls.${f}: with passthrough the pod presents its own certificate (or use edge/reencrypt termination to have the router terminate TLS).`);
      }
    }
    if (t === 'edge' && tls.destinationCACertificate) api('spec.tls.destinationCACertificate', 'edge termination does not support destination certificates', 'Remove spec.tls.destinationCACertificate (the router speaks plain HTTP to the pod), or use termination: reencrypt.');
    if ((t === 'edge' || t === 'reencrypt') && tls.certificate && tls.externalCertificate) api('spec.tls.externalCertificate', 'cannot specify both tls.certificate and tls.externalCertificate', 'Keep either spec.tls.certificate or spec.tls.externalCertificate.');
    const iep = tls.insecureEdgeTerminationPolicy;
    if (iep && (t === 'edge' || t === 'reencrypt') && iep !== 'None' && iep !== 'Allow' && iep !== 'Redirect') api('spec.tls.insecureEdgeTerminationPolicy', 'invalid value for InsecureEdgeTerminationPolicy option, acceptable values are None, Allow, Redirect, or empty', 'Set insecureEdgeTerminationPolicy to None, Allow or Redirect.');
    if (iep && t === 'passthrough' && iep !== 'None' && iep !== 'Redirect') api('spec.tls.insecureEdgeTerminationPolicy', 'invalid value for InsecureEdgeTerminationPolicy option, acceptable values are None, Redirect, or empty', 'Set insecureEdgeTerminationPolicy to None or Redirect (a passthrough route cannot serve plain HTTP).');
  }
  return out;
}

/** The IngressController named in explanations: `default`, else the only one of the input. */
export function ingressControllerOf(cluster: BuiltCluster): { name: string; wildcardPolicy?: string } | undefined {
  const ics = cluster.ingressControllers.filter((x) => !x.implied);
  const ic = ics.find((x) => x.name === 'default') ?? (ics.length === 1 ? ics[0] : undefined);
  return ic ? { name: ic.name, wildcardPolicy: ic.wildcardPolicySet ? ic.wildcardPolicy : undefined } : undefined;
}

/** Router sharding (shards.ts): no IngressController selects the route, so no router serves it. */
function shardProblem(cluster: BuiltCluster, r: Route): RouteProblem | undefined {
  const sel = shardsFor(cluster, r);
  if (sel.serving.length || sel.unknown.length) return undefined;
  const first = sel.excluded[0];
  const byRoute = first.field === 'spec.routeSelector';
  const sel0 = byRoute ? first.ic.routeSelectorRef : first.ic.namespaceSelectorRef;
  return {
    stage: 'admission',
    reason: 'NoRouterSelectsRoute',
    field: 'metadata.labels',
    message: `no router serves this route: ${sel.excluded.map((e) => e.why).join('; ')}`,
    fix: byRoute ? `Label the route so that an IngressController's routeSelector matches it (oc label route ${r.meta.name} -n ${r.meta.namespace} KEY=VALUE), or widen the IngressController's spec.routeSelector.` : `Label namespace ${r.meta.namespace} so that an IngressController's namespaceSelector matches it, or widen spec.namespaceSelector.`,
    cite: sel0 ? { meta: first.ic.meta, ref: sel0 } : undefined,
  };
}

/** The shard question the input cannot decide: only IngressControllers with a namespaceSelector could
 *  serve the route, and the namespace's labels are not in the input. */
export function shardUndetermined(cluster: BuiltCluster, r: Route): string | undefined {
  const sel = shardsFor(cluster, r);
  if (sel.serving.length || !sel.unknown.length) return undefined;
  return `only IngressController ${shardNames(sel.unknown)} could serve it, through spec.namespaceSelector, and the labels of namespace ${JSON.stringify(r.meta.namespace)} are not in the input (add its Namespace object)`;
}

/** RouteAdmissionFunc: the wildcard policy against the routeAdmission of the routers that serve the route. */
function admissionProblem(cluster: BuiltCluster, r: Route): RouteProblem | undefined {
  if (r.wildcardPolicy !== 'Subdomain') return undefined;
  const sel = shardsFor(cluster, r);
  const ics = [...sel.serving, ...sel.unknown];
  if (ics.some((ic) => ic.wildcardPolicy === 'WildcardsAllowed')) return undefined;
  const named = ics.filter((ic) => !ic.implied);
  const where = named.length
    ? named.map((ic) => `IngressController ${JSON.stringify(ic.name)} has routeAdmission.wildcardPolicy ${ic.wildcardPolicySet ? ic.wildcardPolicy : 'unset (default WildcardsDisallowed)'}`).join('; ')
    : 'the default IngressController does not allow wildcard routes (routeAdmission.wildcardPolicy defaults to WildcardsDisallowed; no IngressController in the input says otherwise)';
  const icName = named[0]?.name ?? 'default';
  return { stage: 'admission', reason: 'RouteNotAdmitted', field: 'spec.wildcardPolicy', message: `wildcard routes are not allowed: ${where}`, fix: `Set wildcardPolicy: None and list each host, or have the cluster admin set spec.routeAdmission.wildcardPolicy: WildcardsAllowed on the IngressController (oc -n openshift-ingress-operator patch ingresscontroller/${icName} --type=merge -p '{"spec":{"routeAdmission":{"wildcardPolicy":"WildcardsAllowed"}}}').` };
}

/** unique_host.go ValidateHostName: the router re-checks the host, without the API's annotation escape. */
function hostProblem(r: Route): RouteProblem | undefined {
  // Without the annotation the API has already refused any host this check would (apiProblems).
  if (!r.host || r.meta.annotations[ALLOW_NON_DNS_HOST] !== 'true' || VALID_HOST.test(r.host)) return undefined;
  const bad = subdomainError(r.host) ?? labelError(r.host);
  return bad ? { stage: 'host', reason: 'InvalidHost', field: 'spec.host', message: `host name validation errors: ${bad}${r.meta.annotations[ALLOW_NON_DNS_HOST] === 'true' ? ` (the ${ALLOW_NON_DNS_HOST} annotation lets the API store it, but the router still refuses it)` : ''}`, fix: hostFix(r.host) } : undefined;
}

function weakSignature(certs: CertInfo[]): string | undefined {
  const weak = certs.map((c) => (!c.selfSigned ? WEAK_SIGNATURES[c.signatureAlgorithm] : undefined)).find(Boolean);
  return weak ? `router does not support CA-signed certs using ${weak}` : undefined;
}

/** ExtendedValidateRoute (routeapihelpers/validation.go) on spec.tls. */
export function extendedProblems(r: Route): RouteProblem[] {
  return extendedCheck(r).problems;
}

/** The problems extended validation finds, and what it would decide that podpath cannot check. */
export function extendedCheck(r: Route): { problems: RouteProblem[]; undecided?: string } {
  const tls = r.tls;
  if (!tls || tls.externalCertificate) return { problems: [] };
  const out: RouteProblem[] = [];
  let undecided: string | undefined;
  const ext = (field: string, message: string, fix: string) => out.push({ stage: 'extended', reason: 'ExtendedValidationFailed', field, message, fix });
  if (tls.caCertificate) {
    const ca = parsePemCertificates(tls.caCertificate);
    if ('error' in ca) ext('spec.tls.caCertificate', `failed to parse CA certificate: ${ca.error}`, 'Paste the CA certificate as PEM (-----BEGIN CERTIFICATE-----), or remove spec.tls.caCertificate.');
    else {
      const weak = weakSignature(ca);
      if (weak) ext('spec.tls.caCertificate', weak, 'Use intermediate CA certificates signed with SHA-256 or better.');
    }
  }
  if (tls.certificate) {
    const certs = parsePemCertificates(tls.certificate);
    if ('error' in certs) ext('spec.tls.certificate', certs.error, 'Paste the serving certificate as PEM (-----BEGIN CERTIFICATE-----).');
    else {
      const weak = weakSignature(certs);
      if (weak) ext('spec.tls.certificate', weak, 'Reissue the certificate with a SHA-256 (or better) signature.');
      const pair = checkKeyPair(tls.certificate, tls.key, certs[0]);
      if (pair.ok) undecided = pair.unchecked;
      else ext(`spec.tls.${pair.field}`, pair.message, pair.message === 'no key specified' ? 'Add spec.tls.key: the private key of spec.tls.certificate, as PEM.' : 'Put the private key that belongs to spec.tls.certificate (an RSA or ECDSA key, as PEM) in spec.tls.key; the certificate must come first.');
    }
  }
  if (tls.destinationCACertificate) {
    const ca = parsePemCertificates(tls.destinationCACertificate);
    if ('error' in ca) ext('spec.tls.destinationCACertificate', `failed to parse destination CA certificate: ${ca.error}`, 'Paste the CA that signed the pod certificate as PEM.');
    else {
      const weak = weakSignature(ca);
      if (weak) ext('spec.tls.destinationCACertificate', weak, 'Use a destination CA signed with SHA-256 or better.');
    }
  }
  return { problems: out, undecided: out.length ? undefined : undecided };
}

/** The first problem before host claims (API, admission function, router host check), if any. */
export function preClaimProblem(cluster: BuiltCluster, r: Route): RouteProblem | undefined {
  return apiProblems(r)[0] ?? shardProblem(cluster, r) ?? admissionProblem(cluster, r) ?? hostProblem(r);
}
