// Cheap text scans for the fast parse path: where each YAML document of a file starts and ends (its
// `---` line), and where its content starts and ends, matching the ranges the `yaml` package gives a
// document's contents. Every function here answers only when the answer is certain; `undefined` means
// "ask the `yaml` package" and the caller takes the full parse for that document or file.

/** A document's slice of the file: [start, end) includes its `---` line (absent for a bare first document). */
export interface Chunk {
  start: number;
  end: number;
  /** Offset just after the `---` marker line (== start for a bare first document). */
  bodyStart: number;
  hasMarker: boolean;
}

function isBlankChar(c: number): boolean {
  return c === 32 || c === 9 || c === 13; // space, tab, CR
}

/** `---` / `...` at column 0 followed by whitespace or the end of the line/file. */
export function isMarkerAt(text: string, i: number, ch: string): boolean {
  if (text.charCodeAt(i) !== ch.charCodeAt(0) || text.charCodeAt(i + 1) !== ch.charCodeAt(0) || text.charCodeAt(i + 2) !== ch.charCodeAt(0)) return false;
  const c = text.charCodeAt(i + 3);
  return Number.isNaN(c) || c === 10 || isBlankChar(c);
}

/** End of the line that starts at or contains `i`: the offset of its '\n', or text.length. */
function lineEnd(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl === -1 ? text.length : nl;
}

/** First non-blank character of the line [from, to), or -1 when the line is blank. */
function firstNonBlank(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) if (!isBlankChar(text.charCodeAt(i))) return i;
  return -1;
}

/**
 * Splits a file into documents at its `---` lines. Undefined when the file uses what a plain split
 * cannot follow: directives (`%YAML`, `%TAG`), document end markers (`...`), or a byte-order mark.
 */
export function splitDocuments(text: string): Chunk[] | undefined {
  if (text.charCodeAt(0) === 0xfeff) return undefined;
  if (text.charCodeAt(0) === 37 /* % */ || text.includes('\n%')) return undefined;
  if (isMarkerAt(text, 0, '.')) return undefined;
  for (let i = text.indexOf('\n...'); i !== -1; i = text.indexOf('\n...', i + 1)) if (isMarkerAt(text, i + 1, '.')) return undefined;

  const markers: number[] = [];
  if (isMarkerAt(text, 0, '-')) markers.push(0);
  for (let i = text.indexOf('\n---'); i !== -1; i = text.indexOf('\n---', i + 4)) if (isMarkerAt(text, i + 1, '-')) markers.push(i + 1);

  const chunks: Chunk[] = [];
  const first = markers.length ? markers[0] : text.length;
  // Text before the first `---` is a document only if it has content (comments alone are not one).
  if (first > 0 && contentStart(text, 0, first) !== -1) chunks.push({ start: 0, end: first, bodyStart: 0, hasMarker: false });
  markers.forEach((m, k) => {
    const end = k + 1 < markers.length ? markers[k + 1] : text.length;
    const le = lineEnd(text, m);
    chunks.push({ start: m, end, bodyStart: Math.min(end, le + 1), hasMarker: true });
  });
  return chunks;
}

/** Offset of the first character of the first line in [from, to) that is neither blank nor a comment; -1 if none. */
export function contentStart(text: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const le = Math.min(lineEnd(text, i), to);
    const f = firstNonBlank(text, i, le);
    if (f !== -1 && text.charCodeAt(f) !== 35 /* # */) return f;
    i = le + 1;
  }
  return -1;
}

/** Is the rest of a `---` line empty or a comment? (`--- {a: 1}` puts content on the marker line.) */
export function markerLineIsBare(text: string, c: Chunk): boolean {
  if (!c.hasMarker) return true;
  const le = lineEnd(text, c.start);
  const f = firstNonBlank(text, c.start + 3, le);
  return f === -1 || text.charCodeAt(f) === 35;
}

