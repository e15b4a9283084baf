// parse: input text (multi-document YAML or JSON, `kind: List` dumps, top-level arrays) into
// manifest objects that keep where they came from, plus diagnostics. Never throws on user input.
//
// Positions come from the `yaml` package's own node ranges (the lite reader below reads values, never
// positions). YAML 1.1 is used because that is what Kubernetes' go-yaml reads (`yes`/`on` are booleans).
//
// Large inputs take a fast path (issue 6): each `---` document is read by the lite reader (lite.ts, a
// block-YAML subset, several times faster than js-yaml) or else with js-yaml (≈5× faster than `yaml`'s
// full parse), both resolving scalars exactly as `yaml` 1.1 does (yaml11.ts); the document's own range
// comes from a cheap text scan (chunks.ts), and every other position is resolved lazily by re-parsing
// just that document with `yaml` when an explanation asks for it.
// A document the fast path is not sure about (syntax errors, aliases, tags, merge keys, odd layouts)
// is parsed with `yaml` as before, so diagnostics and values are the same on both paths. On both paths
// `yaml`'s documents are corrected the same way (reader-errors.ts): errors filed under the wrong document,
// documents it stopped reading silently, and characters or bytes kubectl's reader refuses (issue 16).
import { loadAll as loadAllWithJsYaml } from 'js-yaml';
import { LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { jsYamlDiverges, splitDocuments } from './chunks';
import { FORBIDDEN_CHAR } from './encoding';
import { nextMarker, reattachErrors, silentStop, unreadable } from './reader-errors';
import { fastRoot, JS_YAML_OPTIONS, readFast, readWithYaml } from './fast';
import { clearLiteCaches, readLite } from './lite';
import type { Diagnostic } from './diagnostics';
import { DIAGNOSTIC_CODES } from './diagnostics';
import { LineIndex, type NodeRef, type SourceMap, type SourceRange } from './source';
import { toRange, YamlSourceMap, type DocEntry } from './sourcemap';
import { YAML_OPTIONS } from './yaml11';

export interface InputFile {
  /** A display name: a file path, `<stdin>`, or `editor`. */
  name: string;
  text: string;
  /** Where the bytes read were not valid UTF-8 (offsets in `text`, from decodeUtf8 in encoding.ts). */
  invalidUtf8?: readonly number[];
}

export interface ParsedDocument {
  id: number;
  file: string;
  /** 0-based index of the document inside its file. */
  indexInFile: number;
  range: SourceRange;
}

/** One Kubernetes object from the input (list items unwrapped). `value` is plain JSON-like data. */
export interface ManifestObject {
  ref: NodeRef;
  range: SourceRange;
  kind: string;
  apiVersion: string;
  name: string;
  /** As written; undefined when the object has no metadata.namespace. */
  namespace: string | undefined;
  value: Record<string, unknown>;
}

export interface ParseResult {
  documents: ParsedDocument[];
  objects: ManifestObject[];
  diagnostics: Diagnostic[];
  sourceMap: SourceMap;
}

export interface ParseOptions {
  /** How many alias expansions one document may make (YAML "billion laughs" protection). */
  maxAliasCount?: number;
  /** `yaml`: every document through the `yaml` package; `fast`: the js-yaml fast path wherever it is
   *  sure; `auto` (default): fast for files of at least FAST_PATH_MIN_BYTES. Results are the same. */
  strategy?: 'auto' | 'yaml' | 'fast';
}

/** Documents per js-yaml call on the fast path (see parseManifests). */
const JS_YAML_BATCH = 1024;

/** Below this size the full `yaml` parse is quick enough and keeps every position at hand. */
export const FAST_PATH_MIN_BYTES = 64 * 1024;

type YamlDoc = Document.Parsed;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseManifests(files: readonly InputFile[], options: ParseOptions = {}): ParseResult {
  const maxAliasCount = options.maxAliasCount ?? 100;
  const strategy = options.strategy ?? 'auto';
  const entries: DocEntry[] = [];
  const documents: ParsedDocument[] = [];
  const objects: ManifestObject[] = [];
  const diagnostics: Diagnostic[] = [];
  const texts = new Map<string, string>();
  const sourceMap = new YamlSourceMap(entries, texts);

  for (const file of files) {
    texts.set(file.name, file.text);
    const lines = new LineIndex(file.text);
    const at = (start: number, end: number): SourceRange => toRange(file.name, lines, [start, end]);
    let indexInFile = 0;

    /** One document parsed by `yaml` from text starting at `offset` in the file, which owns the file's
     *  text [from, to): diagnostics, then objects. */
    const addYamlDoc = (doc: YamlDoc, offset: number, from: number, to: number, stop = -1) => {
      const id = entries.length;
      entries.push({ file: file.name, doc, lines, offset });
      const cr = (doc.contents as Node | null)?.range ?? doc.range;
      const docRange = cr ? at(cr[0] + offset, cr[1] + offset) : at(0, 0);
      documents.push({ id, file: file.name, indexInFile: indexInFile++, range: docRange });

      for (const w of doc.warnings) {
        diagnostics.push({ code: 'yaml-warning', severity: 'warning', message: w.message.split('\n')[0], range: at(w.pos[0] + offset, w.pos[1] + offset) });
      }
      const bad = unreadable(file, from, to);
      for (const b of bad) diagnostics.push({ code: b.code, severity: 'error', message: b.message, range: at(b.at, b.at + 1) });
      if (stop !== -1) {
        diagnostics.push({
          code: 'yaml-syntax',
          severity: 'error',
          message: 'YAML syntax error: the YAML reader stops here without reading the rest of this document (often a `?` key or an indentation the document cannot continue from). This document is skipped; reading resumes at the next `---` line.',
          range: at(stop, stop + 1),
        });
      }
      if (doc.errors.length > 0 || bad.length > 0 || stop !== -1) {
        for (const err of doc.errors) {
          diagnostics.push({
            code: 'yaml-syntax',
            severity: 'error',
            message: `YAML syntax error: ${err.message.split('\n')[0]}. This document is skipped; the others still load.`,
            range: at(err.pos[0] + offset, err.pos[1] + offset),
          });
        }
        return;
      }

      let value: unknown;
      try {
        value = doc.toJS({ maxAliasCount });
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        const aliasBomb = /alias/i.test(msg);
        diagnostics.push({
          code: aliasBomb ? 'yaml-alias-limit' : 'input-too-deep',
          severity: 'error',
          message: aliasBomb
            ? `This document expands YAML aliases more than ${maxAliasCount} times (an "alias bomb"); it is skipped.`
            : `This document could not be read: ${msg}`,
          range: docRange,
        });
        return;
      }
      collectObjects(value, { doc: id, path: [] }, docRange, sourceMap, objects, diagnostics);
    };

    /** `yaml`'s documents of `text`, or the message of the exception it threw. */
    const yamlDocs = (text: string): YamlDoc[] | string => {
      try {
        const lineCounter = new LineCounter();
        const docs = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter }) as YamlDoc[];
        return Array.isArray(docs) ? reattachErrors(docs) : [];
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    };
    /**
     * Every document `yaml` read from file.text[offset, end): each owns the text up to the next one. When
     * `yaml` silently stopped inside a clean document, that document is an error and the rest of this
     * parse is dropped: the offset of the next `---` line to read from is returned (else -1).
     */
    const addYamlDocs = (docs: YamlDoc[], offset: number, end: number): number => {
      if (docs.length === 0) for (const b of unreadable(file, offset, end)) diagnostics.push({ code: b.code, severity: 'error', message: b.message, range: at(b.at, b.at + 1) });
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i];
        const from = i === 0 ? offset : doc.range[0] + offset;
        const to = i + 1 < docs.length ? docs[i + 1].range[0] + offset : end;
        const stop = doc.errors.length === 0 ? silentStop(file.text, doc.range[2] + offset, to) : -1;
        addYamlDoc(doc, offset, from, to, stop);
        if (stop !== -1) return nextMarker(file.text, stop, end);
      }
      return -1;
    };
    const tooDeep = (message: string, offset: number) =>
      diagnostics.push({
        code: 'input-too-deep',
        severity: DIAGNOSTIC_CODES['input-too-deep'],
        message: `The input could not be read: ${message}`,
        range: at(offset, offset),
      });

    const fast = strategy === 'fast' || (strategy === 'auto' && file.text.length >= FAST_PATH_MIN_BYTES);
    const chunks = fast ? splitDocuments(file.text) : undefined;
    if (!chunks) {
      for (let from = 0; from !== -1; ) {
        const docs = yamlDocs(from === 0 ? file.text : file.text.slice(from));
        if (typeof docs === 'string') {
          tooDeep(docs, from);
          break;
        }
        from = addYamlDocs(docs, from, file.text.length);
      }
      continue;
    }
    // Text checks first: which documents the fast path may take, with their contents ranges.
    const roots = chunks.map((c) => fastRoot(file.text, c));
    // The lite reader first (lite.ts: several times faster than js-yaml on the block YAML of dumps). The
    // documents it refuses go to js-yaml in batches: one call per document costs more, one call for the
    // whole file builds an event list so long that it outlives the young generation and slows every later
    // GC. If a batch fails, readFast tries its documents one by one so only the bad ones go to `yaml`.
    // (A loaded value is never undefined: every eligible document has content.)
    const loaded: unknown[] = new Array<unknown>(chunks.length).fill(undefined);
    const rest: number[] = [];
    const byLite = new Uint8Array(chunks.length);
    const badUtf8 = (file.invalidUtf8?.length ?? 0) > 0;
    for (let k = 0; k < chunks.length; k++) {
      const r = roots[k];
      if (!r) continue;
      // A document with characters kubectl refuses goes to `yaml`, whose path reports them (addYamlDoc).
      // The lite reader refuses control characters itself (REFUSED_CHARS), not U+FFFD.
      if (badUtf8 && unreadable(file, chunks[k].start, chunks[k].end).length > 0) {
        roots[k] = undefined;
        continue;
      }
      const v = readLite(file.text, r.root[0], chunks[k].end);
      if (v === undefined) {
        const body = file.text.slice(chunks[k].start, chunks[k].end);
        if (jsYamlDiverges(body) || FORBIDDEN_CHAR.test(body)) roots[k] = undefined; // `yaml` reads it
        else rest.push(k);
      }
      else {
        loaded[k] = v;
        byLite[k] = 1;
      }
    }
    for (let b = 0; b < rest.length; b += JS_YAML_BATCH) {
      const batch = rest.slice(b, b + JS_YAML_BATCH);
      const whole = batch.length === chunks.length;
      let values: unknown[] | undefined;
      try {
        values = loadAllWithJsYaml(whole ? file.text : batch.map((k) => file.text.slice(chunks[k].start, chunks[k].end)).join(''), JS_YAML_OPTIONS);
      } catch {
        values = undefined;
      }
      if (values && values.length === batch.length) batch.forEach((k, i) => (loaded[k] = (values as unknown[])[i]));
    }
    for (let k = 0; k < chunks.length; k++) {
      const chunk = chunks[k];
      const fr = roots[k];
      const value = fr ? readFast(file.text, chunk, fr, loaded[k]) : undefined;
      if (value === undefined) {
        const next = readWithYaml(file.text, chunks, k, yamlDocs);
        if (typeof next.docs === 'string') {
          tooDeep(next.docs, chunk.start);
          break;
        }
        const resume = addYamlDocs(next.docs, chunk.start, chunks[next.last].end);
        // (A resume point is a `---` line, so a chunk start: the loop goes on from that chunk.)
        k = resume === -1 ? next.last : chunks.findIndex((c) => c.start >= resume) - 1;
        if (k < 0) k = next.last;
        continue;
      }
      const id = entries.length;
      entries.push({ file: file.name, lines, offset: chunk.start, text: file.text, chunkEnd: chunk.end, root: value.root, items: value.items });
      sourceMap.liteCount += byLite[k];
      const docRange = at(value.root[0], value.root[1]);
      documents.push({ id, file: file.name, indexInFile: indexInFile++, range: docRange });
      collectObjects(value.value, { doc: id, path: [] }, docRange, sourceMap, objects, diagnostics);
    }
    clearLiteCaches(); // (its cached slices would keep this file's text alive)
  }
  return { documents, objects, diagnostics, sourceMap };
}

