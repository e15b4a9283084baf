// Incremental parsing for the analysis worker (issue 6: keystroke → verdict ≤ 50 ms). The editor's text
// is split at its `---` lines (the parse module's own split) and each document is parsed on its own with
// `parseManifests`, keyed by its exact text: a keystroke re-parses only the document it touched. The
// per-document results are stitched into one ParseResult that equals what `parseManifests` gives for
// the whole text — document ids, object refs, ranges (shifted by the document's first line) and
// diagnostics in input order — so everything downstream (model, traces, lint, graph) is unchanged.
//
// Whenever stitching could differ from a whole-text parse, the whole text is parsed instead: no split
// (directives, `...` markers, a byte-order mark), a document with a syntax error (an unclosed quote can
// run over a `---`, and the whole-text parse re-reads such a run together), a chunk that does not read
// as exactly one document, or text too large for per-document calls to pay off.
import { FAST_PATH_MIN_BYTES, parseManifests, type ParseResult, type ParsedDocument, type ManifestObject } from '../parse/parse';
import { splitDocuments } from '../parse/chunks';
import type { Diagnostic } from '../parse/diagnostics';
import type { NodeRef, SourceMap, SourceRange } from '../parse/source';

/** Above this size the whole-text fast path (js-yaml in batches) beats one call per document on a cold
 *  cache; such inputs are re-parsed whole (they are also debounced longer by the client). */
export const INCREMENTAL_MAX_BYTES = 4_000_000;

/** A cold cache (a paste, a new file) parses the whole text at once (the fast path's batches are
 *  cheaper than one call per document); `warm` then fills the cache in idle time. */
const COLD_MISSES = 16;

/** One document's parse, in its own coordinates (line 1 = the chunk's first line). */
interface ChunkParse {
  result: ParseResult;
  /** Parsed cleanly as exactly one document: safe to stitch. */
  ok: boolean;
}

type Strategy = 'fast' | 'yaml';

/** The strategy a whole-text parse of `text` would use ('auto'), so each document is read the same way. */
function strategyFor(text: string): Strategy {
  return text.length >= FAST_PATH_MIN_BYTES ? 'fast' : 'yaml';
}

function parseChunk(file: string, body: string, strategy: Strategy): ChunkParse {
  const result = parseManifests([{ name: file, text: body }], { strategy });
  return { result, ok: result.documents.length === 1 && !hasSyntaxError(result) };
}

export interface IncrementalStats {
  /** Documents parsed in the last call (the rest came from the cache); -1 when the whole text was parsed. */
  parsed: number;
  reused: number;
}

function shift(r: SourceRange, lines: number, file: string): SourceRange {
  if (r.file !== file || lines === 0) return r;
  return { file: r.file, startLine: r.startLine + lines, startCol: r.startCol, endLine: r.endLine + lines, endCol: r.endCol };
}

/** Resolves global document ids into the chunk that holds them, then shifts the range into the file. */
class StitchedSourceMap implements SourceMap {
  constructor(
    private readonly file: string,
    private readonly text: string,
    /** Per global document id: its chunk's parse, its id inside that parse and the chunk's line offset. */
    private readonly docs: { part: ChunkParse; local: number; lines: number }[],
  ) {}

  locate(ref: NodeRef): SourceRange {
    const d = this.docs[ref.doc];
    if (!d) return { file: '', startLine: 1, startCol: 1, endLine: 1, endCol: 1 };
    return shift(d.part.result.sourceMap.locate({ doc: d.local, path: ref.path }), d.lines, this.file);
  }

  textOf(file: string): string | undefined {
    return file === this.file ? this.text : undefined;
  }
}

/** Counts '\n' in text[from, to). */
function newlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function hasSyntaxError(r: ParseResult): boolean {
  return r.diagnostics.some((d) => d.code === 'yaml-syntax' || d.code === 'input-too-deep');
}

/**
 * A parser for one editor file that remembers each document's parse by its exact text. Results are
 * only ever looked up by the full document text (a Map keyed by string), so a cached parse is never
 * used for different text; entries for documents no longer in the text are dropped on every call.
 */
export class IncrementalParser {
  /** Document text → its parses (one per copy of that text in the input: copies never share values). */
  private cache = new Map<string, ChunkParse[]>();
  /** How the cached documents were read; the cache is emptied when a whole-text parse would switch. */
  private strategy: Strategy = 'yaml';
  /** The chunk bodies `warm` works on, and how far it got. */
  private warming: { bodies: string[]; next: number; copies: Map<string, number> } | null = null;
  stats: IncrementalStats = { parsed: 0, reused: 0 };

