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
import type { Diagnostic } from '../../src-core/parse/diagnostics';
import type { SourceRange } from '../../src-core/parse/source';
import type { ProfileChoice, ProfileName } from '../../src-core/model/types';
import type { Query, Trace } from '../../src-core/analyze/types';
import type { Finding } from '../../src-core/lint/index';
import type { Graph } from '../../src-core/graph/index';
import type { PackedObjects } from './objects';
import type { Connectivity } from '../../src-core/analyze/connectivity';
import type { DiffReport } from '../../src-core/analyze/diff';

/** The editor's buffer is analysed as one input file of this name; ranges in other files are implied objects. */
export const EDITOR_FILE = 'manifests.yaml';

export interface AnalysisView {
  hiddenNamespaces: string[];
  expandedNamespaces: string[];
  expandedWorkloads: string[];
  showConnections: boolean;
  showDenied: boolean;
}

export interface AnalyzeRequest {
  type: 'analyze';
  id: number;
  text: string;
  /** `auto`: the profile the input shows (src-core/model/detect.ts). */
  profile: ProfileChoice;
  query: Query | null;
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

/** Where an object is written, for jumping between graph and editor. */
export interface ObjectInfo {
  key: string;
  range: SourceRange;
}

export interface Suggestions {
  sources: string[];
  destinations: string[];
}

/** The profile the analysis ran under, for the line above the trace: which, and who chose it. */
export interface ProfileInfo {
  name: ProfileName;
  title: string;
  /** Chosen from the input (the picker is on Auto); `reason` says from which objects. */
  auto: boolean;
  reason?: string;
  /** The deciding objects: what they are and where (line in the editor, when they are there). */
  evidence?: { text: string; line?: number }[];
}

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
  /** In the `trace` part (a few bytes, always sent): the profile the analysis ran under. */
  profile?: ProfileInfo;
  /** Omitted when unchanged since the previous result (large inputs: keeps each keystroke's message small). */
  objects?: PackedObjects;
  suggestions?: Suggestions;
  /** A YAML syntax error made some documents unreadable (the UI keeps the last good graph). */
  syntaxError: boolean;
  /** Why the connections overlay is empty or partial, for the user. */
  connectionsNote?: string;
  /** False until the core's trace engine is available in this build. */
  traceAvailable: boolean;
  /** Worker time for this request so far, ms (cumulative over its messages). */
  ms: number;
  /** Where the time went, ms: load (parse + model), trace, graph, objects, lint. */
  timings: Record<string, number>;
}

export interface RefLink {
  key: string;
  label: string;
  range?: SourceRange;
}

export interface ObjectDetails {
  type: 'details';
  id: number;
  key: string;
  kind: string;
  name: string;
  namespace: string;
  labels: Record<string, string>;
  podLabels?: Record<string, string>;
  ports: string[];
  facts: [string, string][];
  range?: SourceRange;
  impliedBy?: string;
  /** NetworkPolicies whose podSelector selects this pod/workload. */
  selectedBy: RefLink[];
  /** Services whose selector matches it, or (for a Service) the pods it selects. */
  related: RefLink[];
  /** Sources the core's trace engine lets in (null when not computed). */
  reachableFrom: { from: string; port: number; allowed: boolean; summary: string }[] | null;
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
