// The source map of a parse (parse.ts): resolves a NodeRef to a file range with the `yaml` package's own
// node ranges. Fast-path documents (read without `yaml`) know their own range and, for `kind: List`
// dumps, their items' ranges from text scans; anything deeper is resolved by re-parsing just that
// document with `yaml` on first use (an LRU of recent documents).
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import type { LineIndex, NodeRef, Path, SourceMap, SourceRange } from './source';
import { YAML_OPTIONS } from './yaml11';

type YamlDoc = Document.Parsed;

export interface DocEntry {
  file: string;
  lines: LineIndex;
  /** The `yaml` document, when it has been parsed (always for the full path; lazily for fast ones). */
  doc?: YamlDoc;
  /** Where the text `doc` was parsed from starts in the file (its offsets are relative to it). */
  offset: number;
  /** Fast-path documents: the file text and the document's chunk, to re-parse on demand. */
  text?: string;
  chunkEnd?: number;
  /** Fast-path documents: the contents' [start, end) in the file, known without parsing. */
  root?: [number, number];
  /** Fast-path `kind: List` documents: each item's [start, end), so listing objects needs no parse. */
  items?: [number, number][];
}

/** How many lazily re-parsed documents to keep (a trace touches a handful; the app's lists reuse them). */
const LAZY_CACHE_SIZE = 256;

/** Resolves NodeRefs against the `yaml` documents' node ranges. */
export class YamlSourceMap implements SourceMap {
  private readonly lazy = new Map<DocEntry, YamlDoc>();
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
    if (ref.path.length === 0 && entry.root) return toRange(entry.file, entry.lines, entry.root);
    if (entry.items && ref.path.length === 2 && ref.path[0] === 'items' && typeof ref.path[1] === 'number' && entry.items[ref.path[1]]) {
      return toRange(entry.file, entry.lines, entry.items[ref.path[1]]);
    }
    const [start, end] = locateOffsets(this.docOf(entry), ref.path);
    return toRange(entry.file, entry.lines, [start + entry.offset, end + entry.offset]);
  }

  /** How many of the fast-path documents the lite reader read (lite.ts; the others went through js-yaml). */
  liteCount = 0;

  /** How many documents were read on the fast path (for tests and the benchmark). */
  fastCount(): number {
    return this.docs.reduce((n, e) => n + (e.root ? 1 : 0), 0);
  }

  /** The `yaml` document of an entry, parsing a fast-path document's chunk on first use. */
  private docOf(entry: DocEntry): YamlDoc {
    if (entry.doc) return entry.doc;
    let doc = this.lazy.get(entry);
    if (doc) {
      this.lazy.delete(entry); // re-insert: most recently used last
    } else {
      doc = parseAllDocuments((entry.text as string).slice(entry.offset, entry.chunkEnd), YAML_OPTIONS)[0] as YamlDoc;
      if (this.lazy.size >= LAZY_CACHE_SIZE) this.lazy.delete(this.lazy.keys().next().value as DocEntry);
    }
    this.lazy.set(entry, doc);
    return doc;
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

export function toRange(file: string, lines: LineIndex, [start, end]: [number, number]): SourceRange {
  const s = lines.position(start);
  // A block value's range ends after its trailing newline; point at the end of the last real line.
  const e = lines.position(Math.max(start, end > start ? end - 1 : end));
  return { file, startLine: s.line, startCol: s.col, endLine: e.line, endCol: e.col + 1 };
}
