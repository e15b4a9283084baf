// Exports of a trace for tickets and reports: Markdown and plain text (see markdown.ts, text.ts).
export { traceToMarkdown, mdEscape, mdCode, mdFence } from './markdown';
export { traceToText } from './text';
export type { ExportOptions } from './common';
export { rememberExportSources, exportOptionsFor, traceMarkdownPrinter, traceTextExportPrinter } from './sources';
