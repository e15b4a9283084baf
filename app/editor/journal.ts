// The edit journal that makes the last keystroke in a large text survive a reload at any moment (issue 16).
// A text of 1M+ characters is autosaved to IndexedDB (autosaveStore.ts), which is slow and asynchronous: a
// reload during the 1.5 s debounce, or a `pagehide` whose IndexedDB write cannot finish, lost the last edits.
// So every editor change to such a text is also written at once, synchronously, as a small delta into the
// autosave record in localStorage (startup.ts), relative to the text version the record points at; a
// reload replays the deltas on that version. Pure functions here; startup.ts owns the storage.

/** One Monaco change: replace `length` characters at `offset` (in the text before the edit) with `text`. */
export type Change = [offset: number, length: number, text: string];

/** One editor edit (all its changes refer to the text before it). */
export interface JournalEntry {
  seq: number;
  changes: Change[];
}

/** Applies one edit's changes (non-overlapping, each relative to the text before the edit). */
export function applyChanges(text: string, changes: readonly Change[]): string {
  const sorted = [...changes].sort((a, b) => b[0] - a[0]);
  let out = text;
  for (const [offset, length, t] of sorted) out = out.slice(0, offset) + t + out.slice(offset + length);
  return out;
}

/** The text after replaying the journal on its base; null when an entry does not fit (a damaged record). */
export function replay(base: string, entries: readonly JournalEntry[]): string | null {
  let text = base;
  for (const e of entries) {
    for (const [offset, length, t] of e.changes) {
      if (!Number.isInteger(offset) || !Number.isInteger(length) || typeof t !== 'string' || offset < 0 || length < 0 || offset + length > text.length) return null;
    }
    text = applyChanges(text, e.changes);
  }
  return text;
}

/** The editor's last change, handed to the autosave with the text it produced (see noteEditorChange). */
let pending: { changes: Change[]; length: number } | null = null;

/** Called by the editor for each content change, just before it sets the store's text. */
export function noteEditorChange(changes: readonly { rangeOffset: number; rangeLength: number; text: string }[], resultLength: number): void {
  pending = { changes: changes.map((c) => [c.rangeOffset, c.rangeLength, c.text]), length: resultLength };
}

/** The changes that produced a text of this length, if the last store change came from the editor. */
export function takeEditorChange(resultLength: number): Change[] | null {
  const p = pending;
  pending = null;
  return p && p.length === resultLength ? p.changes : null;
}
