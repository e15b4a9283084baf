// Between the store and a share link: what a link carries (the redacted text, profile, trace query,
// view) and how a decoded link becomes a store update (a damaged link becomes no update at all). The codec and the redaction are the core's
// (src-core/share); this file only maps fields and builds URLs.
import { decodeShareState, type ShareState } from '../../src-core/index';
import { buildLink, currentShareState, type BuiltLink, type ShareMode, type ShareSource } from './link';
import { useAppStore, type AppActions, type SideTab } from '../store';
import { shownQuery } from '../analysis/client';

export { currentShareState, type BuiltLink, type ShareMode, type ShareSource };

export type Loadable = Parameters<AppActions['loadState']>[0];


/** The app's own address without query and fragment (embed parameters are not part of a share link). */
export function appBaseUrl(loc: Pick<Location, 'href'> = window.location): string {
  // Through URL rather than origin + path: a site opened from file:// has the origin "null".
  const url = new URL(loc.href);
  url.hash = '';
  url.search = '';
  url.pathname = url.pathname.replace(/\/embed(?:\/(?:index\.html)?)?$/, '/');
  return url.href;
}

/** The current workspace's link (built at once: large texts go through useShareLink's worker instead). */
export function buildShareLink(s: ShareSource = useAppStore.getState(), base = appBaseUrl(), mode: ShareMode = 'minimal'): BuiltLink {
  // The question the trace panel shows (after a paste: the automatic one), not only the one stored.
  return buildLink({ ...s, traceQuery: shownQuery(s) }, base, mode);
}

const TABS: readonly SideTab[] = ['trace', 'findings', 'details', 'changes'];

/** A decoded share state as one `loadState` call. */
export function loadableFromShareState(state: ShareState, notice: string | null): Loadable {
  const v = state.view ?? {};
  const view: Loadable['view'] = {
    hiddenNamespaces: v.hiddenNamespaces ?? [],
    showConnections: v.showConnections ?? false,
    showDenied: v.showDenied ?? false,
    expandedNamespaces: v.expandedNamespaces ?? [],
    expandedWorkloads: v.expandedWorkloads ?? [],
    filter: v.filter ?? '',
  };
  const out: Loadable = {
    text: state.text,
    profile: state.profile,
    traceQuery: state.trace ?? null,
    scenarioId: state.scenarioId ?? null,
    selection: v.selected ?? null,
    view,
    notice,
  };
  // A link with a baseline opens in compare mode (app/compare).
  if (state.before) out.before = state.before;
  if (v.theme) out.theme = v.theme;
  if (v.tab && (TABS as readonly string[]).includes(v.tab) && (v.tab !== 'changes' || state.before)) out.tab = v.tab as SideTab;
  return out;
}

/** A link that could not be read: nothing to load, and the sentence that says why. */
export interface DamagedLink {
  error: string;
}

/** Reads a `#v1:...` fragment into a store update; a damaged link gives only its error — never an empty
 *  workspace that autosave would then write over the user's text (issue 16). */
export function loadableFromFragment(hash: string): Loadable | DamagedLink | null {
  const fragment = hash.replace(/^#/, '');
  if (!fragment) return null;
  const r = decodeShareState(fragment);
  if (!r.ok) return { error: r.error };
  return loadableFromShareState(r.state, r.warnings.length > 0 ? r.warnings.join(' ') : null);
}

export function isDamaged(x: Loadable | DamagedLink | null): x is DamagedLink {
  return !!x && 'error' in x && typeof x.error === 'string';
}
