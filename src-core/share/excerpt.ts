// YAML excerpts in exports, allow-listed: the lines a trace points at, as written (same line numbers,
// so `editor:42` in the export is line 42 of the user's file), but showing only what the share allow-list
// keeps (allowlist.ts). Everything else on a line — a dropped field's key and value, a comment — is
// replaced by `…`; a line with nothing kept shows only its indentation and `…`.
//
// Contract: pure, never throws (text the `yaml` package cannot read shows as `…` lines). Only the documents
// that hold the wanted lines are parsed (a `kind: List` dump: only the items that hold them), so an export
// from a 12 MB dump parses a few objects, not the dump.
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import { contentRange, listItemRanges, splitDocuments } from '../parse/chunks';
import type { PruneContext, Schema } from './allowlist';
import { schemaOfKind } from './prune';

const MAX_DEPTH = 200;

interface Marks {
  /** [start, end) of text that may be shown, in whole-text offsets. */
  kept: [number, number][];
  /** [start, end) of fields the allow-list drops (key to end of value). */
  dropped: [number, number][];
}

function get(map: Node, key: string): Node | undefined {
  if (!isMap(map)) return undefined;
  for (const p of map.items) if (isPair(p) && isScalar(p.key) && String(p.key.value) === key) return p.value as Node | undefined;
  return undefined;
}

function drop(m: Marks, from: Node | null | undefined, to: Node | null | undefined, base: number): void {
  const a = from?.range;
  const b = (to ?? from)?.range;
  if (a && b && b[1] > a[0]) m.dropped.push([base + a[0], base + b[1]]);
}

function keep(m: Marks, node: Node | null | undefined, base: number): void {
  const r = node?.range;
  if (r && r[1] > r[0]) m.kept.push([base + r[0], base + r[1]]);
}

/** Marks every key and scalar of a subtree (not its comments). */
function keepAll(m: Marks, node: Node | null | undefined, base: number, depth: number): void {
  if (!node || depth > MAX_DEPTH) return;
  if (isScalar(node) || isAlias(node)) return keep(m, node, base);
  if (isMap(node)) {
    for (const p of node.items) {
      keepAll(m, p.key as Node, base, depth + 1);
      keepAll(m, p.value as Node, base, depth + 1);
    }
  } else if (isSeq(node)) for (const item of node.items) keepAll(m, item as Node, base, depth + 1);
}

function walk(m: Marks, doc: Document, node: Node | null | undefined, schema: Schema, ctx: PruneContext, base: number, key: string, depth: number): void {
  if (!node || depth > MAX_DEPTH) return;
  if (typeof schema === 'function') {
    const next = schema(node.toJS(doc, { maxAliasCount: 100 }), ctx, key);
    if (next !== undefined) walk(m, doc, node, next, ctx, base, key, depth);
    else drop(m, node, node, base);
    return;
  }
  if (schema === true) return keepAll(m, node, base, depth);
  if (schema === 'redacted') return drop(m, node, node, base);
  if (schema === 'scalar') {
    if (isScalar(node) && (node.value === null || typeof node.value !== 'object')) keep(m, node, base);
    else drop(m, node, node, base);
    return;
  }
  if ('items' in schema) {
    if (isSeq(node)) for (const item of node.items) walk(m, doc, item as Node, schema.items, ctx, base, key, depth + 1);
    else drop(m, node, node, base);
    return;
  }
  if (!isMap(node)) return drop(m, node, node, base);
  for (const p of node.items) {
    if (!isPair(p)) continue;
    if (!isScalar(p.key)) {
      drop(m, p.key as Node, (p.value as Node) ?? (p.key as Node), base);
      continue;
    }
    const k = String(p.key.value);
    const child = 'map' in schema ? schema.map : Object.prototype.hasOwnProperty.call(schema.fields, k) ? schema.fields[k] : undefined;
    if (child === undefined || (typeof child === 'function' && child(isScalar(p.value) ? p.value.value : (p.value as Node | null)?.toJS(doc, { maxAliasCount: 100 }), ctx, k) === undefined)) {
      drop(m, p.key as Node, (p.value as Node) ?? (p.key as Node), base);
      continue;
    }
    keep(m, p.key as Node, base);
    walk(m, doc, p.value as Node, child, ctx, base, k, depth + 1);
  }
}

