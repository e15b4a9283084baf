// Embed mode and shared links at startup. `readEmbedOptions` decides from the address whether the page
// is an embed (`?embed`, or `/embed#...` which public/embed/ forwards to `?embed`) and which panes,
// preset trace, theme and editing it has. `readSharedState` turns a `#v1:...` fragment into one store
// update (startup.ts applies it); a damaged link gives a clean workspace with a message, never a throw.
import { isProfileName } from '../../src-core/model/profiles';
import type { ProfileName, Protocol } from '../../src-core/model/types';
import type { Query } from '../../src-core/analyze/types';
import type { Theme } from '../store';
import { useAppStore } from '../store';
import { loadableFromFragment, type Loadable } from '../share/state';

export { EmbedApp } from './EmbedApp';

export interface EmbedPanes {
  graph: boolean;
  trace: boolean;
  editor: boolean;
}

export interface EmbedOptions {
  panes: EmbedPanes;
  /** The editor accepts changes (default: read-only). */
  editable: boolean;
  theme?: Theme;
  /** A trace to run, overriding the link's or the scenario's. */
  trace?: Query;
  /** A built-in scenario (public/examples/index.json id) to load when the fragment carries no state. */
  scenario?: string;
  profile?: ProfileName;
}

const TRUE = new Set(['', '1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);
const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

function flag(v: string | null): boolean | undefined {
  if (v === null) return undefined;
  const s = v.trim().toLowerCase();
  return TRUE.has(s) ? true : FALSE.has(s) ? false : undefined;
}

/** `/embed`, `/embed/`, `/embed/index.html` at the end of the path. */
export function isEmbedPath(pathname: string): boolean {
  return /\/embed(?:\/(?:index\.html)?)?$/.test(pathname);
}

/** The embed options from the address, or null when this is the full app. Never throws. */
export function readEmbedOptions(loc: Pick<Location, 'search' | 'pathname'>): EmbedOptions | null {
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(loc.search);
  } catch {
    return null;
  }
  const embedFlag = params.has('embed') ? (flag(params.get('embed')) ?? true) : false;
  if (!embedFlag && !isEmbedPath(loc.pathname)) return null;

  const panes: EmbedPanes = { graph: false, trace: false, editor: false };
  const listed = (params.get('panes') ?? '')
    .split(/[,\s]+/)
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  for (const p of listed) if (p === 'graph' || p === 'trace' || p === 'editor') panes[p] = true;
  if (!panes.graph && !panes.trace && !panes.editor) {
    panes.graph = true;
    panes.trace = true;
  }
  const editable = flag(params.get('edit')) ?? false;
  if (flag(params.get('editor')) === true || editable) panes.editor = true;

  const opts: EmbedOptions = { panes, editable };
  const theme = params.get('theme');
  if (theme === 'light' || theme === 'dark') opts.theme = theme;
  const profile = params.get('profile');
  if (profile && isProfileName(profile)) opts.profile = profile;
  const scenario = params.get('scenario');
  if (scenario) opts.scenario = scenario;

  const from = params.get('from');
  const to = params.get('to');
  if (from && to) {
    const q: Query = { from, to };
    const port = Number(params.get('port'));
    if (params.get('port') && Number.isInteger(port) && port >= 1 && port <= 65535) q.port = port;
    const protocol = params.get('protocol')?.toUpperCase();
    if (protocol && (PROTOCOLS as readonly string[]).includes(protocol)) q.protocol = protocol as Protocol;
    opts.trace = q;
  }
  return opts;
}

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
