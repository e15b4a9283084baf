// Autosave storage for large texts, off the main thread: IndexedDB's put of a 12.7 MB string cost the page
// 50–130 ms (serialising the value happens on the calling thread); handing the string to this worker costs
// one postMessage (~15–30 ms). Messages: {id, op: 'put', text} | {id, op: 'get'} | {id, op: 'delete'};
// answers {id, ok, text?, error?}.
const DB = 'podpath';
const STORE = 'autosave';
const KEY = 'text';

interface SaveRequest {
  id: number;
  op: 'put' | 'get' | 'delete';
  text?: string;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
  });
}

async function run(r: SaveRequest): Promise<unknown> {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, r.op === 'get' ? 'readonly' : 'readwrite');
      const store = tx.objectStore(STORE);
      const req = r.op === 'put' ? store.put(r.text ?? '', KEY) : r.op === 'get' ? store.get(KEY) : store.delete(KEY);
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB aborted'));
    });
  } finally {
    db.close();
  }
}

self.onmessage = (ev: MessageEvent<SaveRequest>) => {
  const r = ev.data;
  run(r).then(
    (value) => postMessage({ id: r.id, ok: true, text: r.op === 'get' && typeof value === 'string' ? value : undefined }),
    (e: unknown) => postMessage({ id: r.id, ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
};
