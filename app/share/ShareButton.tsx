// The top bar's Share button: a link that carries the workspace in its fragment (nothing is sent
// anywhere). By default the link, the embed snippet and "Download YAML" carry only the fields podpath
// reads (src-core/share/minimize.ts) and the panel says what was left out; the exact text is an explicit
// choice, warned about, that still replaces the secrets the redactor recognises (listed with their lines).
import { useEffect, useMemo, useRef, useState } from 'react';
import { REDACTED } from '../../src-core/index';
import { useAppStore } from '../store';
import { Shown } from '../panels/common';
import type { BuiltLink, ShareMode } from './state';
import { useShareLink } from './useShareLink';
import { copyToClipboard, downloadText, safeFileName } from './download';
import './share.css';

/** Links longer than this get cut by some chat and ticket tools. */
const LONG_LINK = 32_000;
/** Chromium refuses URLs over 2 MB; other browsers are similar or lower. */
const TOO_LONG = 2_000_000;

function useDismiss(open: boolean, close: () => void, box: React.RefObject<HTMLElement | null>) {
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close();
    const onDown = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) close();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onDown);
    };
  }, [open, close, box]);
}

function CopyAction({ text, label, testId }: { text: string; label: string; testId: string }) {
  const [state, setState] = useState<'idle' | 'done' | 'failed'>('idle');
  return (
    <button
      type="button"
      className="pp-btn pp-btn-small"
      data-testid={testId}
      onClick={() =>
        void copyToClipboard(text).then((ok) => {
          setState(ok ? 'done' : 'failed');
          setTimeout(() => setState('idle'), 1500);
        })
      }
    >
      {state === 'done' ? 'Copied' : state === 'failed' ? 'Copy failed — select and copy' : label}
    </button>
  );
}

function ModeChoice({ mode, setMode }: { mode: ShareMode; setMode: (m: ShareMode) => void }) {
  return (
    <fieldset className="pp-share-mode" data-testid="share-mode">
      <legend className="pp-share-label">What the link carries</legend>
      <label className="pp-check">
        <input type="radio" name="pp-share-mode" checked={mode === 'minimal'} onChange={() => setMode('minimal')} data-testid="share-mode-minimal" />
        Only what podpath reads <span className="pp-muted">(recommended)</span>
      </label>
      <label className="pp-check">
        <input type="radio" name="pp-share-mode" checked={mode === 'exact'} onChange={() => setMode('exact')} data-testid="share-mode-exact" />
        The exact text, with the secrets podpath recognises replaced
      </label>
    </fieldset>
  );
}

function SharePanel() {
  const s = useAppStore();
  // Each time the panel opens it starts on the safe choice: the exact text is never a remembered default.
  const [mode, setMode] = useState<ShareMode>('minimal');
  const built = useShareLink(s, mode);
  if (built.status !== 'ready') {
    return (
      <div className="pp-dropdown-menu pp-share-panel" role="dialog" aria-label="Share" data-testid="share-panel">
        <div className="pp-share-title">Share this view</div>
        <ModeChoice mode={mode} setMode={setMode} />
        {built.status === 'pending' ? (
          <p className="pp-share-p" data-testid="share-pending" role="status">
            Preparing the link: {mode === 'minimal' ? 'keeping only what podpath reads' : 'redacting secrets'} and compressing {(s.text.length / 1e6).toFixed(1)} MB of manifests…
          </p>
        ) : (
          <p className="pp-share-warn" data-testid="share-failed" role="alert">
            The link could not be built: {built.error}
          </p>
        )}
      </div>
    );
  }
  return <ReadyPanel link={built.link} mode={mode} setMode={setMode} />;
}

