// How the CLI prints results. Table-driven: each command has a table of formats (name → printer), so a
// new format (e.g. markdown) is one import and one line in a table. Colour only when asked (a TTY).
import { neutralize } from '../untrusted';
import type { Diagnostic } from '../parse/diagnostics';
import type { SourceRange } from '../parse/source';
import type { Finding } from '../lint/index';
import type { Graph } from '../graph/index';
import type { Hop, QueryResult, Trace, Verdict } from '../analyze/types';
import { toDot } from './dot';
import { traceMarkdownPrinter } from '../export/sources';

export interface FormatOptions {
  color: boolean;
}

export type Printer<T> = (value: T, o: FormatOptions) => string;

const json = <T>(v: T): string => JSON.stringify(v, null, 2) + '\n';

// ---------------------------------------------------------------------------------------------------
// Text helpers

const COLORS = { red: 31, green: 32, yellow: 33, blue: 34, dim: 2, bold: 1 } as const;
export function paint(o: FormatOptions, c: keyof typeof COLORS, s: string): string {
  return o.color ? `\u001b[${COLORS[c]}m${s}\u001b[0m` : s;
}

const MARK: Record<Verdict, [string, keyof typeof COLORS]> = {
  allowed: ['✔', 'green'],
  denied: ['✘', 'red'],
  undetermined: ['?', 'yellow'],
  redirected: ['↪', 'yellow'],
  warning: ['!', 'yellow'],
  info: ['•', 'blue'],
};

function mark(o: FormatOptions, v: Verdict | undefined): string {
  const [m, c] = MARK[v ?? 'info'];
  return paint(o, c, m);
}

/** `file:line:col`, or '' for places that are not in any file (the router stand-in). */
export function where(r: SourceRange | undefined): string {
  if (!r || !r.file) return '';
  return `${r.file}:${r.startLine}:${r.startCol}`;
}

/** Untrusted text printed to a terminal: no control or bidi-control characters (escape sequences could
 *  repaint the screen, overrides reverse text); the one sanitiser, src-core/untrusted.ts. */
export function clean(s: string): string {
  return neutralize(s);
}

function hopText(h: Hop, n: number, o: FormatOptions): string {
  const lines: string[] = [];
  const loc = where(h.source);
  lines.push(`${String(n).padStart(2)}. ${mark(o, h.verdict)} ${paint(o, 'bold', clean(h.title))}${loc ? paint(o, 'dim', `  ${loc}`) : ''}`);
  lines.push(`      ${clean(h.summary)}`);
  for (const s of h.steps) {
    // The summary line already says it when a hop has a single step of the same words.
    if (s.text === h.summary && !s.rule) continue;
    const l = where(s.rule?.source);
    lines.push(`        ${mark(o, s.verdict)} ${clean(s.text)}${l ? paint(o, 'dim', `  (${l})`) : ''}`);
  }
  if (h.facts) for (const [k, v] of Object.entries(h.facts)) lines.push(`        ${paint(o, 'dim', `${clean(k)}:`)} ${clean(v)}`);
  if (h.fix) {
    lines.push(`      ${paint(o, 'yellow', 'Fix:')} ${clean(h.fix.summary)}`);
    if (h.fix.snippet) for (const s of h.fix.snippet.replace(/\n$/, '').split('\n')) lines.push(`        ${clean(s)}`);
  }
  return lines.join('\n');
}

export function traceText(t: Trace, o: FormatOptions): string {
  const q = t.query;
  const port = q.named_port ? ` port "${q.named_port}"` : q.port !== undefined ? ` port ${q.port}` : '';
  const head = t.error
    ? paint(o, 'red', 'ERROR')
    : t.allowed
      ? paint(o, t.verdict === 'warning' ? 'yellow' : 'green', t.verdict === 'warning' ? 'ALLOWED (with warnings)' : 'ALLOWED')
      : t.verdict === 'undetermined'
        ? paint(o, 'yellow', 'UNDETERMINED')
        : paint(o, 'red', 'DENIED');
  const lines = [`${head}  ${clean(q.from)} → ${clean(q.to)}${port} ${q.protocol ?? 'TCP'}`, `  ${clean(t.summary)}`];
  if (t.reached) lines.push(`  reached: ${clean(t.reached)}`);
  if (t.hops.length) lines.push('');
  t.hops.forEach((h, i) => lines.push(hopText(h, i + 1, o)));
  return lines.join('\n') + '\n';
}

function queryText(rs: QueryResult[], o: FormatOptions): string {
  return rs.map((r, i) => `${String(i + 1).padStart(4)} ${mark(o, r.error ? 'denied' : r.allowed ? 'allowed' : r.verdict === 'undetermined' ? 'undetermined' : 'denied')} ${clean(r.error ? `error: ${r.error}` : (r.summary ?? String(r.allowed)))}`).join('\n') + '\n';
}

export function diagnosticLine(d: { range: SourceRange; severity: string; code: string; message: string }): string {
  return `${where(d.range) || '<input>'}: ${d.severity} ${d.code} ${clean(d.message)}`;
}

function lintText(fs: Finding[], o: FormatOptions): string {
  if (fs.length === 0) return 'No findings.\n';
  return fs.map((f) => {
    const line = `${diagnosticLine({ range: f.source, severity: paint(o, f.severity === 'error' ? 'red' : f.severity === 'warning' ? 'yellow' : 'blue', f.severity), code: f.code, message: f.message })}`;
    return f.fix ? `${line}\n    fix: ${clean(f.fix.summary)}${f.fix.snippet ? '\n' + f.fix.snippet.replace(/\n$/, '').split('\n').map((s) => `      ${clean(s)}`).join('\n') : ''}` : line;
  }).join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------
// The tables. To add a format: write a printer and add one line to each table it applies to.

export const TRACE_FORMATS: Record<string, Printer<Trace>> = { text: traceText, json, markdown: traceMarkdownPrinter };
export const QUERY_FORMATS: Record<string, Printer<QueryResult[]>> = { json, text: queryText };
export const LINT_FORMATS: Record<string, Printer<Finding[]>> = { text: lintText, json };
export const GRAPH_FORMATS: Record<string, Printer<Graph>> = { json, dot: (g) => toDot(g) };

export type { Diagnostic };
