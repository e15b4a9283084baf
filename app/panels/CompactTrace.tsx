// The trace for small frames (an embed's `compact=1`, docs/embed.md): the question in one line, the
// verdict, and the hop that decided it expanded (or the hop the link asked for); every other hop and the
// question form are one click away. In an 800×500 frame only three hops of the full list fit and the
// deciding one needed scrolling (issue 14).
import { useState } from 'react';
import { useAnalysisStore, useShownQuery } from '../analysis/client';
import { HopItem } from './HopItem';
import { TracePanel } from './TracePanel';
import { Shown, VerdictBadge } from './common';
import { decidingHop } from './deciding';
import { chosenHop, useHopFocus } from './hopFocus';

export function CompactTrace() {
  const query = useShownQuery();
  const trace = useAnalysisStore((s) => s.trace);
  const version = useAnalysisStore((s) => s.version);
  // Re-read when a link or a click chooses a hop.
  useHopFocus((s) => s.hop);
  const [full, setFull] = useState(false);
  const [allHops, setAllHops] = useState(false);

  if (full || !query) {
    return (
      <div className="pp-compact-full">
        {query && (
          <button type="button" className="pp-btn pp-btn-small pp-compact-back" data-testid="compact-back" onClick={() => setFull(false)}>
            ← Short answer
          </button>
        )}
        <TracePanel />
      </div>
    );
  }
  const port = query.port !== undefined ? `:${query.port}` : query.named_port ? `:${query.named_port}` : '';
  const lead = trace ? (chosenHop(query) ?? decidingHop(trace) + 1) - 1 : -1;
  const leadHop = trace && lead >= 0 && lead < trace.hops.length ? trace.hops[lead] : undefined;
  return (
    <div className="pp-compact" data-testid="compact-trace">
      <div className="pp-compact-question" data-testid="compact-question">
        <span className="pp-compact-q">
          <Shown text={query.from} max={80} /> → <Shown text={query.to} max={120} />
          {port}
        </span>
        <button type="button" className="pp-btn pp-btn-small" data-testid="compact-change" onClick={() => setFull(true)} title="Show the question form and the full trace">
          Change…
        </button>
      </div>
      {trace && (
        <div className="pp-trace-result" data-testid="trace-result" data-verdict={trace.verdict} data-allowed={String(trace.allowed)} data-version={version}>
          <div className={`pp-verdict pp-verdict-${trace.verdict}`}>
            <VerdictBadge verdict={trace.verdict} />
            <span className="pp-verdict-summary">{trace.error ?? trace.summary}</span>
          </div>
          {leadHop && (
            <ol className="pp-hops pp-compact-lead" start={lead + 1} data-testid="deciding-hop" data-index={lead + 1}>
              <HopItem key={`lead:${lead}:${leadHop.kind}:${leadHop.title}`} hop={leadHop} index={lead} defaultOpen fallback={leadHop.kind === 'source' ? trace.query.from : leadHop.kind === 'destination' || leadHop.kind === 'external' ? trace.query.to : undefined} />
            </ol>
          )}
          {trace.hops.length > 1 && (
            <button type="button" className="pp-btn pp-btn-small pp-compact-more" aria-expanded={allHops} data-testid="compact-all-hops" onClick={() => setAllHops(!allHops)}>
              {allHops ? 'Hide the other hops' : `All ${trace.hops.length} hops ▸`}
            </button>
          )}
          {allHops && (
            <ol className="pp-hops" data-testid="hops">
              {trace.hops.map((h, i) =>
                i === lead ? null : <HopItem key={`${i}:${h.kind}:${h.title}`} hop={h} index={i} defaultOpen={false} fallback={h.kind === 'source' ? trace.query.from : h.kind === 'destination' || h.kind === 'external' ? trace.query.to : undefined} />,
              )}
            </ol>
          )}
        </div>
      )}
    </div>
  );
}
