// Compare mode's Changes panel: every difference between the baseline ("before") and the current text,
// ranked by risk (newly exposed first), from the core's diffClusters (the same engine as `podpath diff`
// and `trace`). Clicking a difference shows its trace before and after side by side.
import { useState } from 'react';
import { useAppStore } from '../store';
import { useAnalysisStore } from '../analysis/client';
import { HopItem } from '../panels/HopItem';
import { VerdictBadge } from '../panels/common';
import type { DiffChange } from '../../src-core/index';
import type { Trace } from '../../src-core/index';
import { diffHeadline, KIND_WORD, sideLine, STATUS_WORD } from '../../src-core/index';

function TraceColumn({ label, trace }: { label: string; trace: Trace }) {
  return (
    <div className="pp-compare-col" data-testid={`compare-${label.toLowerCase()}`} data-verdict={trace.verdict}>
      <h4 className="pp-compare-head">{label}</h4>
      <div className={`pp-verdict pp-verdict-${trace.verdict}`}>
        <VerdictBadge verdict={trace.verdict} />
        <span className="pp-verdict-summary">{trace.error ?? trace.summary}</span>
      </div>
      <ol className="pp-hops">
        {trace.hops.map((h, i) => (
          <HopItem key={`${i}:${h.kind}:${h.title}`} hop={h} index={i} defaultOpen={h.verdict === 'denied' || h.verdict === 'undetermined'} />
        ))}
      </ol>
    </div>
  );
}

function ChangeItem({ c, active, onPick }: { c: DiffChange; active: boolean; onPick: () => void }) {
  return (
    <li className={`pp-change pp-change-${c.status}${active ? ' pp-change-active' : ''}`} data-testid="change" data-kind={c.kind} data-status={c.status}>
      <button type="button" className="pp-change-btn" onClick={onPick} aria-expanded={active}>
        <span className="pp-change-status">{STATUS_WORD[c.status]}</span>
        <span className="pp-change-title">{c.title}</span>
        <span className="pp-muted pp-change-kind">{KIND_WORD[c.kind]}</span>
      </button>
      {(c.beforeSide || c.afterSide) && (
        <div className="pp-muted pp-change-causes">
          {c.beforeSide && <div>before — {sideLine(c.beforeSide)}</div>}
          {c.afterSide && <div>after — {sideLine(c.afterSide)}</div>}
        </div>
      )}
      {active && c.traces && (
        <div className="pp-compare" data-testid="compare-traces">
          <TraceColumn label="Before" trace={c.traces.before} />
          <TraceColumn label="After" trace={c.traces.after} />
        </div>
      )}
      {active && !c.traces && <div className="pp-muted">No traces kept for this difference (over the limit of traced differences, or a summary-level one such as exposure or namespaces).</div>}
    </li>
  );
}

export function ChangesPanel() {
  const before = useAppStore((s) => s.before ?? null);
  const setBefore = useAppStore((s) => s.setBefore);
  const report = useAnalysisStore((s) => s.diff);
  const ms = useAnalysisStore((s) => s.diffMs);
  const [picked, setPicked] = useState<string | null>(null);
  if (!before) return <div className="pp-muted pp-pad">Use “Set as before” to keep the current text as a baseline, then edit: the differences show here.</div>;
  if (!report) return <div className="pp-muted pp-pad">Comparing…</div>;
  const keyOf = (c: DiffChange) => `${c.kind}|${c.from}|${c.to}`;
  const active = report.changes.find((c) => keyOf(c) === picked) ?? null;
  return (
    <div className="pp-changes" data-testid="changes-panel" data-count={report.counts.total}>
      <div className="pp-pad-x pp-changes-head">
        <strong data-testid="changes-headline">{diffHeadline(report)}</strong>
        <span className="pp-muted"> · {ms.toFixed(0)} ms</span>
        <button type="button" className="pp-link" onClick={() => setBefore(null)}>
          Stop comparing
        </button>
      </div>
      <ol className="pp-change-list">
        {report.changes.slice(0, 500).map((c) => (
          <ChangeItem key={keyOf(c)} c={c} active={active === c} onPick={() => setPicked(picked === keyOf(c) ? null : keyOf(c))} />
        ))}
      </ol>
      {report.changes.length > 500 && <div className="pp-muted pp-pad">… and {report.changes.length - 500} more (`podpath diff` lists all).</div>}
    </div>
  );
}
