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

/** Lines `from`..`to` (1-based, inclusive) of `text`, with what the allow-list drops shown as `…`. */
export function allowListedLines(text: string, from: number, to: number): string[] {
  const starts = lineStarts(text);
  const first = Math.max(1, from);
  const last = Math.min(starts.length, to);
  if (last < first) return [];
  const lo = starts[first - 1];
  const hi = last < starts.length ? starts[last] : text.length;
  const m: Marks = { kept: [], dropped: [] };
  const chunks = splitDocuments(text) ?? [{ start: 0, end: text.length, bodyStart: 0, hasMarker: false }];
  for (const c of chunks) {
    if (c.end <= lo || c.start >= hi) continue;
    // A large List: only the items that hold the lines (each parsed with its `- ` line, at its own offset).
    const root = c.end - c.start > 256 * 1024 ? contentRange(text, c) : undefined;
    const items = root ? listItemRanges(text, root) : undefined;
    if (root && items) {
      parseListHead(m, text, root, items);
      for (const [s, e] of items) if (e > lo && s < hi) parseInto(m, text, text.lastIndexOf('\n', s) + 1, e);
    } else parseInto(m, text, c.start, c.end);
  }
  return render(text, starts, first, last, m);
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
