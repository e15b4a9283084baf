// What the analysis worker computes, as plain functions (testable in Node): a thin adapter over the
// core's workspace session (src-core/session) that answers one request — text + profile + query + view —
// in parts, most urgent first (the verdict), each sent only when it differs from what the UI already
// holds. The session does the work and keeps the caches (per-document parses, model reuse); this file
// only stages its answers and remembers what the UI was sent.
import { createSession, lintFailure, type Connectivity, type DiffReport, type Finding, type Query, type QueryOrigin, type Trace, type ProfileChoice, type TraceFn } from '../../src-core/index';
import { createComparer } from '../compare/compute';
import { packObjects, type PackedObjects } from './objects';
import type { AnalysisResult, AnalysisView, ObjectDetails, ObjectInfo, Suggestions } from './protocol';

export type { TraceFn };
/** The pickers' autocomplete (the session's; re-exported for the app's tests). */
export { suggestionsFor } from '../../src-core/index';

export interface Analyzer {
  /** Everything at once, merged into one result (tests, the CLI-like uses). */
  analyze(id: number, text: string, profile: ProfileChoice, query: Query | null, view: AnalysisView, ask?: QueryAsk): AnalysisResult;
  /**
   * In steps, most urgent first: `first` carries the verdict (phase `trace`); each of `rest` returns
   * the next partial result (`graph`, `index`, then `done` with the findings) or null when it has
   * nothing new to send (an unchanged part, or a part of the lint). The worker posts them as they come
   * and drops the rest when a newer request arrives.
   */
  stages(id: number, text: string, profile: ProfileChoice, query: Query | null, view: AnalysisView, ask?: QueryAsk): AnalysisStages;
  details(id: number, key: string): ObjectDetails | null;
  /** Every allowed connection of the last model (null before the first analysis). */
  connectivity(): Connectivity | null;
  /** Compare mode: the current model against a baseline text (null before the first analysis). */
  diff(beforeText: string, beforeProfile: ProfileChoice): DiffReport | null;
  /** Idle work after a result: fills the per-document parse cache until `deadline`; true when done. */
  warm(deadline: number): boolean;
}

/** Who set the query and whether it came with this very text (see src-core/session/autoquery.ts). */
export interface QueryAsk {
  origin: QueryOrigin;
  pinned: boolean;
}

/** A query typed by the person: traced as it is. */
const AS_TYPED: QueryAsk = { origin: 'user', pinned: false };

export interface AnalysisStages {
  first: AnalysisResult;
  rest: (() => AnalysisResult | null)[];
}

