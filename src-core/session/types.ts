// The plain-data shapes a workspace session answers with (session.ts): what the app draws and what
// crosses the Web Worker boundary. No methods, no model objects: structured-clone-able.
import type { BuiltCluster } from '../model/build';
import type { ProfileName } from '../model/types';
import type { SourceRange } from '../parse/source';
import type { Query, Trace } from '../analyze/types';

/** The editor's buffer is analysed as one input file of this name; ranges in other files are implied objects. */
export const EDITOR_FILE = 'manifests.yaml';

/** The trace engine a session uses (tests pass their own; the default is analyze/trace.ts traceQuery). */
export type TraceFn = (cluster: BuiltCluster, query: Query) => Trace;

/** What the graph shows: namespaces hidden or expanded, workloads expanded, the connections overlay. */
export interface SessionView {
  hiddenNamespaces: string[];
  expandedNamespaces: string[];
  expandedWorkloads: string[];
  showConnections: boolean;
  showDenied: boolean;
}

/** Where an object is written, for jumping between graph and editor. */
export interface ObjectInfo {
  key: string;
  range: SourceRange;
}

/** Autocomplete for the trace pickers. */
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

export interface RefLink {
  key: string;
  label: string;
  range?: SourceRange;
}

/** One object as the details panel shows it. */
export interface SessionDetails {
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
  /** Sources that may connect (null when not computed: large inputs, the router itself). */
  reachableFrom: { from: string; port: number; allowed: boolean; summary: string }[] | null;
}

/** Who set the trace query: a scenario, a link or the app (`preset`), or the person (`user`). */
export type QueryOrigin = 'preset' | 'user';
