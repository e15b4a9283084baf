// The one sanitiser for untrusted text from manifests wherever it is shown (issue 16): the app's panels and
// graph labels, the SVG/Markdown/text exports and the CLI. Names, labels and messages may carry terminal
// escapes, NUL and other control characters, and bidi overrides or isolates (U+202A–U+202E,
// U+2066–U+2069, U+200E/U+200F, U+061C) that make `evil‮txt.exe` display reversed. Each such character
// is shown as a visible escape, `\u{202e}`, so what a person reads is what the manifest says.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_TEST = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Control and bidi-control characters shown as `\u{hex}`; line breaks and tabs are kept. */
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
