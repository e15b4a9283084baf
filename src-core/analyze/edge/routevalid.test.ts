// Routes the API server or the router rejects are not served. Each case cites the upstream rule:
// library-go pkg/route/validation/validation.go (validateRoute, validateTLS, validateWildcardPolicy),
// openshift/router pkg/cmd/infra/router/router.go (RouteAdmissionFunc), pkg/router/controller/
// unique_host.go (ValidateHostName), extended_validator.go + routeapihelpers/validation.go
// (ExtendedValidateRoute), read at router 4b401a86 and library-go 93ac9206.
import { describe, expect, it } from 'vitest';
import type { Trace } from '../types';
import { routeAdmission } from './route';
import { apiProblems, extendedProblems } from './routevalid';
import { checkKeyPair, parsePrivateKey, pemBlocks } from './keys';
import { parsePemCertificates } from './certs';
import { traceQuery } from '../trace';
import { clusterOf, fixture, trace, wildcardsAllowed } from './testutil';

const app = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
`;
const indent = (s: string, n: number) => s.trim().split('\n').map((l) => ' '.repeat(n) + l).join('\n');
const route = (spec: string, meta = '') => `---
apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: r, namespace: shop${meta}}
spec:
${spec}
`;
const pem = (name: string, n = 6) => `|\n${indent(fixture(name), n)}`;
const edge = (host: string, tls: string) => route(`  host: ${host}\n  to: {kind: Service, name: web}\n  tls:\n    termination: edge\n${tls}`);

function routeHop(t: Trace) {
  return t.hops.find((h) => h.kind === 'route')!;
}

function expectRejected(t: Trace, reason: string, field: string, words: string) {
  expect(t.allowed).toBe(false);
  expect(t.verdict).toBe('denied');
  const h = routeHop(t);
  expect(h.verdict).toBe('denied');
  expect(h.facts?.reason).toBe(reason);
  expect(h.facts?.field).toBe(field);
  expect(h.summary).toContain(words);
  expect(h.fix?.summary.length).toBeGreaterThan(10);
  expect(h.rule?.path).toBe(field.replace(/\[(\d+)\]/g, '.$1'));
}

describe('wildcard routes (router.go RouteAdmissionFunc: "wildcard routes are not allowed")', () => {
  const wild = route('  host: www.apps.example.com\n  wildcardPolicy: Subdomain\n  to: {kind: Service, name: web}');
  it('the default IngressController (routeAdmission.wildcardPolicy defaults to WildcardsDisallowed) does not admit them', () => {
    const t = trace(clusterOf(app + wild), { from: 'internet', to: 'http://foo.apps.example.com/' });
    expectRejected(t, 'RouteNotAdmitted', 'spec.wildcardPolicy', 'wildcard routes are not allowed');
    expect(routeHop(t).fix?.summary).toContain('WildcardsAllowed');
    // The exact host is not served either: the whole route is rejected.
    expect(trace(clusterOf(app + wild), { from: 'internet', to: 'http://www.apps.example.com/' }).allowed).toBe(false);
  });
  it('an IngressController with WildcardsAllowed admits them', () => {
    const t = trace(clusterOf(app + wild + wildcardsAllowed), { from: 'internet', to: 'http://foo.apps.example.com/' });
    expect(t.reached).toBe('shop/web');
    expect(routeHop(t).verdict).toBe('allowed');
  });
  it('an IngressController that says WildcardsDisallowed is named in the reason', () => {
    const t = trace(clusterOf(app + wild + wildcardsAllowed.replace('WildcardsAllowed', 'WildcardsDisallowed')), { from: 'internet', to: 'http://foo.apps.example.com/' });
    expect(routeHop(t).summary).toContain('IngressController "default" has routeAdmission.wildcardPolicy WildcardsDisallowed');
  });
  it('an unknown wildcardPolicy is refused by the API server (validateWildcardPolicy: NotSupported)', () => {
    const t = trace(clusterOf(app + route('  host: www.apps.example.com\n  wildcardPolicy: All\n  to: {kind: Service, name: web}')), { from: 'internet', to: 'http://www.apps.example.com/' });
    expectRejected(t, 'Invalid', 'spec.wildcardPolicy', 'Unsupported value: "All"');
    expect(routeHop(t).title).toContain('rejected by the API server');
  });
});

describe('hosts (validateRoute: IsDNS1123Subdomain and IsDNS1123Label per label)', () => {
  const at = (host: string, meta = '') => clusterOf(app + route(`  host: ${host}\n  to: {kind: Service, name: web}`, meta));
  it('upper case is rejected', () => {
    expectRejected(trace(at('Shop.apps.example.com'), { from: 'internet', to: 'http://shop.apps.example.com/' }), 'Invalid', 'spec.host', 'DNS 952 subdomain');
  });
  it('a label over 63 characters is rejected; 63 is fine', () => {
    const long = 'a'.repeat(64);
    expectRejected(trace(at(`${long}.apps.example.com`), { from: 'internet', to: `http://${long}.apps.example.com/` }), 'Invalid', 'spec.host', 'no more than 63 characters');
    const ok = 'a'.repeat(63);
    expect(trace(at(`${ok}.apps.example.com`), { from: 'internet', to: `http://${ok}.apps.example.com/` }).reached).toBe('shop/web');
  });
  it('a host over 253 characters is rejected', () => {
    const host = Array.from({ length: 5 }, () => 'b'.repeat(50)).join('.') + '.example.com';
    expect(host.length).toBeGreaterThan(253);
    expectRejected(trace(at(host), { from: 'internet', to: `http://${host}/` }), 'Invalid', 'spec.host', 'no more than 253 characters');
  });
  it('an underscore is not DNS-1123', () => {
    expect(apiProblems(at('my_app.apps.example.com').routes[0])[0].field).toBe('spec.host');
  });
  it('allow-non-dns-compliant-host lets the API store a long label, but the router still refuses it (unique_host.go ValidateHostName: InvalidHost)', () => {
    const long = 'c'.repeat(70);
    const t = trace(at(`${long}.apps.example.com`, ', annotations: {route.openshift.io/allow-non-dns-compliant-host: "true"}'), { from: 'internet', to: `http://${long}.apps.example.com/` });
    expectRejected(t, 'InvalidHost', 'spec.host', 'host name validation errors');
    expect(routeHop(t).title).toContain('not admitted by the router (InvalidHost)');
  });
});

