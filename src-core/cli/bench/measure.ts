// Node measurements for `npm run bench` (issue 6): the js-yaml baseline, `podpath query` end to end
// (in process, and as a real CLI process through the prebuilt bundle and through tsx), one trace, the
// reachability summary and the model's memory.
// Every figure is the median of several runs; wall time and CPU time are both kept because the
// benchmark machine is shared (CPU time is what the code costs, wall time is what a user waits).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpuUsage } from 'node:process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadAll } from 'js-yaml';
import { buildCluster, parseManifests, runQueries, traceQuery, type BuiltCluster } from '../../index';
import type { Query } from '../../analyze/types';
import { fastDocumentCount, liteDocumentCount } from '../../parse/parse';
import { clusterPath, queriesPath } from './generate';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export interface Timing {
  wall: number;
  cpu: number;
}

function cpuMs(): number {
  const u = cpuUsage();
  return (u.user + u.system) / 1000;
}

export function timeIt(f: () => void): Timing {
  const c = cpuMs();
  const w = performance.now();
  f();
  return { wall: performance.now() - w, cpu: cpuMs() - c };
}

/** The q-quantile (nearest rank below) of xs, e.g. 0.95 for the 95th percentile. */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))];
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function medianTiming(ts: readonly Timing[]): Timing {
  return { wall: median(ts.map((t) => t.wall)), cpu: median(ts.map((t) => t.cpu)) };
}

export interface NodeFigures {
  workloads: number;
  documents: number;
  fastDocuments: number;
  /** Of the fast documents, those the lite reader read (the rest went through js-yaml). */
  liteDocuments: number;
  bytes: number;
  baseline: Timing;
  query: Timing;
  /** Of `query`: parse, model, 1,000 queries. */
  parse: Timing;
  build: Timing;
  queries: Timing;
  ratio: { wall: number; cpu: number };
  /** CLI processes, wall ms (median): `podpath` through tsx (PODPATH_CLI=tsx), `bundle` the prebuilt
   *  bundle the command normally runs (dist-cli/), `baseline` node + js-yaml; `cpu` the same as user+system
   *  CPU ms when /usr/bin/time is there. Ratios are to the baseline. */
  cli?: {
    podpath: number;
    baseline: number;
    ratio: number;
    bundle: number;
    bundleRatio: number;
    cpu?: { podpath: number; bundle: number; baseline: number };
  };
  traceMedian: number;
  traceP95: number;
  summary?: Timing;
  summaryNote?: string;
  modelMB: number;
  runs: number;
}

type Summarize = (c: BuiltCluster) => unknown;

async function loadSummary(): Promise<Summarize | undefined> {
  try {
    const m = (await import('../../analyze/summary')) as { summarizeReachability?: Summarize };
    return m.summarizeReachability;
  } catch {
    return undefined;
  }
}

/** What `podpath query FILE --batch Q --json` does, in this process: read, parse, model, answer, print. */
function queryEndToEnd(file: string, queries: unknown[]): { parse: Timing; build: Timing; queries: Timing; total: Timing } {
  let parsed: ReturnType<typeof parseManifests> | undefined;
  let cluster: BuiltCluster | undefined;
  const total = { wall: 0, cpu: 0 };
  const parse = timeIt(() => {
    parsed = parseManifests([{ name: file, text: readFileSync(file, 'utf8') }]);
  });
  const build = timeIt(() => {
    cluster = buildCluster(parsed as ReturnType<typeof parseManifests>, { profile: 'openshift' });
  });
  const q = timeIt(() => {
    JSON.stringify(runQueries(cluster as BuiltCluster, queries), null, 2);
  });
  total.wall = parse.wall + build.wall + q.wall;
  total.cpu = parse.cpu + build.cpu + q.cpu;
  return { parse, build, queries: q, total };
}

const TIME = '/usr/bin/time';
const hasTime = existsSync(TIME);

