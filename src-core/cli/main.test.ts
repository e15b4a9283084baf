// The `podpath` command, run as a user runs it: spawned through the launcher, with files and stdin;
// checks exit codes, stdout/stderr and the JSON shapes tools depend on.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const launcher = resolve(dirname(fileURLToPath(import.meta.url)), 'podpath.mjs');

function run(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    const p = spawn(process.execPath, [launcher, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', rej);
    p.on('close', (code) => res({ code: code ?? -1, stdout, stderr }));
    p.stdin.end(stdin ?? '');
  });
}

const APP = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        ports:
        - name: http
          containerPort: 8080
---
apiVersion: v1
kind: Pod
metadata:
  name: ui
  namespace: shop
  labels:
    app: ui
---
apiVersion: v1
kind: Pod
metadata:
  name: intruder
  namespace: shop
  labels:
    app: intruder
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-from-ui
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: ui
    ports:
    - port: http
`;

let dir = '';
let app = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'podpath-cli-'));
  app = join(dir, 'app.yaml');
  writeFileSync(app, APP);
});

describe('podpath', () => {
  it('--help prints the commands; no command is a usage error', async () => {
    const h = await run(['--help']);
    expect(h.code).toBe(0);
    for (const c of ['trace', 'query', 'lint', 'graph']) expect(h.stdout).toContain(c);
    expect((await run([])).code).toBe(2);
    const u = await run(['frobnicate']);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain('unknown command');
    const th = await run(['trace', '--help']);
    expect(th.code).toBe(0);
    expect(th.stdout).toContain('--named-port');
  });

  it('trace: exit 0 when allowed, 1 when denied, with a readable hop list', async () => {
    const ok = await run(['trace', app, '--from', 'shop/ui', '--to', 'shop/web', '--port', '8080']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^ALLOWED/);
    expect(ok.stdout).toContain(`${app}:`); // the deciding rule's file:line
    expect(ok.stdout).not.toContain('\u001b['); // no colour when not on a terminal
    const no = await run(['trace', app, '--from', 'shop/intruder', '--to', 'shop/web', '--port', '8080']);
    expect(no.code).toBe(1);
    expect(no.stdout).toMatch(/^DENIED/);
    expect(no.stdout).toContain('Fix:');
    expect(no.stdout).toContain('kind: NetworkPolicy');
  });

  it('trace reads manifests from stdin, takes --namespace and --named-port, prints JSON', async () => {
    const r = await run(['trace', '-', '--namespace', 'shop', '--from', 'ui', '--to', 'web', '--named-port', 'http', '--json'], APP);
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout);
    expect(t).toMatchObject({ allowed: true, reached: 'shop/web' });
    expect(t.hops[1].rule === undefined || typeof t.hops[1].rule.source.startLine === 'number').toBe(true);
    expect(t.hops.find((h: { kind: string }) => h.kind === 'ingress-policy').rule.source.file).toBe('<stdin>');
  });

  it('bad usage and unreadable input exit 2', async () => {
    expect((await run(['trace', app, '--from', 'shop/ui'])).code).toBe(2);
    expect((await run(['trace', app, '--from', 'shop/ui', '--to', 'shop/web', '--port', 'x'])).code).toBe(2);
    expect((await run(['trace', app, '--from', 'shop/ui', '--to', 'shop/web', '--bogus'])).code).toBe(2);
    expect((await run(['trace', app, '--from', 'shop/ui', '--to', 'shop/web', '--profile', 'nope'])).code).toBe(2);
    const missing = await run(['trace', join(dir, 'missing.yaml'), '--from', 'shop/ui', '--to', 'shop/web']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const unknownPod = await run(['trace', app, '--from', 'shop/ghost', '--to', 'shop/web']);
    expect(unknownPod.code).toBe(2);
    expect(unknownPod.stderr).toContain('No Pod or workload named "ghost"');
  });

  it('diagnostics go to stderr as file:line:col: severity code message; the rest still loads', async () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, APP + '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: shop\nspec:\n  ports:\n  - port: eighty\n');
    const r = await run(['trace', broken, '--from', 'shop/ui', '--to', 'shop/web', '--port', '8080']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error \\S+ `));
  });

  it('query --batch answers every query in order, malformed ones with an error', async () => {
    const batch = join(dir, 'q.json');
    writeFileSync(batch, JSON.stringify([{ from: 'shop/ui', to: 'shop/web', port: 8080 }, { from: 'shop/intruder', to: 'shop/web', port: 8080 }, { to: 'shop/web' }, 'nonsense']));
    const r = await run(['query', app, '--batch', batch, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { allowed: boolean; reached: string | null; error?: string }[];
    expect(out.map((x) => [x.allowed, x.reached])).toEqual([[true, 'shop/web'], [false, null], [false, null], [false, null]]);
    expect(out[2].error).toBeTruthy();
    expect(out[3].error).toBeTruthy();
    const stdinBatch = await run(['query', app, '--batch', '-'], JSON.stringify({ queries: [{ from: 'shop/ui', to: 'shop/web', port: 8080 }] }));
    expect(JSON.parse(stdinBatch.stdout)).toMatchObject([{ allowed: true }]);
    const notJson = join(dir, 'bad.json');
    writeFileSync(notJson, '{');
    expect((await run(['query', app, '--batch', notJson])).code).toBe(2);
  });

  it('lint prints findings; graph prints JSON and DOT', async () => {
    const l = await run(['lint', app, '--json']);
    expect(l.code).toBe(0);
    expect(Array.isArray(JSON.parse(l.stdout))).toBe(true);
    const g = await run(['graph', app]);
    expect(g.code).toBe(0);
    expect(JSON.parse(g.stdout).nodes.length).toBeGreaterThan(0);
    const d = await run(['graph', app, '--format', 'dot']);
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/^digraph podpath \{/);
    expect(d.stdout).toContain('subgraph');
    expect((await run(['graph', app, '--format', 'svg'])).code).toBe(2);
  });

  it('the profile follows the input unless --profile says otherwise: a JSON field, a line on stderr for text', async () => {
    const dump = resolve(dirname(fileURLToPath(import.meta.url)), '../testing/fixtures/oc-get-all-shop.yaml');
    const args = ['trace', dump, '--from', 'internet', '--to', 'https://shop.apps.ocp.example.com/'];
    const j = await run([...args, '--json']);
    const t = JSON.parse(j.stdout);
    expect(t.profile).toMatchObject({ name: 'openshift', auto: true });
    expect(t.profile.reason).toContain('Route shop/frontend');
    expect(t.profile.evidence[0].source.file).toBe(dump);
    const text = await run(args);
    expect(text.stderr).toMatch(/^podpath: profile openshift: the input has .*Route shop\/frontend/m);
    expect(text.stdout).not.toContain('podpath: profile');
    // Under the openshift profile the router is in openshift-ingress, which allow-from-openshift-ingress admits.
    expect(text.code).toBe(0);
    const given = JSON.parse((await run([...args, '--json', '--profile', 'kubernetes'])).stdout);
    expect(given.profile).toEqual({ name: 'kubernetes', auto: false });
    expect(given.allowed).toBe(false);
    const plain = await run(['lint', app]);
    expect(plain.stderr).toContain('podpath: profile kubernetes: the input has no Route');
  });

  it('lint --fail-on error|warning exits 1 when a finding that severe exists', async () => {
    const warn = join(dir, 'warn.yaml');
    writeFileSync(warn, 'apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: shop}\nspec: {selector: {app: nothing}, ports: [{port: 80}]}\n');
    const err = join(dir, 'err.yaml');
    writeFileSync(err, 'apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: r, namespace: shop}\nspec: {host: a.example.com, to: {kind: Service, name: gone}}\n');
    const codes = async (file: string) => [
      (await run(['lint', file])).code,
      (await run(['lint', file, '--fail-on', 'error'])).code,
      (await run(['lint', file, '--fail-on', 'warning', '--json'])).code,
    ];
    expect(JSON.parse((await run(['lint', warn, '--json'])).stdout).map((f: { severity: string }) => f.severity)).toContain('warning');
    expect(await codes(warn)).toEqual([0, 0, 1]);
    expect(JSON.parse((await run(['lint', err, '--json'])).stdout).map((f: { severity: string }) => f.severity)).toContain('error');
    expect(await codes(err)).toEqual([0, 1, 1]);
    expect((await run(['lint', warn, '--fail-on', 'info'])).code).toBe(2);
    expect((await run(['lint', warn, '--fail-on', 'toString'])).code).toBe(2);
  });
}, 60_000);
