// Autosave: the workspace survives a reload. Small texts are written inline to localStorage (400 ms after a
// change, and at `pagehide`). Large texts (whole-cluster dumps) go to IndexedDB through a worker
// (editor/autosaveStore.ts: the page pays one postMessage, ~15–30 ms for 12.7 MB; JSON or TextEncoder took
// 110–150 ms, IndexedDB's own put 50–130 ms), and the small localStorage record says where the text is.
// An IndexedDB write takes seconds and cannot finish during `pagehide`, so every editor change to a large
// text is also journalled at once into the record (editor/journal.ts): a reload replays the journal on the
// stored version, and the last keystroke is never lost (issue 16). Each stored version has its own key,
// and the record moves to a new one only once it is written, so a reload always finds a consistent pair.
// A change the journal cannot hold — a whole file pasted over the text, a large text pasted or opened over a
// small one — makes the new text itself the base, written at once to localStorage (INLINE_BASE_KEY, one
// synchronous write of a few milliseconds per such change); the journal then continues on it until the
// IndexedDB write of a newer version lands. Only when localStorage cannot hold it either is the edit lost.
import { useAppStore, type AppState } from './store';
import { getLargeText, keepLargeTexts, putLargeText } from './editor/autosaveStore';
import { replay, takeEditorChange, type JournalEntry } from './editor/journal';
import { historyTextKeys } from './workspaces';

export const AUTOSAVE_KEY = 'podpath:autosave';
/** A large text written synchronously while its IndexedDB write is pending (see the header); two keys used in
 *  turn, so the record always points at a complete one. */
export const INLINE_BASE_KEYS = ['podpath:autosave:text-a', 'podpath:autosave:text-b'] as const;
/** A change inserting more characters than this is not journalled: the new text becomes the base instead,
 *  so each later keystroke does not rewrite a megabyte of journal. */
export const JOURNAL_ENTRY_LIMIT = 64 * 1024;
/** Texts at least this long (characters) are autosaved to IndexedDB, not inline in localStorage. */
export const AUTOSAVE_INLINE_LIMIT = 1_000_000;

export type SavedFields = Pick<AppState, 'profile' | 'traceQuery' | 'scenarioId'> & Partial<Pick<AppState, 'traceQueryOrigin' | 'profileOrigin'>>;

export interface SavedRecord extends Partial<SavedFields> {
  text?: string;
  /** The text is in IndexedDB under `idbKey` (default `text`, older builds) and has this many characters. */
  textInIdb?: number;
  idbKey?: string;
  /** The text is in localStorage under `inlineKey` (one of INLINE_BASE_KEYS) and has this many characters. */
  textInline?: number;
  inlineKey?: string;
  /** Editor changes since that version, replayed on it at restore. */
  journal?: JournalEntry[];
  /** A change the journal cannot express happened since (a paste of a whole file): the version is older. */
  journalBroken?: boolean;
}

export function readRecord(): SavedRecord | null {
  try {
    const raw = localStorage.getItem(AUTOSAVE_KEY);
    return raw ? (JSON.parse(raw) as SavedRecord) : null;
  } catch {
    return null;
  }
}

/** The autosaved workspace (text and fields), or null. Large texts are read from IndexedDB and their journal replayed. */
export async function readAutosaved(record = readRecord()): Promise<({ text: string } & Partial<SavedFields>) | null> {
  if (!record) return null;
  let text = record.text;
  if (typeof record.textInIdb === 'number') {
    const stored = await getLargeText(record.idbKey ?? 'text').catch(() => null);
    text = stored !== null && stored.length === record.textInIdb ? stored : undefined;
    if (text !== undefined && record.journal?.length && !record.journalBroken) text = replay(text, record.journal) ?? text;
  } else if (typeof record.textInline === 'number') {
    let stored: string | null = null;
    try {
      stored = (INLINE_BASE_KEYS as readonly string[]).includes(record.inlineKey ?? '') ? localStorage.getItem(record.inlineKey!) : null;
    } catch {
      stored = null;
    }
    text = stored !== null && stored.length === record.textInline ? stored : undefined;
    if (text !== undefined && record.journal?.length && !record.journalBroken) text = replay(text, record.journal) ?? text;
  }
  if (typeof text !== 'string') return null;
  return { text, profile: record.profile, traceQuery: record.traceQuery, scenarioId: record.scenarioId, traceQueryOrigin: record.traceQueryOrigin, profileOrigin: record.profileOrigin };
}

/** What is stored when a restore begins: the autosave continues from the same version and journal. */
let resumeFrom: SavedRecord | null = null;

export async function restoreAutosave(): Promise<boolean> {
  try {
    const record = readRecord();
    const saved = await readAutosaved(record);
    if (!saved) return false;
    // The origins come back as they were saved (a query the person typed stays theirs), in the same update.
    useAppStore.getState().loadState({ text: saved.text, profile: saved.profile ?? 'auto', traceQuery: saved.traceQuery ?? null, scenarioId: saved.scenarioId ?? null, traceQueryOrigin: saved.traceQueryOrigin === 'user' ? 'user' : undefined, profileOrigin: saved.profileOrigin === 'user' ? 'user' : undefined });
    resumeFrom = record;
    return true;
  } catch {
    return false;
  }
}

