// What the app shows first, in order: a shared link's state (URL fragment), else the autosaved
// workspace, else the default scenario. Then autosave keeps the text safe on every change.
import type { ComponentType } from 'react';
import { useAppStore, type AppActions, type AppState } from './store';
import { applyScenario, loadScenarios } from './scenarios';

const AUTOSAVE_KEY = 'podpath:autosave';

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

function restoreAutosave(): boolean {
  try {
    const raw = localStorage.getItem(AUTOSAVE_KEY);
    if (!raw) return false;
    const saved = JSON.parse(raw) as Partial<Pick<AppState, 'text' | 'profile' | 'traceQuery' | 'scenarioId' | 'traceQueryOrigin'>>;
    if (typeof saved.text !== 'string') return false;
    useAppStore.getState().loadState({ text: saved.text, profile: saved.profile ?? 'kubernetes', traceQuery: saved.traceQuery ?? null, scenarioId: saved.scenarioId ?? null });
    if (saved.traceQueryOrigin === 'user') useAppStore.setState({ traceQueryOrigin: 'user' });
    return true;
  } catch {
    return false;
  }
}

function startAutosave(): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const save = () => {
    const s = useAppStore.getState();
    try {
      localStorage.setItem(AUTOSAVE_KEY, JSON.stringify({ text: s.text, profile: s.profile, traceQuery: s.traceQuery, traceQueryOrigin: s.traceQueryOrigin, scenarioId: s.scenarioId }));
    } catch {
      s.setNotice('This text is too large to autosave in the browser; download it to keep it.');
    }
  };
  useAppStore.subscribe((s, prev) => {
    if (s.text === prev.text && s.profile === prev.profile && s.traceQuery === prev.traceQuery && s.scenarioId === prev.scenarioId) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 400);
  });
  // Never lose the last keystrokes when the tab closes.
  window.addEventListener('pagehide', save);
}

export async function startup(): Promise<void> {
  const loaded = (await applySharedState()) || restoreAutosave();
  if (!loaded) {
    const [first] = await loadScenarios();
    if (first) await applyScenario(first);
  }
  startAutosave();
}
