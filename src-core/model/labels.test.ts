// Issue 16, "malformed policy fields never widen a policy": label maps keyed by user input keep every
// key (`__proto__` included), keys and values are checked as apimachinery checks them, and unreadable
// ports are errors that never turn into "every port" or into the service port.
import { describe, expect, it } from 'vitest';
import { traceQuery } from '../analyze/trace';
import { loadCluster } from '../index';
import { labelValueProblem, qualifiedNameProblem } from './labels';
import { selectorMatches } from './selector';

const load = (text: string) => loadCluster([{ name: 'in.yaml', text }]);
/** 1-based line of the first line of `text` that contains `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const diagnostics = (text: string, code: string) => load(text).diagnostics.filter((d) => d.code === code);

const NS = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
const pod = (name: string, labels: string) => `---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: shop\n  labels:\n${labels}spec:\n  containers:\n  - name: c\n    image: x\n    ports:\n    - containerPort: 80\n`;
/** Ingress to `app: db` only from pods the peer selector selects. */
const policy = (peer: string) =>
  `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: db-from\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      app: db\n  ingress:\n  - from:\n    - podSelector:\n${peer}`;
const PODS = NS + pod('db', '    app: db\n') + pod('web', '    app: web\n');

describe('label keys from user input', () => {
  it('keeps a `__proto__` selector key, so the peer does not become "every pod" (trace before/after)', () => {
    // No policy: allowed (the baseline).
    expect(traceQuery(load(PODS), { from: 'shop/web', to: 'shop/db', port: 80 }).allowed).toBe(true);
    // A peer that requires `__proto__: x`: the key used to be dropped (`out['__proto__'] = v`), the peer
    // selected every pod and the verdict was ALLOWED with no finding. Now no pod matches: denied, and the
    // key is reported where it is written.
    const text = PODS + policy('        matchLabels:\n          __proto__: x\n');
    const c = load(text);
    const t = traceQuery(c, { from: 'shop/web', to: 'shop/db', port: 80 });
    expect(t.allowed).toBe(false);
    expect(t.verdict).toBe('denied');
    const d = c.diagnostics.find((x) => x.code === 'invalid-label');
    expect(d).toMatchObject({ severity: 'error', range: { startLine: lineOf(text, '__proto__: x'), startCol: 11 } });
    expect(d?.message).toContain('"__proto__"');
    // The same policy with a valid key that web carries: allowed again, no finding.
    const fixed = load(PODS + policy('        matchLabels:\n          app: web\n'));
    expect(traceQuery(fixed, { from: 'shop/web', to: 'shop/db', port: 80 }).allowed).toBe(true);
    expect(fixed.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
  });

  it('reads `__proto__`, `constructor` and `toString` as ordinary label keys everywhere', () => {
    const c = load(NS + pod('odd', '    __proto__: a\n    constructor: b\n    toString: c\n'));
    const labels = c.podsById.get('shop/odd')?.podLabels ?? {};
    expect(Object.keys(labels)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(labels['__proto__']).toBe('a');
    expect(selectorMatches({ matchLabels: Object.fromEntries([['__proto__', 'a']]), matchExpressions: [] }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: Object.fromEntries([['__proto__', 'z']]), matchExpressions: [] }, labels)).toBe(false);
    // A pod without those labels does not inherit them from a prototype.
    const plain = load(NS + pod('plain', '    app: a\n')).podsById.get('shop/plain')?.podLabels ?? {};
    expect(selectorMatches({ matchLabels: {}, matchExpressions: [{ key: 'constructor', operator: 'Exists', values: [] }] }, plain)).toBe(false);
    expect(selectorMatches({ matchLabels: {}, matchExpressions: [{ key: 'toString', operator: 'DoesNotExist', values: [] }] }, plain)).toBe(true);
  });

  it('reports a matchExpressions key the API server rejects, and a requirement without a key is not dropped', () => {
    const expr = (e: string) => PODS + policy(`        matchExpressions:\n${e}`);
    const bad = expr('        - key: __proto__\n          operator: Exists\n');
    expect(traceQuery(load(bad), { from: 'shop/web', to: 'shop/db', port: 80 }).allowed).toBe(false);
    expect(diagnostics(bad, 'invalid-label')[0]?.path).toBe('spec.ingress.0.from.0.podSelector.matchExpressions.0.key');
    // No key at all: it used to be skipped, which made the peer select every pod.
    const keyless = expr('        - operator: In\n          values: [web]\n');
    expect(traceQuery(load(keyless), { from: 'shop/web', to: 'shop/db', port: 80 }).allowed).toBe(false);
    expect(diagnostics(keyless, 'invalid-selector')).toHaveLength(1);
    // An invalid value in a selector is reported (values are checked as label values).
    expect(diagnostics(expr('        - key: app\n          operator: In\n          values: ["web!"]\n'), 'invalid-label')[0]?.path).toBe('spec.ingress.0.from.0.podSelector.matchExpressions.0.values.0');
  });

  it('reports invalid label keys and values on objects, with the position of the key', () => {
    const text = NS + pod('p', `    "bad key": x\n    k8s.io/ok: "${'v'.repeat(64)}"\n    -x: "y"\n    UPPER.io/a: b\n    enabled: yes\n`);
    const ds = diagnostics(text, 'invalid-label');
    expect(ds.map((d) => [d.path, d.range.startLine])).toEqual([
      ['metadata.labels.bad key', lineOf(text, 'bad key')],
      ['metadata.labels.k8s.io/ok', lineOf(text, 'k8s.io/ok')],
      ['metadata.labels.-x', lineOf(text, '-x:')],
      ['metadata.labels.UPPER.io/a', lineOf(text, 'UPPER')],
    ]);
    // `yes` is a YAML 1.1 boolean: reported as a non-string value (its key is valid).
    expect(diagnostics(text, 'invalid-value').map((d) => d.path)).toEqual(["metadata.labels.enabled"]);
    // Annotation keys are qualified names too, but upper case is allowed there (checked lower-cased).
    const ann = `${NS}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: shop\n  annotations:\n    Example.COM/Key: any value at all ${'x'.repeat(100)}\n    "not valid!": v\nspec:\n  ports:\n  - port: 80\n`;
    expect(diagnostics(ann, 'invalid-label').map((d) => d.path)).toEqual(['metadata.annotations.not valid!']);
  });

  it('validates keys and values as apimachinery IsQualifiedName / IsValidLabelValue do', () => {
    const validKeys = ['app', 'a', 'A1', 'app.kubernetes.io/name', 'k8s.io/a_b-c.d', 'x/' + 'n'.repeat(63), `${'a'.repeat(253)}/n`, '9'];
    const invalidKeys = ['', '__proto__', '-a', 'a-', 'a b', '/a', 'a/', 'a/b/c', 'A.io/x', 'n'.repeat(64), `${'a'.repeat(254)}/n`, 'é', 'a:b'];
    for (const k of validKeys) expect(qualifiedNameProblem(k), k).toBeUndefined();
    for (const k of invalidKeys) expect(qualifiedNameProblem(k), k).toBeDefined();
    for (const v of ['', 'a', 'a.b-c_d', 'v'.repeat(63), '1']) expect(labelValueProblem(v), v).toBeUndefined();
    for (const v of ['-a', 'a-', 'a b', 'v'.repeat(64), 'a/b', 'é']) expect(labelValueProblem(v), v).toBeDefined();
  });
});

describe('ports that cannot be read', () => {
  const svc = (targetPort: string) => `${PODS}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\n  namespace: shop\nspec:\n  selector:\n    app: db\n  ports:\n  - port: 5432\n    targetPort: ${targetPort}\n`;

  it('a Service targetPort of 80.5 or 1e29 is an error and the port is not served', () => {
    for (const tp of ['80.5', '1e29', '70000', '-5']) {
      const c = load(svc(tp));
      const d = c.diagnostics.find((x) => x.code === 'invalid-port');
      expect(d, tp).toMatchObject({ severity: 'error', path: 'spec.ports.0.targetPort', range: { startLine: lineOf(svc(tp), 'targetPort') } });
      expect(c.services[0].ports).toEqual([]);
      const t = traceQuery(c, { from: 'shop/web', to: 'svc:shop/db', port: 5432 });
      expect(t.allowed, tp).toBe(false);
    }
  });

  it('a Service targetPort of 0 or -0 is replaced by the port, as SetDefaults_Service does, and says so', () => {
    for (const tp of ['0', '-0']) {
      const c = load(svc(tp));
      expect(c.services[0].ports[0].targetPort, tp).toBe(5432);
      // The API server accepts it (it is defaulted), so this is a warning, not an error.
      const d = c.diagnostics.find((x) => x.code === 'defaulted-value');
      expect(d, tp).toMatchObject({ severity: 'warning', path: 'spec.ports.0.targetPort' });
      expect(d?.message, tp).toContain('replaced by the service port 5432');
    }
    // kubectl's go-yaml reads a plain -0 as strconv.ParseInt's 0 (yaml11.ts).
    expect(load(svc('-0')).diagnostics.find((x) => x.code === 'defaulted-value')?.message).toContain('targetPort 0 is replaced');
  });

  it('a NetworkPolicy port of 80.5 or 1e29 admits nothing (it used to be ignored: every port)', () => {
    for (const port of ['80.5', '1e29', '-0']) {
      const text = `${PODS}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: db\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      app: db\n  ingress:\n  - ports:\n    - port: ${port}\n`;
      const c = load(text);
      expect(c.diagnostics.find((x) => x.code === 'invalid-port'), port).toMatchObject({ severity: 'error', path: 'spec.ingress.0.ports.0.port', range: { startLine: lineOf(text, `port: ${port}`) } });
      const t = traceQuery(c, { from: 'shop/web', to: 'shop/db', port: 80 });
      expect(t.allowed, port).toBe(false);
    }
  });
});
