// A short history of workspaces (as mermaid-live-editor keeps): opening a shared link, restoring an entry or
// loading a scenario over the user's own text first puts that text here, so nothing the user wrote is
// replaced without a way back (issue 16). Five entries, newest first, in localStorage; texts of 200,000
// characters and more are stored in IndexedDB beside the autosave (editor/autosaveStore.ts) under their own key.
import { create } from 'zustand';
import { useAppStore, type AppState } from './store';
import { getLargeText, putLargeText } from './editor/autosaveStore';

const HISTORY_KEY = 'podpath:history';
const MAX_ENTRIES = 5;
const INLINE_MAX = 200_000;

export type Workspace = { text: string } & Partial<Pick<AppState, 'profile' | 'traceQuery' | 'scenarioId'>>;

export interface HistoryEntry {
  id: string;
  savedAt: number;
  /** Why it was kept, for people: `before opening a shared link`. */
  why: string;
  profile?: AppState['profile'];
  traceQuery?: AppState['traceQuery'];
  scenarioId?: AppState['scenarioId'];
  length: number;
  lines: number;
  /** The text inline, or the IndexedDB key it is under. */
  text?: string;
  textKey?: string;
}

function read(): HistoryEntry[] {
  try {
    const v = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as HistoryEntry[]).filter((e) => e && typeof e.id === 'string' && typeof e.length === 'number') : [];
  } catch {
    return [];
  }
}

function write(entries: HistoryEntry[]): void {
  try {
    localStorage.setItem(HISTORY_KEY, JSON.stringify(entries));
  } catch {
    // Quota: keep what fits (the newest first).
    for (let n = entries.length - 1; n > 0; n--) {
      try {
        localStorage.setItem(HISTORY_KEY, JSON.stringify(entries.slice(0, n)));
        return;
      } catch {
        /* try fewer */
      }
    }
  }
}

/** The history for the UI, and the entry the "Restore previous work" action brings back (set when a link opened). */
export const useHistory = create<{ entries: HistoryEntry[]; restorable: string | null }>(() => ({ entries: typeof localStorage === 'undefined' ? [] : read(), restorable: null }));

/** IndexedDB keys the history holds (the autosave keeps them when it cleans up). */
export function historyTextKeys(): string[] {
  return useHistory.getState().entries.flatMap((e) => (e.textKey ? [e.textKey] : []));
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Keeps a workspace in the history (not an empty one, nor a repeat of the newest entry). Synchronous for the
 *  list; a large text is written to IndexedDB in the background (the string is held until then). */
export function rememberWorkspace(ws: Workspace, why: string): HistoryEntry | null {
  if (ws.text.trim() === '') return null;
  const entries = useHistory.getState().entries;
  const newest = entries[0];
  if (newest && newest.length === ws.text.length && (newest.text === undefined || newest.text === ws.text) && newest.profile === ws.profile) return newest;
  const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const entry: HistoryEntry = { id, savedAt: Date.now(), why, profile: ws.profile, traceQuery: ws.traceQuery ?? null, scenarioId: ws.scenarioId ?? null, length: ws.text.length, lines: countLines(ws.text) };
  if (ws.text.length < INLINE_MAX) entry.text = ws.text;
  else {
    entry.textKey = `history:${id}`;
    pendingTexts.set(entry.textKey, ws.text);
    void putLargeText(ws.text, entry.textKey)
      .catch(() => undefined)
      .finally(() => pendingTexts.delete(entry.textKey as string));
  }
  const next = [entry, ...entries].slice(0, MAX_ENTRIES);
  write(next);
  useHistory.setState({ entries: next });
  return entry;
}

/** Large texts still being written to IndexedDB (a restore right after remembering reads them from here). */
const pendingTexts = new Map<string, string>();

async function textOf(e: HistoryEntry): Promise<string | null> {
  if (e.text !== undefined) return e.text;
  if (!e.textKey) return null;
  return pendingTexts.get(e.textKey) ?? (await getLargeText(e.textKey).catch(() => null));
}

/** Brings an entry back as the workspace; the current one goes into the history first. */
export async function restoreEntry(id: string): Promise<boolean> {
  const e = useHistory.getState().entries.find((x) => x.id === id);
  if (!e) return false;
  const text = await textOf(e);
  if (text === null || text.length !== e.length) {
    useAppStore.getState().setNotice('That earlier workspace could not be read back from the browser storage.');
    return false;
  }
  const s = useAppStore.getState();
  rememberWorkspace({ text: s.text, profile: s.profile, traceQuery: s.traceQuery, scenarioId: s.scenarioId }, 'before restoring an earlier workspace');
  s.replaceText(text, { scenarioId: e.scenarioId ?? null, notice: `Restored the workspace from ${new Date(e.savedAt).toLocaleString()} (${e.why}).` });
  useAppStore.getState().loadState({ profile: e.profile ?? 'auto', traceQuery: e.traceQuery ?? null });
  useHistory.setState({ restorable: null });
  return true;
}

/** Before a shared link replaces the workspace: keep it, and offer "Restore previous work". */
export function keepBeforeLink(ws: Workspace | null, linkText: string): void {
  if (!ws || ws.text === linkText) return;
  const entry = rememberWorkspace(ws, 'before opening a shared link');
  if (entry) useHistory.setState({ restorable: entry.id });
}
