// The share link of the current workspace, computed where it does not freeze the page: small texts
// at once (they take a millisecond or two), large ones in a worker (link.worker.ts) while the panel says
// it is preparing the link. One request runs at a time and only the newest waits behind it; an answer for an
// older state is dropped.
import workerUrl from './link.worker.ts?worker&url';
import { spawnWorker } from '../workers/spawn';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { AppState } from '../store';
import type { LinkRequest, LinkResponse } from './link.worker';
import { appBaseUrl, buildShareLink, type BuiltLink, type ShareMode, type ShareSource } from './state';
import { shownQuery } from '../analysis/client';

/** Above this many characters the link is built in the worker. */
export const SHARE_WORKER_MIN_CHARS = 200_000;

export type ShareLinkState = { status: 'ready'; link: BuiltLink } | { status: 'pending' } | { status: 'failed'; error: string };

let worker: Worker | null = null;
let nextId = 1;
/** At most one request in the worker; while it runs, only the newest state waits (each costs ~0.5 s on a dump). */
let inFlight = false;
let waiting: LinkRequest | null = null;

function post(req: LinkRequest): void {
  if (!worker) {
    worker = spawnWorker(workerUrl, 'podpath-share');
    worker.addEventListener('message', settled);
    worker.addEventListener('error', settled);
  }
  if (inFlight) {
    waiting = req;
    return;
  }
  inFlight = true;
  worker.postMessage(req);
}

function settled(): void {
  inFlight = false;
  const next = waiting;
  waiting = null;
  if (next) post(next);
}

/** The fields a link is built from (functions and transient UI state do not cross to the worker). */
function plainState(s: ShareSource): ShareSource {
  const { text, profile, scenarioId, selection, theme, tab, view, before } = s;
  return { text, profile, scenarioId, traceQuery: shownQuery(s), selection, theme, tab, view, before };
}

export function useShareLink(s: AppState, mode: ShareMode = 'minimal'): ShareLinkState {
  const small = s.text.length < SHARE_WORKER_MIN_CHARS;
  const sync = useMemo<ShareLinkState | null>(() => (small ? { status: 'ready', link: buildShareLink(s, appBaseUrl(), mode) } : null), [small, s, mode]);
  const [async, setAsync] = useState<ShareLinkState>({ status: 'pending' });
  const latest = useRef(0);
  useEffect(() => {
    if (small) return;
    setAsync({ status: 'pending' });
    const id = nextId++;
    latest.current = id;
    post({ id, state: plainState(s), base: appBaseUrl(), mode });
    const w = worker as Worker;
    const onMessage = (e: MessageEvent<LinkResponse>) => {
      if (e.data.id !== latest.current) return;
      setAsync('link' in e.data ? { status: 'ready', link: e.data.link } : { status: 'failed', error: e.data.error });
    };
    const onError = (e: ErrorEvent) => setAsync({ status: 'failed', error: e.message || 'the share worker failed' });
    w.addEventListener('message', onMessage);
    w.addEventListener('error', onError);
    return () => {
      w.removeEventListener('message', onMessage);
      w.removeEventListener('error', onError);
    };
  }, [small, s, mode]);
  return sync ?? async;
}
