// The UI side of the analysis worker: watches the store (text, profile, trace query, view), sends the
// newest state to the worker (at once for inputs whose verdict comes quickly, see editDelay), and
// publishes the results in `useAnalysisStore` (read through small selectors), folding in each part of a request as it arrives
// (apply.ts). A YAML syntax error keeps the last good graph and trace on screen (marked stale).
import workerUrl from './worker.ts?worker&url';
import { spawnWorker } from '../workers/spawn';
import { create } from 'zustand';
import type { Connectivity, Diagnostic, DiffReport, Finding, Graph, Query, Trace } from '../../src-core/index';
import { useAppStore, type AppState } from '../store';
import type { AnalysisResult, AnalyzeRequest, ObjectDetails, ProfileInfo, Suggestions, WorkerResponse } from './protocol';
import { ObjectIndex } from './objects';
import { applyResult as applyParts } from './apply';

export interface AnalysisState {
  trace: Trace | null;
  /** The query the shown trace answers: the store's, or the session's automatic question when the store's
   *  was not typed and does not fit the manifests (null before the first result: use the store's). */
  query: Query | null | undefined;
  /** The store's query (that very object) the request answered by `query` was sent with. */
  queryAsked: Query | null | undefined;
  findings: Finding[];
  diagnostics: Diagnostic[];
  graph: Graph | null;
  busy: boolean;
  /** Where each object is in the editor (by key, or by line). */
  objects: ObjectIndex;
  suggestions: Suggestions;
  /** The graph/trace shown are from the last text without syntax errors. */
  stale: boolean;
  connectionsNote?: string;
  details: ObjectDetails | null;
  /** The connectivity list while the matrix view is open (null until asked for). */
  connectivity: Connectivity | null;
  /** Compare mode: the differences from the baseline, for the newest model (null outside compare mode). */
  diff: DiffReport | null;
  /** Worker time of the last diff, ms. */
  diffMs: number;
  /** Analysis time of the last result, ms (worker side, cumulative over a request's parts), and its parts. */
  ms: number;
  /** Worker time from request to verdict (the `trace` part) of the last request, ms. */
  verdictMs: number;
  /** The verdict shown was computed for the newest request sent (false from a send until its verdict:
   *  what is shown then is from the text one or more edits ago). */
  verdictCurrent: boolean;
  timings: Record<string, number>;
  /** Increments with every part that changes what is shown (tests and the graph use it to know something
   *  new arrived); a part that changes nothing (an unchanged verdict for new text) leaves it. */
  version: number;
  error: string | null;
  /** The profile the shown analysis ran under, and why (the line above the trace). */
  profile: ProfileInfo | null;
}

const initial: AnalysisState = {
  trace: null,
  query: undefined,
  queryAsked: undefined,
  findings: [],
  diagnostics: [],
  graph: null,
  busy: false,
  objects: ObjectIndex.empty(),
  suggestions: { sources: [], destinations: [] },
  stale: false,
  details: null,
  connectivity: null,
  diff: null,
  diffMs: 0,
  ms: 0,
  verdictMs: 0,
  verdictCurrent: false,
  timings: {},
  version: 0,
  error: null,
  profile: null,
};

export const useAnalysisStore = create<AnalysisState>()(() => ({ ...initial }));

let worker: Worker | null = null;
let nextId = 1;
let latestAnalyze = 0;
/** The newest request id a result has been applied for. */
let answered = 0;
let latestDetails = 0;
let latestConnectivity = 0;
let latestDiff = 0;
/** The matrix view is open: every new model refreshes the connectivity list. */
let wantConnectivity = false;
let timer: ReturnType<typeof setTimeout> | null = null;

function onResult(msg: WorkerResponse): void {
  if (msg.type === 'error') {
    if (msg.id === latestDetails) {
      // Not a model object (the internet node, a folded namespace): no details to show.
      useAnalysisStore.setState({ details: null });
      return;
    }
    if (msg.id === latestAnalyze) useAnalysisStore.setState({ busy: false, error: msg.message });
    console.warn('podpath analysis:', msg.message);
    return;
  }
  if (msg.type === 'details') {
    if (msg.id === latestDetails) useAnalysisStore.setState({ details: msg });
    return;
  }
  if (msg.type === 'diff') {
    if (msg.id === latestDiff) useAnalysisStore.setState({ diff: msg.report, diffMs: msg.ms });
    return;
  }
  if (msg.type === 'connectivity') {
    if (msg.id === latestConnectivity) useAnalysisStore.setState({ connectivity: msg.connectivity });
    return;
  }
  applyResult(msg);
}

