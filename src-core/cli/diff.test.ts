// `podpath diff`, in process with the real Node IO: the two sides split at `--` (files, folders), `--base`
// against a temporary git repository, exit codes, and the four formats on a real-dump-shaped input.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeIO } from './io';
import { main } from './main';

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { ...nodeIO(), stdout: (s: string) => void (stdout += s), stderr: (s: string) => void (stderr += s), color: false };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

// The shape of `oc get all -o yaml`: a List, managedFields, ownerReferences, status, no Namespace objects.
const dump = (policy: string) => `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata:
    name: web-7d4b9-abcde
    namespace: shop
    labels: {app: web, pod-template-hash: 7d4b9}
    ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-7d4b9, uid: u1, controller: true}]
    managedFields: [{manager: kube-controller-manager, operation: Update, apiVersion: v1, fieldsType: FieldsV1, fieldsV1: {f:metadata: {}}}]
    resourceVersion: "1234"
  spec:
    containers: [{name: web, image: x, ports: [{containerPort: 8080, name: http, protocol: TCP}]}]
  status: {phase: Running, podIP: 10.128.2.15, podIPs: [{ip: 10.128.2.15}]}
- apiVersion: v1
  kind: Pod
  metadata:
    name: db-0
    namespace: shop
    labels: {app: db}
    resourceVersion: "99"
  spec:
    containers: [{name: db, image: x, ports: [{containerPort: 5432, protocol: TCP}]}]
  status: {phase: Running, podIP: 10.128.2.16}
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: db, namespace: shop, resourceVersion: "7"}
  spec:
    podSelector: {matchLabels: {app: db}}
    ingress:
    - from: [{podSelector: {matchLabels: {app: ${policy}}}}]
      ports: [{port: 5432}]
`;

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'podpath-diff-'));
}

describe('podpath diff', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'old.yaml'), dump('web'));
  writeFileSync(join(dir, 'new.yaml'), dump('nobody'));

  it('exit 1 with the difference and the rule on each side; exit 0 when nothing changed', async () => {
    const r = await run(['diff', join(dir, 'old.yaml'), '--', join(dir, 'new.yaml'), '--profile', 'openshift']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('- shop/web-7d4b9-abcde → shop/db-0: newly denied (was allowed on TCP 5432)');
    expect(r.stdout).toMatch(/before: allowed: NetworkPolicy shop\/db.*old\.yaml:\d+:\d+/);
    // A denial names what was checked and why nothing admitted it, with the line of the rule that came closest.
    expect(r.stdout).toMatch(/after: {2}denied: 1 NetworkPolicy selects shop\/db-0 for ingress; none admits shop\/web-7d4b9-abcde on TCP 5432: db ingress rule 1 admits pods app=nobody.*new\.yaml:\d+:\d+/);
    const same = await run(['diff', join(dir, 'old.yaml'), '--', join(dir, 'old.yaml')]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('No differences');
  });

  it('exit 2 without the -- between the sides, or with an unreadable side', async () => {
    expect((await run(['diff', join(dir, 'old.yaml'), join(dir, 'new.yaml')])).code).toBe(2);
    const missing = await run(['diff', join(dir, 'old.yaml'), '--', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
  });

  it('--explain prints both traces', async () => {
    const r = await run(['diff', join(dir, 'old.yaml'), '--', join(dir, 'new.yaml'), '--explain']);
    expect(r.stdout).toContain('── before ──');
    expect(r.stdout).toContain('── after ──');
    expect(r.stdout).toMatch(/ALLOWED {2}shop\/web-7d4b9-abcde → shop\/db-0 port 5432/);
    expect(r.stdout).toMatch(/DENIED {2}shop\/web-7d4b9-abcde → shop\/db-0 port 5432/);
  });

  it('JSON, Markdown and CSV', async () => {
    const args = ['diff', join(dir, 'old.yaml'), '--', join(dir, 'new.yaml')];
    const j = JSON.parse((await run([...args, '--json'])).stdout);
    expect(j.counts.closed).toBeGreaterThan(0);
    expect(j.changes[0]).toHaveProperty('afterSide.causes');
    const md = (await run([...args, '--format', 'md', '--explain'])).stdout;
    expect(md).toMatch(/^### podpath diff: \d+ differences?:/);
    expect(md).toContain('| 🔒 newly denied | shop/web-7d4b9-abcde → shop/db-0');
    expect(md).toContain('<details><summary>');
    const csv = (await run([...args, '--format', 'csv'])).stdout.split('\r\n');
    expect(csv[0]).toBe('status,kind,from,to,before,after,before_rule,after_rule,risk');
    expect(csv.some((l) => l.startsWith('closed,connection,shop/web-7d4b9-abcde,shop/db-0,TCP 5432,,"allowed: NetworkPolicy shop/db'))).toBe(true);
  });

  it('folders on each side', async () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    mkdirSync(a);
    mkdirSync(b);
    writeFileSync(join(a, 'app.yaml'), dump('web'));
    writeFileSync(join(b, 'app.yaml'), dump('web'));
    expect((await run(['diff', a, '--', b])).code).toBe(0);
    writeFileSync(join(b, 'app.yaml'), dump('nobody'));
    expect((await run(['diff', a, '--', b])).code).toBe(1);
  });

  it('--base GIT_REF compares the working files (a file, a folder) with the revision', async () => {
    const repo = tmp();
    const git = (...a: string[]) => execFileSync('git', ['-C', repo, ...a], { env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '-q');
    mkdirSync(join(repo, 'deploy'));
    writeFileSync(join(repo, 'deploy', 'app.yaml'), dump('web'));
    git('add', '.');
    git('commit', '-qm', 'one');
    const file = join(repo, 'deploy', 'app.yaml');
    expect((await run(['diff', file, '--base', 'HEAD'])).code).toBe(0);
    writeFileSync(file, dump('nobody'));
    const r = await run(['diff', file, '--base', 'HEAD']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/before: allowed: NetworkPolicy shop\/db.*\(HEAD:.*app\.yaml:\d+:\d+\)/);
    const folder = await run(['diff', join(repo, 'deploy'), '--base', 'HEAD', '--json']);
    expect(folder.code).toBe(1);
    expect(JSON.parse(folder.stdout).objects.changed).toEqual(['NetworkPolicy/shop/db']);
    const bad = await run(['diff', file, '--base', 'no-such-branch']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/git show/);
    expect((await run(['diff', file, '--base', '--upload-pack=x'])).code).toBe(2);
  });
});