function walkObject(m: Marks, doc: Document, node: Node | null | undefined, base: number, inheritedKind: string | undefined, depth: number): void {
  if (!node || depth > MAX_DEPTH) return;
  if (isSeq(node)) {
    for (const item of node.items) walkObject(m, doc, item as Node, base, inheritedKind, depth + 1);
    return;
  }
  if (!isMap(node)) return;
  const kindNode = get(node, 'kind');
  const kind = isScalar(kindNode) ? String(kindNode.value) : inheritedKind;
  const items = get(node, 'items');
  if (isSeq(items) && (!kind || /List$/.test(kind))) {
    // The List's own apiVersion and kind; its items are walked object by object; the rest (metadata) goes.
    for (const p of node.items) {
      if (!isPair(p)) continue;
      const k = isScalar(p.key) ? String(p.key.value) : '';
      if (k === 'items') keep(m, p.key as Node, base);
      else if ((k === 'apiVersion' || k === 'kind') && isScalar(p.value)) {
        keep(m, p.key as Node, base);
        keep(m, p.value as Node, base);
      } else drop(m, p.key as Node, (p.value as Node) ?? (p.key as Node), base);
    }
    const itemKind = kind && kind !== 'List' ? kind.replace(/List$/, '') : undefined;
    for (const item of items.items) walkObject(m, doc, item as Node, base, itemKind, depth + 1);
    return;
  }
  const meta = get(node, 'metadata');
  const str = (n: Node | undefined) => (isScalar(n) && n.value != null ? String(n.value) : '');
  const ctx: PruneContext = { configMapKeys: new Map(), namespace: str(get(meta as Node, 'namespace')), name: str(get(meta as Node, 'name')) };
  walk(m, doc, node, schemaOfKind(kind ?? ''), ctx, base, '', depth);
}

function parseInto(m: Marks, text: string, start: number, end: number): void {
  try {
    const docs = parseAllDocuments(text.slice(start, end), { version: '1.1' });
    if (!Array.isArray(docs)) return;
    for (const doc of docs) walkObject(m, doc, doc.contents as Node | null, start, undefined, 0);
  } catch {
    // Unreadable text keeps nothing: its lines show as `…`.
  }
}

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

const STRUCTURAL = /[\s\-:,{}[\]?]/;

/** Calls `parse(start, end)` for the pieces of `text` that hold offsets [lo, hi): whole documents, or, in a
 *  large List, only the items that hold them (each with its `- ` line, at its own offset); `head` gets a
 *  large List's own lines. */
function visitPieces(text: string, lo: number, hi: number, parse: (start: number, end: number) => void, head?: (root: [number, number], items: [number, number][]) => void): void {
  const chunks = splitDocuments(text) ?? [{ start: 0, end: text.length, bodyStart: 0, hasMarker: false }];
  for (const c of chunks) {
    if (c.end <= lo || c.start >= hi) continue;
    const root = c.end - c.start > 256 * 1024 ? contentRange(text, c) : undefined;
    const items = root ? listItemRanges(text, root) : undefined;
    if (root && items) {
      head?.(root, items);
      for (const [s, e] of items) if (e > lo && s < hi) parse(text.lastIndexOf('\n', s) + 1, e);
    } else parse(c.start, c.end);
  }
}

/** Lines `from`..`to` (1-based, inclusive) of `text`, with what the allow-list drops shown as `…`. */
export function allowListedLines(text: string, from: number, to: number): string[] {
  const starts = lineStarts(text);
  const first = Math.max(1, from);
  const last = Math.min(starts.length, to);
  if (last < first) return [];
  const lo = starts[first - 1];
  const hi = last < starts.length ? starts[last] : text.length;
  const m: Marks = { kept: [], dropped: [] };
  visitPieces(text, lo, hi, (s, e) => parseInto(m, text, s, e), (root, items) => parseListHead(m, text, root, items));
  return render(text, starts, first, last, m);
}

/** The objects of a parsed piece: documents, and the items of a `kind: List` (as offsets in the text). */
function collectObjects(node: Node | null | undefined, base: number, out: [number, number][], depth: number): void {
  if (!node || depth > MAX_DEPTH || !node.range) return;
  if (isSeq(node)) {
    for (const item of node.items) collectObjects(item as Node, base, out, depth + 1);
    return;
  }
  if (!isMap(node)) return;
  const kind = get(node, 'kind');
  const items = get(node, 'items');
  if (isSeq(items) && (!isScalar(kind) || /List$/.test(String(kind.value)))) {
    for (const item of items.items) collectObjects(item as Node, base, out, depth + 1);
    return;
  }
  out.push([base + node.range[0], base + node.range[1]]);
}

