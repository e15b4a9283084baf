// The page's side of autosave.worker.ts: large texts are stored in IndexedDB by a worker, so neither writing
// nor reading a whole-cluster dump blocks the page. Used by app/startup.ts.
interface Answer {
  id: number;
  ok: boolean;
  text?: string;
  error?: string;
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, { resolve(a: Answer): void; reject(e: Error): void }>();

function call(op: 'put' | 'get' | 'delete', text?: string): Promise<Answer> {
  if (!worker) {
    worker = new Worker(new URL('./autosave.worker.ts', import.meta.url), { type: 'module', name: 'podpath-autosave' });
    worker.onmessage = (ev: MessageEvent<Answer>) => {
      const p = pending.get(ev.data.id);
      pending.delete(ev.data.id);
      if (p) (ev.data.ok ? p.resolve(ev.data) : p.reject(new Error(ev.data.error ?? 'autosave failed')));
    };
    worker.onerror = () => {
      for (const p of pending.values()) p.reject(new Error('the autosave worker failed'));
      pending.clear();
    };
  }
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker!.postMessage({ id, op, text });
  });
}

export async function putLargeText(text: string): Promise<void> {
  await call('put', text);
}

export async function getLargeText(): Promise<string | null> {
  return (await call('get')).text ?? null;
}

export async function deleteLargeText(): Promise<void> {
  await call('delete');
}
