// The one sanitiser for untrusted text from manifests wherever it is shown (issues 11 and 16): the app's
// panels and graph labels, the SVG/Markdown/text/JSON/CSV/XML/DOT outputs and the CLI. Names, labels and
// messages may carry terminal escapes, NUL and other control characters, bidi overrides or isolates
// (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C) that make `evil‮txt.exe` display reversed, and
// invisible characters (zero-width space/joiners U+200B–U+200D, word joiner and invisible operators
// U+2060–U+2064, BOM U+FEFF, line/paragraph separators U+2028/U+2029) that make two names look alike.
// Each such character is shown as a visible escape, `\u{202e}`, so what a person reads is what the
// manifest says. The per-format escapers below (Markdown, XML/HTML, CSV, JSON) all start from it, so a
// format can add escaping but never forget this part.
// eslint-disable-next-line no-control-regex
const UNSAFE_CLASS = '\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u061c\\u200b-\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff';
const UNSAFE = new RegExp(`[${UNSAFE_CLASS}]`, 'g');
const UNSAFE_TEST = new RegExp(`[${UNSAFE_CLASS}]`);

/** Control, bidi-control and invisible characters shown as `\u{hex}`; line breaks and tabs are kept. */
export function neutralize(s: string): string {
  return UNSAFE_TEST.test(s) ? s.replace(UNSAFE, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`) : s;
}

/** One line: line breaks and tabs folded to spaces, then neutralised. */
export function neutralizeLine(s: string): string {
  return neutralize(s.replace(/\r\n|\r|\n|\t/g, ' '));
}

/** Names longer than this are cut in the app (the full text is on hover). */
export const DISPLAY_MAX = 120;

/** A long name cut in the middle with `…` (both ends are what tells names apart), neutralised. */
export function displayText(s: string, max = DISPLAY_MAX): string {
  const t = neutralizeLine(s);
  if (t.length <= max) return t;
  const head = Math.ceil((max - 1) * 0.6);
  return `${t.slice(0, head)}…${t.slice(t.length - (max - 1 - head))}`;
}

// ---------------------------------------------------------------------------------------------------
// Markdown (CommonMark / GFM)

/** Inline Markdown text, never at a line start: the characters that can open markup mid-line (emphasis,
 *  code, links, HTML, entities, table cells, strike-through) are backslash-escaped; the rest stays readable. */
export function markdownText(s: string): string {
  return neutralizeLine(s).replace(/[\\`*_[\]<>|~&]/g, (c) => '\\' + c);
}

/** Inline code for untrusted text: a backtick string longer than any run inside it (CommonMark 6.1). */
export function markdownCode(s: string): string {
  const text = neutralizeLine(s);
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text === '' ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** A fenced block for untrusted multi-line text: the fence is longer than any backtick run inside. */
export function markdownFence(body: string, info = ''): string {
  const longest = Math.max(0, ...(body.match(/`{3,}/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${neutralize(body).replace(/\n$/, '')}\n${fence}`;
}

// ---------------------------------------------------------------------------------------------------
// XML / HTML (JUnit, SVG)

// XML 1.0 allows tab, LF, CR and U+0020 upward (less surrogates and U+FFFE/FFFF).
// eslint-disable-next-line no-control-regex
const NOT_XML = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Text or an attribute value in XML/HTML: neutralised, characters XML 1.0 cannot carry dropped, the five
 *  metacharacters as entities. */
export function xmlText(s: string): string {
  return neutralize(s).replace(NOT_XML, '').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

// ---------------------------------------------------------------------------------------------------
// CSV (RFC 4180)

/** One CSV cell of untrusted text: one line, neutralised; quoted when needed; a leading = + - @ tab or CR
 *  (a spreadsheet formula, OWASP "CSV injection") is defused with a leading '. */
export function csvCell(s: string): string {
  const v = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  const t = neutralize(v.replace(/\r\n|\r|\n/g, ' '));
  return /[",]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

// ---------------------------------------------------------------------------------------------------
// JSON

/** JSON for a terminal or a file: the same value as JSON.stringify gives (JSON.parse reads it back equal),
 *  but every unsafe character inside a string is written as a `\uXXXX` escape, so a label's bidi override
 *  cannot reorder what a person reads on the screen. Outside strings JSON.stringify writes only ASCII. */
export function jsonText(value: unknown, indent = 2): string {
  const raw = JSON.stringify(value, null, indent) ?? 'null';
  return UNSAFE_TEST.test(raw) ? raw.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : raw;
}
