// A hand-written reader for the block YAML that `kubectl/oc get -o yaml` and our generator emit: block
// mappings and sequences (compact `- key: v` mappings included), one-line plain / single- / double-quoted
// scalars, comments, one-line flow collections of scalars, and `|`/`>` block scalars (clip or strip, no
// indentation indicator). It is the fast path's first try for a document (fast.ts readFast); js-yaml and
// then the `yaml` package read whatever it refuses. This file reads the block structure (mappings,
// sequences, keys); lite-scalars.ts holds the cursor and the scalar and flow readers.
//
// The contract: the value it returns is exactly what js-yaml with the YAML 1.1 schema (yaml11.ts) returns
// for the same text — same scalar resolution (resolvePlain11), same key stringification (keyString), same
// key order. On ANYTHING outside the subset or in doubt it returns undefined: anchors, aliases, tags,
// `?` keys, merge keys, multi-line plain or quoted scalars, tabs, CR, control or non-BMP characters,
// duplicate keys, odd indentation, a syntax error. Bailing is always safe; being wrong is not.
import { BAIL, LiteCursor, MAX_DEPTH, REFUSED_CHARS } from './lite-scalars';

export { clearLiteCaches } from './lite-scalars';

// Character codes, local on purpose: an imported constant is a property read on the module object under
// tsx/vitest's module transform, which made the reader twice as slow.
const SPACE = 32;
const HASH = 35;
const DASH = 45;
const DQUOTE = 34;
const SQUOTE = 39;

/** The block structure: mappings, sequences and their keys, over the cursor. */
class LiteReader extends LiteCursor {
  /** A block collection whose first line is the current one (indentation n). */
  block(n: number): Record<string, unknown> | unknown[] {
    if (++this.depth > MAX_DEPTH) throw BAIL;
    const v = this.isEntry(this.cs) ? this.seq(n) : this.map(n);
    this.depth--;
    return v;
  }

