// Verdicts that rest on namespace labels the input does not give are marked as assumed (issue 10).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCluster } from '../index';
import { traceQuery } from './trace';
import type { ProfileName } from '../model/types';

const DUMP = readFileSync(join(__dirname, '../testing/fixtures/oc-get-all-shop.yaml'), 'utf8');
const load = (text: string, profile: ProfileName = 'kubernetes') => loadCluster([{ name: 'in.yaml', text }], { profile });
const pod = (ns: string, name: string, labels: string) => `---\napiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}, labels: {${labels}}}\nspec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}\n`;
const policy = (from: string) => `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api-from-tools, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {${from}}}\n`;
const BASE = pod('shop', 'api', 'app: api') + pod('tools', 'client', 'app: client');
const guessHop = (t: ReturnType<typeof traceQuery>) => t.hops.find((h) => h.title.startsWith('Namespace labels assumed'));
const q = { from: 'tools/client', to: 'shop/api', port: 8080, protocol: 'TCP' as const };

describe('assumed namespace labels', () => {
  it('a denial that rests on a label of a namespace the input does not declare gets a warning hop naming it', () => {
    const t = traceQuery(load(BASE + policy('name: tools')), q);
    expect(t.allowed).toBe(false);
    const h = guessHop(t);
    expect(h).toMatchObject({ verdict: 'warning', kind: 'ingress-policy', object: 'NetworkPolicy/shop/api-from-tools' });
    expect(h?.summary).toContain('"tools"');
    expect(h?.steps[0].text).toContain('reads "name" of namespace "tools"');
    expect(h?.steps[0].text).toContain('does NOT match');
    expect(h?.steps[0].rule?.source.startLine).toBeGreaterThan(0);
    expect(h?.steps.at(-1)?.text).toContain('oc get namespace tools -o yaml');
  });

  it('declared Namespace objects decide it: no warning, whichever way it goes', () => {
    const labelled = traceQuery(load(BASE + policy('name: tools') + '---\napiVersion: v1\nkind: Namespace\nmetadata: {name: tools, labels: {name: tools}}\n'), q);
    expect(labelled.allowed).toBe(true);
    expect(guessHop(labelled)).toBeUndefined();
    const unlabelled = traceQuery(load(BASE + policy('name: tools') + '---\napiVersion: v1\nkind: Namespace\nmetadata: {name: tools}\n'), q);
    expect(unlabelled.allowed).toBe(false);
    expect(guessHop(unlabelled)).toBeUndefined();
  });

  it('kubernetes.io/metadata.name is never a guess (the API server sets it on every namespace)', () => {
    const t = traceQuery(load(BASE + policy('kubernetes.io/metadata.name: tools')), q);
    expect(t.allowed).toBe(true);
    expect(guessHop(t)).toBeUndefined();
  });

  it('a connection allowed by a rule that reads no guessed label does not depend on the guess', () => {
    const also = `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api-from-all, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - from:\n    - namespaceSelector: {}\n`;
    const t = traceQuery(load(BASE + policy('name: tools') + also), q);
    expect(t.allowed).toBe(true);
    expect(guessHop(t)).toBeUndefined();
    expect(t.verdict).toBe('allowed');
  });

  it('an allowed verdict that rests on a guessed label is a warning, and the trace says ALLOWED with warnings', () => {
    const t = traceQuery(load(BASE + policy('name: tools').replace('{matchLabels: {name: tools}}', '{matchExpressions: [{key: team, operator: DoesNotExist}]}')), q);
    expect(t.allowed).toBe(true);
    expect(t.verdict).toBe('warning');
    expect(guessHop(t)?.steps[0].text).toContain('the selector matches it');
  });

  it('the router namespace the profile implies carries the platform\'s labels: not a guess, no warning', () => {
    // The ingress operator labels openshift-ingress policy-group.network.openshift.io/ingress: "" on every
    // OpenShift 4 cluster; the profile line says OpenShift was assumed. A warning here would sit on nearly
    // every route trace of every OpenShift dump.
    const t = traceQuery(load(DUMP, 'openshift'), { from: 'internet', to: 'https://shop.apps.ocp.example.com/' });
    expect(t.allowed).toBe(true);
    expect(t.verdict).toBe('allowed');
    expect(guessHop(t)).toBeUndefined();
    // Pod to pod in the dump: allowed by allow-same-namespace, so backend-from-shop's `name: shop` does not matter.
    const inside = traceQuery(load(DUMP, 'openshift'), { from: 'shop/frontend', to: 'shop/backend', port: 9000 });
    expect(inside.allowed).toBe(true);
    expect(guessHop(inside)).toBeUndefined();
  });
});
