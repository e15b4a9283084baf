// parse: input text (multi-document YAML or JSON, `kind: List` dumps, top-level arrays) into
// manifest objects that keep where they came from, plus diagnostics. Never throws on user input.
//
// Positions come from the `yaml` package's own node ranges (no home-made YAML parsing). YAML 1.1 is
// used because that is what Kubernetes' go-yaml reads (`yes`/`on` are booleans there too).
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { Diagnostic } from './diagnostics';
import { DIAGNOSTIC_CODES } from './diagnostics';
import { LineIndex, type NodeRef, type Path, type SourceMap, type SourceRange } from './source';

export interface InputFile {
  /** A display name: a file path, `<stdin>`, or `editor`. */
  name: string;
  text: string;
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
}

type YamlDoc = Document.Parsed;

interface DocEntry {
  file: string;
  doc: YamlDoc;
  lines: LineIndex;
}

/** Resolves NodeRefs against the `yaml` documents' node ranges. */
class YamlSourceMap implements SourceMap {
  constructor(
    private readonly docs: DocEntry[],
    private readonly texts: Map<string, string>,
  ) {}

  textOf(file: string): string | undefined {
    return this.texts.get(file);
  }

  locate(ref: NodeRef): SourceRange {
    const entry = this.docs[ref.doc];
    if (!entry) return { file: '', startLine: 1, startCol: 1, endLine: 1, endCol: 1 };
    const offsets = locateOffsets(entry.doc, ref.path);
    return toRange(entry.file, entry.lines, offsets);
  }
}

function nodeOffsets(node: Node | null | undefined): [number, number] | undefined {
  const r = node?.range;
  return r ? [r[0], r[1]] : undefined;
}

function locateOffsets(doc: YamlDoc, path: Path): [number, number] {
  let node: unknown = doc.contents;
  let best: [number, number] = nodeOffsets(doc.contents as Node) ?? [0, 0];
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
      if (!pair) break;
      const keyR = nodeOffsets(pair.key as Node);
      const valR = nodeOffsets(pair.value as Node);
      if (keyR) best = [keyR[0], valR ? valR[1] : keyR[1]];
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      const r = nodeOffsets(item as Node);
      if (!item || !r) break;
      best = r;
      node = item;
    } else {
      break;
    }
  }
  return best;
}

function toRange(file: string, lines: LineIndex, [start, end]: [number, number]): SourceRange {
  const s = lines.position(start);
  // A block value's range ends after its trailing newline; point at the end of the last real line.
  const e = lines.position(Math.max(start, end > start ? end - 1 : end));
  return { file, startLine: s.line, startCol: s.col, endLine: e.line, endCol: e.col + 1 };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseManifests(files: readonly InputFile[], options: ParseOptions = {}): ParseResult {
  const maxAliasCount = options.maxAliasCount ?? 100;
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
    let docs: YamlDoc[];
    try {
      const lineCounter = new LineCounter();
      docs = parseAllDocuments(file.text, { version: '1.1', lineCounter, prettyErrors: false }) as YamlDoc[];
      if (!Array.isArray(docs)) docs = [];
    } catch (e) {
      diagnostics.push({
        code: 'input-too-deep',
        severity: DIAGNOSTIC_CODES['input-too-deep'],
        message: `The input could not be read: ${e instanceof Error ? e.message : String(e)}`,
        range: at(0, 0),
      });
      continue;
    }

    docs.forEach((doc, indexInFile) => {
      const id = entries.length;
      entries.push({ file: file.name, doc, lines });
      const cr = (doc.contents as Node | null)?.range ?? doc.range;
      const docRange = cr ? at(cr[0], cr[1]) : at(0, 0);
      documents.push({ id, file: file.name, indexInFile, range: docRange });

      for (const w of doc.warnings) {
        diagnostics.push({ code: 'yaml-warning', severity: 'warning', message: w.message.split('\n')[0], range: at(w.pos[0], w.pos[1]) });
      }
      if (doc.errors.length > 0) {
        for (const err of doc.errors) {
          diagnostics.push({
            code: 'yaml-syntax',
            severity: 'error',
            message: `YAML syntax error: ${err.message.split('\n')[0]}. This document is skipped; the others still load.`,
            range: at(err.pos[0], err.pos[1]),
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
    });
  }
  return { documents, objects, diagnostics, sourceMap };
}

const LIST_KIND = /List$/;

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
  const range = () => (ref.path.length === 0 ? docRange : sourceMap.locate(ref));
  if (Array.isArray(value)) {
    value.forEach((item, i) => collectObjects(item, { doc: ref.doc, path: [...ref.path, i] }, docRange, sourceMap, out, diagnostics));
    return;
  }
  if (!isRecord(value)) {
    diagnostics.push({
      code: 'not-an-object',
      severity: 'error',
      message: `Expected a Kubernetes object (a mapping with apiVersion, kind and metadata), found ${describe(value)}.`,
      range: range(),
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
      range: range(),
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
  out.push({ ref, range: range(), kind: kindRaw, apiVersion, name, namespace: ns || undefined, value: obj });
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return `${typeof v} ${String(v)}`;
}
