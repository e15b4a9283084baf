// The policy mode decides for every output (policy/evaluate.ts POLICY_MODES): OpenShift SDN's Subnet mode
// (openshift/api operator/v1 types_network.go SDNMode "Subnet": "a 'flat' pod network where every pod can
// talk to every other pod and service") enforces no NetworkPolicy, so connectivity, exposure (coverage) and
// check say what the trace says; ovs-multitenant enforces none either. And the extension point: a plug-in
// mode without bit-set algebra is answered by the summary pair by pair with the engine, so they agree.
import { describe, expect, it } from 'vitest';
import { readExpectations, runChecks } from './check';
import { connectivity, connectivityRows } from './connectivity';
import { coverage } from './coverage';
import { evaluatePolicies, POLICY_MODES, policyModeOf, type PolicyMode } from './policy/evaluate';
import { clusterOf, ns, pod } from './policy/testkit';
import { summarizeReachability } from './summary';
import { expectAgreesWithEngine } from './summary-testkit';
import { traceQuery } from './trace';
import type { ProfileName } from '../model/types';

const subnet = `---\napiVersion: operator.openshift.io/v1\nkind: Network\nmetadata: {name: cluster}\nspec:\n  defaultNetwork:\n    type: OpenShiftSDN\n    openshiftSDNConfig: {mode: Subnet}\n`;
const denyAll = (n: string) => `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-all, namespace: ${n}}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n`;
const app =
  ns('shop') +
  ns('other') +
  pod('shop', 'web', { app: 'web' }, [{ containerPort: 8080 }]) +
  pod('shop', 'db', { app: 'db' }, [{ containerPort: 5432 }]) +
  pod('other', 'client', { app: 'client' }) +
  denyAll('shop') +
  denyAll('other') +
  `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: block, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{ipBlock: {cidr: 10.128.2.0/24}}]}]\n`;
const expectations = `expectations:\n- {from: other/client, to: shop/db, port: 5432, expect: denied}\n- {from: other/client, to: shop/web, port: 8080, expect: allowed}\n- {defaultDeny: both, namespaces: [shop, other]}\n`;

describe('OpenShift SDN Subnet mode: no policy at all, in every output', () => {
  for (const profile of ['openshift', 'lumi-k', 'kubernetes'] as ProfileName[]) {
    it(`${profile}: connectivity lists every pair, as trace allows it`, () => {
      const c = clusterOf(app + subnet, profile);
      expect(policyModeOf(c).name).toBe('openshift-sdn-subnet');
      const rows = [...connectivityRows(connectivity(c))].filter((r) => r.from !== 'router' && r.from !== 'internet');
      expect(rows).toHaveLength(6); // 3 endpoints, every ordered pair
      for (const r of rows) expect(traceQuery(c, { from: r.from, to: r.to, port: Number(r.ports[0].split(' ')[1]) }).verdict).toBe('allowed');
      expect(connectivity(c).undetermined).toEqual([]);
      expectAgreesWithEngine(c);
      // The same input without the Network object is all denied.
      expect([...connectivityRows(connectivity(clusterOf(app, profile)))].filter((r) => r.from !== 'router' && r.from !== 'internet' && (profile !== 'lumi-k' || r.from !== r.to))).toHaveLength(0);
    });
  }

  it('exposure: every pod unisolated and open, no default deny counted, and the report says why', () => {
    const c = clusterOf(app + subnet, 'openshift');
    const r = coverage(c);
    expect(r.networkPolicyIgnored).toContain('Subnet mode');
    expect(r.totals.ingressUnisolated).toBe(3);
    expect(r.totals.egressUnisolated).toBe(3);
    expect(r.totals.namespacesWithoutDefaultDeny).toBe(2);
    expect(r.totals.openToAll).toBe(3);
    expect(r.totals.openToInternet).toBe(3);
    const enforced = coverage(clusterOf(app, 'openshift'));
    expect(enforced.networkPolicyIgnored).toBeUndefined();
    expect(enforced.totals.ingressUnisolated).toBe(0);
    expect(enforced.totals.namespacesWithoutDefaultDeny).toBe(0);
  });

  it('check: connections follow the trace, and a default deny that is not enforced fails, saying why', () => {
    const { expectations: es, errors } = readExpectations('e.yaml', expectations);
    expect(errors).toEqual([]);
    const flat = runChecks(clusterOf(app + subnet, 'openshift'), 'e.yaml', es);
    expect(flat.results.map((x) => x.passed)).toEqual([false, true, false]);
    expect(flat.results[2].failures[0].message).toContain('has a default-deny NetworkPolicy for Ingress (deny-all), but the cluster network is OpenShift SDN in Subnet mode');
    const enforced = runChecks(clusterOf(app, 'openshift'), 'e.yaml', es);
    expect(enforced.results.map((x) => x.passed)).toEqual([true, false, true]);
  });

  it('ovs-multitenant enforces no NetworkPolicy either: a default deny is reported as without effect', () => {
    const { expectations: es } = readExpectations('e.yaml', expectations);
    const r = runChecks(clusterOf(app, 'openshift-multitenant'), 'e.yaml', es);
    expect(r.results[2].passed).toBe(false);
    expect(r.results[2].failures[0].message).toContain('ovs-multitenant');
    expect(coverage(clusterOf(app, 'openshift-multitenant')).networkPolicyIgnored).toContain('ovs-multitenant');
  });
});

