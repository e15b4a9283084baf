// The share-link codec: the whole workspace (manifests, profile, preset trace, view) in a URL
// fragment, so no server ever sees it. Format: `v1:` + base64url(raw DEFLATE(UTF-8 JSON)).
//
// Contract: encode is a pure function of the state; decode never throws — a corrupt, truncated,
// oversized or future-version link gives `{ ok: false, error }` with a sentence for the user (what the app
// then does — keep the user's work — it says itself). New
// fields are optional and unknown fields are ignored, so links made by older and newer builds keep
// opening. A link does not redact by itself: callers pass text that went through redactSecrets.
import { deflateSync, Inflate, strFromU8, strToU8 } from 'fflate';
import type { Query } from '../analyze/types';
import { isProfileName } from '../model/profiles';
import type { ProfileChoice, Protocol } from '../model/types';

/** What the view looked like; every field optional (old links have none of them). */
export interface ShareView {
  /** The selected object key (`Deployment/shop/web`). */
  selected?: string;
  theme?: 'light' | 'dark';
  /** Side panel tab: `trace`, `findings`, `details`. */
  tab?: string;
  zoom?: number;
  pan?: { x: number; y: number };
  hiddenNamespaces?: string[];
  /** Show allowed connections on the graph. */
  showConnections?: boolean;
  /** Show denied connections on the graph. */
  showDenied?: boolean;
  /** Aggregated graphs: namespaces and workloads the user expanded. */
  expandedNamespaces?: string[];
  expandedWorkloads?: string[];
  /** The graph's search / filter text. */
  filter?: string;
  /** "Open this hop": the trace's hop shown expanded, numbered as the app shows it (1 = first). Only
   *  meaningful with `trace`; optional, so links without it (all older ones) open as before. */
  hop?: number;
}

export interface ShareState {
  text: string;
  /** `auto`: the profile the input shows. Written only when picked; a link without one opens on `auto`. */
  profile: ProfileChoice;
  trace?: Query;
  view?: ShareView;
  /** The built-in scenario the text came from, when it is unchanged. */
  scenarioId?: string;
  /** Compare mode's baseline ("before"); optional, so links made before compare mode keep opening. */
  before?: { text: string; profile: ProfileChoice };
}

export type DecodeResult = { ok: true; state: ShareState; warnings: string[] } | { ok: false; error: string };

export const SHARE_VERSION = 'v1';
/** Decompressed size a link may expand to: a deflate "zip bomb" in a URL stops here. */
export const MAX_DECODED_BYTES = 16 * 1024 * 1024;
/** Longer fragments are not links anyone made (browsers cap URLs at a few MB). */
const MAX_FRAGMENT_CHARS = 8 * 1024 * 1024;

export function encodeShareState(state: ShareState): string {
  const json = JSON.stringify(clean(state));
  return `${SHARE_VERSION}:${toBase64Url(deflateSync(strToU8(json), { level: 9 }))}`;
}

/** Accepts the fragment with or without `#`, and a whole URL (takes the part after `#`). */
export function decodeShareState(fragment: string): DecodeResult {
  try {
    return decode(fragment);
  } catch (e) {
    // decode handles every failure it knows; this is the last line of "never throws".
    return { ok: false, error: `This link could not be read (${e instanceof Error ? e.message : String(e)}).` };
  }
}

function fail(why: string): DecodeResult {
  return { ok: false, error: why };
}

function decode(fragment: string): DecodeResult {
  if (typeof fragment !== 'string') return fail('This link is empty.');
  let s = fragment.trim();
  const hash = s.indexOf('#');
  if (hash !== -1) s = s.slice(hash + 1);
  if (s.includes('%')) {
    // Some chat tools percent-encode the fragment; base64url itself never contains `%`.
    try {
      s = decodeURIComponent(s);
    } catch {
      return fail('This link is damaged: it contains characters a podpath link never has.');
    }
  }
  if (s === '') return fail('This link is empty.');
  if (s.length > MAX_FRAGMENT_CHARS) return fail('This link is too long to be a podpath link.');
  const colon = s.indexOf(':');
  if (colon === -1) return fail('This link has no version prefix (`v1:`); it was not made by podpath or was cut.');
  const version = s.slice(0, colon);
  const body = s.slice(colon + 1);
  if (version !== SHARE_VERSION) {
    return /^v\d+$/.test(version)
      ? fail(`This link was made by a newer podpath (format ${version}); this version reads ${SHARE_VERSION}.`)
      : fail('This link has no version prefix (`v1:`); it was not made by podpath or was cut.');
  }
  const bytes = fromBase64Url(body);
  if (!bytes) return fail('This link is damaged: it contains characters a podpath link never has.');
  const inflated = inflateBounded(bytes, MAX_DECODED_BYTES);
  if (typeof inflated === 'string') return fail(inflated);
  let json: unknown;
  try {
    json = JSON.parse(strFromU8(inflated));
  } catch {
    return fail('This link is damaged: its content is not readable.');
  }
  return validate(json);
}

