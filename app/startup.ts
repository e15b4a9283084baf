// What the app shows first, in order: a shared link's state (URL fragment), else the autosaved
// workspace, else the default scenario. Then autosave keeps the text safe on every change (autosave.ts).
// A link never costs the user their work (issue 16): a damaged one loads nothing (the autosaved workspace
// opens, with the link's error), and a good one first puts the autosaved workspace into the history
// (workspaces.ts), with a "Restore previous work" action in the top bar.
import type { ComponentType } from 'react';
import { useAppStore, type AppActions } from './store';
import { applyScenario, loadScenarios } from './scenarios';
import { readAutosaved, restoreAutosave, startAutosave } from './autosave';
import { keepBeforeLink } from './workspaces';


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

/** `damaged`: the fragment is not a readable link — nothing is loaded from it (and no scenario either). */
async function applySharedState(): Promise<'loaded' | 'damaged' | 'none'> {
  if (!embedModule?.readSharedState || !location.hash || location.hash.length < 2) return 'none';
  try {
    const shared = (await embedModule.readSharedState(location.hash)) as (Loadable & { error?: string }) | null | undefined;
    if (!shared) return 'none';
    if (typeof shared === 'object' && typeof shared.error === 'string' && shared.text === undefined) {
      // The autosaved workspace opens instead (restoreAutosave runs next), untouched.
      useAppStore.getState().setNotice(`${shared.error} Nothing was loaded from it; your previous work (if any) was kept.`);
      return 'damaged';
    }
    keepBeforeLink(await readAutosaved().catch(() => null), shared.text ?? '');
    useAppStore.getState().loadState(shared);
    return 'loaded';
  } catch (e) {
    useAppStore.getState().setNotice(`This link could not be opened: ${e instanceof Error ? e.message : String(e)}`);
    return 'damaged';
  }
}

export async function startup(): Promise<void> {
  const shared = await applySharedState();
  const loaded = shared === 'loaded' || (await restoreAutosave());
  // After a damaged link with nothing autosaved, the workspace stays empty (a scenario would look like the link).
  if (!loaded && shared !== 'damaged') {
    const [first] = await loadScenarios();
    if (first) await applyScenario(first);
  }
  startAutosave();
}
