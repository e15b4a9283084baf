// Secret redaction: what is replaced, what is kept, and that every other line stays where it was.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseManifests } from '../parse/parse';
import { REDACTED, redactSecrets } from './redact';

const KEY_BODY = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw';
const CERT_BODY = 'MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJRTES';
const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJlLXBhcnQtaGVyZQ';

function lines(s: string): string[] {
  return s.split('\n');
}

/** Every line that redaction did not report must be byte-for-byte unchanged. */
function expectOnlyReportedLinesChanged(before: string, after: string, changed: Set<number>): void {
  const a = lines(before);
  const b = lines(after);
  expect(b.length).toBe(a.length);
  a.forEach((line, i) => {
    if (!changed.has(i + 1)) expect(b[i], `line ${i + 1}`).toBe(line);
  });
}

const SECRET = `# Database credentials (comment kept)
apiVersion: v1
kind: Secret
metadata:
  name: db-creds
  namespace: shop
type: Opaque
data:
  username: YWRtaW4=   # admin
  password: aHVudGVyMg==
  ca.crt: |
    ${CERT_BODY}
    ${CERT_BODY}
stringData:
  api-token: "s3cr3t-value"
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data:
  greeting: hello
`;

describe('redactSecrets', () => {
  it('replaces every Secret data/stringData value, keeps keys, comments and other documents', () => {
    const r = redactSecrets(SECRET);
    expect(r.text).not.toMatch(/YWRtaW4=|aHVudGVyMg==|s3cr3t-value/);
    expect(r.text).not.toContain(CERT_BODY);
    expect(r.text).toContain(`  username: ${REDACTED}   # admin`);
    expect(r.text).toContain(`  api-token: "${REDACTED}"`);
    expect(r.text).toContain('# Database credentials (comment kept)');
    expect(r.text).toContain('  greeting: hello');
    expect(r.redactions).toEqual([
      { what: 'Secret shop/db-creds data.username', line: 9 },
      { what: 'Secret shop/db-creds data.password', line: 10 },
      { what: 'Secret shop/db-creds data.ca.crt', line: 11 },
      { what: 'Secret shop/db-creds stringData.api-token', line: 15 },
    ]);
    expectOnlyReportedLinesChanged(SECRET, r.text, new Set([9, 10, 11, 12, 13, 15]));
    // The result still parses into the same objects, with the placeholder as the value.
    const parsed = parseManifests([{ name: 'x', text: r.text }]);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.objects.map((o) => o.name)).toEqual(['db-creds', 'settings']);
    expect((parsed.objects[0].value.data as Record<string, string>).password).toBe(REDACTED);
  });

  it('removes a Route private key but keeps its certificates; a key hidden inside a PEM bundle goes too', () => {
    const route = `kind: Route
apiVersion: route.openshift.io/v1
metadata: {name: web, namespace: shop}
spec:
  host: shop.example.com
  tls:
    termination: reencrypt
    key: |-
      -----BEGIN RSA PRIVATE KEY-----
      ${KEY_BODY}
      -----END RSA PRIVATE KEY-----
    certificate: |
      -----BEGIN CERTIFICATE-----
      ${CERT_BODY}
      -----END CERTIFICATE-----
      -----BEGIN PRIVATE KEY-----
      ${KEY_BODY}
      -----END PRIVATE KEY-----
    destinationCACertificate: "-----BEGIN CERTIFICATE-----\\n${CERT_BODY}\\n-----END CERTIFICATE-----"
  to: {kind: Service, name: web}
`;
    const r = redactSecrets(route);
    expect(r.text).not.toContain(KEY_BODY);
    expect(r.text.split(CERT_BODY).length - 1).toBe(2);
    expect(r.redactions).toEqual([
      { what: 'Route shop/web spec.tls.key (private key)', line: 8 },
      { what: 'PEM private key block', line: 16 },
    ]);
    expectOnlyReportedLinesChanged(route, r.text, new Set([8, 9, 10, 11, 17]));
    const obj = parseManifests([{ name: 'r', text: r.text }]).objects[0].value as { spec: { tls: Record<string, string> } };
    expect(obj.spec.tls.key).toBe(REDACTED);
    expect(obj.spec.tls.certificate).toContain('-----BEGIN CERTIFICATE-----');
    expect(obj.spec.tls.certificate).toContain(`-----BEGIN PRIVATE KEY-----\n${REDACTED}\n-----END PRIVATE KEY-----`);
    expect(obj.spec.tls.destinationCACertificate).toContain(CERT_BODY);
  });

  it('finds a Route key in any style among many Routes without one (the pre-filter keeps every keyed Route)', () => {
    const plain = (i: number) => `apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: r${i}, namespace: shop}\nspec: {host: r${i}.example.com, tls: {termination: edge}, to: {kind: Service, name: web}}\n`;
    const docs = [plain(1), '{"apiVersion":"route.openshift.io/v1","kind":"Route","metadata":{"name":"json","namespace":"shop"},"spec":{"tls":{"termination":"edge","key":"opaque-json-key"}}}\n', plain(2), "kind: Route\nmetadata: {name: flow, namespace: shop}\nspec: {tls: {termination: edge, 'key': opaque-flow-key}}\n", plain(3)];
    const r = redactSecrets(docs.join('---\n'));
    expect(r.text).not.toContain('opaque-json-key');
    expect(r.text).not.toContain('opaque-flow-key');
    expect(r.redactions.map((x) => x.what)).toEqual(['Route shop/json spec.tls.key (private key)', 'Route shop/flow spec.tls.key (private key)']);
    expect(r.text).toContain('r3.example.com');
  });

  it('redacts token-like env values by name and by shape, in any workload and in List dumps', () => {
    const text = `apiVersion: v1
kind: List
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: api, namespace: shop}
  spec:
    template:
      spec:
        containers:
        - name: api
          env:
          - {name: DB_PASSWORD, value: hunter2}
          - name: GITHUB_TOKEN
            value: ghp_abcdef
          - name: AUTH_HEADER
            value: "Bearer abcdefghijklmnop0123"
          - name: SA
            value: ${JWT}
          - name: LOG_LEVEL
            value: debug
          - name: Api_Key
            valueFrom: {secretKeyRef: {name: k, key: api}}
`;
    const r = redactSecrets(text);
    for (const s of ['hunter2', 'ghp_abcdef', 'abcdefghijklmnop0123', JWT]) expect(r.text).not.toContain(s);
    expect(r.text).toContain('value: debug');
    expect(r.text).toContain('valueFrom: {secretKeyRef: {name: k, key: api}}');
    expect(r.redactions.map((x) => x.line)).toEqual([13, 15, 17, 19]);
    expect(r.redactions[0].what).toBe('env DB_PASSWORD (secret-like name)');
    // AUTH_HEADER is now a secret-like name itself (issue 16 lists AUTH), so its value goes by name first.
    expect(r.redactions[2].what).toBe('env AUTH_HEADER (secret-like name)');
    expect(r.redactions[3].what).toBe('a JWT token');
    expect(parseManifests([{ name: 'x', text: r.text }]).diagnostics).toEqual([]);
  });

  it('keeps JSON valid JSON', () => {
    const json = JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's' },
        data: { 'tls.key': 'LS0tLS1CRUdJTg==' },
        extra: `-----BEGIN PRIVATE KEY-----\n${KEY_BODY}\n-----END PRIVATE KEY-----\n`,
      },
      null,
      2,
    );
    const r = redactSecrets(json);
    const back = JSON.parse(r.text) as { data: Record<string, string>; extra: string };
    expect(back.data['tls.key']).toBe(REDACTED);
    expect(back.extra).not.toContain(KEY_BODY);
    expect(back.extra).toContain(REDACTED);
  });

  it('finds private keys in comments and in YAML that does not parse, and truncated keys', () => {
    const broken = `kind: Secret
metadata: {name: x
# -----BEGIN EC PRIVATE KEY-----
# ${KEY_BODY}
# -----END EC PRIVATE KEY-----
key: -----BEGIN OPENSSH PRIVATE KEY-----
  ${KEY_BODY}
  ${KEY_BODY}
next: kept
`;
    const r = redactSecrets(broken);
    expect(r.text).not.toContain(KEY_BODY);
    expect(r.text).toContain('# -----END EC PRIVATE KEY-----');
    expect(r.text).toContain('next: kept');
    expect(r.redactions).toEqual([
      { what: 'PEM private key block (EC)', line: 3 },
      { what: 'PEM private key block (OPENSSH)', line: 6 },
    ]);
    expectOnlyReportedLinesChanged(broken, r.text, new Set([4, 7, 8]));
  });

  it('follows an alias to the anchored value', () => {
    const text = `kind: ConfigMap
metadata: {name: c}
data: {pw: &pw topsecret}
---
kind: Secret
metadata: {name: s}
stringData:
  pw: *pw
`;
    // Aliases do not cross documents in YAML; within one document they do:
    const one = `kind: Deployment
metadata: {name: d}
spec:
  x: &pw topsecret
  template: {spec: {containers: [{name: c, env: [{name: PASSWORD, value: *pw}]}]}}
`;
    expect(redactSecrets(one).text).not.toContain('topsecret');
    expect(redactSecrets(one).redactions).toEqual([{ what: 'env PASSWORD (secret-like name)', line: 4 }]);
    expect(redactSecrets(text).text).toContain('topsecret'); // a ConfigMap value is not a secret
  });

  it('finds secrets in any document of a long stream, at the right line', () => {
    const filler = (i: number) => `---\nkind: Service\nmetadata: {name: s${i}, namespace: a}\nspec: {ports: [{port: 80}]}\n`;
    const text = Array.from({ length: 50 }, (_, i) => filler(i)).join('') + '---\nkind: Secret\nmetadata: {name: late, namespace: a}\ndata:\n  k: c2VjcmV0\n' + filler(99);
    const r = redactSecrets(text);
    expect(r.redactions).toEqual([{ what: 'Secret a/late data.k', line: 50 * 4 + 5 }]);
    expect(r.text.split('\n')[50 * 4 + 4]).toBe(`  k: ${REDACTED}`);
  });

  it('leaves manifests without secrets byte-for-byte alone', () => {
    const text = `kind: Service
metadata: {name: web, namespace: shop, annotations: {note: "Bearer tokens are checked upstream"}}
spec:
  ports: [{port: 80, targetPort: http}]
---
kind: Ingress
metadata: {name: i}
spec: {tls: [{secretName: web-tls, hosts: [a.example]}]}
`;
    expect(redactSecrets(text)).toEqual({ text, redactions: [] });
  });

  it('finds base64-encoded private keys anywhere (a kubeconfig in a ConfigMap) and keeps encoded certificates', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const key = b64(`-----BEGIN EC PRIVATE KEY-----\n${KEY_BODY}\n-----END EC PRIVATE KEY-----\n`);
    const cert = b64(`-----BEGIN CERTIFICATE-----\n${CERT_BODY}\n-----END CERTIFICATE-----\n`);
    const text = `kind: ConfigMap
metadata: {name: kubeconfig, namespace: ops}
data:
  config: |
    users:
    - name: admin
      user:
        client-certificate-data: ${cert}
        client-key-data: ${key}
`;
    const r = redactSecrets(text);
    expect(r.text).not.toContain(key);
    expect(r.text).toContain(`client-key-data: ${REDACTED}`);
    expect(r.text).toContain(cert);
    expect(r.redactions).toEqual([{ what: 'base64-encoded private key', line: 9 }]);
  });

  it('redacts the items of a typed SecretList, whose items may omit their kind', () => {
    const text = `apiVersion: v1
kind: SecretList
items:
- metadata: {name: a, namespace: x}
  data: {pw: c2VjcmV0}
`;
    const r = redactSecrets(text);
    expect(r.text).not.toContain('c2VjcmV0');
    expect(r.redactions).toEqual([{ what: 'Secret x/a data.pw', line: 5 }]);
  });

  it('is idempotent on a truncated key whose body ran into a token line (found by the property below)', () => {
    const once = redactSecrets(`-----BEGIN PRIVATE KEY-----\n/\n${JWT}\n`).text;
    expect(once).toBe('-----BEGIN PRIVATE KEY-----\nREDACTED-by-podpath\nREDACTED-by-podpath\n');
    expect(redactSecrets(once).text).toBe(once);
  });

  it('never throws, keeps the line count and is idempotent on arbitrary text', () => {
    const chunk = fc.constantFrom(
      'kind: Secret\n', 'data:\n', '  a: b\n', '  key: |\n', '    abc\n', '-----BEGIN PRIVATE KEY-----\n', '-----END PRIVATE KEY-----\n',
      'env: [{name: TOKEN, value: x}]\n', '---\n', '{', '}', '[', '"', "'", ': ', '&a ', '*a ', '\n', '\t', 'Bearer abcdefghijklmnopq\n', `${JWT}\n`,
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(chunk, fc.string()), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const r = redactSecrets(text);
        expect(lines(r.text).length).toBe(lines(text).length);
        for (const x of r.redactions) expect(x.line).toBeGreaterThanOrEqual(1);
        expect(redactSecrets(r.text).text).toBe(r.text);
      }),
      { numRuns: 400 },
    );
  });
});

