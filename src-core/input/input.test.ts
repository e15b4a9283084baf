// Folders and archives: the must-gather layout as `oc adm must-gather` writes it (fixtures/, built after
// openshift/oc pkg/cli/admin/inspect util.go dirPathForInfo and pod.go gatherPodData), the same tree as
// tar.gz (made by GNU tar), as zip and as tar (made here), and hostile archives.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gunzipSync, gzipSync, zipSync } from 'fflate';
import { createTar } from 'nanotar';
import { describe, expect, it } from 'vitest';
import { loadCluster } from '../index';
import { traceQuery } from '../analyze/trace';
import { archiveKind, readArchive, readFolder } from './index';

const FIXTURES = join(__dirname, 'fixtures');
const ROOT = 'must-gather.local.5544';
const IMG = 'quay-io-openshift-release-dev-ocp-v4-0-art-dev-sha256-5f3a';

function walk(dir: string): { path: string; size: number }[] {
  const out: { path: string; size: number }[] = [];
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const full = join(e.parentPath, e.name);
    out.push({ path: relative(dir, full).split(sep).join('/'), size: statSync(full).size });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}
const tree = walk(join(FIXTURES, ROOT));
const bytesOf = (p: string) => new Uint8Array(readFileSync(join(FIXTURES, ROOT, p)));

const EXPECTED_READ = [
  `${IMG}/cluster-scoped-resources/config.openshift.io/networks.yaml`,
  `${IMG}/cluster-scoped-resources/core/nodes/worker-0.yaml`,
  `${IMG}/namespaces/shop/apps/deployments.yaml`,
  `${IMG}/namespaces/shop/core/pods.yaml`,
  `${IMG}/namespaces/shop/core/services.yaml`,
  `${IMG}/namespaces/shop/networking.k8s.io/networkpolicies.yaml`,
  `${IMG}/namespaces/shop/route.openshift.io/routes.yaml`,
  `${IMG}/namespaces/shop/shop.yaml`,
];

describe('readFolder: a must-gather tree', () => {
  it('reads the object files, skips logs, binaries, other files, events and per-pod copies, and says so in one line', async () => {
    const got = await readFolder(ROOT, tree, async (p) => bytesOf(p));
    expect(got.files.map((f) => f.name)).toEqual(EXPECTED_READ.map((p) => `${ROOT}/${p}`));
    expect(got.report.layout).toBe('must-gather');
    expect(got.report.skipped).toEqual({ logs: 1, binary: 0, other: 4, notObjects: 1, events: 1, duplicates: 1 });
    expect(got.report.summary).toBe(
      `${ROOT}: read 8 files (must-gather / inspect layout); skipped 8 (1 log, 4 other files, 1 YAML/JSON file without Kubernetes objects, 1 events list, 1 per-pod copy of listed pods)`,
    );
  });

  it('positions point at the file inside the tree, and the objects answer a trace', async () => {
    const got = await readFolder(ROOT, tree, async (p) => bytesOf(p));
    const c = loadCluster(got.files, { profile: 'openshift' });
    expect(c.diagnostics.filter((d) => d.code === 'duplicate-object')).toEqual([]);
    const t = traceQuery(c, { from: 'shop/web', to: 'shop/db-0', port: 5432 });
    expect(t.allowed).toBe(true);
    const denied = traceQuery(c, { from: 'internet', to: 'shop/db-0', port: 5432 });
    expect(denied.allowed).toBe(false);
    const rule = denied.hops.flatMap((h) => h.steps).find((s) => s.rule?.path === 'spec.ingress.0')?.rule;
    expect(rule?.source.file).toBe(`${ROOT}/${IMG}/namespaces/shop/networking.k8s.io/networkpolicies.yaml`);
    expect(rule?.source.startLine).toBe(11);
  });

  it('the cluster-scoped Network config (config.openshift.io/networks.yaml) decides the pod and service networks', async () => {
    const got = await readFolder(ROOT, tree, async (p) => bytesOf(p));
    const c = loadCluster(got.files, { profile: 'openshift' });
    expect(c.network?.networkType).toBe('OVNKubernetes');
    expect(c.network?.hostPrefix).toBe(23);
    expect(c.network?.meta.ref.doc).toBeGreaterThanOrEqual(0);
    expect(c.sourceMap.locate(c.network!.podCIDRsRef!).file).toBe(`${ROOT}/${IMG}/cluster-scoped-resources/config.openshift.io/networks.yaml`);
  });

  it('without a core/pods.yaml list the per-pod file is the pod', async () => {
    const only = tree.filter((e) => !e.path.endsWith('core/pods.yaml'));
    const got = await readFolder(ROOT, only, async (p) => bytesOf(p));
    expect(got.files.map((f) => f.name)).toContain(`${ROOT}/${IMG}/namespaces/shop/pods/web-7d9f8c6b5-x2x9q/web-7d9f8c6b5-x2x9q.yaml`);
    expect(got.report.skipped.duplicates).toBe(0);
  });
});

