// The app's store (zustand): only inputs — what the person chose or a scenario/link/autosave brought:
// the text, the profile, the scenario, the trace query, the selection, the theme and view toggles.
// Everything derived (model, graph, trace, findings, the automatic question after a paste) comes from
// the core's workspace session in the analysis worker (analysis/client.ts publishes it in its own
// store) and is never written back here. Every change goes through an action; `loadState(partial)` is
// the one gateway for a whole new state (scenarios, shared links, autosave restore, history), as in
// mermaid-live-editor. Components read through their own small selectors (`useAppStore((s) => s.x)`).
import { create } from 'zustand';
import type { ProfileChoice, ProfileName } from '../src-core/index';
import type { Query } from '../src-core/index';

export type { ProfileChoice, ProfileName, Query };
export type Theme = 'light' | 'dark';
export type SideTab = 'trace' | 'findings' | 'details' | 'changes';

export interface ViewState {
  hiddenNamespaces: string[];
  showConnections: boolean;
  /** Also draw denied pod pairs when connections are shown. */
  showDenied: boolean;
  /** Namespaces expanded while the graph is aggregated. */
  expandedNamespaces: string[];
  /** Workloads whose owned Pods are shown as separate nodes. */
  expandedWorkloads: string[];
  /** Graph search / filter text. */
  filter: string;
  /** The connectivity matrix is shown over the graph. */
  showMatrix?: boolean;
}

export interface AppState {
  text: string;
  /** `auto` (the default) until the user picks one: the profile the input shows. */
  profile: ProfileChoice;
  /** `preset`: set by a scenario, a link or startup (the input decides again once other manifests replace
   *  those: a pasted OpenShift dump is never traced under the LUMI-K scenario's profile); `user`: picked. */
  profileOrigin?: 'preset' | 'user';
  scenarioId: string | null;
  traceQuery: Query | null;
  /** `preset`: set by a scenario, a link or automatically (replaced when the manifests no longer have its
   *  destination); `user`: typed by the user (never replaced). */
  traceQueryOrigin?: 'preset' | 'user';
  /** The selected object (ObjectKey) or graph node id. */
  selection: string | null;
  /** Bumped when the selection should also scroll the editor (clicks in graph/trace, not cursor moves). */
  revealToken: number;
  /** A source line range to highlight in the editor (from a hop or finding). */
  highlight: { startLine: number; endLine: number; token: number } | null;
  theme: Theme;
  tab: SideTab;
  view: ViewState;
  /** A message for the user (e.g. a broken shared link); shown once in the top bar. */
  notice: string | null;
  /** Bumped when the whole text was replaced at once (a large paste, files opened or dropped, undo of those):
   *  the analysis starts at once instead of after the typing debounce (app/analysis/client.ts). */
  textReplaced?: number;
  /** Compare mode: the baseline ("before") the current text is compared with (app/compare), or null. */
  before?: { text: string; profile: ProfileChoice } | null;
}

export interface AppActions {
  setText(text: string): void;
  setProfile(p: ProfileChoice): void;
  setTraceQuery(q: Query | null, origin?: 'preset' | 'user'): void;
  /** Select an object; `reveal` scrolls the editor to it. */
  select(id: string | null, reveal?: boolean): void;
  setTheme(t: Theme): void;
  setTab(t: SideTab): void;
  setView(v: Partial<ViewState>): void;
  highlightLines(startLine: number, endLine: number): void;
  setNotice(n: string | null): void;
  /** Compare mode: keep `b` as the baseline (null leaves compare mode). */
  setBefore(b: { text: string; profile: ProfileChoice } | null): void;
  /** Replace the whole text in one step (no typing debounce before the analysis); `patch` may also set the
   *  scenario or a notice. The editor loads a large text in slices after this (app/editor/largeText.ts). */
  replaceText(text: string, patch?: Partial<Pick<AppState, 'scenarioId' | 'notice' | 'selection'>>): void;
  /** The one gateway for a whole new state (scenario, link, autosave, history): a query or profile it
   *  brings is `preset` unless the caller says whose it is (`traceQueryOrigin` / `profileOrigin`). */
  loadState(partial: Partial<Pick<AppState, 'text' | 'profile' | 'scenarioId' | 'traceQuery' | 'traceQueryOrigin' | 'profileOrigin' | 'selection' | 'theme' | 'tab' | 'notice' | 'before'>> & { view?: Partial<ViewState> }): void;
}

export const DEFAULT_VIEW: ViewState = {
  hiddenNamespaces: [],
  showConnections: false,
  showDenied: false,
  expandedNamespaces: [],
  expandedWorkloads: [],
  filter: '',
};

function initialTheme(): Theme {
  try {
    const saved = localStorage.getItem('podpath:theme');
    if (saved === 'light' || saved === 'dark') return saved;
    return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  } catch {
    return 'light';
  }
}

export const useAppStore = create<AppState & AppActions>()((set) => ({
  text: '',
  profile: 'auto',
  scenarioId: null,
  traceQuery: null,
  traceQueryOrigin: 'preset',
  selection: null,
  revealToken: 0,
  highlight: null,
  theme: typeof window === 'undefined' ? 'light' : initialTheme(),
  tab: 'trace',
  view: { ...DEFAULT_VIEW },
  notice: null,

  setText: (text) => set({ text }),
  setProfile: (profile) => set({ profile, profileOrigin: 'user' }),
  setTraceQuery: (traceQuery, origin = 'user') => set({ traceQuery, traceQueryOrigin: origin }),
  select: (selection, reveal = false) => set((s) => ({ selection, revealToken: reveal ? s.revealToken + 1 : s.revealToken })),
  setTheme: (theme) => {
    try {
      localStorage.setItem('podpath:theme', theme);
    } catch {
      /* storage may be unavailable (private mode); the theme still applies */
    }
    set({ theme });
  },
  setTab: (tab) => set({ tab }),
  setView: (v) => set((s) => ({ view: { ...s.view, ...v } })),
  highlightLines: (startLine, endLine) => set((s) => ({ highlight: { startLine, endLine, token: (s.highlight?.token ?? 0) + 1 } })),
  setNotice: (notice) => set({ notice }),
  setBefore: (before) => set((s) => ({ before, tab: before ? 'changes' : s.tab === 'changes' ? 'trace' : s.tab })),
  replaceText: (text, patch) => set((s) => ({ ...patch, text, textReplaced: (s.textReplaced ?? 0) + 1 })),
  loadState: ({ view, traceQueryOrigin, profileOrigin, ...rest }) =>
    set((s) => ({
      ...rest,
      traceQueryOrigin: traceQueryOrigin ?? (rest.traceQuery !== undefined ? 'preset' : s.traceQueryOrigin),
      profileOrigin: profileOrigin ?? (rest.profile !== undefined ? 'preset' : s.profileOrigin),
      view: view ? { ...s.view, ...view } : s.view,
      // A new workspace starts with nothing selected unless the caller says otherwise.
      selection: rest.selection ?? (rest.text !== undefined ? null : s.selection),
    })),
}));