describe('a plug-in policy mode (the per-direction extension point)', () => {
  // A stand-in for a plug-in evaluator: pods labelled blocked=yes accept nothing, the rest as Kubernetes decides.
  const blocking: PolicyMode = {
    name: 'test-blocking',
    applies: (c) => c.pods.some((p) => p.podLabels.blocked === 'yes'),
    evaluate: (q) => {
      if (q.direction === 'ingress' && q.pod.podLabels.blocked === 'yes') {
        const text = `${q.pod.id} is blocked by the test plug-in.`;
        return { direction: 'ingress', allowed: false, decidedBy: 'network-policy', selectedBy: [], steps: [{ text, verdict: 'denied' }], summary: text };
      }
      return evaluatePolicies(q);
    },
  };
  const withMode = <T>(f: () => T): T => {
    POLICY_MODES.splice(POLICY_MODES.length - 1, 0, blocking);
    try {
      return f();
    } finally {
      POLICY_MODES.splice(POLICY_MODES.indexOf(blocking), 1);
    }
  };
  const y = ns('shop') + pod('shop', 'a', { app: 'x' }) + pod('shop', 'b', { app: 'x', blocked: 'yes' }) + pod('shop', 'c', { app: 'x' }) + pod('shop', 'd', { app: 'x' }, [], `status: {podIP: 10.128.2.9}\n`) + `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: in, namespace: shop}\nspec:\n  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.128.2.0/24}}]}]\n`;

  it('the summary asks the engine pair by pair, one class per pod, and agrees with it', () => {
    withMode(() => {
      const c = clusterOf(y, 'openshift');
      expect(policyModeOf(c).name).toBe('test-blocking');
      const s = summarizeReachability(c);
      expect(s.classes.filter((k) => !k.router)).toHaveLength(4);
      const r = expectAgreesWithEngine(c);
      expect(r.undetermined).toBeGreaterThan(0);
      expect(r.checked - r.allowed - r.undetermined).toBeGreaterThan(0);
      const rows = [...connectivityRows(connectivity(c))];
      expect(rows.some((x) => x.to === 'shop/b')).toBe(false);
      expect(rows.some((x) => x.from === 'shop/d' && x.to === 'shop/a')).toBe(true);
    });
    // Without the mode, the blocked pod is as open as the others.
    const c = clusterOf(y, 'openshift');
    expect(policyModeOf(c).name).toBe('policies');
    expect([...connectivityRows(connectivity(c))].some((x) => x.from === 'shop/d' && x.to === 'shop/b')).toBe(true);
  });
});
