// The `podpath` command, run as a user runs it: spawned through the launcher, with files and stdin;
// checks exit codes, stdout/stderr and the JSON shapes tools depend on.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

describe('podpath with folders and archives', () => {
  const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../input/fixtures');
  const folder = join(fixtures, 'must-gather.local.5544');
  const archive = join(fixtures, 'must-gather.tar.gz');

  it('traces a must-gather folder and a .tar.gz, saying on stderr what was read, positions inside the archive', async () => {
    const d = await run(['trace', folder, '--profile', 'openshift', '--from', 'shop/web', '--to', 'shop/db-0', '--port', '5432']);
    expect(d.code).toBe(0);
    expect(d.stderr).toContain(`podpath: ${folder}: read 8 files (must-gather / inspect layout); skipped 8 (1 log, 4 other files,`);
    const a = await run(['trace', archive, '--profile', 'openshift', '--from', 'internet', '--to', 'shop/db-0', '--port', '5432', '--json']);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain(`podpath: ${archive}: read 8 files (must-gather / inspect layout)`);
    const steps = JSON.parse(a.stdout).hops.flatMap((h: { steps: { rule?: { source: { file: string; startLine: number } } }[] }) => h.steps);
    expect(steps.map((s: { rule?: { source: { file: string } } }) => s.rule?.source.file)).toContain(`${archive}/must-gather.local.5544/quay-io-openshift-release-dev-ocp-v4-0-art-dev-sha256-5f3a/namespaces/shop/networking.k8s.io/networkpolicies.yaml`);
  });

  it('a folder without manifests, a corrupt archive and a missing path are input errors (exit 2)', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'podpath-empty-'));
    writeFileSync(join(empty, 'notes.txt'), 'hello');
    const e = await run(['lint', empty]);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/no YAML or JSON file with Kubernetes objects in this folder \(skipped 1 \(1 other file\)\)$/m);
    const bad = join(empty, 'bad.tgz');
    writeFileSync(bad, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3]));
    const b = await run(['lint', bad]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/bad\.tgz: cannot unpack the gz archive/);
    const m = await run(['lint', join(empty, 'nothing.yaml')]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/cannot read .*nothing\.yaml: no such file/);
  });
}, 60_000);

describe('podpath check and lint --format sarif', () => {
  const archive = resolve(dirname(fileURLToPath(import.meta.url)), '../input/fixtures/must-gather.tar.gz');
  const dir = mkdtempSync(join(tmpdir(), 'podpath-check-'));
  const good = join(dir, 'good.yaml');
  writeFileSync(good, 'expectations:\n- {from: shop/web, to: shop/db-0, port: 5432, expect: allowed}\n- {from: internet, to: shop/db-0, expect: denied}\n');
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'expectations:\n- name: "db <open> & shut"\n  from: internet\n  to: namespace:shop\n  expect: denied\n');

  it('exit 0 when every expectation holds, 1 with the failure explained, JUnit for test reporters', async () => {
    const ok = await run(['check', good, archive, '--profile', 'openshift']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/✔ shop\/web → shop\/db-0 on TCP 5432 is allowed/);
    expect(ok.stdout.trim().split('\n').pop()).toBe('2 passed, 0 failed');
    const no = await run(['check', bad, archive, '--profile', 'openshift']);
    expect(no.code).toBe(1);
    expect(no.stdout).toMatch(/✘ db <open> & shut/);
    expect(no.stdout).toMatch(/internet → shop\/web.* is allowed \(expected denied\)/);
    expect(no.stdout).toMatch(/ALLOWED {2}internet → shop\//); // the first failure's trace, hop by hop
    const j = await run(['check', bad, archive, '--profile', 'openshift', '--format', 'junit']);
    expect(j.code).toBe(1);
    expect(j.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="podpath check" tests="1" failures="1">/);
    expect(j.stdout).toContain('<testcase name="db &lt;open&gt; &amp; shut"');
    expect(j.stdout).toMatch(/<failure message="internet → shop\/[^"]+ is allowed \(expected denied\)/);
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'expectations:\n- {from: a/b, to: c/d, expect: perhaps}\n');
    const e = await run(['check', broken, archive]);
    expect(e.code).toBe(2);
    expect(e.stderr).toContain(`${broken}:2: expect must be "allowed" or "denied", not "perhaps"`);
    expect((await run(['check', good])).code).toBe(2);
  });

  it('lint --format sarif is SARIF 2.1.0 with one rule per code and file/line regions', async () => {
    // The archive's only finding used to be "podpath does not model Network"; it does now (issue 19), so a
    // kind podpath really does not model stands in for a note-level result.
    const widget = join(dir, 'widget.yaml');
    writeFileSync(widget, 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: shop}\n');
    const l = await run(['lint', archive, widget, '--profile', 'openshift', '--format', 'sarif']);
    expect(l.code).toBe(0);
    const log = JSON.parse(l.stdout);
    expect(log.runs[0].results.length).toBeGreaterThan(0);
    expect(log.version).toBe('2.1.0');
    const runs = log.runs[0];
    expect(runs.tool.driver.name).toBe('podpath');
    for (const r of runs.results) {
      expect(runs.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(r.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
      expect(['error', 'warning', 'note']).toContain(r.level);
    }
  });
}, 60_000);

