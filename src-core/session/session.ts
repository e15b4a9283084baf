// A workspace session: the core's answer to "the person edited the text, picked a profile, asked a
// question, selected a node". It holds the last model and the caches that make a keystroke cheap —
// per-document parses (documents.ts) and the model itself when no value changed (reuse.ts) — and
// answers from them: the verdict for a query, the graph for a view, findings, object positions and
// autocomplete, an object's details, the connections overlay and the connectivity list.
//
// Contract: plain functions of (last update, argument); nothing here reads app state, a DOM or a clock
// other than `performance.now()` for timings. The app's analysis worker is a thin adapter over this
// (app/analysis/analyze.ts stages the answers and sends only what changed); the CLI and tests can use
// it in Node. Nothing here throws on user input: the trace and lint are guarded (a bug in podpath is
// reported as such, not lost).
import { parseManifests, type InputFile } from '../parse/parse';
import type { Diagnostic } from '../parse/diagnostics';
import type { BuiltCluster } from '../model/build';
import type { ProfileChoice } from '../model/types';
import type { Query, Trace } from '../analyze/types';
import { traceQuery } from '../analyze/trace';
import { connectivity, type Connectivity } from '../analyze/connectivity';
import { buildGraph, type Graph } from '../graph/index';
import { lintInParts, type Finding } from '../lint/index';
import { IncrementalParser } from './documents';
import { ModelBuilder } from './reuse';
import { detailsOf } from './details';
import { connectionsOf, type Connections } from './connections';
import { objectInfos, profileInfoOf, suggestionsFor } from './suggestions';
import { effectiveQuery } from './autoquery';
import { EDITOR_FILE, type ObjectInfo, type ProfileInfo, type QueryOrigin, type SessionDetails, type SessionView, type Suggestions, type TraceFn } from './types';

/** What one update produced: the model and what every view needs first. */
export interface SessionModel {
  cluster: BuiltCluster;
  /** The real model build this stands for: equal ids, equal model objects (only positions may differ). */
  model: number;
  diagnostics: Diagnostic[];
  /** A YAML syntax error made some documents unreadable (the app keeps its last good graph). */
  syntaxError: boolean;
  profile: ProfileInfo;
  /** Parse + model time of this update, ms (null when the input was the same as the last one). */
  loadMs: number | null;
}

/** The lint of the current model, in parts a worker can interleave with newer requests. */
export interface SessionLint {
  /** Null when the findings of this model are already known (no part to run). */
  parts: (() => void)[];
  findings(): Finding[];
}

export interface WorkspaceSession {
  /** The editor's text (one file named EDITOR_FILE, parsed incrementally) or a set of files. */
  update(input: string | readonly InputFile[], profile: ProfileChoice): SessionModel;
  /** The last update (null before the first). */
  current(): SessionModel | null;
  /** The query traced for `query` (see autoquery.ts): the given one, or the automatic question. */
  queryFor(query: Query | null, origin?: QueryOrigin, pinned?: boolean): Query | null;
  /** The trace of `queryFor(...)` (null without a query). */
  trace(query: Query | null, origin?: QueryOrigin, pinned?: boolean): Trace | null;
  graph(view: SessionView): { graph: Graph; connectionsNote?: string };
  /** The connections overlay (pairs through `node` only, when given). */
  connections(withDenied: boolean, node?: string): Connections;
  objects(): ObjectInfo[];
  suggestions(): Suggestions;
  lint(): SessionLint;
  /** All findings at once. */
  findings(): Finding[];
  details(key: string): SessionDetails | null;
  connectivity(): Connectivity | null;
  /** Idle work after an update: fills the per-document parse cache until `deadline`; true when done. */
  warm(deadline: number): boolean;
}

function isSyntaxError(d: Diagnostic): boolean {
  return d.code === 'yaml-syntax' || d.code === 'input-too-deep';
}

/** The lint rules must not throw on user input; if they do, say so as a finding instead of losing the UI. */
export function lintFailure(e: unknown): Finding {
  return { code: 'lint-failed', severity: 'warning', message: `The lint rules failed on this input (a bug in podpath): ${e instanceof Error ? e.message : String(e)}`, source: { file: EDITOR_FILE, startLine: 1, startCol: 1, endLine: 1, endCol: 1 } };
}

