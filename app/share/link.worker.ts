// Builds share links for large workspaces off the main thread: redacting and compressing a whole
// cluster dump (megabytes) takes longer than a frame, and the page must not freeze when Share opens.
import '../workers/lockdown';
import { buildLink, type BuiltLink, type ShareMode, type ShareSource } from './link';

export interface LinkRequest {
  id: number;
  state: ShareSource;
  base: string;
  mode: ShareMode;
}
export type LinkResponse = { id: number; link: BuiltLink } | { id: number; error: string };

self.onmessage = (e: MessageEvent<LinkRequest>) => {
  const { id, state, base, mode } = e.data;
  let msg: LinkResponse;
  try {
    msg = { id, link: buildLink(state, base, mode) };
  } catch (err) {
    msg = { id, error: err instanceof Error ? err.message : String(err) };
  }
  (self as unknown as Worker).postMessage(msg);
};
