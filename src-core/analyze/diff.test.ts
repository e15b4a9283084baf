// Before and after: pairs of inputs with known differences (each NetworkPolicy peer form, an ANP priority
// change, a Route's targetPort fix, a namespace label change, ports, exposure, an undecidable peer), and a
// check that every reported connection difference is what `trace` says on each side.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BuiltCluster } from '../model/build';
import { connectivity } from './connectivity';
import { connectionChangesOf, diffClusters, type DiffChange, type DiffReport } from './diff';
import { representativeAddress } from './diff-edge';
import { clusterOf, ns, pod } from './policy/testkit';
import { traceQuery } from './trace';

const np = (name: string, namespace: string, spec: string) => `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n${spec}`;
const BASE = ns('shop') + ns('ops', { team: 'ops' }) +
  pod('shop', 'web', { app: 'web' }, [{ containerPort: 8080, name: 'http' }]) +
  pod('shop', 'db', { app: 'db' }, [{ containerPort: 5432 }]) +
  pod('shop', 'batch', { app: 'batch' }) +
  pod('ops', 'prom', { app: 'prom' });
const DENY_ALL = np('deny', 'shop', '  podSelector: {}\n  policyTypes: [Ingress]\n');

/** The summary-level row comparison (diff-summary.ts) must list exactly what comparing the two full
 *  connectivity lists lists. */
function sameAsFullLists(r: DiffReport, a: BuiltCluster, b: BuiltCluster): void {
  const key = (c: DiffChange) => `${c.status} ${c.from} → ${c.to} ${c.before.join(',')} | ${c.after.join(',')}`;
  const want = connectionChangesOf(connectivity(a), connectivity(b)).map(key).sort();
  // Traced differences may have become undetermined; compare what the lists say before tracing.
  const got = r.changes.filter((c) => c.kind === 'connection' && c.before.join(',') !== c.after.join(',')).map((c) => key({ ...c, status: c.status === 'undetermined' ? (c.before.length === 0 ? 'opened' : c.after.length === 0 ? 'closed' : 'ports') : c.status })).sort();
  expect(got).toEqual(want);
}

function diff(before: string, after: string, profile: 'kubernetes' | 'openshift' = 'kubernetes'): DiffReport {
  const a = clusterOf(before, profile);
  const b = clusterOf(after, profile);
  const r = diffClusters(a, b);
  sameAsFullLists(r, a, b);
  return r;
}
const find = (r: DiffReport, kind: DiffChange['kind'], from: string, to: string) => r.changes.find((c) => c.kind === kind && c.from === from && c.to === to);

/** Each reported connection difference agrees with a trace of that pair on each side. */
function agreesWithTrace(r: DiffReport, a: BuiltCluster, b: BuiltCluster): void {
  sameAsFullLists(r, a, b);
  for (const c of r.changes.filter((x) => x.kind === 'connection')) {
    expect(c.traced).toBe(true);
    const ta = traceQuery(a, c.query!);
    const tb = traceQuery(b, c.query!);
    if (c.status === 'opened') expect([ta.allowed, tb.allowed]).toEqual([false, true]);
    if (c.status === 'closed') expect([ta.allowed, tb.allowed]).toEqual([true, false]);
    if (c.status === 'undetermined') expect([ta.verdict, tb.verdict]).toContain('undetermined');
  }
}

