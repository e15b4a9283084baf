// `npm run bench:diff`: `podpath diff` on two benchmark clusters (generate.ts) that differ in a few objects —
// one NetworkPolicy narrowed, one namespace's team label changed, one Route's targetPort broken — timed
// in-process from the two texts (parse + model of both sides + the diff), against one `podpath query` batch of
// 1,000 queries on one side (parse + model + queries). The target: the diff within 2× the batch.
//   npm run bench:diff [-- --sizes 1000,10000 --runs 3]
import { readFileSync } from 'node:fs';
import { buildCluster } from '../../model/build';
import { parseManifests } from '../../parse/parse';
import { runQueries } from '../../analyze/query';
import { diffClusters } from '../../analyze/diff';
import { clusterPath, queriesPath, SIZES, writeClusters } from './generate';
import { median } from './measure';

const argv = process.argv.slice(2);
const at = (n: string) => (argv.indexOf(n) >= 0 ? argv[argv.indexOf(n) + 1] : undefined);
const sizes = at('--sizes')?.split(',').map(Number) ?? [...SIZES];
const runs = Number(at('--runs') ?? 3);

/** The "after" text: three objects edited, in three namespaces. */
export function editCluster(text: string): string {
  const docs = text.split('\n---\n');
  let np = false;
  let label = false;
  let route = false;
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i];
    if (!np && d.includes('name: allow-same-namespace\n  namespace: dev-0002\n')) {
      docs[i] = d.replace('values: [web, batch]', 'values: [web]');
      np = true;
    } else if (!label && d.startsWith('apiVersion: v1\nkind: Namespace') && d.includes('name: dev-0005\n')) {
      docs[i] = d.replace(/team: team\d+/, 'team: team-moved');
      label = true;
    } else if (!route && d.includes('kind: Route') && d.includes('namespace: prod-0003\n')) {
      docs[i] = d.replace(/targetPort: \S+/, 'targetPort: no-such-port');
      route = true;
    }
  }
  if (!np || !label || !route) throw new Error('bench: the generated cluster no longer has the objects this benchmark edits');
  return docs.join('\n---\n');
}

function time(f: () => unknown): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

function main(): void {
  writeClusters(sizes);
  const rows: string[] = ['| workloads | query batch (1,000) | diff (both sides) | ratio | of which parse+model / diff | differences |', '|---|---|---|---|---|---|'];
  for (const n of sizes) {
    const before = readFileSync(clusterPath(n), 'utf8');
    const after = editCluster(before);
    const queries = (JSON.parse(readFileSync(queriesPath(n), 'utf8')) as { queries: unknown[] }).queries;
    const load = (text: string) => buildCluster(parseManifests([{ name: 'c.yaml', text }]), { profile: 'openshift' });
    const q: number[] = [];
    const d: number[] = [];
    const loads: number[] = [];
    let changes = 0;
    for (let i = 0; i < runs; i++) {
      q.push(time(() => runQueries(load(before), queries)));
      let a = load(before);
      let b = a;
      const l = time(() => ((a = load(before)), (b = load(after))));
      const dd = time(() => (changes = diffClusters(a, b).counts.total));
      loads.push(l);
      d.push(l + dd);
      process.stderr.write(`  ${n}: run ${i + 1}/${runs}\n`);
    }
    const f = (xs: number[]) => `${median(xs).toFixed(0)} ms`;
    rows.push(`| ${n.toLocaleString('en-US')} | ${f(q)} | ${f(d)} | ${(median(d) / median(q)).toFixed(2)}× | ${f(loads)} / ${(median(d) - median(loads)).toFixed(0)} ms | ${changes} |`);
  }
  console.log(rows.join('\n'));
}

if (process.argv[1]?.endsWith('diff.ts')) main();