describe('TLS fields (validateTLS)', () => {
  it('passthrough with a certificate, a key, a CA or a destination CA is rejected', () => {
    for (const f of ['certificate', 'key', 'caCertificate', 'destinationCACertificate']) {
      const c = clusterOf(app + route(`  host: p.apps.example.com\n  to: {kind: Service, name: web}\n  tls:\n    termination: passthrough\n    ${f}: x`));
      expectRejected(trace(c, { from: 'internet', to: 'https://p.apps.example.com/' }), 'Invalid', `spec.tls.${f}`, 'passthrough termination does not support certificates');
    }
  });
  it('passthrough with a path is rejected ("passthrough termination does not support paths")', () => {
    const c = clusterOf(app + route('  host: p.apps.example.com\n  path: /api\n  to: {kind: Service, name: web}\n  tls: {termination: passthrough}'));
    expectRejected(trace(c, { from: 'internet', to: 'https://p.apps.example.com/api' }), 'Invalid', 'spec.path', 'does not support paths');
  });
  it('edge with destinationCACertificate is rejected', () => {
    const c = clusterOf(app + edge('e.apps.example.com', '    destinationCACertificate: x'));
    expectRejected(trace(c, { from: 'internet', to: 'https://e.apps.example.com/' }), 'Invalid', 'spec.tls.destinationCACertificate', 'edge termination does not support destination certificates');
  });
});

describe('backends, path and port (validateRoute)', () => {
  it('weights outside 0–256 are rejected, 0 and 256 are fine', () => {
    const w = (n: number) => clusterOf(app + route(`  host: w.apps.example.com\n  to: {kind: Service, name: web, weight: ${n}}`));
    expectRejected(trace(w(257), { from: 'internet', to: 'http://w.apps.example.com/' }), 'Invalid', 'spec.to.weight', 'weight must be an integer between 0 and 256');
    expectRejected(trace(w(-1), { from: 'internet', to: 'http://w.apps.example.com/' }), 'Invalid', 'spec.to.weight', 'between 0 and 256');
    expect(trace(w(256), { from: 'internet', to: 'http://w.apps.example.com/' }).reached).toBe('shop/web');
    const alt = clusterOf(app + route('  host: w.apps.example.com\n  to: {kind: Service, name: web}\n  alternateBackends: [{kind: Service, name: web, weight: 300}]'));
    expectRejected(trace(alt, { from: 'internet', to: 'http://w.apps.example.com/' }), 'Invalid', 'spec.alternateBackends[0].weight', 'between 0 and 256');
  });
  it('more than 3 alternateBackends, a non-Service kind, a path without / are rejected', () => {
    const four = clusterOf(app + route(`  host: w.apps.example.com\n  to: {kind: Service, name: web}\n  alternateBackends: [${Array.from({ length: 4 }, () => '{kind: Service, name: web}').join(', ')}]`));
    expect(routeAdmission(four).get(four.routes[0])!.reason).toContain('cannot specify more than 3 alternate backends');
    const kind = clusterOf(app + route('  host: w.apps.example.com\n  to: {kind: Deployment, name: web}'));
    expect(routeAdmission(kind).get(kind.routes[0])!.field).toBe('spec.to.kind');
    const path = clusterOf(app + route('  host: w.apps.example.com\n  path: api\n  to: {kind: Service, name: web}'));
    expect(routeAdmission(path).get(path.routes[0])!.reason).toContain('path must begin with /');
  });
});