function applyResult(r: AnalysisResult): void {
  const prev = useAnalysisStore.getState();
  // Results of a request older than one already answered are dropped: what is on screen never goes
  // back to an older text. (A newer request's parts may still be on their way: `busy` stays on.)
  if (r.id < answered) return;
  answered = r.id;
  const current = r.id === latestAnalyze;
  const shown = applyParts(prev, r);
  const keepOld = shown.stale;
  // `version` counts results that change something shown. A part that only confirms what is on screen
  // (an unchanged verdict for the new text, no new graph or findings) leaves it, so views keyed on it
  // (the trace panel, the graph marking what it drew) do no work; `busy` says when the request is done.
  const changed = (Object.keys(shown) as (keyof typeof shown)[]).some((k) => shown[k] !== prev[k]) || prev.error !== null;
  const patch: Partial<AnalysisState> = {
    ...shown,
    busy: !current || r.phase !== 'done',
    ms: r.ms,
    timings: r.timings,
    version: changed ? prev.version + 1 : prev.version,
    error: null,
  };
  if (r.query !== undefined && !keepOld) {
    patch.queryAsked = askedBy.get(r.id);
    for (const k of askedBy.keys()) if (k <= r.id) askedBy.delete(k);
  }
  if (r.phase === 'trace') {
    patch.verdictMs = r.ms;
    patch.verdictCurrent = current && !keepOld;
  }
  useAnalysisStore.setState(patch);
  // Details follow the analysis: refresh them for the current selection (once the model is new).
  const sel = useAppStore.getState().selection;
  if (sel && r.phase === 'trace') requestDetails(sel);
  if (wantConnectivity && r.phase === 'trace' && current) requestConnectivity(true);
  if (r.phase === 'trace' && current) requestDiff();
  if (current && !keepOld && r.objects?.keys && wholesale(prev.objects.keys, r.objects.keys) && useAppStore.getState().text !== presetText) {
    // New manifests replaced the scenario's: it is the user's workspace now.
    if (useAppStore.getState().scenarioId !== null) useAppStore.setState({ scenarioId: null });
    // ... and the profile the scenario or link brought is not theirs: the new input decides (unless picked).
    const st = useAppStore.getState();
    if (prev.objects.keys.length > 0 && st.profileOrigin !== 'user' && st.profile !== 'auto') useAppStore.setState({ profile: 'auto', profileOrigin: 'preset' });
  }
}

/** The text a preset query arrived with (a scenario, a link): that query is right for it by definition. */
let presetText: string | null = null;

/** True when the new objects share none of the old ones: new manifests were pasted or dropped. */
function wholesale(before: readonly string[], after: readonly string[]): boolean {
  if (before.length === 0) return true;
  const old = new Set(before);
  return !after.some((k) => old.has(k));
}

function sameQuery(a: Query | null, b: Query | null): boolean {
  return a === b || (a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b));
}

/** The query the trace panel shows and a link carries: the store's, unless the session answered the
 *  store's very query (not typed by the person) with its automatic question — which is never written
 *  back into the store, so undoing a paste brings the store's query back with the old text. */
export function pickShownQuery(stored: Query | null, origin: AppState['traceQueryOrigin'], derived: Query | null | undefined, asked: Query | null | undefined): Query | null {
  if (origin === 'user' || derived === undefined || asked !== stored || sameQuery(derived, stored)) return stored;
  return derived;
}

export function shownQuery(app: Pick<AppState, 'traceQuery' | 'traceQueryOrigin'> = useAppStore.getState(), analysis: Pick<AnalysisState, 'query' | 'queryAsked'> = useAnalysisStore.getState()): Query | null {
  return pickShownQuery(app.traceQuery, app.traceQueryOrigin, analysis.query, analysis.queryAsked);
}

/** `shownQuery` as a React hook. */
export function useShownQuery(): Query | null {
  const stored = useAppStore((s) => s.traceQuery);
  const origin = useAppStore((s) => s.traceQueryOrigin);
  const derived = useAnalysisStore((s) => s.query);
  const asked = useAnalysisStore((s) => s.queryAsked);
  return pickShownQuery(stored, origin, derived, asked);
}

/** The store's query each pending request was sent with (by request id; answered ones are dropped). */
const askedBy = new Map<number, Query | null>();

/** The text the worker holds (the last one sent): a request for the same text sends only the query. */
let sentText: string | null = null;