/**
 * The first and last line (1-based) of the object that holds `line` — its document, or its item of a
 * `kind: List` dump — or undefined (a comment between objects, unreadable text). An export cuts its YAML
 * excerpts to this object, so a line of context never shows the previous object's last line (issue 14).
 */
export function objectLinesAt(text: string, line: number): { first: number; last: number } | undefined {
  return objectFinder(text)(line);
}

/** `objectLinesAt` for many lines of one text: each document (or large List's item) is parsed once. */
export function objectFinder(text: string): (line: number) => { first: number; last: number } | undefined {
  const starts = lineStarts(text);
  const pieces = new Map<number, { first: number; last: number }[]>();
  const lineOf = (offset: number) => {
    let a = 0;
    let b = starts.length - 1;
    while (a < b) {
      const mid = (a + b + 1) >> 1;
      if (starts[mid] <= offset) a = mid;
      else b = mid - 1;
    }
    return a + 1;
  };
  return (line) => {
    if (line < 1 || line > starts.length) return undefined;
    const lo = starts[line - 1];
    const hi = line < starts.length ? starts[line] : text.length;
    let best: { first: number; last: number } | undefined;
    visitPieces(text, lo, hi, (s, e) => {
      let objects = pieces.get(s);
      if (!objects) {
        const found: [number, number][] = [];
        try {
          const docs = parseAllDocuments(text.slice(s, e), { version: '1.1' });
          if (Array.isArray(docs)) for (const doc of docs) collectObjects(doc.contents as Node | null, s, found, 0);
        } catch {
          // Unreadable text has no objects: the excerpt is not cut.
        }
        // The end offset is just past the object's last character; a trailing newline is the line before's.
        objects = found.map(([a, b]) => ({ first: lineOf(a), last: lineOf(Math.max(a, b - 1)) }));
        pieces.set(s, objects);
      }
      for (const o of objects) if (o.first <= line && line <= o.last && (!best || o.last - o.first < best.last - best.first)) best = o;
    });
    return best;
  };
}

/** The List's own `apiVersion`, `kind`, `items:` lines (before its first item). */
function parseListHead(m: Marks, text: string, root: [number, number], items: [number, number][]): void {
  const headEnd = items.length ? text.lastIndexOf('\n', items[0][0]) + 1 : root[1];
  for (const key of ['apiVersion', 'kind', 'items']) {
    const re = new RegExp(`^${key}:[ \\t]*([^\\s#][^#\\n]*?)?[ \\t]*$`, 'm');
    const head = text.slice(root[0], headEnd);
    const hit = re.exec(head);
    if (hit) m.kept.push([root[0] + hit.index, root[0] + hit.index + hit[0].length]);
  }
}

/** Is offset i inside one of the sorted ranges? `at` is the caller's cursor, moved forward only. */
function inside(ranges: [number, number][], i: number, at: { j: number }): boolean {
  while (at.j < ranges.length && ranges[at.j][1] <= i) at.j++;
  return at.j < ranges.length && ranges[at.j][0] <= i;
}

function render(text: string, starts: number[], first: number, last: number, m: Marks): string[] {
  const byStart = (a: [number, number], b: [number, number]) => a[0] - b[0];
  const kept = mergeRanges(m.kept.sort(byStart));
  const dropped = mergeRanges(m.dropped.sort(byStart));
  const k = { j: 0 };
  const d = { j: 0 };
  const out: string[] = [];
  for (let line = first; line <= last; line++) {
    const s = starts[line - 1];
    const e = line < starts.length ? starts[line] - 1 : text.length;
    let row = '';
    let gap = false;
    let comment = false;
    for (let i = s; i < e; i++) {
      const c = text[i];
      if (c === '\r') continue;
      if (inside(kept, i, k) && !inside(dropped, i, d)) {
        row += (gap ? '…' : '') + c;
        gap = false;
      } else if (inside(dropped, i, d) || comment) gap = true;
      else if (c === '#' && (i === s || /\s/.test(text[i - 1]))) comment = gap = true;
      else if (STRUCTURAL.test(c)) {
        row += (gap && c.trim() !== '' ? '…' : '') + c;
        if (c.trim() !== '') gap = false;
      } else gap = true;
    }
    if (!gap) out.push(row);
    else if (row.trim() === '') out.push(`${/^[ \t]*/.exec(text.slice(s, e))?.[0] ?? ''}…`);
    else out.push(`${row.replace(/\s+$/, '')} …`);
  }
  return out;
}

function mergeRanges(sorted: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const r of sorted) {
    const prev = out[out.length - 1];
    if (prev && r[0] <= prev[1]) prev[1] = Math.max(prev[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}