function inflateBounded(bytes: Uint8Array, limit: number): Uint8Array | string {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let done = false;
  let tooBig = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > limit) tooBig = true;
    else chunks.push(chunk);
    if (final) done = true;
  });
  try {
    // Feed in slices so an oversized expansion is noticed before it all sits in memory.
    const step = 16 * 1024;
    for (let i = 0; i < bytes.length && !tooBig; i += step) inflater.push(bytes.subarray(i, i + step), i + step >= bytes.length);
    if (bytes.length === 0) inflater.push(new Uint8Array(0), true);
  } catch {
    return 'This link is damaged or was cut short (its compressed data is invalid).';
  }
  if (tooBig) return `This link expands to more than ${Math.round(limit / 1024 / 1024)} MB; it was not opened.`;
  if (!done) return 'This link was cut short (its compressed data ends too early).';
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** Keeps what is well-formed; a bad optional field is dropped with a warning rather than failing the link. */
function validate(json: unknown): DecodeResult {
  if (!isRecord(json) || typeof json.text !== 'string') return fail('This link is damaged: it has no manifests.');
  const warnings: string[] = [];
  // No profile (or `auto`): the user never picked one, so the opened link lets the input decide.
  let profile: ProfileChoice = 'kubernetes';
  if (json.profile === undefined || json.profile === 'auto') profile = 'auto';
  else if (typeof json.profile === 'string' && isProfileName(json.profile)) profile = json.profile;
  else if (json.profile !== undefined) warnings.push(`The link's profile ${JSON.stringify(String(json.profile)).slice(0, 60)} is not known here; Kubernetes is used.`);
  const state: ShareState = { text: json.text, profile };

  if (json.trace !== undefined) {
    const t = json.trace;
    if (isRecord(t) && typeof t.from === 'string' && typeof t.to === 'string') {
      const q: Query = { from: t.from, to: t.to };
      if (typeof t.port === 'number' && Number.isInteger(t.port) && t.port >= 0 && t.port <= 65535) q.port = t.port;
      if (typeof t.protocol === 'string' && (PROTOCOLS as readonly string[]).includes(t.protocol)) q.protocol = t.protocol as Protocol;
      if (typeof t.named_port === 'string') q.named_port = t.named_port;
      state.trace = q;
    } else {
      warnings.push("The link's preset trace is malformed and was left out.");
    }
  }
  if (json.view !== undefined) {
    if (isRecord(json.view)) state.view = validView(json.view);
    else warnings.push("The link's view settings are malformed and were left out.");
  }
  if (typeof json.scenarioId === 'string') state.scenarioId = json.scenarioId;
  if (json.before !== undefined) {
    const b = json.before;
    if (isRecord(b) && typeof b.text === 'string') state.before = { text: b.text, profile: b.profile === 'auto' || (typeof b.profile === 'string' && isProfileName(b.profile)) ? (b.profile as ProfileChoice) : profile };
    else warnings.push("The link's \"before\" manifests are malformed and were left out (it opens without compare mode).");
  }
  return { ok: true, state, warnings };
}

/** No trace has more hops than this; a larger number is not a hop a link can mean. */
const MAX_HOP = 1000;

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function validView(v: Record<string, unknown>): ShareView {
  const view: ShareView = {};
  if (typeof v.selected === 'string') view.selected = v.selected;
  if (v.theme === 'light' || v.theme === 'dark') view.theme = v.theme;
  if (typeof v.tab === 'string') view.tab = v.tab;
  if (finite(v.zoom) && v.zoom > 0) view.zoom = v.zoom;
  if (isRecord(v.pan) && finite(v.pan.x) && finite(v.pan.y)) view.pan = { x: v.pan.x, y: v.pan.y };
  if (Array.isArray(v.hiddenNamespaces)) view.hiddenNamespaces = v.hiddenNamespaces.filter((x): x is string => typeof x === 'string');
  if (typeof v.showDenied === 'boolean') view.showDenied = v.showDenied;
  if (typeof v.showConnections === 'boolean') view.showConnections = v.showConnections;
  if (Array.isArray(v.expandedNamespaces)) view.expandedNamespaces = v.expandedNamespaces.filter((x): x is string => typeof x === 'string');
  if (Array.isArray(v.expandedWorkloads)) view.expandedWorkloads = v.expandedWorkloads.filter((x): x is string => typeof x === 'string');
  if (typeof v.filter === 'string') view.filter = v.filter;
  if (typeof v.hop === 'number' && Number.isInteger(v.hop) && v.hop >= 1 && v.hop <= MAX_HOP) view.hop = v.hop;
  return view;
}

/** Drops undefined fields so equal states encode to equal links. */
function clean(state: ShareState): ShareState {
  // `auto` is left out: older builds then open the link without a warning about an unknown profile.
  const { profile, ...rest } = state;
  return JSON.parse(JSON.stringify(profile === 'auto' ? rest : state)) as ShareState;
}

// ---------------------------------------------------------------------------------------------------
// base64url without padding (RFC 4648 §5), no Buffer/btoa so it runs the same in Node, browsers and workers.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;
// Standard base64 too: a link pasted through a tool that "fixed" it still opens.
LOOKUP['+'.charCodeAt(0)] = 62;
LOOKUP['/'.charCodeAt(0)] = 63;

export function toBase64Url(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const left = bytes.length - i;
    chunk += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
    if (left > 1) chunk += ALPHABET[(n >> 6) & 63];
    if (left > 2) chunk += ALPHABET[n & 63];
    if (chunk.length > 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

/** null when the text is not base64url (whitespace and `=` padding are tolerated). */
export function fromBase64Url(text: string): Uint8Array | null {
  const s = text.replace(/[\s=]+/g, '');
  if (s.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let n = 0;
    const count = Math.min(4, s.length - i);
    for (let j = 0; j < 4; j++) {
      const c = j < count ? s.charCodeAt(i + j) : 65; // 'A' = 0 for missing digits
      const v = c < 128 ? LOOKUP[c] : -1;
      if (v < 0) return null;
      n = (n << 6) | v;
    }
    out[o++] = (n >> 16) & 255;
    if (count > 2) out[o++] = (n >> 8) & 255;
    if (count > 3) out[o++] = n & 255;
  }
  return out.subarray(0, o);
}
