// `npm run bench`: generates the synthetic clusters (100, 1k, 10k workloads), measures podpath in Node
// and in headless Chromium, and prints one table against the targets of issue 6.
//   npm run bench                  all sizes, 5 runs each, browser included
//   npm run bench -- --quick       100 and 1k only, 3 runs, no CLI processes (a fast check)
//   npm run bench -- --no-browser  skip the Chromium part;  --browser-only  skip the Node part;  --sizes 1000,10000  pick sizes
//   npm run bench -- --json out.json  also write the figures as JSON
//   npm run bench -- --build       build the app into src-core/cli/bench/out/dist-PID first and measure that build
//                                  (otherwise the browser part measures dist/ from `npm run build`, or builds
//                                  one for the run when there is none)
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUT_DIR, SIZES, writeClusters } from './generate';
import { measureNode, REPO, type NodeFigures } from './measure';

interface Options {
  build: boolean;
  quick: boolean;
  browser: boolean;
  node: boolean;
  sizes: number[];
  runs: number;
  json?: string;
}

function readOptions(argv: readonly string[]): Options {
  const quick = argv.includes('--quick');
  const at = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sizes = at('--sizes')?.split(',').map(Number).filter((n) => n > 0) ?? (quick ? [100, 1_000] : [...SIZES]);
  const runs = Number(at('--runs') ?? (quick ? 3 : 5));
  return { build: argv.includes('--build'), quick, browser: !argv.includes('--no-browser'), node: !argv.includes('--browser-only'), sizes, runs, json: at('--json') };
}

const ms = (n: number | undefined) => (n === undefined ? '–' : n >= 100 ? `${n.toFixed(0)} ms` : `${n.toFixed(n >= 10 ? 1 : 2)} ms`);
const x = (n: number | undefined) => (n === undefined ? '–' : `${n.toFixed(2)}×`);
const kLabel = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));

interface Row {
  label: string;
  cells: string[];
  target: string;
  /** Judged on the largest size measured. */
  ok?: boolean;
}