  constructor(private readonly file: string) {}

  parse(text: string): ParseResult {
    const chunks = text.length <= INCREMENTAL_MAX_BYTES ? splitDocuments(text) : undefined;
    if (!chunks || chunks.length === 0) return this.whole(text, null);
    const strategy = strategyFor(text);
    if (strategy !== this.strategy) {
      this.cache.clear();
      this.strategy = strategy;
    }
    const bodies = chunks.map((c) => text.slice(c.start, c.end));
    const wanted = new Map<string, number>();
    let misses = 0;
    for (const b of bodies) {
      const n = (wanted.get(b) ?? 0) + 1;
      wanted.set(b, n);
      if ((this.cache.get(b)?.length ?? 0) < n) misses++;
    }
    if (misses > COLD_MISSES && misses * 4 > bodies.length) return this.whole(text, bodies);
    const next = new Map<string, ChunkParse[]>();
    const parts: { part: ChunkParse; start: number }[] = [];
    let parsed = 0;
    for (let k = 0; k < chunks.length; k++) {
      const body = bodies[k];
      const have = next.get(body)?.length ?? 0;
      let part = this.cache.get(body)?.[have];
      if (!part) {
        part = parseChunk(this.file, body, strategy);
        parsed++;
      }
      if (!part.ok) {
        // Keep what was parsed (typing often passes through invalid YAML and back).
        this.keep(bodies, next);
        return this.whole(text, null);
      }
      const list = next.get(body);
      if (list) list.push(part);
      else next.set(body, [part]);
      parts.push({ part, start: chunks[k].start });
    }
    this.cache = next;
    this.warming = null;
    this.stats = { parsed, reused: chunks.length - parsed };
    return this.stitch(text, parts);
  }

  /**
   * Fills the cache for the last text parsed whole, one document at a time, until `deadline`
   * (performance.now()); true when there is nothing (more) to do. Lets the first keystroke after a
   * paste be incremental without making the paste itself slower.
   */
  warm(deadline: number): boolean {
    const w = this.warming;
    if (!w) return true;
    while (w.next < w.bodies.length) {
      const body = w.bodies[w.next++];
      const list = this.cache.get(body) ?? [];
      // One parse per copy of this text among the bodies so far.
      const copies = (w.copies.get(body) ?? 0) + 1;
      w.copies.set(body, copies);
      if (list.length < copies) {
        list.push(parseChunk(this.file, body, this.strategy));
        this.cache.set(body, list);
      }
      if (performance.now() >= deadline) break;
    }
    if (w.next < w.bodies.length) return false;
    this.warming = null;
    return true;
  }

  /** Adds the entries of `fresh` to the cache and drops those for texts not among `bodies`. */
  private keep(bodies: readonly string[], fresh: Map<string, ChunkParse[]>): void {
    for (const [k, v] of fresh) {
      const old = this.cache.get(k) ?? [];
      this.cache.set(k, [...v, ...old.filter((p) => !v.includes(p))]);
    }
    const live = new Set(bodies);
    for (const k of [...this.cache.keys()]) if (!live.has(k)) this.cache.delete(k);
  }

  private whole(text: string, bodies: string[] | null): ParseResult {
    if (bodies) {
      // Keep only the entries the current text still has; `warm` adds the rest later.
      this.keep(bodies, new Map());
      this.warming = { bodies, next: 0, copies: new Map() };
    } else {
      this.warming = null;
    }
    this.stats = { parsed: -1, reused: 0 };
    return parseManifests([{ name: this.file, text }]);
  }

  private stitch(text: string, parts: { part: ChunkParse; start: number }[]): ParseResult {
    const documents: ParsedDocument[] = [];
    const objects: ManifestObject[] = [];
    const diagnostics: Diagnostic[] = [];
    const docs: { part: ChunkParse; local: number; lines: number }[] = [];
    const file = this.file;
    let line = 0;
    let at = 0;
    for (const { part, start } of parts) {
      line += newlines(text, at, start);
      at = start;
      const r = part.result;
      // Each chunk is exactly one document (checked when it was parsed).
      const id = documents.length;
      const d = r.documents[0];
      documents.push({ id, file, indexInFile: id, range: shift(d.range, line, file) });
      docs.push({ part, local: d.id, lines: line });
      for (const o of r.objects) objects.push({ ...o, ref: { doc: id, path: o.ref.path }, range: shift(o.range, line, file) });
      for (const g of r.diagnostics) diagnostics.push({ ...g, range: shift(g.range, line, file) });
    }
    return { documents, objects, diagnostics, sourceMap: new StitchedSourceMap(file, text, docs) };
  }
}
