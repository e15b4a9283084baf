// What the analysis worker computes, as plain functions (testable in Node): text + profile + query →
// diagnostics, findings, graph, trace, object positions and autocomplete suggestions, in parts, most
// urgent first (the verdict), each sent only when it differs from what the UI already holds. Everything
// comes from the core; this file gathers it into plain data for the UI and keeps the caches that make a
// keystroke cheap (per-document parses: documents.ts; the model when no value changed: reuse.ts).
import { evaluateConnection, summarizeReachability, traceQuery, type BuiltCluster } from '../../src-core/index';
import { IncrementalParser } from './documents';
import { detailsOf } from './details';
import { connectivity, type Connectivity } from '../../src-core/analyze/connectivity';
import type { DiffReport } from '../../src-core/analyze/diff';
import { createComparer } from '../compare/compute';
import { ModelBuilder } from './reuse';
import { buildGraph, type GraphConnection } from '../../src-core/graph/index';
import { lintInParts, type Finding } from '../../src-core/lint/index';
import { objectKey, type ProfileChoice, type Protocol } from '../../src-core/model/types';
import type { Query, Trace } from '../../src-core/analyze/types';
import { packObjects, type PackedObjects } from './objects';
import { endpointsOf } from '../../src-core/endpoint/index';
import { EDITOR_FILE, type AnalysisResult, type ProfileInfo, type AnalysisView, type ObjectDetails, type ObjectInfo, type RefLink, type Suggestions } from './protocol';

export type TraceFn = (cluster: BuiltCluster, query: Query) => Trace;

/** Pairwise connections are drawn only for small inputs (the overlay is for reading, not for dumps). */
const MAX_CONNECTION_PODS = 60;

export interface Analyzer {
  /** Everything at once, merged into one result (tests, the CLI-like uses). */
  analyze(id: number, text: string, profile: ProfileChoice, query: Query | null, view: AnalysisView): AnalysisResult;
  /**
   * In steps, most urgent first: `first` carries the verdict (phase `trace`); each of `rest` returns
   * the next partial result (`graph`, `index`, then `done` with the findings) or null when it has
   * nothing new to send (an unchanged part, or a part of the lint). The worker posts them as they come
   * and drops the rest when a newer request arrives.
   */
  stages(id: number, text: string, profile: ProfileChoice, query: Query | null, view: AnalysisView): AnalysisStages;
  details(id: number, key: string): ObjectDetails | null;
  /** Every allowed connection of the last model (null before the first analysis). */
  connectivity(): Connectivity | null;
  /** Compare mode: the current model against a baseline text (null before the first analysis). */
  diff(beforeText: string, beforeProfile: ProfileChoice): DiffReport | null;
  /** Idle work after a result: fills the per-document parse cache until `deadline`; true when done. */
  warm(deadline: number): boolean;
}

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

