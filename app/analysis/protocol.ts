// The messages between the UI thread and the analysis worker. Plain, structured-clone-able data only:
// the worker keeps the BuiltCluster (it has a SourceMap with methods) and sends back what the UI draws.
//
// One analysis request is answered by up to four `analysis` messages with the same id, most urgent
// first, each carrying only what it adds (the UI merges them; an absent field keeps its value):
//   phase 'trace'  — the verdict: `trace` and `diagnostics` (+ syntaxError). Always the first message
//                    of a request and always on its own. THIS marks "verdict shown" for the benchmark:
//                    the first message with `phase === 'trace'` after the keystroke; its `ms` is the
//                    worker time from the request to the verdict. `trace`/`diagnostics` are omitted when
//                    equal to what the UI already shows (the message still says "this is current").
//   phase 'graph'  — the graph (omitted when equal to the one shown);
//   phase 'index'  — object positions and suggestions (omitted when unchanged);
//   phase 'done'   — the lint findings (omitted when unchanged); the last message of the request.
// The worker may merge consecutive quick parts after the first into one message (it then carries the
// later phase) and drops the remaining parts of a request when a newer one is waiting. Request ids
// increase; a message belongs to the text of its own request only.
import type { Connectivity, Diagnostic, DiffReport, Finding, Graph, ProfileChoice, Query, QueryOrigin, SessionDetails, SessionView, Trace } from '../../src-core/index';
import type { PackedObjects } from './objects';

export { EDITOR_FILE, type ObjectInfo, type ProfileInfo, type RefLink, type Suggestions } from '../../src-core/index';
import type { ProfileInfo, Suggestions } from '../../src-core/index';

export type AnalysisView = SessionView;

export interface AnalyzeRequest {
  type: 'analyze';
  id: number;
  /** The text crosses to the worker once per edit: absent when it is the text of the previous request
   *  (a Trace click, a view toggle send only the query and the view). */
  text?: string;
  /** `auto`: the profile the input shows (src-core/model/detect.ts). */
  profile: ProfileChoice;
  query: Query | null;
  /** Who set the query, and whether it came with this very text (src-core/session/autoquery.ts). */
  queryOrigin: QueryOrigin;
  queryPinned: boolean;
  view: AnalysisView;
}

export interface DetailsRequest {
  type: 'details';
  id: number;
  key: string;
}

/** Every allowed connection of the current model (the matrix view). */
export interface ConnectivityRequest {
  type: 'connectivity';
  id: number;
}

/** Compare mode: the differences between a baseline text and the current model (app/compare). */
export interface DiffRequest {
  type: 'diff';
  id: number;
  beforeText: string;
  beforeProfile: ProfileChoice;
}

export type WorkerRequest = AnalyzeRequest | DetailsRequest | ConnectivityRequest | DiffRequest;

export type AnalysisPhase = 'trace' | 'graph' | 'index' | 'done';

export interface AnalysisResult {
  type: 'analysis';
  id: number;
  /** Which part this is (see the top of this file); `done` is the last message of the request. */
  phase: AnalysisPhase;
  /** In the first message of a request (`trace`, or a merged one); omitted in later parts. */
  diagnostics?: Diagnostic[];
  /** Omitted in a `graph` message (the lint findings come with `done`). */
  findings?: Finding[];
  /** Omitted when the model and view are unchanged since the last graph sent. */
  graph?: Graph;
  /** In the `trace` part: the verdict (null when no query), or omitted when it equals the trace the UI
   *  already shows (same JSON, positions included). Omitted in later parts. */
  trace?: Trace | null;
  /** In the `trace` part (always sent): the query traced — the one asked, or the automatic question when
   *  the asked one was not typed and no longer fits the manifests (src-core/session/autoquery.ts). */
  query?: Query | null;
  /** In the `trace` part (a few bytes, always sent): the profile the analysis ran under. */
  profile?: ProfileInfo;
  /** Omitted when unchanged since the previous result (large inputs: keeps each keystroke's message small). */
  objects?: PackedObjects;
  suggestions?: Suggestions;
  /** A YAML syntax error made some documents unreadable (the UI keeps the last good graph). */
  syntaxError: boolean;
  /** Why the connections overlay is empty or partial, for the user. */
  connectionsNote?: string;
  /** Worker time for this request so far, ms (cumulative over its messages). */
  ms: number;
  /** Where the time went, ms: load (parse + model), trace, graph, objects, lint. */
  timings: Record<string, number>;
}

/** An object's details (src-core/session/details.ts), as the answer to one request. */
export interface ObjectDetails extends SessionDetails {
  type: 'details';
  id: number;
}

export interface WorkerError {
  type: 'error';
  id: number;
  message: string;
}

export interface ConnectivityResult {
  type: 'connectivity';
  id: number;
  connectivity: Connectivity;
}

export interface DiffResult {
  type: 'diff';
  id: number;
  report: DiffReport;
  /** Worker time for the diff, ms. */
  ms: number;
}

export type WorkerResponse = AnalysisResult | ObjectDetails | ConnectivityResult | DiffResult | WorkerError;