  /** A block mapping at indentation n; `first` is its first key when the caller has read it (`q` after it). */
  map(n: number, first?: string): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    for (;;) {
      const key = first ?? (this.key(this.cs, true) as string);
      first = undefined;
      let p = this.q;
      const t = this.t;
      const le = this.le;
      while (p < le && t.charCodeAt(p) === SPACE) p++;
      let value: unknown;
      if (p >= le || t.charCodeAt(p) === HASH) {
        this.advance();
        if (this.ind > n) value = this.block(this.ind);
        else if (this.ind === n && this.isEntry(this.cs)) value = this.seq(n);
        else value = null;
      } else value = this.inline(p, n);
      // Duplicate keys make js-yaml throw and `yaml` report an error; `__proto__` needs defineProperty.
      if ((obj[key] !== undefined && Object.prototype.hasOwnProperty.call(obj, key)) || key === '__proto__') throw BAIL;
      obj[key] = value;
      if (this.ind < n) return obj;
      if (this.ind > n) throw BAIL; // a continuation line or a stray indented line
    }
  }

  seq(n: number): unknown[] {
    const arr: unknown[] = [];
    const t = this.t;
    for (;;) {
      let p = this.cs + 1;
      const le = this.le;
      while (p < le && t.charCodeAt(p) === SPACE) p++;
      if (p >= le || t.charCodeAt(p) === HASH) {
        this.advance();
        arr.push(this.ind > n ? this.block(this.ind) : null);
      } else if (this.isEntry(p)) {
        // `- - a`: a compact nested sequence whose indentation is its first dash's column.
        const m = p - this.pos;
        this.ind = m;
        this.cs = p;
        if (++this.depth > MAX_DEPTH) throw BAIL;
        arr.push(this.seq(m));
        this.depth--;
      } else {
        const first = this.key(p, false);
        if (first !== undefined) {
          // `- key: v`: a compact mapping whose indentation is its first key's column.
          const m = p - this.pos;
          this.ind = m;
          this.cs = p;
          if (++this.depth > MAX_DEPTH) throw BAIL;
          arr.push(this.map(m, first));
          this.depth--;
        } else arr.push(this.inline(p, n));
      }
      if (this.ind === n && this.isEntry(this.cs)) continue;
      // A line at n that is not an entry belongs to the parent mapping. The copy is exact-size: a
      // pushed-to [] keeps spare capacity, ~10 MB over the 10k-workload cluster.
      if (this.ind <= n) return arr.slice();
      throw BAIL;
    }
  }

  /** A value that starts at p on the current line; leaves the reader on the next content line. */
  inline(p: number, n: number): unknown {
    const t = this.t;
    const c = t.charCodeAt(p);
    let v: unknown;
    if (c === DQUOTE) v = this.dq(p);
    else if (c === SQUOTE) v = this.sq(p);
    else if (c === 91 /* [ */ || c === 123 /* { */) v = this.flow(p);
    else if (c === 124 /* | */ || c === 62 /* > */) return this.blockScalar(p, n);
    else {
      v = this.plain(p);
      this.advance();
      return v;
    }
    this.trailing(this.q);
    this.advance();
    return v;
  }

  /**
   * A `|` or `>` block scalar whose header is at p (clip or strip chomping, indentation detected from the
   * first content line, which must be deeper than n). Refused: keep chomping, indentation indicators,
   * spaces-only lines, more-indented lines in a folded scalar, an empty scalar.
   */
  blockScalar(p: number, n: number): string {
    const t = this.t;
    const folded = t.charCodeAt(p) === 62;
    let i = p + 1;
    let strip = false;
    if (t.charCodeAt(i) === DASH) {
      strip = true;
      i++;
    }
    this.trailing(i); // `+`, digits or anything else after the indicator bail here
    const end = this.end;
    let ls = this.le + 1;
    let m = -1;
    let out = '';
    let started = false;
    let empties = 0;
    while (ls < end) {
      let le = t.indexOf('\n', ls);
      if (le === -1 || le > end) le = end;
      let j = ls;
      while (j < le && t.charCodeAt(j) === SPACE) j++;
      if (j === le) {
        if (le > ls) throw BAIL; // a spaces-only line: which scalar it belongs to is subtle
        empties++;
        ls = le + 1;
        continue;
      }
      const ind = j - ls;
      if (m === -1) {
        if (ind <= n) throw BAIL; // an empty scalar, or one indented no deeper than its parent
        m = ind;
      } else if (ind < m) break;
      if (folded && ind > m) throw BAIL;
      const line = t.slice(ls + m, le);
      if (!started) out = empties > 0 ? '\n'.repeat(empties) + line : line;
      else if (folded) out += (empties === 0 ? ' ' : '\n'.repeat(empties)) + line;
      else out += '\n'.repeat(empties + 1) + line;
      started = true;
      empties = 0;
      ls = le + 1;
    }
    if (!started) throw BAIL;
    this.pos = Math.min(ls, end);
    this.next();
    return strip ? out : out + '\n';
  }
}

const reader = new LiteReader();

/**
 * The value of the block-mapping document whose first content line starts at `start` (column 0) and which
 * ends at `end`, or undefined when it is outside the subset (the caller then asks js-yaml).
 */
export function readLite(text: string, start: number, end: number): Record<string, unknown> | undefined {
  if (start > 0 && text.charCodeAt(start - 1) !== 10) return undefined;
  if (REFUSED_CHARS.test(text.slice(start, end))) return undefined;
  const r = reader;
  r.t = text;
  r.end = end;
  r.pos = start;
  r.depth = 0;
  try {
    r.next();
    if (r.ind !== 0 || r.isEntry(r.cs)) return undefined;
    const v = r.map(0);
    return (r.ind as number) === -1 ? v : undefined; // (map(0) changed it)
  } catch {
    // BAIL, or a RangeError from a pathological input: either way the other readers decide.
    return undefined;
  } finally {
    r.t = '';
  }
}
