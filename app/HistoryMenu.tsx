// The top bar's way back to earlier work (issue 16): "Restore previous work" right after a shared link
// replaced the workspace, and a History menu of the last workspaces kept (app/workspaces.ts).
import { useEffect, useRef, useState } from 'react';
import { restoreEntry, useHistory, type HistoryEntry } from './workspaces';
import './share/share.css';

function describe(e: HistoryEntry): string {
  const when = new Date(e.savedAt).toLocaleString();
  return `${when} — ${e.lines.toLocaleString()} line${e.lines === 1 ? '' : 's'}${e.profile ? `, ${e.profile}` : ''}${e.scenarioId ? `, scenario ${e.scenarioId}` : ''} (${e.why})`;
}

/** Shown while the workspace a link replaced can be brought back with one click. */
export function RestorePrevious() {
  const restorable = useHistory((s) => s.restorable);
  if (!restorable) return null;
  return (
    <span className="pp-restore" role="status" data-testid="restore-bar">
      A shared link replaced your workspace.{' '}
      <button type="button" className="pp-btn pp-btn-small" data-testid="restore-previous" onClick={() => void restoreEntry(restorable)}>
        Restore previous work
      </button>
      <button type="button" className="pp-link" aria-label="Keep the link's workspace" onClick={() => useHistory.setState({ restorable: null })}>
        ✕
      </button>
    </span>
  );
}

export function HistoryMenu() {
  const entries = useHistory((s) => s.entries);
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => box.current && !box.current.contains(e.target as Node) && setOpen(false);
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <div className="pp-dropdown" ref={box}>
      <button type="button" className="pp-btn" data-testid="history-button" aria-expanded={open} aria-haspopup="menu" onClick={() => setOpen((o) => !o)} title="Earlier workspaces kept in this browser">
        History
      </button>
      {open && (
        <div className="pp-dropdown-menu pp-history-panel" role="menu" data-testid="history-panel">
          <div className="pp-share-title">Earlier workspaces</div>
          {entries.length === 0 ? (
            <p className="pp-share-p pp-muted">None yet. Opening a shared link or restoring an earlier workspace keeps the one it replaces here.</p>
          ) : (
            <ul className="pp-history-list">
              {entries.map((e, i) => (
                <li key={e.id}>
                  <span className="pp-history-what">{describe(e)}</span>
                  <button
                    type="button"
                    className="pp-btn pp-btn-small"
                    role="menuitem"
                    data-testid={`history-restore-${i}`}
                    onClick={() => {
                      setOpen(false);
                      void restoreEntry(e.id);
                    }}
                  >
                    Restore
                  </button>
                </li>
              ))}
            </ul>
          )}
          <p className="pp-share-p pp-muted">Restoring keeps the current workspace here too.</p>
        </div>
      )}
    </div>
  );
}