/** How many documents of a parse result were read on the fast path (tests and the benchmark). */
export function fastDocumentCount(r: ParseResult): number {
  return r.sourceMap instanceof YamlSourceMap ? r.sourceMap.fastCount() : 0;
}

/** How many documents of a parse result the lite reader read (tests and the benchmark). */
export function liteDocumentCount(r: ParseResult): number {
  return r.sourceMap instanceof YamlSourceMap ? r.sourceMap.liteCount : 0;
}

const LIST_KIND = /List$/;

/** An object's range: its document's for a root object, else located (no closure per object: cheap). */
function rangeOf(ref: NodeRef, docRange: SourceRange, sourceMap: SourceMap): SourceRange {
  return ref.path.length === 0 ? docRange : sourceMap.locate(ref);
}

function collectObjects(
  value: unknown,
  ref: NodeRef,
  docRange: SourceRange,
  sourceMap: SourceMap,
  out: ManifestObject[],
  diagnostics: Diagnostic[],
  inherited?: { kind?: string; apiVersion?: string },
): void {
  if (value === null || value === undefined) return; // empty document
  if (Array.isArray(value)) {
    value.forEach((item, i) => collectObjects(item, { doc: ref.doc, path: [...ref.path, i] }, docRange, sourceMap, out, diagnostics));
    return;
  }
  if (!isRecord(value)) {
    diagnostics.push({
      code: 'not-an-object',
      severity: 'error',
      message: `Expected a Kubernetes object (a mapping with apiVersion, kind and metadata), found ${describe(value)}.`,
      range: rangeOf(ref, docRange, sourceMap),
    });
    return;
  }
  const kindRaw = value.kind ?? inherited?.kind;
  if (typeof kindRaw === 'string' && LIST_KIND.test(kindRaw) && Array.isArray(value.items)) {
    // `kind: List` (what `oc get all -o yaml` prints) and typed lists (PodList ...): items may omit
    // kind/apiVersion, which then come from the list.
    const itemKind = kindRaw === 'List' ? undefined : kindRaw.replace(LIST_KIND, '');
    const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : undefined;
    value.items.forEach((item, i) =>
      collectObjects(item, { doc: ref.doc, path: [...ref.path, 'items', i] }, docRange, sourceMap, out, diagnostics, {
        kind: itemKind,
        apiVersion: itemKind ? apiVersion : undefined,
      }),
    );
    return;
  }
  if (typeof kindRaw !== 'string' || kindRaw === '') {
    diagnostics.push({
      code: 'missing-kind',
      severity: 'error',
      message: kindRaw === undefined ? 'This object has no `kind`; it is ignored.' : `\`kind\` must be a string, found ${describe(kindRaw)}; the object is ignored.`,
      range: rangeOf(ref, docRange, sourceMap),
      path: 'kind',
    });
    return;
  }
  const metadata = isRecord(value.metadata) ? value.metadata : undefined;
  const name = metadata?.name;
  if (typeof name !== 'string' || name === '') {
    diagnostics.push({
      code: 'missing-name',
      severity: 'error',
      message: `This ${kindRaw} has no \`metadata.name\`; it is ignored.`,
      range: sourceMap.locate({ doc: ref.doc, path: [...ref.path, 'metadata'] }),
      path: 'metadata.name',
    });
    return;
  }
  const ns = metadata?.namespace;
  if (ns !== undefined && typeof ns !== 'string') {
    diagnostics.push({
      code: 'wrong-type',
      severity: 'error',
      message: `\`metadata.namespace\` must be a string, found ${describe(ns)}; the object is ignored.`,
      range: sourceMap.locate({ doc: ref.doc, path: [...ref.path, 'metadata', 'namespace'] }),
      path: 'metadata.namespace',
    });
    return;
  }
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : (inherited?.apiVersion ?? '');
  const obj = value.kind === undefined ? { ...value, kind: kindRaw, apiVersion } : value;
  out.push({ ref, range: rangeOf(ref, docRange, sourceMap), kind: kindRaw, apiVersion, name, namespace: ns || undefined, value: obj });
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return `${typeof v} ${String(v)}`;
}
