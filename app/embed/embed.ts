// Embed mode and shared links at startup. `readEmbedOptions` decides from the address whether the page
// is an embed (`?embed`, or `/embed#...` which public/embed/ forwards to `?embed`) and which panes,
// preset trace, theme and editing it has. `readSharedState` turns a `#v1:...` fragment into one store
// update (startup.ts applies it); a damaged link gives only its error, never a throw nor an empty workspace.
import { useAppStore } from '../store';
import { readEmbedOptions } from './options';
import { isDamaged, loadableFromFragment, type DamagedLink, type Loadable } from '../share/state';
import { keepBeforeLink } from '../workspaces';

export { readEmbedOptions, isEmbedPath, type EmbedOptions, type EmbedPanes } from './options';

/** After a shared link opened in the full app, the first edit drops the fragment from the address bar,
 *  so a reload restores the user's (autosaved) edits instead of re-opening the link over them. */
function forgetFragmentOnFirstEdit(sharedText: string): void {
  const unsubscribe = useAppStore.subscribe((s) => {
    if (s.text === sharedText) return;
    unsubscribe();
    try {
      history.replaceState(history.state, '', location.pathname + location.search);
    } catch {
      /* some sandboxed frames refuse history changes; the link then simply stays */
    }
  });
}

let listening = false;

/** A link pasted into the address bar of an open podpath tab changes only the fragment (no reload):
 *  apply it then too — but a damaged one changes nothing (the user's text stays, with the link's error),
 *  and a good one first keeps the current workspace in the history ("Restore previous work").
 *  Fragments the app itself removes (forgetFragmentOnFirstEdit) do not fire this. */
export function followFragmentChanges(): void {
  if (listening || typeof window === 'undefined') return;
  listening = true;
  window.addEventListener('hashchange', () => {
    const loadable = loadableFromFragment(window.location.hash);
    if (!loadable) return;
    const store = useAppStore.getState();
    if (isDamaged(loadable)) {
      store.setNotice(`${loadable.error} Nothing was loaded from it: your work is unchanged.`);
      return;
    }
    const embedded = !!readEmbedOptions(window.location);
    if (!embedded) keepBeforeLink({ text: store.text, profile: store.profile, traceQuery: store.traceQuery, scenarioId: store.scenarioId }, loadable.text ?? '');
    useAppStore.getState().loadState(loadable);
    if (!embedded && typeof loadable.text === 'string') forgetFragmentOnFirstEdit(loadable.text);
  });
}

/** The store update a `#v1:...` fragment asks for (or why it cannot be read), or null when there is none. */
export function readSharedState(hash: string): Loadable | DamagedLink | null {
  followFragmentChanges();
  const loadable = loadableFromFragment(hash);
  if (loadable && !isDamaged(loadable) && typeof window !== 'undefined' && !readEmbedOptions(window.location) && typeof loadable.text === 'string') {
    forgetFragmentOnFirstEdit(loadable.text);
  }
  return loadable;
}

// Installed when the app loads this module (startup.ts imports it eagerly), whether or not the page
// was opened with a fragment.
followFragmentChanges();