/** What the link leaves out (minimal mode), or the warning that goes with the exact text. */
function Carries({ link }: { link: BuiltLink }) {
  if (link.mode === 'exact') {
    return (
      <p className="pp-share-warn pp-share-exact" role="alert" data-testid="share-exact-warning">
        The link carries your text exactly as written: comments, annotations, ConfigMap data, env values and every other field. Only the
        secrets podpath recognises are replaced (listed below); a password under an innocent name travels with it. Anyone with the link can read it.
      </p>
    );
  }
  if (link.scenario || (link.dropped.length === 0 && link.unreadable === 0)) {
    return (
      <p className="pp-share-p pp-muted" data-testid="share-dropped">
        {link.scenario ? 'This built-in scenario is public and travels as written.' : 'The link carries the fields podpath reads; nothing else was in the manifests.'}
      </p>
    );
  }
  return (
    <div className="pp-share-p" data-testid="share-dropped">
      The link carries only the fields podpath reads (names, labels, selectors, ports, policies, routes, addresses); the verdicts are the same. Left
      out: {link.dropped.map((d) => `${d.what} (${d.count.toLocaleString()})`).join(', ')}{link.dropped.length ? ', ' : ''}comments.
      {link.unreadable > 0 && (
        <span className="pp-share-warn" data-testid="share-unreadable">
          {' '}
          {link.unreadable} part{link.unreadable === 1 ? '' : 's'} of the text could not be read and {link.unreadable === 1 ? 'is' : 'are'} not in the link.
        </span>
      )}
    </div>
  );
}

function ReadyPanel({ link, mode, setMode }: { link: BuiltLink; mode: ShareMode; setMode: (m: ShareMode) => void }) {
  const s = useAppStore();
  const embedUrl = link.url.replace('#', '?embed&panes=graph,trace#');
  // clipboard-write lets "Copy" work inside the frame; the fragment holds no `"` or `<`, but escape anyway.
  const snippet = `<iframe src="${embedUrl.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}" width="100%" height="520" style="border:1px solid #ccc;border-radius:6px" title="podpath" loading="lazy" allow="clipboard-write"></iframe>`;
  const n = link.redactions.length;

  return (
    <div className="pp-dropdown-menu pp-share-panel" role="dialog" aria-label="Share" data-testid="share-panel">
      <div className="pp-share-title">Share this view</div>
      <p className="pp-muted pp-share-p">The link holds the manifests, profile, trace and view in its <code>#</code> fragment: browsers never send it to a server.</p>
      <ModeChoice mode={mode} setMode={setMode} />
      <Carries link={link} />
      {n === 0 ? (
        <p className="pp-share-p" data-testid="share-redactions">
          {mode === 'exact' ? 'Nothing in the manifests looks secret to podpath.' : 'Nothing secret-looking is left in what the link carries.'}
        </p>
      ) : (
        <div className="pp-share-redacted" data-testid="share-redactions">
          <strong>
            {n} secret {n === 1 ? 'value was' : 'values were'} replaced by <code>{REDACTED}</code>
          </strong>{' '}
          (in the link, the embed snippet and exports):
          <ul>
            {link.redactions.map((r, i) => (
              <li key={i}>
                line {r.line}: <Shown text={r.what} max={200} />
              </li>
            ))}
          </ul>
        </div>
      )}
      <label className="pp-share-label" htmlFor="pp-share-link">
        Link ({link.url.length.toLocaleString()} characters)
      </label>
      <div className="pp-share-row">
        <input id="pp-share-link" className="pp-input pp-share-input" data-testid="share-link" readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} />
        <CopyAction text={link.url} label="Copy link" testId="share-copy" />
      </div>
      {link.url.length > TOO_LONG ? (
        <p className="pp-share-warn" data-testid="share-too-long">
          This link is too long for browsers to open (over {TOO_LONG.toLocaleString()} characters). Download the YAML and attach it instead.
        </p>
      ) : (
        link.url.length > LONG_LINK && <p className="pp-share-warn">This link is long; some chat and ticket tools cut long links. Download the YAML and attach it instead if it does not open.</p>
      )}
      <div className="pp-share-row">
        <span className="pp-muted">Embed in a page:</span>
        <CopyAction text={snippet} label="Copy iframe snippet" testId="share-copy-embed" />
      </div>
      <div className="pp-share-row">
        <button
          type="button"
          className="pp-btn pp-btn-small"
          data-testid="download-yaml"
          onClick={() => downloadText(safeFileName(s.scenarioId ?? 'manifests', 'yaml'), link.text, 'application/yaml')}
        >
          Download YAML
        </button>
        <span className="pp-muted">the same text as the link{mode === 'minimal' ? ' (only what podpath reads)' : ''}</span>
      </div>
    </div>
  );
}

export function ShareButton() {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const close = useMemo(() => () => setOpen(false), []);
  useDismiss(open, close, box);
  return (
    <div className="pp-dropdown" ref={box}>
      <button type="button" className="pp-btn" data-testid="share-button" aria-expanded={open} aria-haspopup="dialog" onClick={() => setOpen((o) => !o)}>
        Share
      </button>
      {open && <SharePanel />}
    </div>
  );
}
