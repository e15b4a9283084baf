// What the app shows first, in order: a shared link's state (URL fragment), else the autosaved
// workspace, else the default scenario. Then autosave keeps the text safe on every change.
// Large texts (whole-cluster dumps) are not written to localStorage: JSON-encoding 12.7 MB and having the
// write refused (its quota is ~5 M characters) blocked the page for ~250 ms after every paste. They go to
// IndexedDB through a worker (editor/autosaveStore.ts: the page pays one postMessage, ~15–30 ms for 12.7 MB;
// JSON or TextEncoder took 110–150 ms, IndexedDB's own put 50–130 ms), and the small localStorage record says
// where the text is.
import type { ComponentType } from 'react';
import { useAppStore, type AppActions, type AppState } from './store';
import { applyScenario, loadScenarios } from './scenarios';
import { deleteLargeText, getLargeText, putLargeText } from './editor/autosaveStore';

const AUTOSAVE_KEY = 'podpath:autosave';
/** Texts at least this long (characters) are autosaved to IndexedDB, not inline in localStorage. */
export const AUTOSAVE_INLINE_LIMIT = 1_000_000;

interface SavedRecord extends Partial<Pick<AppState, 'text' | 'profile' | 'profileOrigin' | 'traceQuery' | 'scenarioId' | 'traceQueryOrigin'>> {
  /** The text is in IndexedDB and has this many characters. */
  textInIdb?: number;
}

async function readLargeText(length: number): Promise<string | null> {
  const text = await getLargeText();
  return text !== null && text.length === length ? text : null;
}

type Loadable = Parameters<AppActions['loadState']>[0];

// SLOT for the share/embed engineer: `app/embed/embed.ts` exports `readSharedState(hash)` (and
// `readEmbedOptions(location)`). When it exists, a shared state in the fragment is applied first.
interface EmbedModule {
  readSharedState?: (hash: string) => unknown;
  readEmbedOptions?: (loc: Location) => unknown;
  EmbedApp?: ComponentType;
}
const embedModules = import.meta.glob('./embed/embed.ts', { eager: true }) as Record<string, EmbedModule>;
export const embedModule: EmbedModule | undefined = Object.values(embedModules)[0];

async function applySharedState(): Promise<boolean> {
  if (!embedModule?.readSharedState || !location.hash || location.hash.length < 2) return false;
  try {
    const shared = (await embedModule.readSharedState(location.hash)) as (Loadable & { error?: string }) | null | undefined;
    if (!shared) return false;
    if (typeof shared === 'object' && typeof shared.error === 'string' && shared.text === undefined) {
      useAppStore.getState().setNotice(shared.error);
      return false;
    }
    useAppStore.getState().loadState(shared);
    return true;
  } catch (e) {
    useAppStore.getState().setNotice(`This link could not be opened: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  }
}

async function restoreAutosave(): Promise<boolean> {
  try {
    const raw = localStorage.getItem(AUTOSAVE_KEY);
    if (!raw) return false;
    const saved = JSON.parse(raw) as SavedRecord;
    if (typeof saved.textInIdb === 'number') saved.text = (await readLargeText(saved.textInIdb)) ?? undefined;
    if (typeof saved.text !== 'string') return false;
    useAppStore.getState().loadState({ text: saved.text, profile: saved.profile ?? 'auto', traceQuery: saved.traceQuery ?? null, scenarioId: saved.scenarioId ?? null });
    if (saved.traceQueryOrigin === 'user') useAppStore.setState({ traceQueryOrigin: 'user' });
    if (saved.profileOrigin === 'user') useAppStore.setState({ profileOrigin: 'user' });
    return true;
  } catch {
    return false;
  }
}

function startAutosave(): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** The large text last written to IndexedDB (or being written), so it is written once per change. */
  let inIdb: string | null = null;
  let idbFailed = false;
  const tooLarge = () => useAppStore.getState().setNotice('This text is too large to autosave in the browser; download it to keep it.');
  const writeRecord = (record: SavedRecord) => {
    try {
      localStorage.setItem(AUTOSAVE_KEY, JSON.stringify(record));
    } catch {
      tooLarge();
    }
  };
  const save = () => {
    const s = useAppStore.getState();
    const rest = { profile: s.profile, profileOrigin: s.profileOrigin, traceQuery: s.traceQuery, traceQueryOrigin: s.traceQueryOrigin, scenarioId: s.scenarioId };
    if (s.text.length < AUTOSAVE_INLINE_LIMIT) {
      writeRecord({ text: s.text, ...rest });
      if (inIdb !== null) {
        inIdb = null;
        void deleteLargeText().catch(() => undefined);
      }
      return;
    }
    if (idbFailed) return tooLarge();
    if (inIdb === s.text) return writeRecord({ textInIdb: s.text.length, ...rest });
    const text = s.text;
    inIdb = text;
    // The record points at the text only once it is stored: a reload meanwhile finds the previous state.
    putLargeText(text)
      .then(() => {
        if (inIdb === text) writeRecord({ textInIdb: text.length, ...rest });
      })
      .catch(() => {
        idbFailed = true;
        inIdb = null;
        tooLarge();
      });
  };
  useAppStore.subscribe((s, prev) => {
    if (s.text === prev.text && s.profile === prev.profile && s.traceQuery === prev.traceQuery && s.scenarioId === prev.scenarioId) return;
    if (timer) clearTimeout(timer);
    // A large text waits longer: typing in a whole-cluster dump writes it once per pause, not per burst.
    timer = setTimeout(save, s.text.length < AUTOSAVE_INLINE_LIMIT ? 400 : 1500);
  });
  // Never lose the last keystrokes when the tab closes.
  window.addEventListener('pagehide', save);
}

export async function startup(): Promise<void> {
  const loaded = (await applySharedState()) || (await restoreAutosave());
  if (!loaded) {
    const [first] = await loadScenarios();
    if (first) await applyScenario(first);
  }
  startAutosave();
}
