// Small pieces shared by the side panel tabs: verdict and severity badges, the copy button, and the
// one way to jump from a rule/finding/hop to its object in the graph and its lines in the editor.
import { useState } from 'react';
import { DISPLAY_MAX, displayText, neutralize } from '../../src-core/index';
import type { SourceRange } from '../../src-core/index';
import type { Verdict } from '../../src-core/index';
import { useAppStore } from '../store';
import { EDITOR_FILE } from '../analysis/protocol';
import { originOf } from '../editor/files';

const VERDICT_TEXT: Record<Verdict, string> = { allowed: 'Allowed', denied: 'Denied', undetermined: 'Undetermined', redirected: 'Redirected', warning: 'Warning', info: 'Info' };

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return <span className={`pp-badge pp-badge-${verdict}`}>{VERDICT_TEXT[verdict] ?? verdict}</span>;
}

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`pp-badge pp-sev-${severity}`}>{severity}</span>;
}

/** Selects the object in the graph and highlights its lines in the editor (when they are in the editor). */
export function jumpTo(object: string | undefined, range: SourceRange | undefined): void {
  const st = useAppStore.getState();
  if (object) st.select(object, !range || range.file !== EDITOR_FILE);
  if (range && range.file === EDITOR_FILE) st.highlightLines(range.startLine, range.endLine);
}

/** `manifests.yaml:12` or the implied file's name, for people. */
export function whereText(range: SourceRange | undefined): string {
  if (!range || !range.file) return '';
  if (range.file !== EDITOR_FILE) return `${range.file}:${range.startLine}`;
  // Files, folders and archives opened together share the editor; say which file the line is in.
  const origin = originOf(useAppStore.getState().text, range.startLine);
  return origin ? `line ${range.startLine} (${origin.file}:${origin.line})` : `line ${range.startLine}`;
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API needs a secure context; fall back to a selected textarea.
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  }
}

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'done' | 'failed'>('idle');
  return (
    <button
      type="button"
      className="pp-btn pp-btn-small"
      onClick={(e) => {
        e.stopPropagation();
        void copyText(text).then((ok) => {
          setState(ok ? 'done' : 'failed');
          setTimeout(() => setState('idle'), 1500);
        });
      }}
    >
      {state === 'done' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </button>
  );
}

/** Untrusted text from manifests as shown in the panels (issue 16): bidi and control characters
 *  neutralised (src-core/untrusted.ts); a name longer than `max` is cut in the middle, the whole text on
 *  hover. Prose (`max={Infinity}`) is only neutralised; CSS wraps it anywhere so nothing scrolls sideways. */
export function Shown({ text, max = DISPLAY_MAX }: { text: string; max?: number }) {
  const shown = max === Infinity ? neutralize(text) : displayText(text, max);
  return shown === text ? <>{text}</> : <span className="pp-cut" title={neutralize(text)}>{shown}</span>;
}
