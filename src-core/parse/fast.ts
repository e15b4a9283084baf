// The fast parse path's per-document steps (see parse.ts): which documents it may take from text checks
// alone, reading one with js-yaml, and handing the others to the `yaml` package so that document
// boundaries stay exactly where a full parse puts them.
import { load as loadWithJsYaml } from 'js-yaml';
import type { Document } from 'yaml';
import { contentRange, jsonListItemRanges, jsYamlDiverges, listItemRanges, needsFullParser, type Chunk } from './chunks';
import { readLite } from './lite';
import { YAML11_AS_YAML_PACKAGE } from './yaml11';

type YamlDoc = Document.Parsed;

/** No aliases at all on the fast path: documents with aliases (and alias bombs) go to `yaml`. */
export const JS_YAML_OPTIONS = { schema: YAML11_AS_YAML_PACKAGE, maxAliases: 0 };

/**
 * Documents from chunk k on, read by `yaml` exactly as a parse of the whole file would read them. A
 * broken document may not end at the next `---` for `yaml` (an unclosed quote runs on), so the text
 * grows (1, 2, 4 ... chunks) until `yaml` sees as many documents as chunks and the last one is clean,
 * i.e. its boundaries agree with the split again; at worst that is the rest of the file.
 */
export function readWithYaml(
  text: string,
  chunks: readonly Chunk[],
  k: number,
  parse: (text: string) => YamlDoc[] | string,
): { docs: YamlDoc[] | string; last: number } {
  for (let span = 1; ; span *= 2) {
    const m = Math.min(chunks.length - 1, k + span - 1);
    const docs = parse(text.slice(chunks[k].start, chunks[m].end));
    if (m === chunks.length - 1 || typeof docs === 'string') return { docs, last: m };
    const lastDoc = docs[docs.length - 1];
    if (docs.length === m - k + 1 && lastDoc && lastDoc.errors.length === 0) return { docs, last: m };
  }
}

/** A root `kind: …List` (or a top-level sequence): every item needs its own position. For a block
 *  `items:` sequence the text scan finds them (listItemRanges); anything else goes to `yaml` directly
 *  instead of being read twice. */
const BLOCK_LIST_KIND = /^kind:[ \t]*["']?[A-Za-z]*List["']?[ \t]*(?:#.*)?\r?$/m;
const FLOW_LIST_KIND = /["']?kind["']?[ \t]*:[ \t]*["']?[A-Za-z]*List\b/;

export interface FastRoot {
  root: [number, number];
  items?: [number, number][];
}

/** The contents range of a document the fast path may take, from text checks alone; undefined if not. */
export function fastRoot(text: string, chunk: Chunk): FastRoot | undefined {
  const body = text.slice(chunk.start, chunk.end);
  if (needsFullParser(body)) return undefined;
  const root = contentRange(text, chunk);
  if (!root) return undefined;
  const first = text.charCodeAt(root[0]);
  if (first === 45 /* - */ || first === 91 /* [ */) return undefined;
  if (first === 123 /* { */) {
    if (!FLOW_LIST_KIND.test(body)) return { root };
    const items = jsonListItemRanges(text, root);
    return items ? { root, items } : undefined;
  }
  if (body.includes('List') && BLOCK_LIST_KIND.test(body)) {
    const items = listItemRanges(text, root);
    return items ? { root, items } : undefined;
  }
  return { root };
}

/**
 * One document's value — `loaded` from the lite or batch pass, or (undefined: not read yet) the lite
 * reader here, else js-yaml — when the fast path can vouch for the result: a mapping, no syntax error, no
 * alias, merge key or explicit tag, and a contents range the text scan is sure of. Undefined sends the
 * document to the `yaml` package.
 */
export function readFast(
  text: string,
  chunk: Chunk,
  { root, items }: FastRoot,
  loaded: unknown,
): { value: Record<string, unknown> | unknown[]; root: [number, number]; items?: [number, number][] } | undefined {
  let value: unknown = loaded;
  if (value === undefined && (value = readLite(text, root[0], chunk.end)) === undefined) {
    const body = text.slice(chunk.start, chunk.end);
    if (jsYamlDiverges(body)) return undefined;
    try {
      value = loadWithJsYaml(body, JS_YAML_OPTIONS);
    } catch {
      return undefined;
    }
  }
  if (value === null || typeof value !== 'object' || value instanceof Date) return undefined;
  // The scanned items must be the list's items, one for one.
  if (items && !(Array.isArray((value as { items?: unknown }).items) && ((value as { items: unknown[] }).items.length === items.length))) return undefined;
  return { value: value as Record<string, unknown> | unknown[], root, items };
}
