// First import of every podpath worker (analysis, share link, autosave, Monaco's editor and YAML workers):
// the worker loses its network APIs before any other module of it runs (issue 16). A worker script served
// from a static host comes with no Content-Security-Policy header, and the page's <meta> policy does not
// reach a worker created from a URL, so without this a `fetch` inside a worker reached the network.
// spawn.ts adds the second layer: workers are created from blob: URLs, which inherit the page's policy
// (CSP 3 §4.2.2 "initialize a global object's CSP list": local-scheme workers take their creator's), so a
// cross-origin `import()` (syntax, which no lockdown can replace) is refused too. e2e/keep-safe.spec.ts checks
// both in Chromium, in every worker, against a server that counts the requests it receives.
const NETWORK_APIS = ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'WebTransport', 'importScripts', 'Worker', 'SharedWorker', 'caches'];

function refuse(name: string): () => never {
  return function refused(): never {
    throw new TypeError(`podpath's workers make no network requests (${name} is disabled).`);
  };
}

const scope = globalThis as unknown as Record<string, unknown>;
for (const name of NETWORK_APIS) {
  try {
    // Non-configurable: code that runs later in the worker cannot put the original back.
    Object.defineProperty(scope, name, {
      value: name === 'fetch' ? () => Promise.reject(new TypeError("podpath's workers make no network requests (fetch is disabled).")) : refuse(name),
      writable: false,
      configurable: false,
      enumerable: false,
    });
  } catch {
    // Already non-configurable in this engine: nothing to replace.
  }
}

export {};
