// How the CLI prints results. Table-driven: each command has a table of formats (name → printer), so a
// new format (e.g. markdown) is one import and one line in a table. Colour only when asked (a TTY).
// A trace is printed by the one renderer per format (export/text.ts, export/markdown.ts, jsonText), the
// same the app's exports call; untrusted text goes through the one sanitiser (src-core/untrusted.ts).
import { jsonText, neutralize, neutralizeLine } from '../untrusted';
import type { Diagnostic } from '../parse/diagnostics';
import type { SourceRange } from '../parse/source';
import type { Finding } from '../lint/index';
import type { Graph } from '../graph/index';
import type { QueryResult, Trace, Verdict } from '../analyze/types';
import { paintText, renderTraceText, SYMBOL, type Color } from '../export/text';
import { toDot } from './dot';
import { traceMarkdownPrinter } from '../export/sources';

export interface FormatOptions {
  color: boolean;
}

export type Printer<T> = (value: T, o: FormatOptions) => string;

/** The one JSON printer: the same data, unsafe characters in strings as `\\uXXXX` (src-core/untrusted.ts). */
export const json = <T>(v: T): string => jsonText(v) + '\n';

// ---------------------------------------------------------------------------------------------------
// Text helpers

export function paint(o: FormatOptions, c: Color, s: string): string {
  return paintText(o.color, c, s);
}

function mark(o: FormatOptions, v: Verdict | undefined): string {
  const [m, c] = SYMBOL[v ?? 'info'];
  return paint(o, c, m);
}

/** `file:line:col`, or '' for places that are not in any file (the router stand-in). */
export function where(r: SourceRange | undefined): string {
  if (!r || !r.file) return '';
  return `${neutralizeLine(r.file)}:${r.startLine}:${r.startCol}`;
}

/** Untrusted text printed to a terminal: no control or bidi-control characters (escape sequences could
 *  repaint the screen, overrides reverse text); the one sanitiser, src-core/untrusted.ts. */
export function clean(s: string): string {
  return neutralize(s);
}

/** A trace for a terminal: the one text renderer (export/text.ts) in its terminal dress. */
export function traceText(t: Trace, o: FormatOptions): string {
  return renderTraceText(t, { style: 'terminal', color: o.color });
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