/** One run of a child process: wall ms, and CPU ms (user+system) when /usr/bin/time can tell. */
function processRun(args: string[], env: Record<string, string>): Timing {
  const t0 = performance.now();
  const cmd = hasTime ? TIME : process.execPath;
  const argv = hasTime ? ['-f', 'podpath-cpu %U %S', process.execPath, ...args] : args;
  const r = spawnSync(cmd, argv, { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26, encoding: 'utf8' });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr?.slice(0, 400)}`);
  const m = /podpath-cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '');
  return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN };
}

/**
 * The command as processes: through the prebuilt bundle (rebuilt first, so it is never stale), through
 * tsx, and node + js-yaml, interleaved run by run so that load on the shared machine hits all three alike.
 */
function measureProcesses(workloads: number, runs: number, log: (s: string) => void): NonNullable<NodeFigures['cli']> {
  const build = spawnSync(process.execPath, ['src-core/cli/build-cli.mjs'], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`the CLI bundle did not build: ${build.stderr.slice(0, 400)}`);
  const file = clusterPath(workloads);
  const query = ['src-core/cli/podpath.mjs', 'query', file, '--batch', queriesPath(workloads), '--profile', 'openshift', '--json'];
  const script = `require('js-yaml').loadAll(require('fs').readFileSync(${JSON.stringify(file)}, 'utf8'))`;
  const bundle: Timing[] = [];
  const tsx: Timing[] = [];
  const base: Timing[] = [];
  for (let i = 0; i < runs; i++) {
    bundle.push(processRun(query, { PODPATH_CLI: 'bundle' }));
    tsx.push(processRun(query, { PODPATH_CLI: 'tsx' }));
    base.push(processRun(['-e', script], {}));
    log(`  ${workloads}: process run ${i + 1}/${runs} bundle ${bundle[i].wall.toFixed(0)} ms, tsx ${tsx[i].wall.toFixed(0)} ms, node+js-yaml ${base[i].wall.toFixed(0)} ms`);
  }
  const b = medianTiming(bundle);
  const t = medianTiming(tsx);
  const j = medianTiming(base);
  const cpu = hasTime ? { podpath: t.cpu, bundle: b.cpu, baseline: j.cpu } : undefined;
  if (cpu) log(`  ${workloads}: process CPU (user+system) bundle ${cpu.bundle.toFixed(0)} ms, tsx ${cpu.podpath.toFixed(0)} ms, node+js-yaml ${cpu.baseline.toFixed(0)} ms → bundle ${(cpu.bundle / cpu.baseline).toFixed(2)}×`);
  return { podpath: t.wall, baseline: j.wall, ratio: t.wall / j.wall, bundle: b.wall, bundleRatio: b.wall / j.wall, cpu };
}

export async function measureNode(workloads: number, opts: { runs: number; cli: boolean; log: (s: string) => void }): Promise<NodeFigures> {
  const file = clusterPath(workloads);
  const text = readFileSync(file, 'utf8');
  const queries = (JSON.parse(readFileSync(queriesPath(workloads), 'utf8')) as { queries: unknown[] }).queries;
  const { runs, log } = opts;

  // Warm up both (JIT), then interleave baseline and podpath so load on the machine hits both alike.
  loadAll(text);
  queryEndToEnd(file, queries);
  const base: Timing[] = [];
  const ends: ReturnType<typeof queryEndToEnd>[] = [];
  for (let i = 0; i < runs; i++) {
    gc();
    base.push(timeIt(() => loadAll(readFileSync(file, 'utf8'))));
    gc();
    ends.push(queryEndToEnd(file, queries));
    log(`  ${workloads}: run ${i + 1}/${runs} js-yaml ${base[i].wall.toFixed(0)} ms, podpath query ${ends[i].total.wall.toFixed(0)} ms`);
  }
  const baseline = medianTiming(base);
  const query = medianTiming(ends.map((e) => e.total));

  // Memory held by the model (parse result, source map and text included), in a fresh process.
  const mem = spawnSync(process.execPath, ['--import', 'tsx', 'src-core/cli/bench/memory.ts', file], { cwd: REPO, encoding: 'utf8' });
  const modelMB = mem.status === 0 ? (JSON.parse(mem.stdout) as { heapMB: number }).heapMB : NaN;
  const parsed = parseManifests([{ name: file, text: readFileSync(file, 'utf8') }]);
  const cluster = buildCluster(parsed, { profile: 'openshift' });
  log(`  ${workloads}: ${fastDocumentCount(parsed)}/${parsed.documents.length} documents on the fast path, ${liteDocumentCount(parsed)} of them read by the lite reader`);

  // One trace on the built model: every query once to warm up, then each timed on its own.
  const qs = queries as Query[];
  for (const q of qs) traceQuery(cluster, q);
  const per: number[] = [];
  for (const q of qs) {
    const t0 = performance.now();
    traceQuery(cluster, q);
    per.push(performance.now() - t0);
  }
  per.sort((a, b) => a - b);

  const summarize = await loadSummary();
  let summary: Timing | undefined;
  if (summarize) {
    summarize(cluster);
    const ts: Timing[] = [];
    for (let i = 0; i < Math.max(1, Math.min(runs, 5)); i++) ts.push(timeIt(() => summarize(cluster)));
    summary = medianTiming(ts);
  }

  const cli = opts.cli ? measureProcesses(workloads, Math.max(1, Math.min(runs, 5)), log) : undefined;

  return {
    workloads,
    documents: parsed.documents.length,
    fastDocuments: fastDocumentCount(parsed),
    liteDocuments: liteDocumentCount(parsed),
    bytes: Buffer.byteLength(text),
    baseline,
    query,
    parse: medianTiming(ends.map((e) => e.parse)),
    build: medianTiming(ends.map((e) => e.build)),
    queries: medianTiming(ends.map((e) => e.queries)),
    ratio: { wall: query.wall / baseline.wall, cpu: query.cpu / baseline.cpu },
    cli,
    traceMedian: median(per),
    traceP95: quantile(per, 0.95),
    summary,
    summaryNote: summarize ? undefined : 'src-core/analyze/summary.ts not available',
    modelMB,
    runs,
  };
}
