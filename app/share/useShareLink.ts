// The share link of the current workspace, computed where it does not freeze the page: small texts
// at once (they take a millisecond or two), large ones in a worker (link.worker.ts) while the panel says
// it is preparing the link. A newer state supersedes an older request; an answer for old text is dropped.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { AppState } from '../store';
import type { LinkRequest, LinkResponse } from './link.worker';
import { appBaseUrl, buildShareLink, type BuiltLink, type ShareSource } from './state';

/** Above this many characters the link is built in the worker. */
export const SHARE_WORKER_MIN_CHARS = 200_000;

export type ShareLinkState = { status: 'ready'; link: BuiltLink } | { status: 'pending' } | { status: 'failed'; error: string };

let worker: Worker | null = null;
let nextId = 1;

/** The fields a link is built from (functions and transient UI state do not cross to the worker). */
function plainState(s: ShareSource): ShareSource {
  const { text, profile, scenarioId, traceQuery, selection, theme, tab, view } = s;
  return { text, profile, scenarioId, traceQuery, selection, theme, tab, view };
}

export function useShareLink(s: AppState): ShareLinkState {
  const small = s.text.length < SHARE_WORKER_MIN_CHARS;
  const sync = useMemo<ShareLinkState | null>(() => (small ? { status: 'ready', link: buildShareLink(s) } : null), [small, s]);
  const [async, setAsync] = useState<ShareLinkState>({ status: 'pending' });
  const latest = useRef(0);
  useEffect(() => {
    if (small) return;
    setAsync({ status: 'pending' });
    worker ??= new Worker(new URL('./link.worker.ts', import.meta.url), { type: 'module', name: 'podpath-share' });
    const id = nextId++;
    latest.current = id;
    const w = worker;
    const onMessage = (e: MessageEvent<LinkResponse>) => {
      if (e.data.id !== latest.current) return;
      setAsync('link' in e.data ? { status: 'ready', link: e.data.link } : { status: 'failed', error: e.data.error });
    };
    const onError = (e: ErrorEvent) => setAsync({ status: 'failed', error: e.message || 'the share worker failed' });
    w.addEventListener('message', onMessage);
    w.addEventListener('error', onError);
    const req: LinkRequest = { id, state: plainState(s), base: appBaseUrl() };
    w.postMessage(req);
    return () => {
      w.removeEventListener('message', onMessage);
      w.removeEventListener('error', onError);
    };
  }, [small, s]);
  return sync ?? async;
}
