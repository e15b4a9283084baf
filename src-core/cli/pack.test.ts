// The published package works outside this repository: `npm pack` of dist-pkg/ (src-core/cli/pack.mjs),
// installed into an empty project with no registry (it has no dependencies), runs as `podpath` and as
// the kubectl plugin, from the bundle alone (no tsx, no dev dependencies).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('npm package', () => {
  it('packs, installs offline into an empty project, and runs', () => {
    execFileSync(process.execPath, [join(repo, 'src-core/cli/pack.mjs')], { cwd: repo, stdio: 'pipe' });
    const pkg = JSON.parse(readFileSync(join(repo, 'dist-pkg/package.json'), 'utf8'));
    expect(pkg.dependencies).toBeUndefined();
    expect(Object.keys(pkg.bin).sort()).toEqual(['kubectl-podpath', 'oc-podpath', 'podpath']);
    const packDir = mkdtempSync(join(tmpdir(), 'podpath-pack-'));
    execFileSync(npm, ['pack', join(repo, 'dist-pkg'), '--pack-destination', packDir, '--silent'], { cwd: repo, stdio: 'pipe' });
    const tgz = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
    expect(tgz).toBe(`podpath-${pkg.version}.tgz`);
    const project = mkdtempSync(join(tmpdir(), 'podpath-user-'));
    writeFileSync(join(project, 'package.json'), '{"name":"user","version":"1.0.0","private":true}');
    execFileSync(npm, ['install', '--offline', '--no-audit', '--no-fund', '--silent', join(packDir, tgz!)], { cwd: project, stdio: 'pipe' });
    expect(readdirSync(join(project, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual(['podpath']);
    const bin = join(project, 'node_modules/.bin/podpath');
    const v = spawnSync(bin, ['--version'], { cwd: project, encoding: 'utf8' });
    expect(v.stdout).toBe(`podpath ${pkg.version}\n`);
    writeFileSync(join(project, 'app.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x, labels: {app: a}}\nspec: {containers: [{name: c, image: i}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b, namespace: x}\nspec: {containers: [{name: c, image: i}]}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: x}\nspec: {podSelector: {}}\n');
    const t = spawnSync(bin, ['trace', 'app.yaml', '--from', 'x/a', '--to', 'x/b'], { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(t.status).toBe(1);
    expect(t.stdout).toMatch(/^DENIED {2}x\/a → x\/b/);
    const plugin = spawnSync(join(project, 'node_modules/.bin/kubectl-podpath'), ['--help'], { cwd: project, encoding: 'utf8' });
    expect(plugin.status).toBe(0);
    expect(plugin.stdout).toMatch(/^podpath — /);
  }, 120_000);
});