/** Merges a run's partial results in order into one (later parts add fields; `ms`/`timings` are cumulative). */
export function mergeResults(parts: readonly AnalysisResult[]): AnalysisResult {
  const out = { ...parts[0] };
  for (const p of parts.slice(1)) {
    for (const [k, v] of Object.entries(p)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

/** `traceFn`: the trace engine (tests pass their own); the core's traceQuery when omitted. */
export function createAnalyzer(traceFn?: TraceFn): Analyzer {
  const session = createSession(traceFn);
  const comparer = createComparer();
  let sentObjects: ObjectInfo[] | null = null;
  let sentKeys: string[] | null = null;
  let sentSuggestions: Suggestions | null = null;
  /** What the last graph the UI drew was built from (model build and view): the same again is skipped. */
  let sentGraph: { model: number; view: string } | null = null;
  /** JSON of what the UI holds (graph and trace: the last sent for a text without a syntax error —
   *  null after one, when the UI may keep an older one; findings and diagnostics: the last sent). A
   *  part equal to it is not sent again: typing that changes neither topology nor verdict costs the
   *  UI no graph update and no re-highlighting. */
  let heldGraph: string | null = null;
  let heldTrace: string | null = null;
  let heldFindings: string | null = null;
  let heldDiagnostics: string | null = null;
  let heldNote: string | undefined;

  function pack(list: ObjectInfo[]): PackedObjects {
    const p = packObjects(list, sentKeys);
    if (p.keys) sentKeys = p.keys;
    return p;
  }

  function stages(id: number, text: string, profile: ProfileChoice, query: Query | null, view: AnalysisView, ask: QueryAsk = AS_TYPED): AnalysisStages {
    const t0 = performance.now();
    const timings: Record<string, number> = {};
    const m = session.update(text, profile);
    if (m.loadMs !== null) timings.load = m.loadMs;
    const { syntaxError, model } = m;
    let t = performance.now();
    const asked = session.queryFor(query, ask.origin, ask.pinned);
    const trace: Trace | null = session.trace(query, ask.origin, ask.pinned);
    timings.trace = Math.round(performance.now() - t);
    const base = { type: 'analysis' as const, id, syntaxError };
    let elapsed = performance.now() - t0;
    const stamp = (): { ms: number; timings: Record<string, number> } => ({ ms: Math.round(elapsed), timings: { ...timings } });
    const diagJson = JSON.stringify(m.diagnostics);
    const diagnostics = diagJson === heldDiagnostics ? undefined : m.diagnostics;
    heldDiagnostics = diagJson;
    // The trace: omitted when it is the one the UI already shows (it would restyle the graph for nothing).
    // After a syntax error the UI may or may not have taken what was sent: forget what it holds.
    const traceJson = syntaxError ? null : JSON.stringify(trace);
    const sameTrace = traceJson !== null && traceJson === heldTrace;
    heldTrace = traceJson;
    if (syntaxError) {
      heldGraph = null;
      sentGraph = null;
    }
    const first: AnalysisResult = { ...base, phase: 'trace', diagnostics, trace: sameTrace ? undefined : trace, query: asked, profile: m.profile, ...stamp() };

    const graphStep = (): AnalysisResult | null => {
      const s = performance.now();
      const viewKey = JSON.stringify(view);
      // A model reused for new positions (session/reuse.ts) draws the same graph: the graph has no positions.
      if (sentGraph && sentGraph.model === model && sentGraph.view === viewKey) return null;
      const { graph, connectionsNote } = session.graph(view);
      // Only a graph the UI certainly drew may be skipped next time (with a syntax error it keeps its own).
      sentGraph = syntaxError ? null : { model, view: viewKey };
      // A text with a syntax error: the UI keeps its graph (unless it has none), so always send it and
      // remember only graphs the UI certainly drew.
      const json = syntaxError ? null : JSON.stringify(graph);
      const same = json !== null && json === heldGraph && connectionsNote === heldNote;
      heldGraph = json;
      heldNote = connectionsNote;
      timings.graph = Math.round(performance.now() - s);
      elapsed += performance.now() - s;
      if (same) return null;
      return { ...base, phase: 'graph', graph, connectionsNote, ...stamp() };
    };
    const indexStep = (): AnalysisResult | null => {
      const s = performance.now();
      const objects = session.objects();
      const suggestions = session.suggestions();
      const packed = sameObjects(sentObjects, objects) ? undefined : pack((sentObjects = objects));
      const sugg = sameSuggestions(sentSuggestions, suggestions) ? undefined : suggestions;
      // With a syntax error the UI keeps its suggestions: remember only what it certainly took.
      sentSuggestions = syntaxError ? null : suggestions;
      timings.objects = Math.round(performance.now() - s);
      elapsed += performance.now() - s;
      if (!packed && !sugg) return null;
      return { ...base, phase: 'index', objects: packed, suggestions: sugg, ...stamp() };
    };
    // Lint in parts (a whole-cluster dump takes ~1 s): the worker answers a newer request between them.
    const lint = session.lint();
    const lintMs = (s: number) => {
      timings.lint = (timings.lint ?? 0) + Math.round(performance.now() - s);
      elapsed += performance.now() - s;
    };
    const lintPart = (part: () => void) => (): null => {
      const s = performance.now();
      part();
      lintMs(s);
      return null;
    };
    const lintDone = (): AnalysisResult => {
      const s = performance.now();
      const findings = lint.findings();
      const json = JSON.stringify(findings);
      const same = json === heldFindings;
      heldFindings = json;
      lintMs(s);
      return { ...base, phase: 'done', findings: same ? undefined : findings, ...stamp() };
    };
    return { first, rest: [graphStep, indexStep, ...lint.parts.map(lintPart), lintDone] };
  }

  return {
    analyze(id, text, profile, query, view, ask) {
      const { first, rest } = stages(id, text, profile, query, view, ask);
      const parts = [first];
      for (const step of rest) {
        const r = step();
        if (r) parts.push(r);
      }
      return mergeResults(parts);
    },
    stages,
    details(id, key) {
      const d = session.details(key);
      return d ? { type: 'details', id, ...d } : null;
    },
    connectivity(): Connectivity | null {
      return session.connectivity();
    },
    diff(beforeText, beforeProfile): DiffReport | null {
      const m = session.current();
      return m ? comparer.diff(m.cluster, beforeText, beforeProfile) : null;
    },
    warm(deadline) {
      return session.warm(deadline);
    },
  };
}

function sameObjects(a: readonly ObjectInfo[] | null, b: readonly ObjectInfo[]): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.key !== y.key || x.range.startLine !== y.range.startLine || x.range.endLine !== y.range.endLine || x.range.startCol !== y.range.startCol || x.range.endCol !== y.range.endCol) return false;
  }
  return true;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameSuggestions(a: Suggestions | null, b: Suggestions): boolean {
  return !!a && sameList(a.sources, b.sources) && sameList(a.destinations, b.destinations);
}

