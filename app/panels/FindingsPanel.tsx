// The Findings tab: the core's lint findings (misconfigurations that break or silently open traffic),
// most severe first; each jumps to its object and line, and a fix can be copied.
import { useAnalysisStore } from '../analysis/client';
import { CopyButton, SeverityBadge, jumpTo, Shown, whereText } from './common';
import { useAppStore } from '../store';
import { keyParts } from './Overview';

const RANK: Record<string, number> = { error: 0, warning: 1, info: 2 };

export function FindingsPanel() {
  const all = useAnalysisStore((s) => s.findings);
  const hidden = useAppStore((s) => s.view.hiddenNamespaces);
  // Focused on some namespaces: the findings about objects in the others are left out (and counted).
  const findings = hidden.length ? all.filter((f) => !f.object || !hidden.includes(keyParts(f.object).namespace)) : all;
  const left = all.length - findings.length;
  const sorted = [...findings].sort((a, b) => (RANK[a.severity] ?? 3) - (RANK[b.severity] ?? 3) || a.source.startLine - b.source.startLine);
  const note = left > 0 && (
    <div className="pp-muted pp-pad" role="status">
      {left} finding{left === 1 ? '' : 's'} in hidden namespaces not shown{' '}
      <button type="button" className="pp-link" onClick={() => useAppStore.getState().setView({ hiddenNamespaces: [] })}>
        show all namespaces
      </button>
    </div>
  );
  if (sorted.length === 0) return note || <div className="pp-muted pp-pad">No findings: nothing in these manifests looks misconfigured.</div>;
  return (
    <>
    {note}
    <ul className="pp-findings" data-testid="findings">
      {sorted.map((f, i) => (
        <li key={`${f.code}:${f.source.startLine}:${i}`} className={`pp-finding pp-finding-${f.severity}`}>
          <button type="button" className="pp-finding-main" onClick={() => jumpTo(f.object, f.source)} title="Show in editor and graph">
            <span className="pp-finding-head">
              <SeverityBadge severity={f.severity} />
              <span className="pp-finding-code">{f.code}</span>
              <span className="pp-muted">{whereText(f.source)}</span>
            </span>
            <span className="pp-finding-msg"><Shown text={f.message} max={Infinity} /></span>
            {f.object && <span className="pp-finding-obj"><Shown text={f.object} /></span>}
          </button>
          {f.fix && (
            <div className="pp-fix">
              <div className="pp-fix-head">
                <strong>Fix:</strong> {f.fix.summary}
                <CopyButton text={f.fix.snippet ?? f.fix.summary} />
              </div>
              {f.fix.snippet && <pre className="pp-snippet" tabIndex={0} aria-label="Suggested change">{f.fix.snippet}</pre>}
            </div>
          )}
        </li>
      ))}
    </ul>
    </>
  );
}
