// Isolation and exposure coverage on a small cluster whose answers are worked out by hand.
import { describe, expect, it } from 'vitest';
import { coverage, coverageToMarkdown } from './coverage';
import { clusterOf, ns, pod } from './policy/testkit';

const c = clusterOf(
  ns('shop') + ns('ops') +
    pod('shop', 'web', { app: 'web' }, [{ containerPort: 8080, name: 'http' }]) +
    pod('shop', 'db', { app: 'db' }, [{ containerPort: 5432 }]) +
    pod('ops', 'prom', { app: 'prom' }) +
    `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-all, namespace: shop}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n` +
    `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress: [{}]\n` +
    `---\napiVersion: v1\nkind: Service\nmetadata: {name: prom, namespace: ops}\nspec:\n  type: LoadBalancer\n  selector: {app: prom}\n  ports: [{port: 80}]\n`,
);

describe('coverage', () => {
  it('counts unselected pods, default denies, open and exposed pods per namespace', () => {
    const r = coverage(c);
    expect(r.namespaces.map((n) => [n.namespace, n.endpoints, n.ingressUnisolated, n.egressUnisolated.length, n.defaultDenyIngress, n.openToAll, n.exposedUnisolated])).toEqual([
      ['ops', 1, ['ops/prom'], 1, [], ['ops/prom'], ['LoadBalancer Service ops/prom → ops/prom']],
      // web: selected (isolated) but its `ingress: [{}]` admits everyone; db: default deny.
      ['shop', 2, [], 2, ['shop/deny-all'], ['shop/web'], []],
    ]);
    expect(r.totals).toEqual({ endpoints: 3, ingressUnisolated: 1, egressUnisolated: 3, namespacesWithoutDefaultDeny: 1, openToAll: 2, openToInternet: 2, exposedUnisolated: 1 });
  });
  it('renders a ticket summary', () => {
    const md = coverageToMarkdown(coverage(c), (s) => s);
    expect(md).toContain('| ops | 1 | 1 | 1 | no / no | 1 | 1 | 1 |');
    expect(md).toContain('- LoadBalancer Service ops/prom → ops/prom');
  });
});
