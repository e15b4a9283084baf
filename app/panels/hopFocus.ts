// "Open this hop": which hop of the current trace is shown expanded because a person chose it (clicked it
// open, or a share / embed link asked for it). A small store of its own, next to the app store (which holds
// inputs only): the hop belongs to one question, so it is kept with that question's key and applies only
// while the trace query is the same. Links carry it as `view.hop` (src-core/share/codec.ts), embeds as `hop=`.
import { create } from 'zustand';
import { decodeShareState } from '../../src-core/index';
import type { Query } from '../../src-core/index';

/** A query as a stable string (field order fixed, TCP the default protocol). */
export function queryKey(q: Query | null | undefined): string {
  if (!q) return '';
  return JSON.stringify([q.from, q.to, q.port ?? null, q.protocol ?? 'TCP', q.named_port ?? null]);
}

interface HopFocus {
  /** queryKey of the question the hop belongs to. */
  key: string;
  /** 1-based hop number, as the trace panel numbers hops; null: none chosen. */
  hop: number | null;
  setHop(key: string, hop: number | null): void;
}

export const useHopFocus = create<HopFocus>((set) => ({
  key: '',
  hop: null,
  setHop: (key, hop) => set({ key, hop }),
}));

/** The hop chosen for this question, if any. */
export function chosenHop(q: Query | null | undefined): number | undefined {
  const s = useHopFocus.getState();
  return s.hop !== null && s.key === queryKey(q) ? s.hop : undefined;
}

/** Links bigger than this are not decoded a second time for their hop (they are whole-cluster dumps). */
const MAX_HASH = 2_000_000;

/** Takes `view.hop` from a `#v1:` fragment (the app store loads the rest of it, app/share/state.ts). */
export function hopFromFragment(hash: string): void {
  if (!hash.startsWith('#v1:') || hash.length > MAX_HASH) return;
  const r = decodeShareState(hash);
  if (r.ok && r.state.trace && r.state.view?.hop) useHopFocus.getState().setHop(queryKey(r.state.trace), r.state.view.hop);
}

if (typeof window !== 'undefined') {
  hopFromFragment(window.location.hash);
  window.addEventListener('hashchange', () => hopFromFragment(window.location.hash));
}
