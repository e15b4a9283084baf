// How the UI folds an analysis message into what it shows (pure, so the protocol can be tested in
// Node): a request's parts carry only what they add, and an absent field keeps its value. A text with
// a YAML syntax error keeps the last good graph, trace and suggestions on screen, marked stale.
import type { Diagnostic, Finding, Graph, Query, Trace } from '../../src-core/index';
import type { ObjectIndex } from './objects';
import type { AnalysisResult, ProfileInfo, Suggestions } from './protocol';

export interface ShownResult {
  diagnostics: Diagnostic[];
  findings: Finding[];
  graph: Graph | null;
  trace: Trace | null;
  /** The query the shown trace answers (the asked one, or the session's automatic question); undefined
   *  before the first result. Kept as the same object while it is unchanged (the trace fields follow it). */
  query?: Query | null;
  /** The graph/trace shown are from the last text without syntax errors. */
  stale: boolean;
  connectionsNote?: string;
  suggestions: Suggestions;
  objects: ObjectIndex;
  /** The profile the shown analysis ran under (null before the first result). */
  profile: ProfileInfo | null;
}

export function applyResult(prev: ShownResult, r: AnalysisResult): ShownResult {
  const keepOld = r.syntaxError && prev.graph !== null;
  const next: ShownResult = { ...prev, stale: keepOld };
  if (r.diagnostics) next.diagnostics = r.diagnostics;
  if (r.findings) next.findings = r.findings;
  // The same profile again keeps the object the UI holds (nothing re-renders for it).
  if (r.profile && JSON.stringify(r.profile) !== JSON.stringify(prev.profile)) next.profile = r.profile;
  if (r.objects) next.objects = prev.objects.next(r.objects);
  if (r.suggestions && !keepOld) next.suggestions = r.suggestions;
  if (r.graph && !keepOld) {
    next.graph = r.graph;
    next.connectionsNote = r.connectionsNote;
  }
  if (r.trace !== undefined && !keepOld) next.trace = r.trace;
  if (r.query !== undefined && !keepOld && JSON.stringify(r.query) !== JSON.stringify(prev.query)) next.query = r.query;
  return next;
}
