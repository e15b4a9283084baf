// What the app shows first, in order: a shared link's state (URL fragment), else the autosaved
// workspace, else the default scenario. Then autosave keeps the text safe on every change (autosave.ts).
// A link never costs the user their work (issue 16): a damaged one loads nothing (the autosaved workspace
// opens, with the link's error), and a good one first puts the autosaved workspace into the history
// (workspaces.ts), with a "Restore previous work" action in the top bar.
import { useAppStore } from './store';
import { applyScenario, loadScenarios } from './scenarios';
import { readAutosaved, restoreAutosave, startAutosave } from './autosave';
import { keepBeforeLink } from './workspaces';
import { readSharedState } from './embed/embed';
import { isDamaged } from './share/state';

/** `damaged`: the fragment is not a readable link — nothing is loaded from it (and no scenario either). */
async function applySharedState(): Promise<'loaded' | 'damaged' | 'none'> {
  if (!location.hash || location.hash.length < 2) return 'none';
  try {
    const shared = readSharedState(location.hash);
    if (!shared) return 'none';
    if (isDamaged(shared)) {
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