export function createAnalyzer(traceFn: TraceFn | undefined = traceQuery): Analyzer {
  const parser = new IncrementalParser(EDITOR_FILE);
  const models = new ModelBuilder();
  const comparer = createComparer();
  let cached: { text: string; profile: ProfileChoice; cluster: BuiltCluster; index?: { objects: ObjectInfo[]; suggestions: Suggestions } } | null = null;
  let sentObjects: ObjectInfo[] | null = null;
  let sentKeys: string[] | null = null;
  let sentSuggestions: Suggestions | null = null;
  let connCache: { model: number; denied: boolean; list: GraphConnection[]; note?: string } | null = null;
  let lintCache: { cluster: BuiltCluster; findings: Finding[] } | null = null;
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

  function clusterFor(text: string, profile: ProfileChoice, timings: Record<string, number>) {
    if (cached && cached.text === text && cached.profile === profile) return cached;
    const t = performance.now();
    // Only the documents the edit touched are parsed again (documents.ts); the model is rebuilt unless
    // the objects are unchanged (reuse.ts: a comment, blank lines).
    const cluster = models.build(parser.parse(text), profile);
    timings.load = Math.round(performance.now() - t);
    cached = { text, profile, cluster };
    return cached;
  }

  function pack(list: ObjectInfo[]): PackedObjects {
    const p = packObjects(list, sentKeys);
    if (p.keys) sentKeys = p.keys;
    return p;
  }

  function traceOf(cluster: BuiltCluster, query: Query | null): Trace | null {
    if (!query || !query.from.trim() || !query.to.trim() || !traceFn) return null;
    try {
      return traceFn(cluster, query);
    } catch (e) {
      // The core must not throw on user input; if it does, say so instead of losing the UI.
      return { query, allowed: false, verdict: 'warning', summary: 'The trace engine failed on this input (a bug in podpath).', hops: [], reached: null, path: [], error: e instanceof Error ? e.message : String(e) };
    }
  }

  function stages(id: number, text: string, profile: ProfileChoice, query: Query | null, view: AnalysisView): AnalysisStages {
    const t0 = performance.now();
    const timings: Record<string, number> = {};
    const entry = clusterFor(text, profile, timings);
    const { cluster } = entry;
    let t = performance.now();
    const trace = traceOf(cluster, query);
    timings.trace = Math.round(performance.now() - t);
    const syntaxError = cluster.diagnostics.some((d) => d.code === 'yaml-syntax' || d.code === 'input-too-deep');
    const base = { type: 'analysis' as const, id, syntaxError, traceAvailable: traceFn !== undefined };
    let elapsed = performance.now() - t0;
    const stamp = (): { ms: number; timings: Record<string, number> } => ({ ms: Math.round(elapsed), timings: { ...timings } });
    const diagJson = JSON.stringify(cluster.diagnostics);
    const diagnostics = diagJson === heldDiagnostics ? undefined : cluster.diagnostics;
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
    const first: AnalysisResult = { ...base, phase: 'trace', diagnostics, trace: sameTrace ? undefined : trace, profile: profileInfoOf(cluster), ...stamp() };

    const graphStep = (): AnalysisResult | null => {
      const s = performance.now();
      const viewKey = JSON.stringify(view);
      // A model reused for new positions (reuse.ts) draws the same graph: the graph has no positions.
      const model = models.idOf(cluster);
      if (sentGraph && sentGraph.model === model && sentGraph.view === viewKey) return null;
      let connections: GraphConnection[] | undefined;
      let connectionsNote: string | undefined;
      if (view.showConnections) {
        if (!connCache || connCache.model !== model || connCache.denied !== view.showDenied) connCache = { model, denied: view.showDenied, ...connectionsOf(cluster, view.showDenied) };
        connections = connCache.list;
        connectionsNote = connCache.note;
      }
      const graph = buildGraph(cluster, { expanded: view.expandedNamespaces, expandPods: view.expandedWorkloads, hiddenNamespaces: view.hiddenNamespaces, connections });
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
      if (!entry.index) entry.index = { objects: objectInfos(cluster), suggestions: suggestionsFor(cluster) };
      const { objects, suggestions } = entry.index;
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
    const cachedFindings = lintCache?.cluster === cluster ? lintCache.findings : null;
    const lint = cachedFindings ? null : lintInParts(cluster);
    let lintFailed: unknown = null;
    const lintMs = (s: number) => {
      timings.lint = (timings.lint ?? 0) + Math.round(performance.now() - s);
      elapsed += performance.now() - s;
    };
    const lintPart = (part: () => void) => (): null => {
      const s = performance.now();
      if (lintFailed === null) {
        try {
          part();
        } catch (e) {
          lintFailed = e ?? 'error';
        }
      }
      lintMs(s);
      return null;
    };
    const lintDone = (): AnalysisResult => {
      const s = performance.now();
      const findings = cachedFindings ?? (lintFailed === null && lint ? safeFindings(lint.findings) : [lintFailure(lintFailed)]);
      lintCache = { cluster, findings };
      const json = JSON.stringify(findings);
      const same = json === heldFindings;
      heldFindings = json;
      lintMs(s);
      return { ...base, phase: 'done', findings: same ? undefined : findings, ...stamp() };
    };
    return { first, rest: [graphStep, indexStep, ...(lint ? lint.parts.map(lintPart) : []), lintDone] };
  }

  return {
    analyze(id, text, profile, query, view) {
      const { first, rest } = stages(id, text, profile, query, view);
      const parts = [first];
      for (const step of rest) {
        const r = step();
        if (r) parts.push(r);
      }
      return mergeResults(parts);
    },
    stages,
    details(id, key) {
      return cached ? detailsOf(id, cached.cluster, key, traceFn) : null;
    },
    connectivity() {
      return cached ? connectivity(cached.cluster) : null;
    },
    diff(beforeText, beforeProfile) {
      return cached ? comparer.diff(cached.cluster, beforeText, beforeProfile) : null;
    },
    warm(deadline) {
      return parser.warm(deadline);
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

/** The lint rules must not throw on user input; if they do, say so as a finding instead of losing the UI. */
function lintFailure(e: unknown): Finding {
  return { code: 'lint-failed', severity: 'warning', message: `The lint rules failed on this input (a bug in podpath): ${e instanceof Error ? e.message : String(e)}`, source: { file: EDITOR_FILE, startLine: 1, startCol: 1, endLine: 1, endCol: 1 } };
}

function safeFindings(f: () => Finding[]): Finding[] {
  try {
    return f();
  } catch (e) {
    return [lintFailure(e)];
  }
}

export function objectInfos(cluster: BuiltCluster): ObjectInfo[] {
  const out: ObjectInfo[] = [];
  for (const [key, m] of cluster.objects) {
    if (m.ref.doc < 0) continue;
    out.push({ key, range: cluster.sourceMap.locate(m.ref) });
  }
  return out;
}

/** Autocomplete for the trace pickers: every endpoint form the core understands, from the model (the one
 *  endpoint module, src-core/endpoint). */
export function suggestionsFor(cluster: BuiltCluster): Suggestions {
  return endpointsOf(cluster);
}

function connectionsOf(cluster: BuiltCluster, withDenied: boolean): { list: GraphConnection[]; note?: string } {
  const pods = cluster.pods.filter((p) => !p.meta.impliedBy);
  if (pods.length > MAX_CONNECTION_PODS) return namespaceConnections(cluster, pods.length);
  const list: GraphConnection[] = [];
  for (const from of pods) {
    for (const to of pods) {
      if (from === to) continue;
      const ports = to.ports.length ? [...new Set(to.ports.map((p) => `${p.containerPort}/${p.protocol}`))].slice(0, 4) : ['80/TCP'];
      const allowed: string[] = [];
      const open: string[] = [];
      for (const pp of ports) {
        const [port, protocol] = pp.split('/');
        try {
          const v = evaluateConnection(cluster, { kind: 'pod', pod: from }, { kind: 'pod', pod: to }, Number(port), protocol as Protocol).verdict;
          if (v === 'allowed') allowed.push(port);
          else if (v === 'undetermined') open.push(port);
        } catch {
          // A failure of the engine on one pair must not hide the others.
        }
      }
      if (allowed.length) list.push({ from: objectKey(from.meta), to: objectKey(to.meta), allowed: true, label: allowed.join(',') });
      // Undetermined pairs are drawn whatever the denied toggle says: they are what needs checking.
      else if (open.length) list.push({ from: objectKey(from.meta), to: objectKey(to.meta), allowed: false, undetermined: true, label: `${open.join(',')}?` });
      else if (withDenied) list.push({ from: objectKey(from.meta), to: objectKey(to.meta), allowed: false });
    }
  }
  return { list };
}

/** Large inputs: namespace → namespace edges from the core's reachability summary (equivalence classes,
 *  not pod pairs), labelled with how many pod/workload pairs connect. */
function namespaceConnections(cluster: BuiltCluster, podCount: number): { list: GraphConnection[]; note?: string } {
  try {
    const summary = summarizeReachability(cluster);
    const list = summary.namespaceEdges.filter((e) => e.from !== e.to).map((e) => ({ from: `ns:${e.from}`, to: `ns:${e.to}`, allowed: true, label: `${e.pairs} pair${e.pairs === 1 ? '' : 's'}` }));
    return { list, note: `${podCount} pods/workloads: connections are drawn between namespaces (pairs that can connect); trace a pair for details.` };
  } catch (e) {
    return { list: [], note: `The reachability summary failed on this input: ${e instanceof Error ? e.message : String(e)}` };
  }
}

export { detailsOf } from './details';
export type { RefLink };

/** The profile a cluster was built under, as the UI shows it; evidence lines point into the editor. */
export function profileInfoOf(cluster: BuiltCluster): ProfileInfo {
  const d = cluster.detectedProfile;
  const info: ProfileInfo = { name: cluster.profile.name, title: cluster.profile.title, auto: d !== undefined };
  if (d) {
    info.reason = d.reason;
    info.evidence = d.evidence.map((e) => ({ text: `${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name}: ${e.why}`, line: e.source.file === EDITOR_FILE ? e.source.startLine : undefined }));
  }
  return info;
}
