// The lite reader's cursor and its line-level readers (lite.ts reads the block structure and block
// scalars): mapping keys, one-line plain, single- and double-quoted scalars, one-line flow collections.
// Every reader here either returns exactly what js-yaml with the YAML 1.1 schema (yaml11.ts) makes of the
// text or throws BAIL, which readLite turns into "not mine" (the caller then asks js-yaml).
import { NOT_RESOLVED } from 'js-yaml';
import { keyString, resolvePlain11 } from './yaml11';

/** Thrown inside the reader to leave the subset; never escapes readLite. */
export const BAIL: unique symbol = Symbol('lite-bail');

/** Characters the reader never vouches for: tabs, CR, C0/C1 controls, NEL, LS/PS, surrogates (astral
 *  characters, unpaired halves), BOM, non-characters. js-yaml rejects some of them and the two YAML
 *  libraries treat others as line breaks or separators differently. */
export const REFUSED_CHARS = /[\x00-\x09\x0B-\x1F\x7F-\x9F\u2028\u2029\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/;

/** Nesting deeper than this is left to the other readers (and keeps the recursion shallow). */
export const MAX_DEPTH = 64;
/** `yaml` rejects an implicit key whose `:` is more than 1024 characters after the key's first
 *  character (KEY_OVER_1024_CHARS: quotes and trailing spaces count); stay well below. */
const MAX_KEY = 1000;

const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const DQUOTE = 34;
const SQUOTE = 39;

/** First characters of a plain scalar the reader refuses (indicators, reserved, or handled elsewhere). */
const PLAIN_REFUSED_FIRST = new Uint8Array(128);
for (const ch of '-?:,[]{}#&*!|>\'"%@`') PLAIN_REFUSED_FIRST[ch.charCodeAt(0)] = 1;

/** js-yaml's single-character escapes of double-quoted scalars (\N \_ \L \P are left to the others). */
const ESCAPES = new Map<number, string>([
  [48, '\0'], [97, '\x07'], [98, '\b'], [116, '\t'], [110, '\n'], [118, '\v'], [102, '\f'], [114, '\r'],
  [101, '\x1B'], [32, ' '], [34, '"'], [47, '/'], [92, '\\'],
]);

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 32;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/**
 * Recently read plain keys and short plain values by a hash of their characters, with what they resolve
 * to: most keys and many values repeat from document to document, so a hit (checked character by
 * character with startsWith) skips the slice, the resolution and, for keys, V8's string internalisation,
 * and equal values share one string. A slot is overwritten on a collision; empty raw text never matches.
 */
const CACHE_MASK = 4095;
const CACHED_VALUE_MAX = 40;
const keyRaw: string[] = new Array<string>(CACHE_MASK + 1).fill('');
const keyOut: string[] = new Array<string>(CACHE_MASK + 1).fill('');
const valueRaw: string[] = new Array<string>(CACHE_MASK + 1).fill('');
const valueOut: unknown[] = new Array<unknown>(CACHE_MASK + 1).fill(null);

/**
 * Empties the caches. Cached strings may be slices that keep their whole input text alive; the parser
 * calls this when it is done with a text, so a long editing session does not hold on to every old paste.
 */
export function clearLiteCaches(): void {
  keyRaw.fill('');
  keyOut.fill('');
  valueRaw.fill('');
  valueOut.fill(null);
}

/** The reader's state, a cursor over the lines of one document, and the readers of keys and scalars. */
export class LiteCursor {
  t = '';
  end = 0;
  /** Start of the current content line (`end` at the end of the document). */
  pos = 0;
  /** Indentation of the current content line; -1 at the end of the document. */
  ind = -1;
  /** First character of the current content line. */
  cs = 0;
  /** End of the current content line (offset of its '\n', or `end`). */
  le = 0;
  /** Where the last scalar read on a line stopped. */
  q = 0;
  depth = 0;

  /** From `pos`, skips blank and comment lines to the next content line. */
  next(): void {
    const t = this.t;
    const end = this.end;
    let p = this.pos;
    while (p < end) {
      let le = t.indexOf('\n', p);
      if (le === -1 || le > end) le = end;
      let i = p;
      while (i < le && t.charCodeAt(i) === SPACE) i++;
      if (i < le && t.charCodeAt(i) !== HASH) {
        // `---` / `...` at column 0 start or end a document: the caller's split should have seen them.
        if (i === p && (t.startsWith('---', p) || t.startsWith('...', p)) && (p + 3 >= le || t.charCodeAt(p + 3) === SPACE)) throw BAIL;
        this.pos = p;
        this.ind = i - p;
        this.cs = i;
        this.le = le;
        return;
      }
      p = le + 1;
    }
    this.pos = end;
    this.ind = -1;
    this.cs = end;
    this.le = end;
  }

  advance(): void {
    this.pos = this.le + 1;
    this.next();
  }

  /** `-` followed by a space or the end of the line: a block sequence entry. */
  isEntry(i: number): boolean {
    return this.t.charCodeAt(i) === DASH && (i + 1 >= this.le || this.t.charCodeAt(i + 1) === SPACE);
  }

  /** After a quoted or flow value: only spaces, then the end of the line or a comment. */
  trailing(i: number): void {
    const t = this.t;
    const le = this.le;
    const from = i;
    while (i < le && t.charCodeAt(i) === SPACE) i++;
    if (i < le && !(t.charCodeAt(i) === HASH && i > from)) throw BAIL;
  }

  /** A one-line plain scalar in block context, resolved as yaml 1.1 does. */
  plain(p: number): unknown {
    const t = this.t;
    const le = this.le;
    const c = t.charCodeAt(p);
    if (c < 128 && PLAIN_REFUSED_FIRST[c]) {
      // `-x`, `-1`, `:x` … are plain scalars, but the indicators are not; keep only a leading `-` + non-space.
      if (c !== DASH || p + 1 >= le || t.charCodeAt(p + 1) === SPACE) throw BAIL;
    }
    let i = p + 1;
    let h = c;
    for (; i < le; i++) {
      const d = t.charCodeAt(i);
      if (d === COLON) {
        if (i + 1 >= le || t.charCodeAt(i + 1) === SPACE) throw BAIL; // `a: b: c`, `a: b:`
      } else if (d === HASH && t.charCodeAt(i - 1) === SPACE) break;
      h = (h * 31 + d) | 0;
    }
    while (t.charCodeAt(i - 1) === SPACE) i--;
    const len = i - p;
    if (len > CACHED_VALUE_MAX) {
      const s = t.slice(p, i);
      const r = resolvePlain11(s);
      return r === NOT_RESOLVED ? s : r;
    }
    const slot = h & CACHE_MASK;
    const seen = valueRaw[slot];
    if (seen.length === len && t.startsWith(seen, p)) return valueOut[slot];
    const s = t.slice(p, i);
    const r = resolvePlain11(s);
    const v = r === NOT_RESOLVED ? s : r;
    // Dates are objects: every occurrence gets its own, as js-yaml gives.
    if (!(v instanceof Date)) {
      valueRaw[slot] = s;
      valueOut[slot] = v;
    }
    return v;
  }

  /** A double-quoted scalar that closes on its line; `q` just after the closing quote. */
  dq(p: number): string {
    const t = this.t;
    const le = this.le;
    let i = p + 1;
    let from = i;
    let out = '';
    for (;;) {
      if (i >= le) throw BAIL; // multi-line or unclosed
      const c = t.charCodeAt(i);
      if (c === DQUOTE) break;
      if (c !== 92 /* \ */) {
        i++;
        continue;
      }
      out += t.slice(from, i);
      const e = t.charCodeAt(i + 1);
      const simple = ESCAPES.get(e);
      if (simple !== undefined) {
        out += simple;
        i += 2;
      } else if (e === 120 /* x */ || e === 117 /* u */) {
        const len = e === 120 ? 2 : 4;
        let code = 0;
        for (let k = 0; k < len; k++) {
          const h = hexValue(t.charCodeAt(i + 2 + k));
          if (h < 0 || i + 2 + k >= le) throw BAIL;
          code = code * 16 + h;
        }
        if (code >= 0xd800 && code <= 0xdfff) throw BAIL; // surrogate halves: leave pairing to the others
        out += String.fromCharCode(code);
        i += 2 + len;
      } else throw BAIL; // \N \_ \L \P \U, a line continuation, or an invalid escape
      from = i;
    }
    this.q = i + 1;
    return from === p + 1 ? t.slice(from, i) : out + t.slice(from, i);
  }

  /** A single-quoted scalar that closes on its line (`''` is a quote); `q` just after it. */
  sq(p: number): string {
    const t = this.t;
    const le = this.le;
    let i = p + 1;
    let from = i;
    let out = '';
    for (;;) {
      const close = t.indexOf("'", i);
      if (close === -1 || close >= le) throw BAIL;
      if (close + 1 < le && t.charCodeAt(close + 1) === SQUOTE) {
        out += t.slice(from, close + 1);
        i = from = close + 2;
        continue;
      }
      this.q = close + 1;
      return out + t.slice(from, close);
    }
  }

  /** A one-line flow sequence or mapping of scalars (and nested one-line flows); `q` just after it. */
  flow(p: number): unknown[] | Record<string, unknown> {
    if (++this.depth > MAX_DEPTH) throw BAIL;
    const t = this.t;
    const seq = t.charCodeAt(p) === 91;
    const close = seq ? 93 : 125;
    const arr: unknown[] = [];
    const obj: Record<string, unknown> = {};
    let i = this.skip(p + 1);
    if (t.charCodeAt(i) === close) {
      this.q = i + 1;
      this.depth--;
      return seq ? arr : obj;
    }
    for (;;) {
      if (seq) arr.push(this.flowValue(i));
      else {
        const key = this.flowKey(i);
        const v = this.flowValue(this.skip(this.q));
        if ((obj[key] !== undefined && Object.prototype.hasOwnProperty.call(obj, key)) || key === '__proto__') throw BAIL;
        obj[key] = v;
      }
      i = this.skip(this.q);
      const c = t.charCodeAt(i);
      if (c === close) break;
      if (c !== 44 /* , */) throw BAIL;
      i = this.skip(i + 1);
      if (t.charCodeAt(i) === close) throw BAIL; // a trailing comma: leave it to the others
    }
    this.q = i + 1;
    this.depth--;
    return seq ? arr.slice() : obj;
  }

  skip(i: number): number {
    while (i < this.le && this.t.charCodeAt(i) === SPACE) i++;
    if (i >= this.le) throw BAIL; // the flow collection does not close on this line
    return i;
  }

  /** `key: ` inside a flow mapping; `q` just after the `:`. */
  flowKey(i: number): string {
    const t = this.t;
    const c = t.charCodeAt(i);
    let k: string;
    let j: number;
    if (c === DQUOTE || c === SQUOTE) {
      k = c === DQUOTE ? this.dq(i) : this.sq(i);
      j = this.q;
      while (j < this.le && t.charCodeAt(j) === SPACE) j++;
      if (t.charCodeAt(j) !== COLON || t.charCodeAt(j + 1) !== SPACE) throw BAIL;
    } else {
      const e = this.flowPlainEnd(i);
      j = e;
      while (j < this.le && t.charCodeAt(j) === SPACE) j++;
      if (t.charCodeAt(j) !== COLON || t.charCodeAt(j + 1) !== SPACE) throw BAIL;
      const raw = t.slice(i, e);
      if (raw === '<<') throw BAIL;
      const r = resolvePlain11(raw);
      const s = r === NOT_RESOLVED ? raw : keyString(r);
      if (s === undefined) throw BAIL;
      k = s;
    }
    this.q = j + 1;
    return k;
  }

  flowValue(i: number): unknown {
    const t = this.t;
    const c = t.charCodeAt(i);
    if (c === DQUOTE) return this.dq(i);
    if (c === SQUOTE) return this.sq(i);
    if (c === 91 || c === 123) return this.flow(i);
    const e = this.flowPlainEnd(i);
    this.q = e;
    const s = t.slice(i, e);
    const r = resolvePlain11(s);
    return r === NOT_RESOLVED ? s : r;
  }

  /** End (trailing spaces excluded) of a plain scalar in a flow collection; bails on anything unusual. */
  flowPlainEnd(i: number): number {
    const t = this.t;
    const le = this.le;
    const c = t.charCodeAt(i);
    if (c < 128 && PLAIN_REFUSED_FIRST[c]) {
      const d = t.charCodeAt(i + 1);
      if (c !== DASH || i + 1 >= le || d === SPACE || d === 44 || d === 93 || d === 125) throw BAIL;
    }
    let j = i + 1;
    for (; j < le; j++) {
      const d = t.charCodeAt(j);
      if (d === 44 || d === 93 || d === 125) break;
      // `:` (a key, or an adjacent value), `#`, brackets and quotes inside a flow plain scalar: not ours.
      if (d === COLON || d === HASH || d === 91 || d === 123 || d === DQUOTE || d === SQUOTE) break;
    }
    let e = j;
    while (t.charCodeAt(e - 1) === SPACE) e--;
    if (j < le) {
      const d = t.charCodeAt(j);
      if (d === HASH || d === 91 || d === 123 || d === DQUOTE || d === SQUOTE) throw BAIL;
      if (d === COLON && t.charCodeAt(j + 1) !== SPACE) throw BAIL;
    }
    return e;
  }

  /**
   * The mapping key starting at i on the current line, stringified as yaml does, with `q` just after its
   * `:`. In a mapping (`must`) anything else bails; after `- ` undefined means "not a key, a scalar".
   */
  key(i: number, must: boolean): string | undefined {
    const t = this.t;
    const le = this.le;
    const c = t.charCodeAt(i);
    let k: string;
    let j: number;
    if (c === DQUOTE || c === SQUOTE) {
      const s = c === DQUOTE ? this.dq(i) : this.sq(i);
      j = this.q;
      while (j < le && t.charCodeAt(j) === SPACE) j++;
      if (j >= le || t.charCodeAt(j) !== COLON || (j + 1 < le && t.charCodeAt(j + 1) !== SPACE)) {
        if (must) throw BAIL;
        return undefined;
      }
      if (j - i > MAX_KEY) throw BAIL;
      k = s;
    } else {
      if (c < 128 && PLAIN_REFUSED_FIRST[c]) {
        if (must) throw BAIL;
        return undefined;
      }
      j = i;
      let h = 0;
      for (;;) {
        if (j >= le) {
          if (must) throw BAIL;
          return undefined;
        }
        const d = t.charCodeAt(j);
        if (d === COLON && (j + 1 >= le || t.charCodeAt(j + 1) === SPACE)) break;
        if (d === HASH && t.charCodeAt(j - 1) === SPACE) {
          if (must) throw BAIL;
          return undefined;
        }
        h = (h * 31 + d) | 0;
        j++;
      }
      let e = j;
      while (t.charCodeAt(e - 1) === SPACE) e--;
      if (j - i > MAX_KEY) throw BAIL;
      const slot = h & CACHE_MASK;
      const seen = keyRaw[slot];
      if (seen.length === e - i && t.startsWith(seen, i)) k = keyOut[slot];
      else {
        const raw = t.slice(i, e);
        if (raw === '<<') throw BAIL;
        const r = resolvePlain11(raw);
        const s = r === NOT_RESOLVED ? raw : keyString(r);
        if (s === undefined) throw BAIL; // a timestamp key: yaml stringifies the node, not the value
        keyRaw[slot] = raw;
        keyOut[slot] = s;
        k = s;
      }
    }
    this.q = j + 1;
    return k;
  }
}
