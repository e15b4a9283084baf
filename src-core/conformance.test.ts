// Conformance: every case of the peer corpus (../shared/conformance, or $PODPATH_CONFORMANCE) answered
// through exactly the code path of `podpath query --batch` (loadCluster + runQueries), one test per case,
// failing with the first mismatches. The corpus is not ours and is never copied into the repo: where it
// is absent (a user's fresh clone) the suite says so and skips. One more test runs the real CLI.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCluster, runQueries, traceQuery, type BuiltCluster } from './index';
import type { Query } from './analyze/types';
import { isProfileName } from './model/profiles';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = process.env.PODPATH_CONFORMANCE ? resolve(process.env.PODPATH_CONFORMANCE) : resolve(repoRoot, '..', 'shared', 'conformance');

interface ExpectedQuery {
  from: string;
  to: string;
  port?: number;
  protocol?: string;
  named_port?: string;
  allowed: boolean;
  reached?: string;
  reason?: string;
}

interface Case {
  id: string;
  dir: string;
}

/** The whole explanation of a query's verdict (summary, hop titles and summaries, steps, fixes), lower-cased. */
function explanationOf(cluster: BuiltCluster, q: ExpectedQuery): string {
  const { allowed: _a, reached: _r, reason: _why, ...asked } = q;
  const t = traceQuery(cluster, asked as Query);
  return [t.summary, t.error ?? '', ...t.hops.flatMap((h) => [h.title, h.summary, h.fix?.summary ?? '', ...h.steps.map((s) => s.text)])].join('\n').toLowerCase();
}

function cases(): Case[] {
  if (!existsSync(corpus) || !statSync(corpus).isDirectory()) return [];
  return readdirSync(corpus)
    .filter((d) => existsSync(join(corpus, d, 'expect.json')) && existsSync(join(corpus, d, 'manifests.yaml')))
    .sort()
    .map((id) => ({ id, dir: join(corpus, id) }));
}

const all = cases();

if (all.length === 0) {
  console.warn(`conformance: no corpus at ${corpus} (set PODPATH_CONFORMANCE to its folder); the conformance cases are SKIPPED.`);
}

describe.skipIf(all.length === 0)('conformance corpus', () => {
  for (const c of all) {
    it(c.id, () => {
      const expect_ = JSON.parse(readFileSync(join(c.dir, 'expect.json'), 'utf8')) as { profile?: string; queries: ExpectedQuery[] };
      const profile = expect_.profile ?? 'kubernetes';
      expect(isProfileName(profile), `unknown profile ${profile}`).toBe(true);
      const cluster = loadCluster([{ name: 'manifests.yaml', text: readFileSync(join(c.dir, 'manifests.yaml'), 'utf8') }], { profile: isProfileName(profile) ? profile : 'kubernetes' });
      const results = runQueries(cluster, expect_.queries);
      expect(results).toHaveLength(expect_.queries.length);
      const mismatches: string[] = [];
      results.forEach((r, i) => {
        const q = expect_.queries[i];
        const problems: string[] = [];
        if (r.allowed !== q.allowed) problems.push(`allowed ${r.allowed}, expected ${q.allowed}`);
        if (q.reached !== undefined && q.allowed && r.reached !== q.reached) problems.push(`reached ${r.reached}, expected ${q.reached}`);
        if (q.reason !== undefined && !explanationOf(cluster, q).includes(q.reason.toLowerCase())) problems.push(`explanation lacks "${q.reason}"`);
        if (problems.length) {
          const { allowed: _a, ...asked } = q;
          mismatches.push(`${JSON.stringify(asked)}: ${problems.join(', ')}; ours: ${r.error ? `error ${r.error}` : r.summary}`);
        }
      });
      expect(mismatches.slice(0, 10), `${mismatches.length} of ${results.length} queries wrong in ${c.id}`).toEqual([]);
    });
  }
});

describe.skipIf(all.length === 0)('conformance through the real CLI', () => {
  it('podpath query --batch --json answers a whole case', async () => {
    // The smallest case with every kind of query (pods, internet, ip:, router) keeps the spawn quick.
    const c = all.find((x) => x.id === 'npguard-k8s-ingress-test-new') ?? all[0];
    const expected = (JSON.parse(readFileSync(join(c.dir, 'expect.json'), 'utf8')) as { queries: ExpectedQuery[] }).queries;
    const stdout = await new Promise<string>((res, rej) =>
      execFile(process.execPath, [join(repoRoot, 'src-core/cli/podpath.mjs'), 'query', join(c.dir, 'manifests.yaml'), '--batch', join(c.dir, 'expect.json'), '--json'], { maxBuffer: 64 << 20 }, (err, out, errOut) =>
        err ? rej(new Error(`exit ${err.code}: ${errOut}`)) : res(out),
      ),
    );
    const got = JSON.parse(stdout) as { allowed: boolean; reached: string | null }[];
    expect(got).toHaveLength(expected.length);
    expect(got.map((r) => r.allowed)).toEqual(expected.map((q) => q.allowed));
    for (const r of got) expect(r.reached === null || typeof r.reached === 'string').toBe(true);
  }, 60_000);
});