describe('diffClusters', () => {
  it('reports nothing for the same input, even when objects move between lines', () => {
    const r = diff(BASE + DENY_ALL, DENY_ALL + BASE);
    expect(r.changes).toEqual([]);
    expect(r.objects).toEqual({ added: [], removed: [], changed: [] });
  });

  it('podSelector peer: the admitted pod changes, with the rule and line on each side', () => {
    const before = BASE + DENY_ALL + np('db', 'shop', '  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: web}}}]\n');
    const after = BASE + DENY_ALL + np('db', 'shop', '  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: batch}}}]\n');
    const a = clusterOf(before);
    const b = clusterOf(after);
    const r = diffClusters(a, b);
    const lost = find(r, 'connection', 'shop/web', 'shop/db')!;
    const won = find(r, 'connection', 'shop/batch', 'shop/db')!;
    expect(lost.status).toBe('closed');
    expect(lost.before).toEqual(['TCP 5432']);
    expect(won.status).toBe('opened');
    expect(won.title).toBe('shop/batch → shop/db: newly allowed on TCP 5432');
    // Before: the deny-all policy's absence of a rule stops batch; after: NetworkPolicy shop/db admits it.
    expect(won.afterSide!.causes.some((x) => x.rule.includes('shop/db') && /^t\.yaml:\d+:\d+$/.test(x.at))).toBe(true);
    expect(won.beforeSide!.verdict).toBe('denied');
    expect(r.objects.changed).toEqual(['NetworkPolicy/shop/db']);
    agreesWithTrace(r, a, b);
  });

  it('namespaceSelector peer and a namespace label change open a cross-namespace connection', () => {
    const policy = np('web', 'shop', '  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {team: monitoring}}}]\n');
    const before = ns('shop') + ns('ops', { team: 'ops' }) + BASE.split('---').slice(3).map((s) => '---' + s).join('') + DENY_ALL + policy;
    const after = ns('shop') + ns('ops', { team: 'monitoring' }) + BASE.split('---').slice(3).map((s) => '---' + s).join('') + DENY_ALL + policy;
    const a = clusterOf(before);
    const b = clusterOf(after);
    const r = diffClusters(a, b);
    expect(find(r, 'connection', 'ops/prom', 'shop/web')?.status).toBe('opened');
    expect(find(r, 'namespace', 'ops', 'shop')?.status).toBe('opened');
    expect(r.objects.changed).toEqual(['Namespace/ops']);
    agreesWithTrace(r, a, b);
  });

  it('ports: a rule that now also admits a second port is a port change, not a new connection', () => {
    const two = BASE.replace("containerPort: 8080\n      name: http", 'containerPort: 8080\n      name: http\n      protocol: TCP\n    - containerPort: 9090');
    const before = two + DENY_ALL + np('web', 'shop', '  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports: [{port: 8080}]\n');
    const after = two + DENY_ALL + np('web', 'shop', '  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports: [{port: 8080}, {port: 9090}]\n');
    const r = diff(before, after);
    const c = find(r, 'connection', 'shop/db', 'shop/web')!;
    expect(c.status).toBe('ports');
    expect(c.before).toEqual(['TCP 8080']);
    expect(c.after).toEqual(['TCP 8080', 'TCP 9090']);
    expect(c.query).toMatchObject({ port: 9090, protocol: 'TCP' });
  });

  it('ipBlock peer: egress to a named outside block moves to another block', () => {
    const egress = (cidr: string) => np('out', 'shop', `  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{ipBlock: {cidr: ${cidr}}}]\n    ports: [{port: 443}]\n`);
    const r = diff(BASE + egress('10.0.0.0/8'), BASE + egress('192.168.0.0/16'));
    expect(find(r, 'address', 'shop/web', 'ip:10.0.0.1 (TCP 443)')?.status).toBe('closed');
    expect(find(r, 'address', 'shop/web', 'ip:192.168.0.1 (TCP 443)')?.status).toBe('opened');
    // Pods the policy does not select were never limited: no difference for them.
    expect(r.changes.some((c) => c.kind === 'address' && c.from === 'shop/db')).toBe(false);
  });

  it('AdminNetworkPolicy priority: swapping a Deny and an Allow opens the connection', () => {
    const anp = (name: string, priority: number, action: string) => `---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n  priority: ${priority}\n  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: shop}}}\n  ingress:\n  - name: ${name}\n    action: ${action}\n    from: [{namespaces: {matchLabels: {team: ops}}}]\n`;
    const a = clusterOf(BASE + anp('deny-ops', 10, 'Deny') + anp('allow-ops', 20, 'Allow'));
    const b = clusterOf(BASE + anp('deny-ops', 30, 'Deny') + anp('allow-ops', 20, 'Allow'));
    const r = diffClusters(a, b);
    const c = find(r, 'connection', 'ops/prom', 'shop/web')!;
    expect(c.status).toBe('opened');
    expect(c.beforeSide!.causes[0].rule).toContain('deny-ops');
    expect(c.afterSide!.causes.some((x) => x.rule.includes('allow-ops'))).toBe(true);
    agreesWithTrace(r, a, b);
  });

  it("a Route's targetPort fix: the URL goes from not served to served", () => {
    const svc = `---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: web}\n  ports:\n  - {name: http, port: 80, targetPort: 8080}\n`;
    const route = (tp: string) => `---\napiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: web, namespace: shop}\nspec:\n  host: shop.example.com\n  to: {kind: Service, name: web}\n  port: {targetPort: ${tp}}\n`;
    const a = clusterOf(BASE + svc + route('9999'), 'openshift');
    const b = clusterOf(BASE + svc + route('8080'), 'openshift');
    const r = diffClusters(a, b);
    const u = find(r, 'url', 'internet', 'http://shop.example.com/')!;
    expect(u.status).toBe('opened');
    expect(u.after).toEqual(['served by shop/web']);
    expect(u.before[0]).toMatch(/^stopped at /);
    expect(u.beforeSide!.causes[0].at).toMatch(/^t\.yaml:\d+:\d+$/);
    // The fix also sends outside traffic to a pod no policy isolates: that exposure ranks first, then the URL.
    expect(r.changes[0]).toMatchObject({ kind: 'exposure', from: 'exposed, no ingress policy', status: 'opened' });
    expect(r.changes[0].to).toContain('Route shop/web');
    expect(r.changes[1]).toBe(u);
  });

  it('exposure: removing the default deny makes the pods open to the internet, ranked first', () => {
    const r = diff(BASE + DENY_ALL, BASE);
    expect(find(r, 'exposure', 'open to the internet', 'shop/db')?.status).toBe('opened');
    expect(find(r, 'connection', 'internet', 'shop/db')?.status).toBe('opened');
    expect(r.changes[0].kind).toBe('exposure');
    expect(r.objects.removed).toEqual(['NetworkPolicy/shop/deny']);
  });

  it('a difference that depends on an undecided fact is listed as undetermined, never as opened or closed', () => {
    // An EgressFirewall whose dnsName rule may or may not cover the address (the input has no DNS answers).
    const egress = np('out', 'shop', '  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{ipBlock: {cidr: 198.51.100.0/24}}]\n    ports: [{port: 443}]\n');
    const fw = '---\napiVersion: k8s.ovn.org/v1\nkind: EgressFirewall\nmetadata: {name: default, namespace: shop}\nspec:\n  egress:\n  - {type: Allow, to: {dnsName: api.example.com}}\n  - {type: Deny, to: {cidrSelector: 0.0.0.0/0}}\n';
    const a = clusterOf(BASE + egress, 'openshift');
    const b = clusterOf(BASE + egress + fw, 'openshift');
    const r = diffClusters(a, b);
    const c = find(r, 'address', 'shop/web', 'ip:198.51.100.1 (TCP 443)')!;
    expect(c.status).toBe('undetermined');
    expect(c.beforeSide!.verdict).toBe('allowed');
    expect(c.afterSide!.verdict).toBe('undetermined');
    expect(c.title).toMatch(/cannot be decided after the change/);
    expect(c.title).toContain('api.example.com');
    expect(r.counts.undetermined).toBeGreaterThan(0);
  });

  it('a pair the summary cannot decide (an ipBlock that splits the pod network, a pod with no IP) is undetermined', () => {
    const a = clusterOf(BASE + DENY_ALL, 'openshift');
    const b = clusterOf(BASE + DENY_ALL + np('ips', 'shop', '  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from: [{ipBlock: {cidr: 10.128.0.0/14, except: [10.128.4.0/24]}}]\n'), 'openshift');
    const t = traceQuery(b, { from: 'ops/prom', to: 'shop/web', port: 8080 });
    expect(t.verdict).toBe('undetermined');
    const r = diffClusters(a, b);
    const c = find(r, 'connection', 'ops/prom', 'shop/web')!;
    expect(c.status).toBe('undetermined');
    expect(c.afterSide!.verdict).toBe('undetermined');
    expect(c.query).toMatchObject({ port: 8080 });
    sameAsFullLists(r, a, b);
  });

  it('keeps both traces when asked (--explain)', () => {
    const r = diffClusters(clusterOf(BASE + DENY_ALL), clusterOf(BASE), { keepTraces: true });
    const c = r.changes.find((x) => x.kind === 'connection')!;
    expect(c.traces!.before.allowed).toBe(false);
    expect(c.traces!.after.allowed).toBe(true);
  });

  it('caps the traced differences and counts the rest as untraced', () => {
    const r = diffClusters(clusterOf(BASE + DENY_ALL), clusterOf(BASE), { maxTraced: 2 });
    expect(r.counts.untraced).toBe(r.changes.filter((c) => c.kind === 'connection').length - 2);
  });
});