describe('extended validation (ExtendedValidateRoute; on by default: router.go --extended-validation, EXTENDED_VALIDATION=true)', () => {
  const cert = pem('shop-cert.pem');
  const host = 'shop.apps.example.com';
  const to = { from: 'internet', to: `https://${host}/` };
  it('a matching certificate and key are admitted', () => {
    expect(trace(clusterOf(app + edge(host, `    certificate: ${cert}\n    key: ${pem('shop-key.pem')}`)), to, new Date('2030-01-01')).reached).toBe('shop/web');
  });
  it('a certificate without a key: "no key specified"', () => {
    expectRejected(trace(clusterOf(app + edge(host, `    certificate: ${cert}`)), to), 'ExtendedValidationFailed', 'spec.tls.key', 'no key specified');
  });
  it('a key of another certificate: "tls: private key does not match public key"', () => {
    expectRejected(trace(clusterOf(app + edge(host, `    certificate: ${cert}\n    key: ${pem('other-key.pem')}`)), to), 'ExtendedValidationFailed', 'spec.tls.key', 'private key does not match public key');
  });
  it('an EC key with an RSA certificate: key type mismatch; the EC pair itself is fine', () => {
    expectRejected(trace(clusterOf(app + edge(host, `    certificate: ${cert}\n    key: ${pem('ec-key.pem')}`)), to), 'ExtendedValidationFailed', 'spec.tls.key', 'private key type does not match public key type');
    const ec = parsePemCertificates(fixture('ec-cert.pem'));
    if ('error' in ec) throw new Error(ec.error);
    expect(checkKeyPair(fixture('ec-cert.pem'), fixture('ec-key.pem'), ec[0])).toEqual({ ok: true });
  });
  it('an EC key that omits its public point cannot be matched: the route hop is undetermined, and so is the trace', () => {
    const y = app + edge('ec.apps.example.com', `    certificate: ${pem('ec-cert.pem')}\n    key: ${pem('ec-key-nopub.pem')}`);
    const c = clusterOf(y);
    const t = trace(c, { from: 'internet', to: 'https://ec.apps.example.com/' }, new Date('2030-01-01'));
    const h = routeHop(t);
    expect(h.verdict).toBe('undetermined');
    expect(h.summary).toContain('omits its public point');
    const settled = traceQuery(c, { from: 'internet', to: 'https://ec.apps.example.com/' });
    expect(settled).toMatchObject({ allowed: false, verdict: 'undetermined' });
    // With the router's status in the input, it decides.
    const admitted = clusterOf(y + 'status:\n  ingress:\n  - {routerName: default, conditions: [{type: Admitted, status: "True"}]}\n');
    expect(traceQuery(admitted, { from: 'internet', to: 'https://ec.apps.example.com/' }).verdict).not.toBe('undetermined');
  });
  it('an Ed25519 key is refused (privateKeyBlockVerifier accepts only RSA and ECDSA)', () => {
    const blocks = pemBlocks(fixture('ed25519-key.pem'));
    if ('error' in blocks) throw new Error(blocks.error);
    expect('error' in (parsePrivateKey(blocks[0].bytes) as object)).toBe(true);
  });
  it('an unparsable certificate, an unknown PEM block in the key', () => {
    expectRejected(trace(clusterOf(app + edge(host, '    certificate: hello\n    key: world')), to), 'ExtendedValidationFailed', 'spec.tls.certificate', 'no "-----BEGIN CERTIFICATE-----" block');
    const encrypted = '|\n      -----BEGIN ENCRYPTED PRIVATE KEY-----\n      AAAA\n      -----END ENCRYPTED PRIVATE KEY-----';
    expectRejected(trace(clusterOf(app + edge(host, `    certificate: ${cert}\n    key: ${encrypted}`)), to), 'ExtendedValidationFailed', 'spec.tls.key', 'unrecognized PEM block ENCRYPTED PRIVATE KEY');
  });
  it('a CA-signed SHA1 certificate is refused; a self-signed root is not judged by its digest', () => {
    const c = clusterOf(app + edge('old.apps.example.com', `    certificate: ${pem('sha1-cert.pem')}\n    key: ${pem('sha1-key.pem')}`));
    expect(extendedProblems(c.routes[0]).map((p) => p.message)).toEqual(['router does not support CA-signed certs using SHA1']);
    const ca = parsePemCertificates(fixture('ca-cert.pem'));
    if ('error' in ca) throw new Error(ca.error);
    expect(ca[0].selfSigned).toBe(true);
  });
  it('an unreadable destinationCACertificate on reencrypt', () => {
    const c = clusterOf(app + route(`  host: r.apps.example.com\n  to: {kind: Service, name: web}\n  tls: {termination: reencrypt, destinationCACertificate: nope}`));
    expectRejected(trace(c, { from: 'internet', to: 'https://r.apps.example.com/' }), 'ExtendedValidationFailed', 'spec.tls.destinationCACertificate', 'failed to parse destination CA certificate');
  });
  it('a route failing extended validation still holds its host: a newer route for the same host and path is not admitted (unique_host.go runs before extended_validator.go)', () => {
    const older = route(`  host: ${host}\n  to: {kind: Service, name: web}\n  tls: {termination: edge, certificate: broken}`, ', creationTimestamp: "2023-01-01T00:00:00Z"');
    const newer = route(`  host: ${host}\n  to: {kind: Service, name: web}`, ', creationTimestamp: "2024-01-01T00:00:00Z"').replace('name: r,', 'name: newer,');
    const c = clusterOf(app + older + newer);
    const adm = routeAdmission(c);
    expect(adm.get(c.routes[0])!.code).toBe('ExtendedValidationFailed');
    expect(adm.get(c.routes[1])!.code).toBe('HostAlreadyClaimed');
  });
});

