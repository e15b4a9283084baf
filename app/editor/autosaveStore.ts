// The page's side of autosave.worker.ts: large texts are stored in IndexedDB by a worker and travel in 1 MB
// parts with a yield between them, so neither writing nor reading a whole-cluster dump blocks the page.
// Used by app/startup.ts.
import workerUrl from './autosave.worker.ts?worker&url';
import { spawnWorker } from '../workers/spawn';
interface Answer {
  id: number;
  op?: 'part';
  ok?: boolean;
  found?: boolean;
  text?: string;
  error?: string;
}

const PART = 1_000_000;
let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, { parts: string[]; resolve(text: string | null): void; reject(e: Error): void }>();

function yieldToPage(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function getWorker(): Worker {
  if (worker) return worker;
  worker = spawnWorker(workerUrl, 'podpath-autosave');
  worker.onmessage = (ev: MessageEvent<Answer>) => {
    const a = ev.data;
    const p = pending.get(a.id);
    if (!p) return;
    if (a.op === 'part') {
      p.parts.push(a.text ?? '');
      return;
    }
    pending.delete(a.id);
    if (!a.ok) p.reject(new Error(a.error ?? 'autosave failed'));
    else p.resolve(a.found ? p.parts.join('') : null);
  };
  worker.onerror = () => {
    for (const p of pending.values()) p.reject(new Error('the autosave worker failed'));
    pending.clear();
  };
  return worker;
}

/** One request at a time, in order: a newer put must not be overtaken by an older one still sending parts. */
let queue: Promise<unknown> = Promise.resolve();

type Op = 'put' | 'get' | 'delete' | 'keep';

function call(op: Op, text = '', key = 'text', keys: string[] = []): Promise<string | null> {
  const run = queue.then(() => send(op, text, key, keys));
  queue = run.catch(() => undefined);
  return run;
}

async function send(op: Op, text: string, key: string, keys: string[]): Promise<string | null> {
  const w = getWorker();
  const id = nextId++;
  const done = new Promise<string | null>((resolve, reject) => pending.set(id, { parts: [], resolve, reject }));
  for (let at = 0; at < text.length; at += PART) {
    w.postMessage({ id, op: 'part', text: text.slice(at, at + PART) });
    await yieldToPage();
  }
  w.postMessage({ id, op, key, keys });
  return done;
}

/** `key`: which stored text (the autosave keeps one per version, the history one per entry). */
export async function putLargeText(text: string, key = 'text'): Promise<void> {
  await call('put', text, key);
}

export function getLargeText(key = 'text'): Promise<string | null> {
  return call('get', '', key);
}

export async function deleteLargeText(key = 'text'): Promise<void> {
  await call('delete', '', key);
}

/** Deletes every stored text except these keys (versions and history entries no record points at). */
export async function keepLargeTexts(keys: string[]): Promise<void> {
  await call('keep', '', '', keys);
}