function table(rows: Row[], sizes: number[]): string {
  const head = ['measure', ...sizes.map((s) => `${kLabel(s)} workloads`), 'target', ''];
  const body = rows.map((r) => [r.label, ...r.cells, r.target, r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED']);
  const all = [head, ...body];
  const w = head.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
  return [line(head), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

export function nodeRows(figs: NodeFigures[]): Row[] {
  const last = figs[figs.length - 1];
  const cell = (f: (n: NodeFigures) => string) => figs.map(f);
  // The targets are stated for the 10k cluster; smaller runs are not judged.
  const judge = (ok: boolean) => (last.workloads >= 10_000 ? ok : undefined);
  return [
    { label: 'input', cells: cell((n) => `${n.documents} docs, ${(n.bytes / 1e6).toFixed(1)} MB`), target: '10k: ~33,000 docs, ~11 MB' },
    { label: 'documents on the fast parse path', cells: cell((n) => `${n.fastDocuments}/${n.documents}`), target: '' },
    { label: 'js-yaml parse (baseline)', cells: cell((n) => ms(n.baseline.wall)), target: '' },
    { label: 'podpath query, 1,000 queries, end to end (in-process)', cells: cell((n) => ms(n.query.wall)), target: '≤ 1.5× baseline' },
    { label: '  of which parse / model / queries', cells: cell((n) => `${n.parse.wall.toFixed(0)} / ${n.build.wall.toFixed(0)} / ${n.queries.wall.toFixed(0)}`), target: '' },
    { label: 'ratio to baseline (wall)', cells: cell((n) => x(n.ratio.wall)), target: '≤ 1.5×', ok: judge(last.ratio.wall <= 1.5) },
    { label: 'ratio to baseline (CPU time)', cells: cell((n) => x(n.ratio.cpu)), target: '≤ 1.5×', ok: judge(last.ratio.cpu <= 1.5) },
    ...(last.cli
      ? [
          { label: 'podpath command (process, bundle) / node+js-yaml process', cells: cell((n) => (n.cli ? `${n.cli.bundle.toFixed(0)} / ${n.cli.baseline.toFixed(0)} ms` : '–')), target: '' },
          { label: 'ratio, processes (wall)', cells: cell((n) => x(n.cli?.bundleRatio)), target: '≤ 1.5×', ok: judge((last.cli?.bundleRatio ?? Infinity) <= 1.5) },
          ...(last.cli.cpu ? [{ label: 'ratio, processes (CPU time)', cells: cell((n) => (n.cli?.cpu ? x(n.cli.cpu.bundle / n.cli.cpu.baseline) : '–')), target: '≤ 1.5×', ok: judge(last.cli.cpu.bundle / last.cli.cpu.baseline <= 1.5) }] : []),
          { label: 'podpath through tsx (no bundle) / ratio', cells: cell((n) => (n.cli ? `${n.cli.podpath.toFixed(0)} ms / ${x(n.cli.ratio)}` : '–')), target: '(fallback, informative)' },
        ]
      : []),
    { label: 'one trace, median (p95)', cells: cell((n) => `${ms(n.traceMedian)} (${ms(n.traceP95)})`), target: '≤ 1 ms', ok: judge(last.traceMedian <= 1) },
    { label: 'reachability summary', cells: cell((n) => (n.summary ? ms(n.summary.wall) : 'n/a')), target: '≤ 3 s', ok: last.summary ? judge(last.summary.wall <= 3000) : undefined },
    { label: 'model memory (heap)', cells: cell((n) => `${n.modelMB.toFixed(0)} MB`), target: '≤ 500 MB', ok: judge(last.modelMB <= 500) },
  ];
}

async function main(): Promise<void> {
  const opts = readOptions(process.argv.slice(2));
  const log = (s: string) => process.stderr.write(`${s}\n`);
  log(`podpath bench: sizes ${opts.sizes.join(', ')}, ${opts.runs} runs${opts.quick ? ' (quick)' : ''}`);
  for (const g of writeClusters(opts.sizes)) log(`  generated cluster-${g.workloads}.yaml: ${g.documents} documents, ${(g.bytes / 1e6).toFixed(1)} MB`);

  const figs: NodeFigures[] = [];
  if (opts.node) for (const n of opts.sizes) figs.push(await measureNode(n, { runs: opts.runs, cli: !opts.quick, log }));
  const rows = figs.length ? nodeRows(figs) : [];

  let browserNote = '';
  let browser: unknown;
  if (opts.browser) {
    const { measureBrowser, browserRows } = await import('./browser');
    let dist: string | undefined;
    // Without a built app (a fresh clone) the benchmark builds one rather than skip the browser part.
    const built = existsSync(join(REPO, 'dist', 'index.html'));
    if (!built && !opts.build) log('  no dist/ (npm run build): building the app for this run');
    if (opts.build || !built) {
      // One build folder per run: several people may benchmark on one machine at once.
      dist = join(OUT_DIR, `dist-${process.pid}`);
      log(`  building the app into ${dist} …`);
      const r = spawnSync('npx', ['vite', 'build', '--outDir', dist, '--emptyOutDir'], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
      if (r.status !== 0) log(`  the build failed: ${r.stderr.split('\n').slice(-5).join(' ')}`);
    }
    const b = await measureBrowser({ workloads: opts.sizes[opts.sizes.length - 1], runs: Math.min(opts.runs, 3), log, dist });
    if (dist) rmSync(dist, { recursive: true, force: true });
    browser = b;
    if ('skipped' in b) browserNote = `Browser: skipped — ${b.skipped}`;
    else rows.push(...browserRows(b, opts.sizes.length));
  } else browserNote = 'Browser: skipped (--no-browser).';

  const out = [
    '',
    `podpath benchmark — ${new Date().toISOString()}, node ${process.version}, ${opts.runs} runs (medians)`,
    '',
    table(rows, opts.sizes),
    '',
    browserNote,
    '"ok"/"MISSED" judge the 10k cluster (the size the targets are for). CPU time = user+system of this process (the machine may be shared).',
  ].join('\n');
  process.stdout.write(`${out}\n`);
  if (opts.json) writeFileSync(opts.json, JSON.stringify({ node: figs, browser }, null, 2));
}

await main();