describe('summary-level comparison = full lists', () => {
  const more = pod('shop', 'web2', { app: 'web' }, [{ containerPort: 8080, name: 'http' }]);
  const cases: [string, string, string][] = [
    ['a pod added to an existing class', BASE + DENY_ALL, BASE + more + DENY_ALL],
    ['a pod removed', BASE + more, BASE],
    ['a pod relabelled into another class', BASE, BASE.replace('app: "batch"', 'app: "db"')],
    ['a port added', BASE, BASE.replace('containerPort: 5432', 'containerPort: 5432\n      protocol: TCP\n    - containerPort: 5433')],
    ['a namespace added with pods', BASE + DENY_ALL, BASE + DENY_ALL + ns('new') + pod('new', 'x', { app: 'x' })],
    ['policies everywhere removed', BASE + DENY_ALL + np('db', 'shop', '  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from: [{namespaceSelector: {}}]\n'), BASE],
  ];
  for (const [name, before, after] of cases) it(name, () => void diff(before, after));

  // Unrelated inputs differ everywhere: each built-in scenario against the next, under the next one's profile.
  const dir = join(__dirname, '../../public/examples');
  const scenarios = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { id: string; file: string; profile: 'kubernetes' | 'openshift' }[];
  it('every built-in scenario against the next one', () => {
    for (let i = 0; i + 1 < scenarios.length; i++) {
      const a = readFileSync(join(dir, scenarios[i].file), 'utf8');
      const b = readFileSync(join(dir, scenarios[i + 1].file), 'utf8');
      const p = scenarios[i + 1].profile;
      const ca = clusterOf(a, p);
      const cb = clusterOf(b, p);
      sameAsFullLists(diffClusters(ca, cb, { maxTraced: 0 }), ca, cb);
    }
  });
});

describe('representativeAddress', () => {
  it('picks an address inside the block and outside its excepts', () => {
    expect(representativeAddress('10.0.0.0/8', [])).toBe('10.0.0.1');
    expect(representativeAddress('10.0.0.0/8', ['10.0.0.0/16'])).toBe('10.1.0.0');
    expect(representativeAddress('203.0.113.7/32', [])).toBe('203.0.113.7');
    expect(representativeAddress('10.0.0.0/24', ['10.0.0.0/24'])).toBeNull();
    expect(representativeAddress('not-a-cidr', [])).toBeNull();
    expect(representativeAddress('2001:db8::/32', [])).toBe('2001:db8::1');
  });
});
