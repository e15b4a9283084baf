// The one plain-text renderer of a trace (issue 11): the CLI's `podpath trace` output (and the traces that
// `check`, `diff --explain` embed) and the text export of the app and of tickets. What is said — the hop
// line with the place of the rule that decided it, the summary, "Decided by", the steps with their rules,
// the facts, the fix and the YAML excerpts — is written once here; the two dresses differ only in the
// heading and the verdict marks:
// - `terminal` (the CLI): the verdict first (`DENIED  a → b port 80 TCP`), ✔/✘ marks, ANSI colour when
//   asked; YAML excerpts only when asked (a terminal answer stays short);
// - `report` (a ticket or an e-mail): a title line, ASCII tags (`[DENY]`), the YAML excerpts.
// Untrusted text goes through the one sanitiser (src-core/untrusted.ts); colour codes are added after it.
import type { Hop, Trace, Verdict } from '../analyze/types';
import { neutralizeLine } from '../untrusted';
import { describeQuery, formatPlace, hopRange, traceExcerpts, type ExportOptions } from './common';

export interface TextOptions extends ExportOptions {
  /** `terminal`: the CLI's dress; `report` (default): the export's. */
  style?: 'terminal' | 'report';
  /** ANSI colour (terminal style only). */
  color?: boolean;
}

const COLORS = { red: 31, green: 32, yellow: 33, blue: 34, dim: 2, bold: 1 } as const;
export type Color = keyof typeof COLORS;

/** `s` in an ANSI colour when `on`; `s` must already be sanitised. */
export function paintText(on: boolean, c: Color, s: string): string {
  return on ? `\u001b[${COLORS[c]}m${s}\u001b[0m` : s;
}

const TAG: Record<Verdict, string> = {
  allowed: '[ALLOW]',
  denied: '[DENY] ',
  undetermined: '[UNDET]',
  redirected: '[REDIR]',
  warning: '[WARN] ',
  info: '[INFO] ',
};

/** Each verdict's terminal mark and colour (the CLI's listings use it too). */
export const SYMBOL: Record<Verdict, [string, Color]> = {
  allowed: ['✔', 'green'],
  denied: ['✘', 'red'],
  undetermined: ['?', 'yellow'],
  redirected: ['↪', 'yellow'],
  warning: ['!', 'yellow'],
  info: ['•', 'blue'],
};

const line = neutralizeLine;

interface Dress {
  mark(v: Verdict | undefined): string;
  paint(c: Color, s: string): string;
  head(t: Trace, o: TextOptions): string[];
  /** Indent of the lines under a hop line. */
  pad(width: number): string;
  excerpts: boolean;
}

function terminal(o: TextOptions): Dress {
  const paint = (c: Color, s: string) => paintText(!!o.color, c, s);
  return {
    paint,
    mark: (v) => {
      const [m, c] = SYMBOL[v ?? 'info'] ?? SYMBOL.info;
      return paint(c, m);
    },
    head: (t) => {
      const q = t.query;
      const port = q.named_port ? ` port "${line(q.named_port)}"` : q.port !== undefined ? ` port ${q.port}` : '';
      const head = t.error
        ? paint('red', 'ERROR')
        : t.allowed
          ? paint(t.verdict === 'warning' ? 'yellow' : 'green', t.verdict === 'warning' ? 'ALLOWED (with warnings)' : 'ALLOWED')
          : t.verdict === 'undetermined'
            ? paint('yellow', 'UNDETERMINED')
            : paint('red', 'DENIED');
      const out = [`${head}  ${line(q.from)} → ${line(q.to)}${port} ${line(q.protocol ?? 'TCP')}`, `  ${line(t.summary)}`];
      if (t.reached) out.push(`  reached: ${line(t.reached)}`);
      return out;
    },
    pad: (width) => ' '.repeat(width + 2 + 4),
    excerpts: o.excerpts === true,
  };
}