describe('podpath --live and the kubectl plugin, with a stand-in kubectl on PATH', () => {
  const bin = mkdtempSync(join(tmpdir(), 'podpath-kubectl-'));
  const log = join(bin, 'calls.log');
  const pods = JSON.stringify({
    apiVersion: 'v1', kind: 'List', items: [
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'x' }] }, status: { phase: 'Running', podIP: '10.128.0.5' } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db', namespace: 'shop', labels: { app: 'db' } }, spec: { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 5432 }] }] }, status: { phase: 'Running', podIP: '10.128.0.6' } },
    ],
  });
  const policies = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'db', namespace: 'shop' }, spec: { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] } }] });
  const script = `#!/bin/sh
echo "$*" >> '${log}'
case "$2" in
  pods) cat <<'J'
${pods}
J
  ;;
  networkpolicies.networking.k8s.io) cat <<'J'
${policies}
J
  ;;
  namespace|namespaces) echo '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop","labels":{"kubernetes.io/metadata.name":"shop"}}}' ;;
  nodes) echo 'Error from server (Forbidden): nodes is forbidden: User "dev" cannot list resource "nodes"' >&2; exit 1 ;;
  *.openshift.io|*.ovn.org|*.openshift.io) echo "error: the server doesn't have a resource type \\"$2\\"" >&2; exit 1 ;;
  *) echo '{"apiVersion":"v1","kind":"List","items":[]}' ;;
esac
`;
  writeFileSync(join(bin, 'kubectl'), script, { mode: 0o755 });
  const env = { PATH: `${bin}:${process.env.PATH}` };
  const runEnv = (args: string[], extra: Record<string, string> = {}) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((res, rej) => {
      const p = spawn(process.execPath, [launcher, ...args], { env: { ...process.env, ...env, ...extra, NO_COLOR: '1' } });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d) => (stdout += d));
      p.stderr.on('data', (d) => (stderr += d));
      p.on('error', rej);
      p.on('close', (code) => res({ code: code ?? -1, stdout, stderr }));
      p.stdin.end('');
    });

  it('reads the modelled kinds with get -o json only, in the namespace and context asked for, and traces them', async () => {
    writeFileSync(log, '');
    const t = await runEnv(['trace', '--live', '--namespace', 'shop', '--context', 'prod', '--from', 'shop/web', '--to', 'shop/db', '--port', '5432']);
    expect(t.stderr).toMatch(/podpath: read \d+ resource lists through kubectl \(context prod\) from namespace shop/);
    expect(t.stderr).toMatch(/not allowed to read nodes \(Error from server \(Forbidden\)/);
    expect(t.code).toBe(0);
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    expect(calls.length).toBeGreaterThan(20);
    for (const c of calls) {
      expect(c).toMatch(/^get \S+( \S+)? .*-o json --context prod$/);
      expect(c).not.toMatch(/secret|configmap/i);
    }
    expect(calls).toContain('get pods --namespace shop -o json --context prod');
    expect(calls).toContain('get nodes -o json --context prod');
    expect(calls).toContain('get namespace shop -o json --context prod');
    const denied = await runEnv(['trace', '--live', '--all-namespaces', '--from', 'internet', '--to', 'shop/db', '--port', '5432']);
    expect(denied.code).toBe(1);
    expect(readFileSync(log, 'utf8')).toContain('get pods --all-namespaces -o json');
  });

  it('as a kubectl plugin (kubectl-podpath) without FILEs it reads the cluster', async () => {
    const plugin = resolve(dirname(launcher), 'kubectl-podpath.mjs');
    const r = await new Promise<{ code: number; stderr: string }>((res) => {
      const p = spawn(process.execPath, [plugin, 'trace', '--namespace', 'shop', '--from', 'shop/web', '--to', 'shop/db', '--port', '5432'], { env: { ...process.env, ...env, NO_COLOR: '1' } });
      let stderr = '';
      p.stderr.on('data', (d) => (stderr += d));
      p.on('close', (code) => res({ code: code ?? -1, stderr }));
    });
    expect(r.stderr).toMatch(/through kubectl/);
    expect(r.code).toBe(0);
  });

  it('without a client, and with --context but no --live, it is a usage or input error', async () => {
    const none = await runEnv(['trace', '--live', '--from', 'shop/web', '--to', 'shop/db'], { PATH: '/nonexistent', PODPATH_KUBECTL: '' });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--live needs kubectl or oc on PATH|cannot run/);
    expect((await run(['trace', 'x.yaml', '--context', 'c', '--from', 'a/b', '--to', 'c/d'])).stderr).toMatch(/--context and --all-namespaces go with --live/);
  });
}, 60_000);
