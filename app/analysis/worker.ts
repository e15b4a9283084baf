// The analysis Web Worker: parses, models, lints, graphs and traces off the main thread so typing never
// freezes, even on a whole-cluster dump. It answers only the newest request (older ones are dropped).
import { createAnalyzer } from './analyze';
import type { WorkerRequest, WorkerResponse } from './protocol';

const analyzer = createAnalyzer();

let pending: WorkerRequest | null = null;
let scheduled = false;

function post(msg: WorkerResponse): void {
  // Object positions travel as a transferred buffer (no copy).
  const transfer = msg.type === 'analysis' && msg.objects ? [msg.objects.ranges.buffer] : [];
  (self as unknown as Worker).postMessage(msg, transfer);
}

function run(): void {
  scheduled = false;
  const req = pending;
  pending = null;
  if (!req) return;
  try {
    if (req.type === 'analyze') {
      const { first, finish } = analyzer.stages(req.id, req.text, req.profile, req.query, req.view);
      post(first);
      // Findings next, unless a newer request arrived meanwhile (typing in a large input).
      if (finish) setTimeout(() => {
        if (pending?.type === 'analyze') return;
        try {
          post(finish());
        } catch (e) {
          post({ type: 'error', id: req.id, message: e instanceof Error ? e.message : String(e) });
        }
      }, 0);
    } else {
      const d = analyzer.details(req.id, req.key);
      if (d) post(d);
      else post({ type: 'error', id: req.id, message: `No object ${req.key}` });
    }
  } catch (e) {
    post({ type: 'error', id: req.id, message: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
  }
}

self.onmessage = (ev: MessageEvent<WorkerRequest>) => {
  const req = ev.data;
  // Details requests are answered in order; analysis requests replace each other (only the latest matters).
  if (req.type === 'details' && pending?.type === 'analyze') run();
  pending = req;
  if (!scheduled) {
    scheduled = true;
    setTimeout(run, 0);
  }
};
