// Autosave storage for large texts, off the main thread: IndexedDB's put of a 12.7 MB string cost the page
// 50–130 ms (the value is serialised on the calling thread), and even one postMessage of it 15–110 ms on the
// shared 2-core machine. So the text travels in 1 MB parts, one per task, both ways.
// Page → worker: {id, op: 'part', text} …, then {id, op: 'put' | 'get' | 'delete', key} | {id, op: 'keep', keys}
// (`keep` deletes every stored text but those keys). Worker → page: {id, op: 'part', text} … (for get), then
// {id, ok, found?, error?}. Keys: the autosaved text under a key per version (startup.ts), and the texts
// of the workspace history (app/workspaces.ts).
import '../workers/lockdown';
const DB = 'podpath';
const STORE = 'autosave';
const DEFAULT_KEY = 'text';
const PART = 1_000_000;

interface SaveRequest {
  id: number;
  op: 'part' | 'put' | 'get' | 'delete' | 'keep';
  text?: string;
  key?: string;
  keys?: string[];
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
  });
}

async function run(op: 'put' | 'get' | 'delete' | 'keep', text: string, key: string, keys: string[]): Promise<unknown> {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, op === 'get' ? 'readonly' : 'readwrite');
      const store = tx.objectStore(STORE);
      if (op === 'keep') {
        const all = store.getAllKeys();
        all.onsuccess = () => {
          for (const k of all.result) if (typeof k !== 'string' || !keys.includes(k)) store.delete(k);
        };
        tx.oncomplete = () => resolve(undefined);
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB failed'));
        return;
      }
      const req = op === 'put' ? store.put(text, key) : op === 'get' ? store.get(key) : store.delete(key);
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB aborted'));
    });
  } finally {
    db.close();
  }
}

const post = (msg: unknown) => (self as unknown as Worker).postMessage(msg);
/** Parts of the text being sent for each put, by request id (only the newest matters). */
const parts = new Map<number, string[]>();

self.onmessage = (ev: MessageEvent<SaveRequest>) => {
  const r = ev.data;
  if (r.op === 'part') {
    const list = parts.get(r.id) ?? [];
    list.push(r.text ?? '');
    parts.set(r.id, list);
    return;
  }
  const text = (parts.get(r.id) ?? []).join('');
  parts.delete(r.id);
  run(r.op, text, r.key ?? DEFAULT_KEY, r.keys ?? []).then(
    (value) => {
      const found = r.op === 'get' && typeof value === 'string';
      if (found) for (let at = 0; at < value.length; at += PART) post({ id: r.id, op: 'part', text: value.slice(at, at + PART) });
      post({ id: r.id, ok: true, found });
    },
    (e: unknown) => post({ id: r.id, ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
};
