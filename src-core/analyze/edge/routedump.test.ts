// Route rejection on a real `oc get all,route -o yaml` dump (List, managedFields, ownerReferences, status,
// no Namespace objects): the router's own status and podpath's reading of the spec give the same answer.
import { describe, expect, it } from 'vitest';
import { lintCluster } from '../../lint';
import { clusterOf, fixture, trace } from './testutil';

const c = clusterOf(fixture('dump-routes.yaml'));

describe('routes in a real dump', () => {
  it('the admitted route is served (which endpoint stands for the Deployment is the Service hop\'s business)', () => {
    const t = trace(c, { from: 'internet', to: 'http://shop.apps.example.com/' });
    expect(t.allowed).toBe(true);
    expect(t.reached).toMatch(/^shop\/web/);
    expect(t.hops.find((x) => x.kind === 'route')!.steps.some((s) => s.text.includes("Admitted according to the route's status"))).toBe(false);
  });
  it('the wildcard route the router refused (status RouteNotAdmitted) is denied, with the field and the fix', () => {
    const t = trace(c, { from: 'internet', to: 'http://any.shop.apps.example.com/' });
    expect(t.verdict).toBe('denied');
    const h = t.hops.find((x) => x.kind === 'route')!;
    expect(h.title).toBe('Route shop/shop is not admitted by the router (RouteNotAdmitted)');
    expect(h.summary).toContain('wildcard routes are not allowed');
    expect(h.rule?.path).toBe('spec.wildcardPolicy');
    expect(h.rule?.source.startLine).toBeGreaterThan(90);
  });
  it('the edge route with a certificate but no key fails extended validation', () => {
    const t = trace(c, { from: 'internet', to: 'https://secure.shop.apps.example.com/' });
    const h = t.hops.find((x) => x.kind === 'route')!;
    expect(h.verdict).toBe('denied');
    expect(h.facts).toMatchObject({ reason: 'ExtendedValidationFailed', field: 'spec.tls.key' });
    expect(h.summary).toContain('no key specified');
  });
  it('lint reports both, once each', () => {
    const f = lintCluster(c).filter((x) => x.code.startsWith('route-'));
    expect(f.map((x) => `${x.code} ${x.object}`).sort()).toEqual(['route-extended-validation Route/shop/secure', 'route-wildcard-not-allowed Route/shop/shop']);
  });
});
