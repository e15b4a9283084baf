// `podpath diff OLD... -- NEW...` / `podpath diff FILE... --base GIT_REF`: what a change to the manifests does
// to reachability (analyze/diff.ts), printed as text, JSON, Markdown (a pull-request comment) or CSV.
// Exit codes: 0 nothing changed, 1 something did (a pipeline gates on it), 2 bad usage or unreadable input.
import { loadCluster } from '../index';
import { diffClusters, type DiffReport } from '../analyze/diff';
import { isProfileName, PROFILE_NAMES } from '../model/profiles';
import type { ProfileChoice } from '../model/types';
import { diffHeadline, diffToCsv, diffToMarkdown, KIND_WORD, sideLine } from '../export/diff';
import { UsageError, type OptionSpec, type ParsedArgs } from './args';
import { readDiffInputs } from './diff-inputs';
import { clean, diagnosticLine, json, paint, traceText, type FormatOptions, type Printer } from './format';
import type { CliIO } from './io';

export const DIFF_OPTIONS: OptionSpec[] = [
  { name: 'base', value: 'GIT_REF', help: 'compare the FILEs (or folders) with their version at this git revision' },
  { name: 'explain', help: 'print both traces (before and after) of each difference' },
  { name: 'max-traced', value: 'N', help: 'trace at most N connection differences for their causes (default 5000)' },
];

const SIGN = { opened: ['+', 'red'], closed: ['-', 'green'], ports: ['~', 'yellow'], changed: ['~', 'yellow'], undetermined: ['?', 'yellow'] } as const;

/** The report in a terminal: headline, changed objects, then each difference with its cause on each side. */
function text(r: DiffReport & { explain?: boolean }, o: FormatOptions): string {
  const out = [`${paint(o, 'bold', diffHeadline(r))} (profile ${r.profile})`];
  const objs = [...r.objects.added.map((x) => `+${x}`), ...r.objects.removed.map((x) => `-${x}`), ...r.objects.changed.map((x) => `~${x}`)];
  if (objs.length) out.push(`Objects: ${clean(objs.slice(0, 20).join(' '))}${objs.length > 20 ? ` … (${objs.length})` : ''}`);
  for (const c of r.changes) {
    const [m, col] = SIGN[c.status];
    out.push('', `${paint(o, col, m)} ${clean(c.title)}  ${paint(o, 'dim', `[${KIND_WORD[c.kind]}]`)}`);
    if (c.beforeSide) out.push(`    before: ${clean(sideLine(c.beforeSide))}`);
    if (c.afterSide) out.push(`    after:  ${clean(sideLine(c.afterSide))}`);
    if (!c.traced && c.kind === 'connection') out.push(paint(o, 'dim', '    (not traced: over --max-traced)'));
    if (c.traces) {
      out.push('', '    ── before ──', ...traceText(c.traces.before, o).replace(/\n$/, '').split('\n').map((l) => `    ${l}`));
      out.push('', '    ── after ──', ...traceText(c.traces.after, o).replace(/\n$/, '').split('\n').map((l) => `    ${l}`));
    }
  }
  return out.join('\n') + '\n';
}

export const DIFF_FORMATS: Record<string, Printer<DiffReport>> = {
  text,
  json,
  md: (r) => diffToMarkdown(r, (t) => traceText(t, { color: false })),
  markdown: (r) => diffToMarkdown(r, (t) => traceText(t, { color: false })),
  csv: diffToCsv,
};

export async function runDiff(args: ParsedArgs, io: CliIO, print: (v: unknown) => void): Promise<number> {
  if (args.flags.has('live')) throw new UsageError('diff compares files; --live is not supported');
  const profile = args.options.get('profile') ?? 'auto';
  if (profile !== 'auto' && !isProfileName(profile)) throw new UsageError(`unknown profile ${JSON.stringify(profile)}; use auto or one of ${PROFILE_NAMES.join(', ')}`);
  const maxRaw = args.options.get('max-traced');
  const maxTraced = maxRaw === undefined ? undefined : Number(maxRaw);
  if (maxTraced !== undefined && (!Number.isInteger(maxTraced) || maxTraced < 0)) throw new UsageError(`--max-traced needs a whole number, not ${JSON.stringify(maxRaw)}`);
  const sides = await readDiffInputs(args, io);
  for (const n of sides.notes) io.stderr(`podpath: ${clean(n)}\n`);
  const opts = { profile: profile as ProfileChoice, defaultNamespace: args.options.get('namespace') };
  const before = loadCluster(sides.before, opts);
  const after = loadCluster(sides.after, opts);
  // With auto, each side's profile is the one its input shows; say which (a different one is itself a difference).
  if (profile === 'auto') for (const [label, c] of [['before', before], ['after', after]] as const) io.stderr(`podpath: ${label}: profile ${c.profile.name}${c.detectedProfile ? ` (auto: ${clean(c.detectedProfile.reason)})` : ''}\n`);
  for (const [label, c] of [['before', before], ['after', after]] as const) for (const d of c.diagnostics) if (d.severity !== 'info') io.stderr(`${label}: ${diagnosticLine(d)}\n`);
  const report = diffClusters(before, after, { keepTraces: args.flags.has('explain'), maxTraced });
  print(report);
  return report.counts.total === 0 ? 0 : 1;
}