describe('redactSecrets: the leaks issue 16 found (the exact-text share choice)', () => {
  const S = (i: string) => `s3cr3t-${i}-zq`;
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const cases: [string, string][] = [
    ['last-applied on a Secret', `kind: Secret\nmetadata:\n  name: s\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {"stringData":{"password":"${S('lac')}"}}\n`],
    ['last-applied on a Deployment', `kind: Deployment\nmetadata:\n  name: d\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: '{"spec":{"env":[{"name":"X","value":"${S('lac2')}"}]}}'\nspec: {}\n`],
    ['a Secret inside a Template', `kind: Template\nmetadata: {name: t}\nobjects:\n- kind: Secret\n  metadata: {name: s}\n  stringData: {pw: ${S('tpl')}}\nparameters:\n- name: DB\n  value: ${S('param')}\n`],
    ['a cert+key bundle, key second', `kind: ConfigMap\nmetadata: {name: c}\ndata:\n  bundle: ${b64(`-----BEGIN CERTIFICATE-----\nMIIB${'A'.repeat(80)}\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\n${S('bundle')}\n-----END PRIVATE KEY-----\n`)}\n`],
    ['a PGP private key', `kind: ConfigMap\nmetadata: {name: c}\ndata:\n  k: |\n    -----BEGIN PGP PRIVATE KEY BLOCK-----\n    ${S('pgp')}\n    -----END PGP PRIVATE KEY BLOCK-----\n`],
    ['a Secret with CR-only line endings', `kind: Secret\rmetadata:\r  name: s\rdata:\r  k: ${S('cr')}\r`],
    ...['DB_PASS', 'REDIS_PWD', 'API-KEY', 'PRIVATE_KEY', 'AWS_ACCESS_KEY_ID', 'SIGNING_KEY', 'PASSPHRASE', 'AUTH'].map((n): [string, string] => [`env ${n}`, `kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    env:\n    - name: ${n}\n      value: ${S(n)}\n`]),
    ['DATABASE_URL with credentials', `kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    env:\n    - {name: DATABASE_URL, value: "postgres://app:${S('url')}@db:5432/x"}\n`],
    ['an OpenShift sha256~ token and a basic-auth password in a kubeconfig', `kind: ConfigMap\nmetadata: {name: k}\ndata:\n  kubeconfig: |\n    users:\n    - user:\n        token: sha256~${S('tok')}\n    - user:\n        username: admin\n        password: ${S('basic')}\n`],
    ['Helm values', `kind: ConfigMap\nmetadata: {name: h}\ndata:\n  values.yaml: |\n    auth:\n      postgresPassword: ${S('helm')}\n      existingSecretKey: ${S('helm2')}\n`],
    ['BuildConfig git credentials', `kind: BuildConfig\nmetadata: {name: b}\nspec:\n  source:\n    git:\n      uri: https://builder:${S('git')}@git.example.com/x.git\n`],
    ['YAML comments', `# password: ${S('comment')}\nkind: Service\nmetadata: {name: s}  # token=${S('comment2')}\n`],
  ];
  for (const [what, text] of cases) {
    it(what, () => {
      // (the bundle's key is planted base64-encoded: its PEM header encodes as LS0tLS1CRUdJTi)
      expect(text).toMatch(/s3cr3t-|LS0tLS1CRUdJTi/);
      const r = redactSecrets(text);
      expect(r.text).not.toMatch(/s3cr3t-|czNjcjN0|LS0tLS1CRUdJTi/);
      expect(r.redactions.length).toBeGreaterThan(0);
      // Lines stay where they were (the panel lists them by line) — CR-only endings included.
      expect(r.text.split(/\r\n|\r|\n/).length).toBe(text.split(/\r\n|\r|\n/).length);
    });
  }
});
