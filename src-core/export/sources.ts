// Where a trace's YAML excerpts come from, remembered beside the trace rather than inside it: a Trace
// stays plain data (its JSON output is unchanged), while a printer that only receives the trace — the
// CLI's format table — can still quote the YAML. Keys are held weakly, so nothing outlives its trace.
import type { Trace } from '../analyze/types';
import type { ExportOptions } from './common';
import { traceToMarkdown } from './markdown';
import { traceToText } from './text';

const sources = new WeakMap<Trace, ExportOptions>();

/** Remember the source map and profile a trace was computed with (the CLI calls this before printing). */
export function rememberExportSources(trace: Trace, opts: ExportOptions): Trace {
  sources.set(trace, opts);
  return trace;
}

export function exportOptionsFor(trace: Trace): ExportOptions {
  return sources.get(trace) ?? {};
}

/** Printers for a format table: Markdown / text with the remembered excerpts. */
export const traceMarkdownPrinter = (trace: Trace): string => traceToMarkdown(trace, exportOptionsFor(trace));
export const traceTextExportPrinter = (trace: Trace): string => traceToText(trace, exportOptionsFor(trace));
