// What each profile implies for pod-to-pod traffic: LUMI-K's default policies (and a user policy of the
// same name replacing one), OpenShift multitenant project isolation by netid, and the router endpoint.
import { describe, expect, it } from 'vitest';
import type { ProfileName } from '../../model/types';
import { allowed, clusterOf, ns, pod, verdict } from './testkit';

const np = (yaml: string) => `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n${yaml}`;
const netns = (name: string, netid: number) => `---\napiVersion: network.openshift.io/v1\nkind: NetNamespace\nmetadata:\n  name: ${name}\nnetname: ${name}\nnetid: ${netid}\n`;

const base = ns('shop') + ns('other') + pod('shop', 'web', { app: 'web' }, [{ containerPort: 8080 }]) + pod('shop', 'ui', { app: 'ui' }) + pod('other', 'ui', { app: 'ui' });

describe('the four profiles, pod to pod, no user policies', () => {
  const expected: Record<ProfileName, { sameNs: boolean; crossNs: boolean; router: boolean }> = {
    kubernetes: { sameNs: true, crossNs: true, router: true },
    openshift: { sameNs: true, crossNs: true, router: true },
    'lumi-k': { sameNs: true, crossNs: false, router: true },
    'openshift-multitenant': { sameNs: true, crossNs: false, router: true },
    calico: { sameNs: true, crossNs: true, router: true },
  };
  for (const [profile, e] of Object.entries(expected) as [ProfileName, (typeof expected)[ProfileName]][]) {
    it(profile, () => {
      const c = clusterOf(base, profile);
      expect(allowed(c, 'shop/ui', 'shop/web', 8080)).toBe(e.sameNs);
      expect(allowed(c, 'other/ui', 'shop/web', 8080)).toBe(e.crossNs);
      expect(allowed(c, 'router', 'shop/web', 8080)).toBe(e.router);
    });
  }
});

describe('LUMI-K', () => {
  it('implies allow-from-router and deny-other-namespaces-access in every project, pointing at their YAML', () => {
    const c = clusterOf(base, 'lumi-k');
    const v = verdict(c, 'other/ui', 'shop/web', 8080);
    expect(v.ingress.selectedBy.map((r) => r.object).sort()).toEqual(['NetworkPolicy/shop/allow-from-router', 'NetworkPolicy/shop/deny-other-namespaces-access']);
    expect(v.ingress.selectedBy.every((r) => r.impliedBy === 'lumi-k' && r.source.file === '<lumi-k project defaults>')).toBe(true);
    expect(v.ingress.steps.some((s) => s.text.includes('implied by the lumi-k profile'))).toBe(true);
    const r = verdict(c, 'router', 'shop/web', 8080);
    expect(r.ingress.rule?.object).toBe('NetworkPolicy/shop/allow-from-router');
    // Egress is not restricted by the defaults.
    expect(allowed(c, 'shop/web', '8.8.8.8', 53)).toBe(true);
  });

  it('a user policy with the same name replaces the implied one in that namespace only', () => {
    const open = np(`metadata: {name: deny-other-namespaces-access, namespace: shop}\nspec:\n  podSelector: {}\n  ingress:\n  - from: [{namespaceSelector: {}}]\n`);
    const c = clusterOf(base + pod('other', 'db', { app: 'db' }) + open, 'lumi-k');
    expect(allowed(c, 'other/ui', 'shop/web', 8080)).toBe(true);
    expect(verdict(c, 'other/ui', 'shop/web', 8080).ingress.rule?.impliedBy).toBeUndefined();
    expect(allowed(c, 'shop/ui', 'other/db', 8080)).toBe(false); // other keeps its implied defaults
  });
});

describe('OpenShift multitenant', () => {
  const mt =
    base +
    ns('joined') +
    ns('loner') +
    pod('joined', 'x', {}) +
    pod('loner', 'p', {}) +
    pod('default', 'd', {}) +
    netns('shop', 10) +
    netns('other', 11) +
    netns('joined', 10) +
    np(`metadata: {name: deny-all, namespace: shop}\nspec:\n  podSelector: {}\n`);

  it('pods of different netids cannot talk; same netid can; netid 0 is global', () => {
    const c = clusterOf(mt, 'openshift-multitenant');
    expect(allowed(c, 'other/ui', 'shop/web')).toBe(false);
    expect(allowed(c, 'joined/x', 'shop/web')).toBe(true);
    expect(allowed(c, 'shop/web', 'joined/x')).toBe(true);
    expect(allowed(c, 'default/d', 'shop/web')).toBe(true); // default is global
    expect(allowed(c, 'shop/web', 'default/d')).toBe(true);
    expect(allowed(c, 'loner/p', 'shop/web')).toBe(false); // no NetNamespace: its own netid
    expect(allowed(c, 'router', 'shop/web')).toBe(true); // openshift-ingress is global
    expect(allowed(c, '203.0.113.10', 'shop/web')).toBe(true);
  });

  it('a NetNamespace with netid 0 makes a project global', () => {
    const c = clusterOf(mt + netns('loner', 0), 'openshift-multitenant');
    expect(allowed(c, 'loner/p', 'other/ui')).toBe(true);
    expect(allowed(c, 'other/ui', 'loner/p')).toBe(true);
  });

  it('NetworkPolicy is not enforced, and the hop says so; a denial cites the netids and proposes oc adm pod-network', () => {
    const c = clusterOf(mt, 'openshift-multitenant');
    const v = verdict(c, 'shop/ui', 'shop/web');
    expect(v.allowed).toBe(true);
    expect(v.ingress.steps.some((s) => s.verdict === 'warning' && s.text.includes('does not enforce NetworkPolicy'))).toBe(true);
    const d = verdict(c, 'other/ui', 'shop/web');
    expect(d.ingress.decidedBy).toBe('project-isolation');
    expect(d.hops[1].kind).toBe('project-isolation');
    expect(d.ingress.rule?.object).toBe('NetNamespace/shop');
    expect(d.ingress.fix?.snippet).toContain('oc adm pod-network join-projects --to=shop other');
  });
});
