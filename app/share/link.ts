// Building a share link from the workspace, then encoding it. Pure (no store, no DOM), so the share
// worker (link.worker.ts) can run it on large texts. Two modes (issue 16): by default the link carries
// only what podpath's analysis reads (src-core/share/minimize.ts: an allow-list, re-serialised YAML);
// `exact` — an explicit, warned choice in the Share panel — carries the text as written, with the secrets
// the redactor recognises replaced. An unchanged built-in scenario is public and travels as written.
import { encodeShareState, type ShareState, type ShareView } from '../../src-core/index';
import { minimizeForSharing } from '../../src-core/index';
import { redactSecrets, type Redaction } from '../../src-core/index';
import type { AppState } from '../store';

/** `minimal`: only the fields podpath reads (the default); `exact`: the text as written, secrets redacted. */
export type ShareMode = 'minimal' | 'exact';

export interface BuiltLink {
  /** `https://host/path/#v1:...` */
  url: string;
  /** `v1:...` */
  fragment: string;
  redactions: Redaction[];
  /** The manifests as they travel (allow-listed, or exact with secrets replaced). */
  text: string;
  mode: ShareMode;
  /** Minimal mode: what was left out, for the panel (`env values` × 3). Empty for a built-in scenario. */
  dropped: { what: string; count: number }[];
  /** Minimal mode: documents the parser could not read, left out. */
  unreadable: number;
  /** The text is an unchanged built-in scenario, which travels as written. */
  scenario: boolean;
}

/** What a link is built from: the workspace fields it carries. */
export type ShareSource = Pick<AppState, 'text' | 'profile' | 'scenarioId' | 'traceQuery' | 'selection' | 'theme' | 'tab' | 'view'> & Partial<Pick<AppState, 'before'>>;

function nonEmpty<T>(xs: T[]): T[] | undefined {
  return xs.length > 0 ? xs : undefined;
}

interface SharedText {
  text: string;
  redactions: Redaction[];
  dropped: { what: string; count: number }[];
  unreadable: number;
  /** The text is the built-in scenario's, unchanged (its id may travel). */
  scenario: boolean;
}

function sharedText(s: ShareSource, mode: ShareMode): SharedText {
  // A scenario id in the store means the text is that built-in scenario's, unchanged (the analysis client
  // clears it on the first edit): public, so it travels as written and reopens as that scenario.
  if (s.scenarioId) {
    const r = redactSecrets(s.text);
    if (r.redactions.length === 0) return { text: s.text, redactions: [], dropped: [], unreadable: 0, scenario: true };
  }
  if (mode === 'exact') {
    const r = redactSecrets(s.text);
    return { text: r.text, redactions: r.redactions, dropped: [], unreadable: 0, scenario: false };
  }
  const m = minimizeForSharing(s.text);
  return { text: m.text, redactions: m.redactions, dropped: m.dropped, unreadable: m.unreadable, scenario: false };
}

/** The share state of the current workspace: its text allow-listed (or exact with secrets redacted). */
export function currentShareState(s: ShareSource, mode: ShareMode = 'minimal'): { state: ShareState; shared: SharedText } {
  const shared = sharedText(s, mode);
  const before = s.before ? sharedText({ ...s, text: s.before.text, scenarioId: null }, mode) : null;
  const view: ShareView = {
    selected: s.selection ?? undefined,
    theme: s.theme,
    tab: s.tab,
    hiddenNamespaces: nonEmpty(s.view.hiddenNamespaces),
    showConnections: s.view.showConnections || undefined,
    showDenied: s.view.showDenied || undefined,
    expandedNamespaces: nonEmpty(s.view.expandedNamespaces),
    expandedWorkloads: nonEmpty(s.view.expandedWorkloads),
    filter: s.view.filter || undefined,
  };
  const state: ShareState = {
    text: shared.text,
    profile: s.profile,
    trace: s.traceQuery ?? undefined,
    view,
    // A scenario id only describes the text while it is the scenario's, as written.
    scenarioId: shared.scenario && s.scenarioId ? s.scenarioId : undefined,
    // Compare mode's baseline travels too, through the same allow-list (or redaction) as the text.
    before: before ? { text: before.text, profile: s.before!.profile } : undefined,
  };
  return { state, shared };
}

export function buildLink(s: ShareSource, base: string, mode: ShareMode = 'minimal'): BuiltLink {
  const { state, shared } = currentShareState(s, mode);
  const fragment = encodeShareState(state);
  return { url: `${base}#${fragment}`, fragment, redactions: shared.redactions, text: state.text, mode, dropped: shared.dropped, unreadable: shared.unreadable, scenario: shared.scenario };
}
