// Building a share link from the workspace: redact, then encode. Pure (no store, no DOM), so the share
// worker (link.worker.ts) can run it on large texts.
import { encodeShareState, type ShareState, type ShareView } from '../../src-core/share/codec';
import { redactSecrets, type Redaction } from '../../src-core/share/redact';
import type { AppState } from '../store';

export interface BuiltLink {
  /** `https://host/path/#v1:...` */
  url: string;
  /** `v1:...` */
  fragment: string;
  redactions: Redaction[];
  /** The manifests as they travel (secrets replaced). */
  text: string;
}

/** What a link is built from: the workspace fields it carries. */
export type ShareSource = Pick<AppState, 'text' | 'profile' | 'scenarioId' | 'traceQuery' | 'selection' | 'theme' | 'tab' | 'view'> & Partial<Pick<AppState, 'before'>>;

function nonEmpty<T>(xs: T[]): T[] | undefined {
  return xs.length > 0 ? xs : undefined;
}

/** The share state of the current workspace, with secrets redacted. */
export function currentShareState(s: ShareSource): { state: ShareState; redactions: Redaction[] } {
  const { text, redactions: own } = redactSecrets(s.text);
  // Compare mode's baseline travels too, redacted the same way.
  const before = s.before ? { ...redactSecrets(s.before.text), profile: s.before.profile } : null;
  const redactions = before ? [...own, ...before.redactions] : own;
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
    text,
    profile: s.profile,
    trace: s.traceQuery ?? undefined,
    view,
    // A scenario id only describes the text while nothing was redacted from it.
    scenarioId: s.scenarioId && redactions.length === 0 ? s.scenarioId : undefined,
    before: before ? { text: before.text, profile: before.profile } : undefined,
  };
  return { state, redactions };
}

export function buildLink(s: ShareSource, base: string): BuiltLink {
  const { state, redactions } = currentShareState(s);
  const fragment = encodeShareState(state);
  return { url: `${base}#${fragment}`, fragment, redactions, text: state.text };
}
