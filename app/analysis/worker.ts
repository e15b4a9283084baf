// The analysis Web Worker: a thin adapter between the UI's messages (protocol.ts) and the core's workspace
// session (src-core/session, staged by analyze.ts), off the main thread so typing never freezes, even on
// a whole-cluster dump. Requests are coalesced: only the newest analysis request runs,
// and a running one gives up its remaining parts (graph, index, findings) as soon as a newer one waits.
// The trace is posted first, on its own; the later parts follow, merged while they are quick.
import '../workers/lockdown';
import { createAnalyzer, mergeResults } from './analyze';
import { createScheduler } from './schedule';
import type { AnalysisResult, WorkerRequest, WorkerResponse } from './protocol';

const analyzer = createAnalyzer();

function post(msg: WorkerResponse): void {
  // Object positions travel as a transferred buffer (no copy).
  const transfer = msg.type === 'analysis' && msg.objects ? [msg.objects.ranges.buffer] : [];
  (self as unknown as Worker).postMessage(msg, transfer);
}

function failure(id: number, e: unknown): WorkerResponse {
  return { type: 'error', id, message: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) };
}

/** Parts after the graph finishing within this long of the last post go out together (fewer renders). */
const MERGE_MS = 12;
/** Idle slices for warming the parse cache: short, so a keystroke waits at most this long. */
const WARM_SLICE_MS = 8;

const scheduler = createScheduler<WorkerRequest>({
  replaces: (req) => req.type === 'analyze',
  run(req, newer) {
    if (req.type === 'connectivity') {
      try {
        const c = analyzer.connectivity();
        post(c ? { type: 'connectivity', id: req.id, connectivity: c } : { type: 'error', id: req.id, message: 'No analysis yet' });
      } catch (e) {
        post(failure(req.id, e));
      }
      return null;
    }
    if (req.type === 'diff') {
      try {
        const t0 = performance.now();
        const report = analyzer.diff(req.beforeText, req.beforeProfile);
        post(report ? { type: 'diff', id: req.id, report, ms: performance.now() - t0 } : { type: 'error', id: req.id, message: 'No analysis yet' });
      } catch (e) {
        post(failure(req.id, e));
      }
      return null;
    }
    if (req.type === 'details') {
      try {
        const d = analyzer.details(req.id, req.key);
        post(d ?? { type: 'error', id: req.id, message: `No object ${req.key}` });
      } catch (e) {
        post(failure(req.id, e));
      }
      return null;
    }
    let stages;
    try {
      stages = analyzer.stages(req.id, req.text ?? lastText, req.profile, req.query, req.view, { origin: req.queryOrigin, pinned: req.queryPinned });
    } catch (e) {
      post(failure(req.id, e));
      return null;
    }
    post(stages.first);
    const rest = stages.rest;
    let held: AnalysisResult[] = [];
    let since = performance.now();
    const flush = () => {
      if (held.length) post(mergeResults(held));
      held = [];
      since = performance.now();
    };
    // One part per task: between parts the worker reads its message queue, so a newer request can
    // take over (the remaining parts of this one are then dropped).
    return () => {
      if (newer()) {
        flush();
        return 'stop';
      }
      const step = rest.shift();
      if (!step) {
        flush();
        return 'stop';
      }
      let r: AnalysisResult | null;
      try {
        r = step();
        if (r) held.push(r);
      } catch (e) {
        flush();
        post(failure(req.id, e));
        return 'stop';
      }
      // The graph goes out at once (the user is waiting for it); index and findings may wait for each other.
      if (rest.length === 0 || r?.phase === 'graph' || performance.now() - since > MERGE_MS) flush();
      return rest.length ? 'more' : 'stop';
    };
  },
  idle() {
    return analyzer.warm(performance.now() + WARM_SLICE_MS);
  },
});

/** The text of the last analysis request that carried one: a request without text (a Trace click, a view
 *  toggle) is about that text. Filled in on arrival, so a request coalesced away never takes its text along. */
let lastText = '';

self.onmessage = (ev: MessageEvent<WorkerRequest>) => {
  const req = ev.data;
  if (req.type === 'analyze') {
    if (req.text === undefined) req.text = lastText;
    else lastText = req.text;
  }
  scheduler.push(req);
};