/** A line ending in a block scalar header (`|`, `>-`, `|+2` ...), possibly followed by a comment. */
const BLOCK_SCALAR_HEADER = /[|>][-+0-9]*[ \t]*(?:#.*)?\r?$/m;
/** Is some `ch` (`}` or `]`) the first non-blank character of its line? (`yaml` warns about those.) */
function closerStartsLine(body: string, ch: string): boolean {
  for (let i = body.indexOf(ch); i !== -1; i = body.indexOf(ch, i + 1)) {
    let j = i - 1;
    while (j >= 0 && (body.charCodeAt(j) === 32 || body.charCodeAt(j) === 9)) j--;
    if (j < 0 || body.charCodeAt(j) === 10) return true;
  }
  return false;
}

/**
 * The [start, end) offsets the `yaml` package gives this document's contents, or undefined when the
 * document has a shape where that needs the parser: trailing comment or whitespace-only lines that
 * could belong to a block or quoted scalar, keep-chomping block scalars, a flow root followed by a comment, a block
 * document with a flow collection closed at the start of a line (which `yaml` warns about), or
 * content on the `---` line.
 */
export function contentRange(text: string, c: Chunk): [number, number] | undefined {
  if (!markerLineIsBare(text, c)) return undefined;
  const start = contentStart(text, c.bodyStart, c.end);
  if (start === -1) return undefined;
  const body = text.slice(start, c.end);
  const flowRoot = text.charCodeAt(start) === 123 || text.charCodeAt(start) === 91; // { [
  // The regexes run only when the characters they look for are there at all (most documents: cheap).
  if (!flowRoot && (closerStartsLine(body, '}') || closerStartsLine(body, ']'))) return undefined;
  const blockScalars = (body.includes('|') || body.includes('>')) && BLOCK_SCALAR_HEADER.test(body);
  if (blockScalars && /[|>][-0-9]*\+/.test(body)) return undefined;

  // Walk back over trailing blank and comment lines to the last line with content.
  let lineStartPos = c.end;
  let skippedAmbiguous = false;
  for (;;) {
    if (lineStartPos <= start) return undefined;
    const prevNl = text.lastIndexOf('\n', lineStartPos - 2);
    const ls = Math.max(prevNl + 1, start);
    const le = Math.min(lineEnd(text, ls), c.end);
    const f = firstNonBlank(text, ls, le);
    if (f === -1) {
      // Spaces-only lines and indented comments may belong to the last node for `yaml`.
      if (le > ls && !(le - ls === 1 && text.charCodeAt(ls) === 13)) return undefined;
    } else if (text.charCodeAt(f) === 35) {
      if (f !== ls) return undefined;
      skippedAmbiguous = true;
    } else {
      // A skipped "comment" line may really be the end of a block or quoted scalar.
      if (skippedAmbiguous && /[|>"']/.test(body)) return undefined;
      if (flowRoot) {
        if (text.indexOf('#', f) !== -1 && text.indexOf('#', f) < le) return undefined;
        let e = le;
        while (e > f && isBlankChar(text.charCodeAt(e - 1))) e--;
        return [start, e];
      }
      // `yaml` ends a block collection after its last value's line (newline included), except when
      // that value is empty (`key:` or `-` last): then it ends right after the indicator. Anchors
      // and tags on the last line are rare; leave them to the parser too.
      const line = text.slice(f, le);
      if (/[&!]/.test(line) || endsEmpty(line) || (line.includes('#') && endsEmpty(line.replace(/\s#.*$/, '')))) return undefined;
      return [start, le < text.length ? le + 1 : le];
    }
    lineStartPos = ls;
  }
}

/** Text checks that send a document to the `yaml` package: merge keys and explicit `!!`/verbatim tags. */
export function needsFullParser(body: string): boolean {
  return body.includes('<<') || body.includes('!!') || body.includes('!<');
}

/**
 * Text js-yaml reads differently from the `yaml` package (found by the differential fuzz test in
 * fast.test.ts), checked before a document the lite reader refused goes to js-yaml; true sends it to
 * `yaml`. js-yaml takes a lone CR as a line break (YAML 1.2 §5.4 does too, but `yaml` reads it as
 * content), reads `: v` at the start of a line as an empty key (`yaml`: BLOCK_AS_IMPLICIT_KEY), accepts
 * `?` explicit keys and tab indentation where `yaml` reports errors, and lets a comment line end a
 * block or flow scalar where `yaml` continues or rejects it.
 */
export function jsYamlDiverges(body: string): boolean {
  if (body.includes('\r') && LONE_CR.test(body)) return true;
  if (body.includes('\t') && TAB_INDENT.test(body)) return true;
  if (body.includes(':') && EMPTY_KEY.test(body)) return true;
  if (body.includes('?') && EXPLICIT_KEY.test(body)) return true;
  return hasLongKeyCandidate(body);
}

const LONE_CR = /\r(?!\n)/;
const TAB_INDENT = /^[ \t-]*\t/m;
const EMPTY_KEY = /^[ \t]*(?:-[ \t]+)*:(?:[ \t\r]|$)/m;
const EXPLICIT_KEY = /^[ \t]*(?:-[ \t]+)*\?(?:[ \t\r]|$)/m;

/** js-yaml has no 1024-character limit on block implicit keys (`yaml` has, as the spec says; flow
 *  mappings are not limited by either). True when a line longer than 1024 characters may start with such
 *  a key: its first scalar (after `- ` indicators) ends in a `:` more than 1024 characters on. */
function hasLongKeyCandidate(body: string): boolean {
  for (let ls = 0; ls < body.length; ) {
    let le = body.indexOf('\n', ls);
    if (le === -1) le = body.length;
    if (le - ls > 1024) {
      let f = ls;
      while (f < le && (body.charCodeAt(f) === 32 || (body.charCodeAt(f) === 45 /* - */ && body.charCodeAt(f + 1) === 32))) f++;
      const c = body.charCodeAt(f);
      let keyEnd = -1; // offset of the `:` that would end a key starting at f
      if (c === 34 /* " */ || c === 39 /* ' */) {
        let j = f + 1;
        while (j < le) {
          const d = body.charCodeAt(j);
          if (c === 34 && d === 92 /* \ */) j += 2;
          else if (d === c && !(c === 39 && body.charCodeAt(j + 1) === 39)) break;
          else j += c === 39 && d === 39 ? 2 : 1;
        }
        let k = j + 1;
        while (k < le && body.charCodeAt(k) === 32) k++;
        if (body.charCodeAt(k) === 58) keyEnd = k;
        else if (j >= le) keyEnd = le; // an unclosed quote: leave it to `yaml`
      } else if (c !== 123 /* { */ && c !== 91 /* [ */) {
        const m = /:(?:[ \t\r]|$)/.exec(body.slice(f, Math.min(le, f + 1100)));
        keyEnd = m ? f + m.index : body.slice(f, le).search(/:(?:[ \t\r]|$)/) === -1 ? -1 : le;
      }
      if (keyEnd !== -1 && keyEnd - f > 1024) return true;
    }
    ls = le + 1;
  }
  return false;
}

/** A line whose last value is empty: `key:` or a bare `-` item. */
function endsEmpty(line: string): boolean {
  const t = line.trimEnd();
  return t.endsWith(':') || t === '-' || t.endsWith(' -') || t.endsWith('\t-');
}

/** Characters that, first on a list item's line, start something whose range `yaml` ends differently. */
const ITEM_START_REFUSED = new Set(['{', '[', '"', "'", '|', '>', '&', '!', '*', '?', '#', '-', '%', '@', '`']);

/**
 * The ranges `yaml` gives the items of a root `items:` block sequence (a `kind: List` dump), each item a
 * block mapping: from its first key to the end of its last line. Undefined when the layout is anything
 * else (comment or spaces-only lines among the items, flow or scalar items, an item ending in an empty
 * value, anchors or tags on an item's last line).
 */
export function listItemRanges(text: string, root: [number, number]): [number, number][] | undefined {
  const [start, end] = root;
  let at = text.startsWith('items:', start) ? start : text.indexOf('\nitems:', start) + 1;
  if (at <= 0 && !text.startsWith('items:', start)) return undefined;
  if (at >= end) return undefined;
  let le = lineEnd(text, at);
  const rest = firstNonBlank(text, at + 6, le);
  if (rest !== -1) return undefined; // `items: []`, `items: # c` …
  const items: [number, number][] = [];
  let indent = -1;
  let lastContentEnd = -1; // end of the last content line of the current item
  const close = () => {
    if (items.length === 0) return true;
    const last = items[items.length - 1];
    const ls = text.lastIndexOf('\n', lastContentEnd - 1) + 1;
    const line = text.slice(ls, lastContentEnd);
    if (/[&!]/.test(line) || endsEmpty(line)) return false;
    last[1] = lastContentEnd < text.length ? lastContentEnd + 1 : lastContentEnd;
    return true;
  };
  for (at = le + 1; at < end; at = le + 1) {
    le = Math.min(lineEnd(text, at), end);
    const f = firstNonBlank(text, at, le);
    if (f === -1) {
      if (le > at && !(le - at === 1 && text.charCodeAt(at) === 13)) return undefined; // spaces-only line
      continue;
    }
    const c = text[f];
    if (c === '#') return undefined;
    const ind = f - at;
    const isItem = c === '-' && (text.charCodeAt(f + 1) === 32 || text.charCodeAt(f + 1) === 9);
    if (indent === -1) {
      if (!isItem) return undefined;
      indent = ind;
    }
    if (ind < indent || (ind === indent && !isItem)) break; // the sequence has ended (e.g. `kind: List`)
    if (ind === indent) {
      if (!close()) return undefined;
      const content = firstNonBlank(text, f + 1, le);
      if (content === -1 || ITEM_START_REFUSED.has(text[content])) return undefined;
      items.push([content, -1]);
    }
    lastContentEnd = le;
  }
  if (!close()) return undefined;
  return items;
}

/**
 * The ranges `yaml` gives the items of a root flow (JSON) document's `"items": [ … ]` (a `kind: List`
 * from `kubectl get -o json`): each item an object, from its `{` to just after its `}`. A small
 * bracket scan that skips double-quoted strings; undefined at anything that is not plain JSON
 * (comments, single quotes, non-object items) or when there is no root `items` array.
 */
export function jsonListItemRanges(text: string, root: [number, number]): [number, number][] | undefined {
  const [start, end] = root;
  if (text.charCodeAt(start) !== 123) return undefined;
  let depth = 0;
  let inItems = false;
  let itemsDepth = -1;
  let lastString = '';
  const items: [number, number][] = [];
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      let j = i + 1;
      while (j < end && text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 ? 2 : 1;
      if (j >= end) return undefined;
      lastString = depth === 1 ? text.slice(i + 1, j) : '';
      i = j;
      continue;
    }
    if (c === 35 /* # */ || c === 39 /* ' */) return undefined;
    if (c === 123 || c === 91) {
      if (inItems && depth === itemsDepth) {
        if (c !== 123) return undefined;
        items.push([i, -1]);
      }
      if (c === 91 && depth === 1 && lastString === 'items' && !inItems && itemsDepth === -1) {
        inItems = true;
        itemsDepth = depth + 1;
      }
      depth++;
      continue;
    }
    if (c === 125 || c === 93) {
      depth--;
      if (inItems && depth === itemsDepth && c === 125) items[items.length - 1][1] = i + 1;
      if (inItems && depth === itemsDepth - 1) inItems = false;
      if (depth === 0) return itemsDepth === -1 || i + 1 !== end ? undefined : items;
      continue;
    }
    if (inItems && depth === itemsDepth && c !== 44 && c !== 32 && c !== 10 && c !== 13 && c !== 9) return undefined; // a scalar item
  }
  return undefined;
}