function send(state: AppState): void {
  if (!worker) return;
  const id = nextId++;
  latestAnalyze = id;
  const req: AnalyzeRequest = {
    type: 'analyze',
    id,
    ...(state.text === sentText ? {} : { text: state.text }),
    profile: state.profile,
    query: state.traceQuery,
    queryOrigin: state.traceQueryOrigin ?? 'preset',
    queryPinned: presetText !== null && state.text === presetText,
    view: {
      hiddenNamespaces: state.view.hiddenNamespaces,
      expandedNamespaces: state.view.expandedNamespaces,
      expandedWorkloads: state.view.expandedWorkloads,
      showConnections: state.view.showConnections,
      showDenied: state.view.showDenied,
    },
  };
  sentText = state.text;
  askedBy.set(id, state.traceQuery);
  useAnalysisStore.setState({ busy: true, verdictCurrent: false });
  worker.postMessage(req);
}

/** Asks for (`on`) or stops following (`!on`) the connectivity list of the current model. */
export function requestConnectivity(on: boolean): void {
  wantConnectivity = on;
  if (!on || !worker) return;
  const id = nextId++;
  latestConnectivity = id;
  worker.postMessage({ type: 'connectivity', id });
}

/** Compare mode: diff the current model against the baseline (nothing outside compare mode). */
export function requestDiff(): void {
  const before = useAppStore.getState().before;
  if (!before) {
    latestDiff = 0;
    if (useAnalysisStore.getState().diff) useAnalysisStore.setState({ diff: null });
    return;
  }
  if (!worker) return;
  const id = nextId++;
  latestDiff = id;
  worker.postMessage({ type: 'diff', id, beforeText: before.text, beforeProfile: before.profile });
}

export function requestDetails(key: string | null): void {
  if (!key) {
    useAnalysisStore.setState({ details: null });
    return;
  }
  if (!worker) return;
  const id = nextId++;
  latestDetails = id;
  worker.postMessage({ type: 'details', id, key });
}

/**
 * How long to wait after an edit before analysing. Nothing when the last verdict came quickly: the
 * worker re-parses only the documents an edit touched (documents.ts, up to 4 MB) and drops superseded
 * requests, so a burst of typing costs at most one analysis behind. Slow inputs wait a little so a
 * burst becomes one request (each request also copies the text to the worker).
 */
export function editDelay(textLength: number, lastVerdictMs: number): number {
  if (lastVerdictMs < 100 && textLength <= 4_000_000) return 0;
  return textLength > 500_000 ? 400 : 150;
}

function viewChanged(a: AppState['view'], b: AppState['view']): boolean {
  return a.hiddenNamespaces !== b.hiddenNamespaces || a.expandedNamespaces !== b.expandedNamespaces || a.expandedWorkloads !== b.expandedWorkloads || a.showConnections !== b.showConnections || a.showDenied !== b.showDenied;
}

/** Starts the worker and the store subscription; call once at startup. */
export function startAnalysis(): void {
  if (worker) return;
  worker = spawnWorker(workerUrl, 'podpath-analysis');
  worker.onmessage = (ev: MessageEvent<WorkerResponse>) => onResult(ev.data);
  worker.onerror = (ev) => useAnalysisStore.setState({ busy: false, error: `The analysis worker failed: ${ev.message}` });

  const schedule = (state: AppState, immediate: boolean) => {
    if (timer) clearTimeout(timer);
    timer = null;
    useAnalysisStore.setState({ busy: true });
    const delay = immediate ? 0 : editDelay(state.text.length, useAnalysisStore.getState().verdictMs);
    // An edit to a small input goes out in the same task as the keystroke: the worker coalesces
    // (only the newest request runs), so there is nothing to gain by waiting.
    if (delay === 0 && !immediate) send(useAppStore.getState());
    else timer = setTimeout(() => send(useAppStore.getState()), delay);
  };
  useAppStore.subscribe((s, prev) => {
    if (s.traceQuery !== prev.traceQuery && s.text !== prev.text) presetText = s.text;
    // A whole text replaced at once (large paste, files) is analysed at once: no burst of typing to wait for.
    if (s.text !== prev.text) schedule(s, s.textReplaced !== prev.textReplaced);
    else if (s.profile !== prev.profile || s.traceQuery !== prev.traceQuery || viewChanged(s.view, prev.view)) schedule(s, true);
    if (s.selection !== prev.selection) requestDetails(s.selection);
    if (s.before !== prev.before) requestDiff();
  });
  schedule(useAppStore.getState(), true);
}
