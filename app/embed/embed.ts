// Embed mode and shared links at startup. `readEmbedOptions` decides from the address whether the page
// is an embed (`?embed`, or `/embed#...` which public/embed/ forwards to `?embed`) and which panes,
// preset trace, theme and editing it has. `readSharedState` turns a `#v1:...` fragment into one store
// update (startup.ts applies it); a damaged link gives a clean workspace with a message, never a throw.
import { useAppStore } from '../store';
import { readEmbedOptions } from './options';
import { loadableFromFragment, type Loadable } from '../share/state';

export { EmbedApp } from './EmbedApp';
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
 *  apply it then too. Fragments the app itself removes (forgetFragmentOnFirstEdit) do not fire this. */
export function followFragmentChanges(): void {
  if (listening || typeof window === 'undefined') return;
  listening = true;
  window.addEventListener('hashchange', () => {
    const loadable = loadableFromFragment(window.location.hash);
    if (!loadable) return;
    useAppStore.getState().loadState(loadable);
    if (!readEmbedOptions(window.location) && typeof loadable.text === 'string') forgetFragmentOnFirstEdit(loadable.text);
  });
}

/** The store update a `#v1:...` fragment asks for, or null when there is none. */
export function readSharedState(hash: string): Loadable | null {
  followFragmentChanges();
  const loadable = loadableFromFragment(hash);
  if (loadable && typeof window !== 'undefined' && !readEmbedOptions(window.location) && typeof loadable.text === 'string') {
    forgetFragmentOnFirstEdit(loadable.text);
  }
  return loadable;
}

// Installed when the app loads this module (startup.ts imports it eagerly), whether or not the page
// was opened with a fragment.
followFragmentChanges();
