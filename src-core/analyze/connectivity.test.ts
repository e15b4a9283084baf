// Connectivity all pairs: every row must be what `trace` says, and every allowed trace must be a row —
// checked pair by pair and port by port on every built-in scenario (all profiles) and a policy mix.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCluster } from '../index';
import type { BuiltCluster } from '../model/build';
import type { ProfileName } from '../model/types';
import { connectivity, connectivityRows } from './connectivity';
import { clusterOf, ns, pod } from './policy/testkit';
import { traceQuery } from './trace';

const EXAMPLES = join(__dirname, '../../public/examples');
const scenarios = (JSON.parse(readFileSync(join(EXAMPLES, 'index.json'), 'utf8')) as { id: string; file: string; profile: ProfileName }[]);

/** What `trace` says for every ordered pair of pods/workloads (and internet/router → each), on each declared port. */
function bruteForce(c: BuiltCluster): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const ids = c.pods.map((p) => p.id);
  for (const dst of c.pods) {
    const ports = dst.ports.length ? dst.ports.map((p) => ({ port: p.containerPort, protocol: p.protocol })) : [{ port: 80, protocol: 'TCP' as const }];
    for (const from of ['internet', 'router', ...ids]) {
      if (from === dst.id || (c.podsById.get(from)?.workload !== undefined && c.podsById.get(from)?.workload === dst.workload)) continue;
      const ok = ports.filter((p) => traceQuery(c, { from, to: dst.id, port: p.port, protocol: p.protocol }).allowed).map((p) => `${p.protocol} ${p.port}`);
      if (ok.length) out.set(`${from} → ${dst.id}`, ok.sort());
    }
  }
  return out;
}

/** The connectivity rows at pod level: a workload's name stands for each of its live pods. */
function rowsOf(c: BuiltCluster): Map<string, string[]> {
  const podsOf = (name: string): string[] => {
    const live = c.pods.filter((p) => p.workload && p.workload.slice(p.workload.indexOf('/') + 1) === name).map((p) => p.id);
    return live.length ? live : [name];
  };
  const out = new Map<string, string[]>();
  for (const r of connectivityRows(connectivity(c))) for (const f of podsOf(r.from)) for (const t of podsOf(r.to)) out.set(`${f} → ${t}`, [...r.ports].sort());
  return out;
}

describe('connectivity agrees with trace on every pair', () => {
  for (const s of scenarios) {
    it(`scenario ${s.id} (${s.profile})`, () => {
      const c = loadCluster([{ name: s.file, text: readFileSync(join(EXAMPLES, s.file), 'utf8') }], { profile: s.profile });
      if (c.pods.length > 40) return; // brute force is quadratic; the scenarios are small
      const got = rowsOf(c);
      const want = bruteForce(c);
      // A trace can deny what policies allow (a pod not running, not ready on the way): those are the
      // trace's warnings, not policy verdicts; connectivity lists the policy verdict. Compare on pods
      // that are running.
      const running = new Set(c.pods.filter((p) => !p.phase || p.phase === 'Running').flatMap((p) => [p.id, ...(p.workload ? [p.workload.slice(p.workload.indexOf('/') + 1)] : [])]));
      const onlyRunning = (m: Map<string, string[]>) => new Map([...m].filter(([k]) => k.split(' → ').every((e) => e === 'internet' || e === 'router' || running.has(e))));
      expect(onlyRunning(got)).toEqual(onlyRunning(want));
    });
  }
});

describe('connectivity rows', () => {
  const c = clusterOf(
    ns('shop') + ns('ops') +
      pod('shop', 'web', { app: 'web' }, [{ name: 'http', containerPort: 8080 }, { containerPort: 9090, name: 'metrics' }]) +
      pod('shop', 'db', { app: 'db' }, [{ containerPort: 5432 }]) +
      pod('ops', 'prom', { app: 'prom' }) +
      `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: web}}}]\n` +
      `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports: [{port: http}]\n  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ops}}}]\n    ports: [{port: 9090}]\n`,
  );

  it('lists who reaches whom on which ports, internet and router first, never a pod to itself', () => {
    expect([...connectivityRows(connectivity(c))]).toEqual([
      { from: 'internet', to: 'ops/prom', ports: ['TCP 80'] },
      { from: 'internet', to: 'shop/web', ports: ['TCP 8080'] },
      { from: 'router', to: 'ops/prom', ports: ['TCP 80'] },
      { from: 'router', to: 'shop/web', ports: ['TCP 8080'] },
      { from: 'ops/prom', to: 'shop/web', ports: ['TCP 8080', 'TCP 9090'] },
      { from: 'shop/db', to: 'ops/prom', ports: ['TCP 80'] },
      { from: 'shop/db', to: 'shop/web', ports: ['TCP 8080'] },
      { from: 'shop/web', to: 'ops/prom', ports: ['TCP 80'] },
      { from: 'shop/web', to: 'shop/db', ports: ['TCP 5432'] },
    ]);
  });

  it('--namespace and --focus keep the rows that touch them', () => {
    expect([...connectivityRows(connectivity(c, { focus: 'shop/db' }))].map((r) => `${r.from}>${r.to}`)).toEqual(['shop/db>ops/prom', 'shop/db>shop/web', 'shop/web>shop/db']);
    expect([...connectivityRows(connectivity(c, { namespaces: ['ops'] }))].every((r) => r.from.startsWith('ops/') || r.to.startsWith('ops/'))).toBe(true);
    expect(connectivity(c, { namespaces: ['ops'] }).stats.rows).toBe(9);
  });
});

describe('undetermined pairs', () => {
  it('pairs a policy kind podpath does not model (Antrea) could decide are listed as undetermined, never as allowed', () => {
    const c = clusterOf(
      ns('shop') + pod('shop', 'web', { app: 'web' }, [{ containerPort: 8080 }]) + pod('shop', 'db', { app: 'db' }, [{ containerPort: 5432 }]) +
        `---\napiVersion: crd.antrea.io/v1beta1\nkind: NetworkPolicy\nmetadata: {name: lock, namespace: shop}\nspec:\n  appliedTo: [{podSelector: {matchLabels: {app: db}}}]\n`,
    );
    const r = connectivity(c);
    const allowed = [...connectivityRows(r)].map((x) => `${x.from}>${x.to}`);
    expect(allowed).not.toContain('shop/web>shop/db');
    expect(r.undetermined.flatMap((g) => g.to.map((t) => `${g.from}>${t}`))).toContain('shop/web>shop/db');
    expect(traceQuery(c, { from: 'shop/web', to: 'shop/db', port: 5432 }).verdict).toBe('undetermined');
  });
});