describe("the route's status is the router's own record", () => {
  const status = (admitted: string, reason = '') => `status:
  ingress:
  - host: www.apps.example.com
    routerName: default
    wildcardPolicy: Subdomain
    conditions:
    - {type: Admitted, status: "${admitted}"${reason ? `, reason: ${reason}, message: "wildcard routes are not allowed"` : ''}}
`;
  const wild = route('  host: www.apps.example.com\n  wildcardPolicy: Subdomain\n  to: {kind: Service, name: web}');
  it('Admitted=True: the IngressController allows wildcards, whatever the default', () => {
    const t = trace(clusterOf(app + wild + status('True')), { from: 'internet', to: 'http://foo.apps.example.com/' });
    expect(t.reached).toBe('shop/web');
    expect(routeHop(t).steps.some((s) => s.text.includes("Admitted according to the route's status"))).toBe(true);
  });
  it('Admitted=False with the reason the router wrote: not served, in its words', () => {
    const plain = route('  host: www.apps.example.com\n  to: {kind: Service, name: web}');
    const t = trace(clusterOf(app + plain + status('False', 'HostAlreadyClaimed')), { from: 'internet', to: 'http://www.apps.example.com/' });
    expect(t.allowed).toBe(false);
    expect(routeHop(t).summary).toContain('Admitted=False (HostAlreadyClaimed: wildcard routes are not allowed)');
    expect(routeHop(t).rule?.path).toBe('status.ingress');
  });
});

describe('lint: one finding per rejected route, with the platform reason and the field', () => {
  it('codes for API rejection, wildcards, InvalidHost and extended validation', async () => {
    const { lintCluster } = await import('../../lint');
    const codes = (y: string) => lintCluster(clusterOf(app + y)).filter((f) => f.code.startsWith('route-')).map((f) => [f.code, f.severity]);
    expect(codes(route('  host: Bad.apps.example.com\n  to: {kind: Service, name: web}'))).toEqual([['route-api-invalid', 'error']]);
    expect(codes(route('  host: w.apps.example.com\n  wildcardPolicy: Subdomain\n  to: {kind: Service, name: web}'))).toEqual([['route-wildcard-not-allowed', 'error']]);
    expect(codes(route(`  host: ${'d'.repeat(64)}.apps.example.com\n  to: {kind: Service, name: web}`, ', annotations: {route.openshift.io/allow-non-dns-compliant-host: "true"}'))).toEqual([['route-invalid-host', 'error']]);
    const f = lintCluster(clusterOf(app + edge('shop.apps.example.com', `    certificate: ${pem('shop-cert.pem')}`))).filter((x) => x.code.startsWith('route-'));
    expect(f.map((x) => x.code)).toEqual(['route-extended-validation']);
    expect(f[0].message).toContain('spec.tls.key: no key specified');
    expect(f[0].source.startLine).toBeGreaterThan(10);
  });
});