export function createSession(traceFn: TraceFn | undefined = traceQuery): WorkspaceSession {
  const parser = new IncrementalParser(EDITOR_FILE);
  const models = new ModelBuilder();
  let input: { text: string | readonly InputFile[]; profile: ProfileChoice } | null = null;
  let now: SessionModel | null = null;
  /** Derived per model, computed on first use. */
  let index: { cluster: BuiltCluster; objects?: ObjectInfo[]; suggestions?: Suggestions } | null = null;
  let connCache: { model: number; denied: boolean; node?: string; value: Connections } | null = null;
  let lintCache: { cluster: BuiltCluster; findings: Finding[] } | null = null;

  function need(): SessionModel {
    if (!now) throw new Error('WorkspaceSession: update() before asking'); // a bug of the caller, not user input
    return now;
  }
  function indexOf(): NonNullable<typeof index> {
    const { cluster } = need();
    if (!index || index.cluster !== cluster) index = { cluster };
    return index;
  }
  function suggestions(): Suggestions {
    const i = indexOf();
    return (i.suggestions ??= suggestionsFor(i.cluster));
  }
  function queryFor(query: Query | null, origin: QueryOrigin = 'user', pinned = false): Query | null {
    return effectiveQuery(need().cluster, suggestions, query, origin, pinned);
  }
  function connections(withDenied: boolean, node?: string): Connections {
    const { cluster, model } = need();
    if (!connCache || connCache.model !== model || connCache.denied !== withDenied || connCache.node !== node) connCache = { model, denied: withDenied, node, value: connectionsOf(cluster, withDenied, node) };
    return connCache.value;
  }
  function lint(): SessionLint {
    const { cluster } = need();
    if (lintCache?.cluster === cluster) {
      const findings = lintCache.findings;
      return { parts: [], findings: () => findings };
    }
    let failed: unknown = null;
    let l: ReturnType<typeof lintInParts> | null = null;
    try {
      l = lintInParts(cluster);
    } catch (e) {
      failed = e ?? 'error';
    }
    const guard = (part: () => void) => () => {
      if (failed !== null) return;
      try {
        part();
      } catch (e) {
        failed = e ?? 'error';
      }
    };
    return {
      parts: l ? l.parts.map(guard) : [],
      findings() {
        let findings: Finding[];
        try {
          findings = failed === null && l ? l.findings() : [lintFailure(failed)];
        } catch (e) {
          findings = [lintFailure(e)];
        }
        lintCache = { cluster, findings };
        return findings;
      },
    };
  }

  return {
    update(text, profile) {
      if (now && input && input.text === text && input.profile === profile) return { ...now, loadMs: null };
      const t = performance.now();
      // Only the documents an edit touched are parsed again; the model is rebuilt unless the objects are
      // unchanged (a comment, blank lines). A set of files is parsed whole.
      const parsed = typeof text === 'string' ? parser.parse(text) : parseManifests(text);
      const cluster = models.build(parsed, profile);
      input = { text, profile };
      now = { cluster, model: models.idOf(cluster), diagnostics: cluster.diagnostics, syntaxError: cluster.diagnostics.some(isSyntaxError), profile: profileInfoOf(cluster), loadMs: Math.round(performance.now() - t) };
      return now;
    },
    current: () => now,
    queryFor,
    trace(query, origin = 'user', pinned = false) {
      const q = queryFor(query, origin, pinned);
      if (!q || !q.from.trim() || !q.to.trim() || !traceFn) return null;
      try {
        return traceFn(need().cluster, q);
      } catch (e) {
        // The core must not throw on user input; if it does, say so instead of losing the UI.
        return { query: q, allowed: false, verdict: 'warning', summary: 'The trace engine failed on this input (a bug in podpath).', hops: [], reached: null, path: [], error: e instanceof Error ? e.message : String(e) };
      }
    },
    graph(view) {
      const { cluster } = need();
      const c = view.showConnections ? connections(view.showDenied) : undefined;
      const graph = buildGraph(cluster, { expanded: view.expandedNamespaces, expandPods: view.expandedWorkloads, hiddenNamespaces: view.hiddenNamespaces, connections: c?.list });
      return { graph, connectionsNote: c?.note };
    },
    connections,
    objects() {
      const i = indexOf();
      return (i.objects ??= objectInfos(i.cluster));
    },
    suggestions,
    lint,
    findings() {
      const l = lint();
      for (const p of l.parts) p();
      return l.findings();
    },
    details(key) {
      return now ? detailsOf(now.cluster, key, traceFn) : null;
    },
    connectivity() {
      return now ? connectivity(now.cluster) : null;
    },
    warm(deadline) {
      return parser.warm(deadline);
    },
  };
}
