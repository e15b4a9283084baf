// `npm run bench:workbench`: the support engineer's commands on the benchmark clusters (100, 1k, 10k
// workloads, generate.ts): `connectivity` (all pairs), `check` (a file of expectations) and `exposure`,
// each timed in-process from the parsed text, against one `podpath query` batch of 1,000 queries on the
// same cluster (the yardstick: connectivity within the time of one query batch).
//   npm run bench:workbench [-- --sizes 100,1000 --runs 3]
import { readFileSync } from 'node:fs';
import { buildCluster } from '../../model/build';
import { parseManifests } from '../../parse/parse';
import { runQueries } from '../../analyze/query';
import { connectivity, rowCount } from '../../analyze/connectivity';
import { coverage } from '../../analyze/coverage';
import { readExpectations, runChecks } from '../../analyze/check';
import { clusterPath, queriesPath, SIZES, writeClusters } from './generate';
import { median } from './measure';

const argv = process.argv.slice(2);
const at = (n: string) => (argv.indexOf(n) >= 0 ? argv[argv.indexOf(n) + 1] : undefined);
const sizes = at('--sizes')?.split(',').map(Number) ?? [...SIZES];
const runs = Number(at('--runs') ?? 3);
writeClusters(sizes);

/** Expectations a pipeline would keep: two connections, two namespaces closed to the internet, default denies everywhere. */
const EXPECT = `expectations:
- {from: env-0000/frontend, to: env-0000/api, port: 8080, expect: allowed}
- {from: env-0001/frontend, to: env-0000/db, port: 5432, expect: denied}
- {from: internet, to: "namespace:env-0000", expect: denied}
- {from: internet, to: "namespace:env-0001", expect: denied}
- {defaultDeny: ingress, namespaces: all}
`;

function time(f: () => unknown): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

const rows: string[] = ['| workloads | query batch (1,000) | connectivity | rows | check (5 expectations) | exposure |', '|---|---|---|---|---|---|'];
for (const n of sizes) {
  const text = readFileSync(clusterPath(n), 'utf8');
  const queries = (JSON.parse(readFileSync(queriesPath(n), 'utf8')) as { queries: unknown[] }).queries;
  const expectations = readExpectations('bench.yaml', EXPECT).expectations;
  const q: number[] = [];
  const conn: number[] = [];
  const chk: number[] = [];
  const cov: number[] = [];
  let pairs = 0;
  for (let i = 0; i < runs; i++) {
    // Each measure includes parse + model, as the command does.
    const load = () => buildCluster(parseManifests([{ name: 'c.yaml', text }]), { profile: 'openshift' });
    q.push(time(() => runQueries(load(), queries)));
    conn.push(time(() => (pairs = rowCount(connectivity(load())))));
    chk.push(time(() => runChecks(load(), 'bench.yaml', expectations)));
    cov.push(time(() => coverage(load())));
    process.stderr.write(`  ${n}: run ${i + 1}/${runs}\n`);
  }
  const f = (xs: number[]) => `${median(xs).toFixed(0)} ms`;
  rows.push(`| ${n.toLocaleString('en-US')} | ${f(q)} | ${f(conn)} (${(median(conn) / median(q)).toFixed(2)}×) | ${pairs.toLocaleString('en-US')} | ${f(chk)} | ${f(cov)} |`);
}
console.log(rows.join('\n'));
