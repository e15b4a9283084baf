// Characters and bytes Kubernetes' YAML reader refuses, found before the YAML parsers see the text.
// kubectl and the API server read manifests with go-yaml (sigs.k8s.io/yaml), whose reader stops the
// document at invalid UTF-8 ("invalid leading UTF-8 octet", "invalid trailing UTF-8 octet" …) and at any
// character outside YAML's printable set ("control characters are not allowed"):
// kubernetes/kubernetes vendor/gopkg.in/yaml.v2/readerc.go, yaml_parser_update_buffer. The `yaml` package
// accepts a NUL or other control characters in scalars and JavaScript's decoders replace invalid bytes
// with U+FFFD silently, so both would otherwise load a document kubectl never applies.

/** Characters outside go-yaml's allowed set (#x9 | #xA | #xD | [#x20-#x7E] | #x85 | [#xA0-#xD7FF] |
 *  [#xE000-#xFFFD] | [#x10000-#x10FFFF]), and unpaired surrogates (which no UTF-8 text can hold). */
export const FORBIDDEN_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const FORBIDDEN_CHAR_G = new RegExp(FORBIDDEN_CHAR.source, 'g');

/** Offsets of forbidden characters in text[from, to), at most `max` of them. */
export function forbiddenCharacters(text: string, from: number, to: number, max = 20): number[] {
  const out: number[] = [];
  const slice = from === 0 && to === text.length ? text : text.slice(from, to);
  if (!FORBIDDEN_CHAR.test(slice)) return out;
  FORBIDDEN_CHAR_G.lastIndex = 0;
  for (let m = FORBIDDEN_CHAR_G.exec(slice); m && out.length < max; m = FORBIDDEN_CHAR_G.exec(slice)) out.push(from + m.index);
  return out;
}

/** `U+0000 (NUL)`: how a support engineer finds the character in a hex editor. */
export function describeChar(text: string, at: number): string {
  const c = text.codePointAt(at) ?? 0;
  const hex = c.toString(16).toUpperCase().padStart(4, '0');
  const names: Record<number, string> = { 0: 'NUL', 0x1b: 'ESC', 0x7f: 'DEL', 0xfffe: 'a non-character', 0xffff: 'a non-character' };
  const name = names[c] ?? (c >= 0xd800 && c <= 0xdfff ? 'an unpaired surrogate' : 'a control character');
  return `U+${hex} (${name})`;
}

export interface DecodedText {
  text: string;
  /** Offsets in `text` of the U+FFFD characters that stand for invalid bytes (the first per line). */
  invalidUtf8: number[];
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Length of a valid UTF-8 sequence at bytes[i] (RFC 3629 §4, the table go-yaml checks too), or 0. */
function sequenceLength(b: Uint8Array, i: number, end: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const t = (k: number, lo = 0x80, hi = 0xbf) => i + k < end && b[i + k] >= lo && b[i + k] <= hi;
  if (c >= 0xc2 && c <= 0xdf) return t(1) ? 2 : 0;
  if (c === 0xe0) return t(1, 0xa0) && t(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return t(1) && t(2) ? 3 : 0;
  if (c === 0xed) return t(1, 0x80, 0x9f) && t(2) ? 3 : 0;
  if (c === 0xf0) return t(1, 0x90) && t(2) && t(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return t(1) && t(2) && t(3) ? 4 : 0;
  if (c === 0xf4) return t(1, 0x80, 0x8f) && t(2) && t(3) ? 4 : 0;
  return 0;
}

/**
 * Bytes as the CLI and the app read them: UTF-8 (a leading BOM kept, as the YAML parsers expect it), invalid
 * sequences replaced by U+FFFD as every decoder does, and where they were, so the parse can report them
 * with their line and column instead of loading a document kubectl would reject.
 */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  try {
    return { text: strict.decode(bytes), invalidUtf8: [] };
  } catch {
    // Invalid somewhere: find the first bad sequence of each line (a line break is one byte in UTF-8).
  }
  const text = lenient.decode(bytes);
  const invalidUtf8: number[] = [];
  let textAt = 0; // offset in `text` of the current line's start
  for (let ls = 0; ls < bytes.length; ) {
    let le = bytes.indexOf(10, ls);
    if (le === -1) le = bytes.length;
    const line = bytes.subarray(ls, le);
    let bad = -1;
    for (let i = 0; i < line.length; ) {
      const n = sequenceLength(line, i, line.length);
      if (n === 0) {
        bad = i;
        break;
      }
      i += n;
    }
    if (bad !== -1) invalidUtf8.push(textAt + strict.decode(line.subarray(0, bad)).length);
    textAt += lenient.decode(line).length + (le < bytes.length ? 1 : 0);
    ls = le + 1;
  }
  return { text, invalidUtf8 };
}