export function startAutosave(): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** The version the record points at (in IndexedDB, or inline in localStorage), the seq it was taken at,
   *  and the editor changes since it. */
  let base: { key: string; length: number; inline?: boolean; seq: number } | null = null;
  let journal: JournalEntry[] = [];
  let seq = 0;
  /** seq of the last change the journal could not express (0: none since the base). */
  let brokenAt = 0;
  let version = Date.now();
  /** The large text last sent to IndexedDB (or being sent), so it is written once per change. */
  let inIdb: string | null = null;
  let idbFailed = false;
  if (resumeFrom?.textInIdb !== undefined || resumeFrom?.textInline !== undefined) {
    base = resumeFrom.textInIdb !== undefined ? { key: resumeFrom.idbKey ?? 'text', length: resumeFrom.textInIdb, seq: 0 } : { key: resumeFrom.inlineKey ?? INLINE_BASE_KEYS[0], length: resumeFrom.textInline!, inline: true, seq: 0 };
    journal = resumeFrom.journal ?? [];
    seq = journal.reduce((m, e) => Math.max(m, e.seq), 0);
    brokenAt = resumeFrom.journalBroken ? ++seq : 0;
    // An inline base still has to reach IndexedDB.
    inIdb = base.inline ? null : useAppStore.getState().text;
    if (base.inline) timer = setTimeout(() => save(), 1500);
  }
  const tooLarge = () => useAppStore.getState().setNotice('This text is too large to autosave in the browser; download it to keep it.');
  const fields = (): SavedFields => {
    const s = useAppStore.getState();
    return { profile: s.profile, profileOrigin: s.profileOrigin, traceQuery: s.traceQuery, traceQueryOrigin: s.traceQueryOrigin, scenarioId: s.scenarioId };
  };
  const writeRecord = (record: SavedRecord): boolean => {
    try {
      localStorage.setItem(AUTOSAVE_KEY, JSON.stringify(record));
      return true;
    } catch {
      tooLarge();
      return false;
    }
  };
  const writeLargeRecord = () => {
    if (!base) return;
    const where: SavedRecord = base.inline ? { textInline: base.length, inlineKey: base.key } : { textInIdb: base.length, idbKey: base.key };
    writeRecord({ ...where, journal, journalBroken: brokenAt > 0 || undefined, ...fields() });
  };
  const dropInline = (keep?: string) => {
    for (const k of INLINE_BASE_KEYS) {
      if (k === keep) continue;
      try {
        localStorage.removeItem(k);
      } catch {
        // Nothing to free.
      }
    }
  };
  /** Makes `text` the base at once (synchronously): false when localStorage cannot hold it (the record then
   *  still points at the previous, complete version). */
  const rebaseInline = (text: string): boolean => {
    const key = base?.inline && base.key === INLINE_BASE_KEYS[0] ? INLINE_BASE_KEYS[1] : INLINE_BASE_KEYS[0];
    try {
      localStorage.setItem(key, text);
      localStorage.setItem(AUTOSAVE_KEY, JSON.stringify({ textInline: text.length, inlineKey: key, journal: [], ...fields() } satisfies SavedRecord));
    } catch {
      dropInline(base?.inline ? base.key : undefined);
      return false;
    }
    dropInline(key);
    base = { key, length: text.length, inline: true, seq };
    journal = [];
    brokenAt = 0;
    return true;
  };
  const save = () => {
    const s = useAppStore.getState();
    if (s.text.length < AUTOSAVE_INLINE_LIMIT) {
      writeRecord({ text: s.text, ...fields() });
      if (base !== null || inIdb !== null) {
        if (base?.inline) dropInline();
        base = null;
        journal = [];
        inIdb = null;
        void keepLargeTexts(historyTextKeys()).catch(() => undefined);
      }
      return;
    }
    if (idbFailed) return tooLarge();
    if (inIdb === s.text) return writeLargeRecord();
    const text = s.text;
    const key = `text:${version++}`;
    const seqAtPut = seq;
    inIdb = text;
    // The record points at the new version only once it is stored: a reload meanwhile finds the previous
    // version and the journal of every change since.
    putLargeText(text, key)
      .then(() => {
        // An inline base taken after this version was sent is newer: keep it (the next save sends it).
        if (base && base.seq > seqAtPut) return;
        const wasInline = base?.inline;
        base = { key, length: text.length, seq: seqAtPut };
        journal = journal.filter((e) => e.seq > seqAtPut);
        if (brokenAt <= seqAtPut) brokenAt = 0;
        writeLargeRecord();
        if (wasInline) dropInline();
        void keepLargeTexts([key, ...historyTextKeys()]).catch(() => undefined);
      })
      .catch(() => {
        idbFailed = true;
        inIdb = null;
        tooLarge();
      });
  };
  useAppStore.subscribe((s, prev) => {
    if (s.text === prev.text && s.profile === prev.profile && s.traceQuery === prev.traceQuery && s.scenarioId === prev.scenarioId) return;
    if (s.text !== prev.text && s.text.length >= AUTOSAVE_INLINE_LIMIT) {
      // Journal the editor's change now, synchronously: it survives a reload a millisecond later.
      const changes = takeEditorChange(s.text.length);
      seq++;
      const inserted = changes ? changes.reduce((n, c) => n + c[2].length, 0) : Infinity;
      if (changes && base && inserted <= JOURNAL_ENTRY_LIMIT) {
        journal.push({ seq, changes });
        writeLargeRecord();
      } else if (!rebaseInline(s.text)) brokenAt = seq;
    }
    if (timer) clearTimeout(timer);
    // A large text waits longer: typing in a whole-cluster dump writes it once per pause, not per burst.
    timer = setTimeout(save, s.text.length < AUTOSAVE_INLINE_LIMIT ? 400 : 1500);
  });
  // Small texts: the last keystrokes are written as the tab closes (large ones are in the journal already).
  window.addEventListener('pagehide', save);
}
