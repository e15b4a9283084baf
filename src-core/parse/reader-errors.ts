// Corrections to what the `yaml` package reports, shared by both parse paths (parse.ts): errors filed
// under the wrong document, and text kubectl's YAML reader refuses but `yaml` accepts (encoding.ts).
import type { Document } from 'yaml';
import { contentStart, isMarkerAt } from './chunks';
import { describeChar, forbiddenCharacters } from './encoding';
import type { InputFile } from './parse';

type YamlDoc = Document.Parsed;

/**
 * `yaml` files an error found at the very start of a document (a stray `]` or `}` before its first key)
 * under the PREVIOUS document, which would then be skipped while the broken one loads: a valid
 * default-deny policy followed by a broken document would vanish (issue 16). Each error and warning
 * goes to the document whose range holds its position.
 */
export function reattachErrors(docs: YamlDoc[]): YamlDoc[] {
  for (let i = 0; i + 1 < docs.length; i++) {
    const next = docs[i + 1].range[0];
    for (const list of ['errors', 'warnings'] as const) {
      const own = docs[i][list];
      if (!own.some((e) => e.pos[0] >= next)) continue;
      docs[i][list] = own.filter((e) => e.pos[0] < next);
      for (const e of own) {
        if (e.pos[0] < next) continue;
        let j = i + 1;
        while (j + 1 < docs.length && docs[j + 1].range[0] <= e.pos[0]) j++;
        (docs[j][list] as typeof own).push(e);
        docs[j][list].sort((a, b) => a.pos[0] - b.pos[0]);
      }
    }
  }
  return docs;
}

export interface Unreadable {
  code: 'invalid-utf8' | 'invalid-character';
  at: number;
  message: string;
}

const SKIPPED = 'kubectl and the API server stop reading the document there, so it is skipped; the others still load.';

/** Invalid UTF-8 and forbidden characters in file.text[from, to), in text order. */
export function unreadable(file: InputFile, from: number, to: number): Unreadable[] {
  const out: Unreadable[] = [];
  for (const at of file.invalidUtf8 ?? []) {
    if (at >= from && at < to) {
      out.push({ code: 'invalid-utf8', at, message: `The file is not valid UTF-8 here (the bytes are shown as U+FFFD). ${SKIPPED} Save the file as UTF-8.` });
    }
  }
  for (const at of forbiddenCharacters(file.text, from, to)) {
    out.push({
      code: 'invalid-character',
      at,
      message: `${describeChar(file.text, at)} is not allowed in YAML (go-yaml: "control characters are not allowed"). ${SKIPPED} Remove it, or write it as an escape such as "\\x01" inside a double-quoted string.`,
    });
  }
  return out.sort((a, b) => a.at - b.at);
}

/**
 * Where `yaml` stopped reading a document without an error: the first content (not blank, a comment or a
 * `...` line) in text[from, to) after the document's own range, or -1. Found by the differential fuzz
 * test: after a malformed explicit key `yaml` can end the document early, drop the rest of it and every
 * document after it, and report nothing.
 */
export function silentStop(text: string, from: number, to: number): number {
  for (let at = contentStart(text, from, to); at !== -1; ) {
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    if (at !== lineStart || !isMarkerAt(text, at, '.')) return at;
    const nl = text.indexOf('\n', at);
    if (nl === -1 || nl + 1 >= to) return -1;
    at = contentStart(text, nl + 1, to);
  }
  return -1;
}

/** The next `---` line at or after `from` and before `end`, where kubectl's reader would start the next
 *  document (k8s.io/apimachinery pkg/util/yaml YAMLReader splits at `---` lines); -1 if none. */
export function nextMarker(text: string, from: number, end: number): number {
  for (let i = text.indexOf('\n---', from - 1); i !== -1 && i + 1 < end; i = text.indexOf('\n---', i + 1)) {
    if (i + 1 >= from && isMarkerAt(text, i + 1, '-')) return i + 1;
  }
  return -1;
}
