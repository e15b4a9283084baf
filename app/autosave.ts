// Autosave: the workspace survives a reload. Small texts are written inline to localStorage (400 ms after a
// change, and at `pagehide`). Large texts (whole-cluster dumps) go to IndexedDB through a worker
// (editor/autosaveStore.ts: the page pays one postMessage, ~15–30 ms for 12.7 MB; JSON or TextEncoder took
// 110–150 ms, IndexedDB's own put 50–130 ms), and the small localStorage record says where the text is.
// An IndexedDB write takes seconds and cannot finish during `pagehide`, so every editor change to a large
// text is also journalled at once into the record (editor/journal.ts): a reload replays the journal on the
// stored version, and the last keystroke is never lost (issue 16). Each stored version has its own key,
// and the record moves to a new one only once it is written, so a reload always finds a consistent pair.
import { useAppStore, type AppState } from './store';
import { getLargeText, keepLargeTexts, putLargeText } from './editor/autosaveStore';
import { replay, takeEditorChange, type JournalEntry } from './editor/journal';
import { historyTextKeys } from './workspaces';

export const AUTOSAVE_KEY = 'podpath:autosave';
/** Texts at least this long (characters) are autosaved to IndexedDB, not inline in localStorage. */
export const AUTOSAVE_INLINE_LIMIT = 1_000_000;

export type SavedFields = Pick<AppState, 'profile' | 'traceQuery' | 'scenarioId'> & Partial<Pick<AppState, 'traceQueryOrigin' | 'profileOrigin'>>;

export interface SavedRecord extends Partial<SavedFields> {
  text?: string;
  /** The text is in IndexedDB under `idbKey` (default `text`, older builds) and has this many characters. */
  textInIdb?: number;
  idbKey?: string;
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
  /** The version the record points at, and the editor changes since it. */
  let base: { key: string; length: number } | null = null;
  let journal: JournalEntry[] = [];
  let seq = 0;
  /** seq of the last change the journal could not express (0: none since the base). */
  let brokenAt = 0;
  let version = Date.now();
  /** The large text last sent to IndexedDB (or being sent), so it is written once per change. */
  let inIdb: string | null = null;
  let idbFailed = false;
  if (resumeFrom?.textInIdb !== undefined) {
    base = { key: resumeFrom.idbKey ?? 'text', length: resumeFrom.textInIdb };
    journal = resumeFrom.journal ?? [];
    seq = journal.reduce((m, e) => Math.max(m, e.seq), 0);
    brokenAt = resumeFrom.journalBroken ? ++seq : 0;
    inIdb = useAppStore.getState().text;
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
    writeRecord({ textInIdb: base.length, idbKey: base.key, journal, journalBroken: brokenAt > 0 || undefined, ...fields() });
  };
  const save = () => {
    const s = useAppStore.getState();
    if (s.text.length < AUTOSAVE_INLINE_LIMIT) {
      writeRecord({ text: s.text, ...fields() });
      if (base !== null || inIdb !== null) {
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
        base = { key, length: text.length };
        journal = journal.filter((e) => e.seq > seqAtPut);
        if (brokenAt <= seqAtPut) brokenAt = 0;
        writeLargeRecord();
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
      if (changes && base) {
        journal.push({ seq, changes });
        writeLargeRecord();
      } else brokenAt = seq;
    }
    if (timer) clearTimeout(timer);
    // A large text waits longer: typing in a whole-cluster dump writes it once per pause, not per burst.
    timer = setTimeout(save, s.text.length < AUTOSAVE_INLINE_LIMIT ? 400 : 1500);
  });
  // Small texts: the last keystrokes are written as the tab closes (large ones are in the journal already).
  window.addEventListener('pagehide', save);
}