describe('readArchive', () => {
  const expectSame = (name: string, got: ReturnType<typeof readArchive>, prefix: string) => {
    expect(got.error).toBeUndefined();
    expect(got.files.map((f) => f.name)).toEqual(EXPECTED_READ.map((p) => `${name}/${prefix}${p}`));
    expect(got.report.skipped).toEqual({ logs: 1, binary: 0, other: 4, notObjects: 1, events: 1, duplicates: 1 });
    for (const f of got.files) expect(f.text).toBe(readFileSync(join(FIXTURES, ROOT, f.name.slice(name.length + 1 + prefix.length)), 'utf8'));
  };

  it('a .tar.gz made by GNU tar', () => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'must-gather.tar.gz')));
    expect(archiveKind(bytes)).toBe('gz');
    const got = readArchive('must-gather.tar.gz', bytes);
    expect(got.report.summary).toMatch(/^must-gather\.tar\.gz: read 8 files \(must-gather \/ inspect layout\); skipped 8 /);
    expectSame('must-gather.tar.gz', got, `${ROOT}/`);
  });

  it('the same tree as zip and as plain (GNU) tar', () => {
    const entries = Object.fromEntries(tree.map((e) => [`${ROOT}/${e.path}`, bytesOf(e.path)]));
    const zip = zipSync(entries);
    expect(archiveKind(zip)).toBe('zip');
    expectSame('mg.zip', readArchive('mg.zip', zip), `${ROOT}/`);
    // GNU tar's own bytes (long names as GNU 'L' records), ungzipped.
    const tar = gunzipSync(new Uint8Array(readFileSync(join(FIXTURES, 'must-gather.tar.gz'))));
    expect(archiveKind(tar)).toBe('tar');
    expectSame('mg.tar', readArchive('mg.tar', tar), `${ROOT}/`);
  });

  it('a manifest-named file that is not UTF-8 text is skipped as binary', () => {
    const tar = createTar([
      { name: 'x/a.yaml', data: new Uint8Array([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0xff, 0xfe]) },
      { name: 'x/b.json', data: new Uint8Array([0x7b, 0x00, 0x7d]) },
      { name: 'x/c.yaml', data: new TextEncoder().encode('apiVersion: v1\nkind: Namespace\nmetadata: {name: c}\n') },
    ]);
    const got = readArchive('t.tar', tar);
    expect(got.files.map((f) => f.name)).toEqual(['t.tar/x/c.yaml']);
    expect(got.report.skipped.binary).toBe(2);
    expect(got.report.summary).toBe('t.tar: read 1 file; skipped 2 (2 binary files)');
  });

  it('one gzipped YAML file', () => {
    const text = readFileSync(join(FIXTURES, ROOT, IMG, 'namespaces/shop/core/pods.yaml'), 'utf8');
    const got = readArchive('pods.yaml.gz', gzipSync(new TextEncoder().encode(text)));
    expect(got.files).toEqual([{ name: 'pods.yaml.gz/pods.yaml', text }]);
  });

  it('corrupt and hostile archives give a clear error, never a throw', () => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'must-gather.tar.gz')));
    const cut = readArchive('cut.tgz', bytes.slice(0, 600));
    expect(cut.error).toMatch(/^cut\.tgz: cannot unpack the gz archive/);
    // 64 MiB of zeros compress to ~64 kB: inflating stops at the (here 8 MiB) limit instead of allocating it all.
    const bomb = gzipSync(new Uint8Array(64 * 1024 * 1024), { level: 1 });
    expect(readArchive('bomb.gz', bomb, 8 * 1024 * 1024).error).toMatch(/^bomb\.gz: unpacks to more than 8 MiB; extract the archive and give the folder/);
    const zipBomb = zipSync({ 'a.yaml': new Uint8Array(64 * 1024 * 1024) }, { level: 1 });
    expect(readArchive('bomb.zip', zipBomb, 8 * 1024 * 1024).error).toMatch(/^bomb\.zip: the files to read unpack to more than 8 MiB/);
    expect(readArchive('x.yaml', new TextEncoder().encode('kind: Pod')).error).toMatch(/not a tar, tar\.gz or zip archive/);
  });
});
