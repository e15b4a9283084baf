// Creates podpath's workers so that they cannot reach the network (issue 16; workers/lockdown.ts is the
// first layer, inside each worker). The second layer: a worker is started from a blob: URL whose one line
// imports the real (bundled) worker module. A blob: worker inherits the page's Content-Security-Policy
// (CSP 3, "initialize a global object's CSP list"; Chromium does so), so the meta policy of index.html
// (connect-src 'self', script-src 'self') governs it even on a static host that sends no headers —
// whereas a worker loaded from a URL obeys only the headers its own script was served with.
// On file:// (opaque origins) the blob could not import the file, so the worker is created directly.

export function spawnWorker(url: string, name: string): Worker {
  const absolute = new URL(url, document.baseURI).href;
  if (typeof Blob !== 'undefined' && /^https?:$/.test(location.protocol) && new URL(absolute).origin === location.origin) {
    try {
      const blob = new Blob([`import ${JSON.stringify(absolute)};\n`], { type: 'text/javascript' });
      return new Worker(URL.createObjectURL(blob), { type: 'module', name });
    } catch {
      // A policy without blob: in worker-src: the direct way below (the lockdown still holds).
    }
  }
  return new Worker(absolute, { type: 'module', name });
}