function report(o: TextOptions): Dress {
  return {
    paint: (_c, s) => s,
    mark: (v) => TAG[v ?? 'info'] ?? `[${line(String(v)).toUpperCase()}]`,
    head: (t) => {
      const out = [`podpath trace: ${line(describeQuery(t.query))}`];
      out.push(`${(TAG[t.verdict ?? (t.allowed ? 'allowed' : 'denied')] ?? '').trim()} ${line(t.summary)}`);
      if (o.profile) out.push(`Profile: ${line(o.profile)}`);
      if (t.reached) out.push(`Reaches: ${line(t.reached)}`);
      if (t.error) out.push(`The query could not be answered: ${line(t.error)}`);
      return out;
    },
    pad: (width) => ' '.repeat(width + 2 + 8),
    excerpts: o.excerpts !== false,
  };
}

function hopLines(hop: Hop, n: number, width: number, d: Dress, o: TextOptions): string[] {
  const out: string[] = [];
  const at = hopRange(hop);
  const place = at ? d.paint('dim', `  (${line(formatPlace(at.range))})`) : '';
  out.push(`${String(n).padStart(width)}. ${d.mark(hop.verdict)} ${d.paint('bold', line(hop.title))}${place}`);
  const pad = d.pad(width);
  out.push(`${pad}${line(hop.summary)}`);
  if (at?.rule) out.push(`${pad}Decided by: ${line(at.rule.label)}${at.rule.impliedBy ? ` (implied by ${line(at.rule.impliedBy)})` : ''}`);
  if (o.details === false) return out;
  for (const step of hop.steps) {
    if (step.text === hop.summary && !step.rule) continue; // the summary line already says it
    const where = step.rule ? d.paint('dim', ` [${line(step.rule.label)}, ${line(formatPlace(step.rule.source))}]`) : '';
    out.push(`${pad}- ${line(step.text)}${where}`);
  }
  for (const [k, v] of Object.entries(hop.facts ?? {})) out.push(`${pad}${d.paint('dim', `${line(k)}:`)} ${line(v)}`);
  if (hop.fix) {
    out.push(`${pad}${d.paint('yellow', 'Fix:')} ${line(hop.fix.summary)}`);
    if (hop.fix.snippet) for (const s of hop.fix.snippet.replace(/\n$/, '').split('\n')) out.push(`${pad}    ${line(s)}`);
  }
  return out;
}

/** A trace as text; `style` picks the dress (see the header). */
export function renderTraceText(trace: Trace, opts: TextOptions = {}): string {
  const d = opts.style === 'terminal' ? terminal(opts) : report(opts);
  const out = d.head(trace, opts);
  const width = String(trace.hops.length).length;
  trace.hops.forEach((hop, i) => {
    out.push('');
    out.push(...hopLines(hop, i + 1, width, d, opts));
  });
  const excerpts = d.excerpts ? traceExcerpts(trace, { ...opts, excerpts: true }) : [];
  for (const ex of excerpts) {
    out.push('');
    const hops = ex.hops.length === 1 ? `hop ${ex.hops[0]}` : `hops ${ex.hops.join(', ')}`;
    out.push(`--- ${ex.labels.map(line).join('; ')} — ${line(ex.file)}:${ex.startLine}-${ex.endLine} (${hops}${ex.impliedBy ? `, implied by the ${line(ex.impliedBy)} profile` : ''})`);
    const w = String(ex.endLine).length;
    ex.lines.forEach((l, k) => out.push(`${String(ex.lineNumbers[k] ?? ex.startLine + k).padStart(w)} | ${l}`));
    if (ex.cut) out.push(`${' '.repeat(w)} | … (cut)`);
  }
  return out.join('\n') + '\n';
}

/** The report dress: the app's and the tickets' text export. */
export function traceToText(trace: Trace, opts: ExportOptions = {}): string {
  return renderTraceText(trace, { ...opts, style: 'report' });
}
