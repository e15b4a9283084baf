// The top bar's Share button: a link that carries the whole workspace in its fragment (nothing is sent
// anywhere), built from the text with secrets redacted — the panel lists what was redacted before the
// user copies anything. Also: the iframe snippet for embedding, and "Download YAML".
import { useEffect, useMemo, useRef, useState } from 'react';
import { REDACTED } from '../../src-core/share/redact';
import { useAppStore } from '../store';
import type { BuiltLink } from './state';
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

function SharePanel() {
  const s = useAppStore();
  const built = useShareLink(s);
  if (built.status !== 'ready') {
    return (
      <div className="pp-dropdown-menu pp-share-panel" role="dialog" aria-label="Share" data-testid="share-panel">
        <div className="pp-share-title">Share this view</div>
        {built.status === 'pending' ? (
          <p className="pp-share-p" data-testid="share-pending" role="status">
            Preparing the link: redacting secrets and compressing {(s.text.length / 1e6).toFixed(1)} MB of manifests…
          </p>
        ) : (
          <p className="pp-share-warn" data-testid="share-failed" role="alert">
            The link could not be built: {built.error}
          </p>
        )}
      </div>
    );
  }
  return <ReadyPanel link={built.link} />;
}

function ReadyPanel({ link }: { link: BuiltLink }) {
  const s = useAppStore();
  const [keepSecrets, setKeepSecrets] = useState(false);
  const embedUrl = link.url.replace('#', '?embed&panes=graph,trace#');
  // clipboard-write lets "Copy" work inside the frame; the fragment holds no `"` or `<`, but escape anyway.
  const snippet = `<iframe src="${embedUrl.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}" width="100%" height="520" style="border:1px solid #ccc;border-radius:6px" title="podpath" loading="lazy" allow="clipboard-write"></iframe>`;
  const n = link.redactions.length;

  return (
    <div className="pp-dropdown-menu pp-share-panel" role="dialog" aria-label="Share" data-testid="share-panel">
      <div className="pp-share-title">Share this view</div>
      <p className="pp-muted pp-share-p">The link holds the manifests, profile, trace and view in its <code>#</code> fragment: browsers never send it to a server.</p>
      {n === 0 ? (
        <p className="pp-share-p" data-testid="share-redactions">Nothing in the manifests looks secret.</p>
      ) : (
        <div className="pp-share-redacted" data-testid="share-redactions">
          <strong>
            {n} secret {n === 1 ? 'value was' : 'values were'} replaced by <code>{REDACTED}</code>
          </strong>{' '}
          (in the link, the embed snippet and exports):
          <ul>
            {link.redactions.map((r, i) => (
              <li key={i}>
                line {r.line}: {r.what}
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
          onClick={() => downloadText(safeFileName(s.scenarioId ?? 'manifests', 'yaml'), keepSecrets ? s.text : link.text, 'application/yaml')}
        >
          Download YAML
        </button>
        {n > 0 && (
          <label className="pp-check">
            <input type="checkbox" checked={keepSecrets} onChange={(e) => setKeepSecrets(e.target.checked)} data-testid="download-keep-secrets" />
            keep secrets (the file stays on this machine)
          </label>
        )}
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
