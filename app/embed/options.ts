// Embed options from the page address (pure; no DOM): which panes, preset trace, theme, profile,
// scenario, and whether editing is allowed. See docs/embed.md for the parameters.
import { isProfileName } from '../../src-core/index';
import type { ProfileName, Protocol } from '../../src-core/index';
import type { Query } from '../../src-core/index';

export type Theme = 'light' | 'dark';

export interface EmbedPanes {
  graph: boolean;
  trace: boolean;
  editor: boolean;
}

export interface EmbedOptions {
  panes: EmbedPanes;
  /** The editor accepts changes (default: read-only). */
  editable: boolean;
  theme?: Theme;
  /** A trace to run, overriding the link's or the scenario's. */
  trace?: Query;
  /** A built-in scenario (public/examples/index.json id) to load when the fragment carries no state. */
  scenario?: string;
  profile?: ProfileName;
}

const TRUE = new Set(['', '1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);
const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

function flag(v: string | null): boolean | undefined {
  if (v === null) return undefined;
  const s = v.trim().toLowerCase();
  return TRUE.has(s) ? true : FALSE.has(s) ? false : undefined;
}

/** `/embed`, `/embed/`, `/embed/index.html` at the end of the path. */
export function isEmbedPath(pathname: string): boolean {
  return /\/embed(?:\/(?:index\.html)?)?$/.test(pathname);
}

/** The embed options from the address, or null when this is the full app. Never throws. */
export function readEmbedOptions(loc: Pick<Location, 'search' | 'pathname'>): EmbedOptions | null {
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(loc.search);
  } catch {
    return null;
  }
  const embedFlag = params.has('embed') ? (flag(params.get('embed')) ?? true) : false;
  if (!embedFlag && !isEmbedPath(loc.pathname)) return null;

  const panes: EmbedPanes = { graph: false, trace: false, editor: false };
  const listed = (params.get('panes') ?? '')
    .split(/[,\s]+/)
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  for (const p of listed) if (p === 'graph' || p === 'trace' || p === 'editor') panes[p] = true;
  if (!panes.graph && !panes.trace && !panes.editor) {
    panes.graph = true;
    panes.trace = true;
  }
  const editable = flag(params.get('edit')) ?? false;
  if (flag(params.get('editor')) === true || editable) panes.editor = true;

  const opts: EmbedOptions = { panes, editable };
  const theme = params.get('theme');
  if (theme === 'light' || theme === 'dark') opts.theme = theme;
  const profile = params.get('profile');
  if (profile && isProfileName(profile)) opts.profile = profile;
  const scenario = params.get('scenario');
  if (scenario) opts.scenario = scenario;

  const from = params.get('from');
  const to = params.get('to');
  if (from && to) {
    const q: Query = { from, to };
    const port = Number(params.get('port'));
    if (params.get('port') && Number.isInteger(port) && port >= 1 && port <= 65535) q.port = port;
    const protocol = params.get('protocol')?.toUpperCase();
    if (protocol && (PROTOCOLS as readonly string[]).includes(protocol)) q.protocol = protocol as Protocol;
    opts.trace = q;
  }
  return opts;
}
