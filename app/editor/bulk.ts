// Pure helpers for loading very large texts into the editor without blocking the page: where a paste lands
// (the selection replaced), where each appended slice ends (at a line break), how big the next slice may be
// (sized from how long the last one took), and how the progress reads. No Monaco, no DOM: unit-tested in Node.

/** Texts at least this long (characters) are loaded in slices, into Monaco's large-file mode, instead of as one
 *  YAML edit. Measured on the 2-core machine (shared, load 10–15): Monaco's own paste of 250 kB of manifests
 *  blocked 130 ms in the edit plus a 270 ms task after it, 500 kB and 1 MB several 100–300 ms tasks (the edit,
 *  view lines, YAML tokens, bracket pairs, folding); and even sliced, a 1.3 MB text in the YAML model still
 *  gave 130–210 ms tasks from tokenization and rendering. A 300-object manifest (~100 kB) stays well below. */
export const BULK_THRESHOLD = 512_000;

/** Slices are sized to take about this long each (ms), so that a slice plus a GC pause or a busy machine
 *  stays far from 100 ms. */
export const SLICE_BUDGET_MS = 25;
export const MIN_SLICE = 16 * 1024;
export const MAX_SLICE = 512 * 1024;
/** The first slice, before any timing is known (~25 ms on the 2-core machine). */
export const FIRST_SLICE = 192 * 1024;

/** The text after replacing [start, end) of `text` with `inserted` (a paste over a single selection). */
export function spliceText(text: string, start: number, end: number, inserted: string): string {
  const s = Math.max(0, Math.min(start, text.length));
  const e = Math.max(s, Math.min(end, text.length));
  return text.slice(0, s) + inserted + text.slice(e);
}

/** Monaco keeps the model's line breaks (LF here); a pasted CRLF/CR text is stored the same way so that
 *  the store's text and the editor's text are the same string. */
export function normalizeEol(text: string): string {
  return text.indexOf('\r') < 0 ? text : text.replace(/\r\n?/g, '\n');
}

/**
 * Where the slice starting at `from` ends: just after the first line break at or past `from + size`, so a
 * slice appends whole lines (a CR LF pair is never split), or the end of the text. Always > from unless
 * from is at the end. A single line longer than `size` is one slice.
 */
export function sliceEnd(text: string, from: number, size: number): number {
  if (from >= text.length) return text.length;
  const target = from + Math.max(1, size);
  if (target >= text.length) return text.length;
  const nl = text.indexOf('\n', target - 1);
  return nl < 0 ? text.length : nl + 1;
}

/** The next slice size from the last one's size and time: aim at the budget, change by at most ×2 / ÷4 per
 *  step (a single slow slice — a GC pause — must not collapse the rate), within [MIN_SLICE, MAX_SLICE]. */
export function nextSliceSize(lastSize: number, lastMs: number, budgetMs = SLICE_BUDGET_MS): number {
  if (!(lastMs > 0.5)) return Math.min(MAX_SLICE, Math.max(MIN_SLICE, lastSize * 2));
  const ideal = (lastSize * budgetMs) / lastMs;
  const bounded = Math.min(lastSize * 2, Math.max(lastSize / 4, ideal));
  return Math.round(Math.min(MAX_SLICE, Math.max(MIN_SLICE, bounded)));
}

/** "12.7 MB" / "840 kB" / "512 B" (decimal units, as the docs and the benchmark use). */
export function formatSize(chars: number): string {
  if (chars >= 1_000_000) return `${(chars / 1_000_000).toFixed(1)} MB`;
  if (chars >= 1_000) return `${Math.round(chars / 1_000)} kB`;
  return `${chars} B`;
}

/** "Loading 12.7 MB… 43 %" — whole percent, never 100 before the last slice is in. */
export function progressLabel(done: number, total: number): string {
  const pct = total <= 0 ? 100 : done >= total ? 100 : Math.min(99, Math.floor((done / total) * 100));
  return `Loading ${formatSize(total)}… ${pct} %`;
}