describe('the API server defaults before it validates (library-go pkg/route/defaulting/defaults.go)', () => {
  it('termination "" → edge, "Reencrypt" → reencrypt, kind "" → Service, wildcardPolicy "" → None', () => {
    const c = clusterOf(app + route('  host: a.apps.example.com\n  wildcardPolicy: ""\n  to: {kind: "", name: web}\n  tls: {insecureEdgeTerminationPolicy: Allow}') + route('  host: b.apps.example.com\n  to: {kind: Service, name: web}\n  tls: {termination: Reencrypt}').replace('name: r,', 'name: b,'));
    expect(c.routes.map((r) => [r.tls?.termination, r.to.kind, r.wildcardPolicy])).toEqual([['edge', 'Service', 'None'], ['reencrypt', 'Service', 'None']]);
    expect(trace(c, { from: 'internet', to: 'http://a.apps.example.com/' }).reached).toBe('shop/web');
  });
  it('termination "" with a destinationCACertificate stays "" and is refused', () => {
    const c = clusterOf(app + route('  host: a.apps.example.com\n  to: {kind: Service, name: web}\n  tls: {destinationCACertificate: x}'));
    expect(routeAdmission(c).get(c.routes[0])!.reason).toContain('spec.tls.termination: Unsupported value: ""');
  });
});

describe('metadata.name and spec.httpHeaders (validateRoute: NameIsDNSSubdomain, validateHeaders)', () => {
  const headers = (actions: string, tls = 'edge') => clusterOf(app + route(`  host: h.apps.example.com\n  to: {kind: Service, name: web}\n  tls: {termination: ${tls}}\n  httpHeaders:\n    actions:\n${actions}`));
  const reason = (c: ReturnType<typeof clusterOf>) => routeAdmission(c).get(c.routes[0])!.reason ?? '';
  it('a Route name that is not a DNS subdomain is refused', () => {
    const c = clusterOf(app + route('  host: h.apps.example.com\n  to: {kind: Service, name: web}').replace('name: r,', 'name: My_Route,'));
    expect(routeAdmission(c).get(c.routes[0])!.field).toBe('metadata.name');
  });
  it('valid actions are admitted, with HAProxy fetchers and a literal %%', () => {
    const c = headers('      request:\n      - {name: X-Client-Cert, action: {type: Set, set: {value: "%[ssl_c_der,base64]"}}}\n      response:\n      - {name: X-Frame-Options, action: {type: Set, set: {value: DENY}}}\n      - {name: X-Powered-By, action: {type: Delete}}\n      - {name: X-Ratio, action: {type: Set, set: {value: "100%%"}}}');
    expect(routeAdmission(c).get(c.routes[0])!.admitted).toBe(true);
  });
  it('forbidden names, bad fetchers, Set without a value, and passthrough are refused', () => {
    expect(reason(headers('      response:\n      - {name: Set-Cookie, action: {type: Delete}}'))).toContain('may not be modified using this API');
    expect(reason(headers('      response:\n      - {name: X-A, action: {type: Set, set: {value: "%[req.hdr(host)]"}}}'))).toContain('not in correct format');
    expect(reason(headers('      request:\n      - {name: X-A, action: {type: Set}}'))).toContain('set is required when type is Set');
    expect(reason(headers('      request:\n      - {name: X-A, action: {type: Delete}}', 'passthrough'))).toContain('only edge and re-encrypt routes are supported for providing customized headers');
  });
});

describe('the reachability summary agrees with the trace', () => {
  it('a Route the router refuses exposes nothing; an admitted one does', async () => {
    const { summarizeReachability } = await import('../summary');
    const exposed = (y: string) => summarizeReachability(clusterOf(app + y)).destinations.flatMap((d) => d.exposedBy.map((e) => e.name));
    const wild = route('  host: www.apps.example.com\n  wildcardPolicy: Subdomain\n  to: {kind: Service, name: web}');
    expect(exposed(wild)).toEqual([]);
    expect(exposed(wild + wildcardsAllowed)).toEqual(['r']);
  });
});
