// The Details tab: the selected object's labels, ports, facts, which policies select it, which services
// select it (or which pods a Service selects), and what can reach it according to the trace engine.
import { useAppStore } from '../store';
import { useAnalysisStore } from '../analysis/client';
import { jumpTo, Shown, whereText } from './common';
import { Overview } from './Overview';

function Labels({ labels }: { labels: Record<string, string> }) {
  const entries = Object.entries(labels);
  if (entries.length === 0) return <span className="pp-muted">none</span>;
  return (
    <span className="pp-chips">
      {entries.map(([k, v]) => (
        <span key={k} className="pp-chip">
          <Shown text={`${k}=${v}`} />
        </span>
      ))}
    </span>
  );
}

export function DetailsPanel() {
  const selection = useAppStore((s) => s.selection);
  const setTraceQuery = useAppStore((s) => s.setTraceQuery);
  const setTab = useAppStore((s) => s.setTab);
  const d = useAnalysisStore((s) => s.details);
  if (!selection) return <Overview />;
  if (!d || d.key !== selection) return <div className="pp-muted pp-pad">{selection}</div>;
  const podId = d.namespace && (d.podLabels !== undefined) ? `${d.namespace}/${d.name}` : null;
  return (
    <div className="pp-details" data-testid="details">
      <div className="pp-details-head">
        <span className="pp-kind">{d.kind}</span>
        <strong className="pp-details-name"><Shown text={d.namespace ? `${d.namespace}/${d.name}` : d.name} /></strong>
        {d.range && d.range.file && (
          <button type="button" className="pp-link" onClick={() => jumpTo(d.key, d.range)}>
            {whereText(d.range)}
          </button>
        )}
        {d.impliedBy && <span className="pp-tag">implied by {d.impliedBy}</span>}
      </div>
      {podId && (
        <div className="pp-details-actions">
          <button type="button" className="pp-btn pp-btn-small" onClick={() => { setTraceQuery({ from: 'internet', to: podId, protocol: 'TCP' }); setTab('trace'); }}>
            Trace internet → this
          </button>
        </div>
      )}
      <dl className="pp-facts">
        <div>
          <dt>labels</dt>
          <dd><Labels labels={d.labels} /></dd>
        </div>
        {d.podLabels && (
          <div>
            <dt>pod labels</dt>
            <dd><Labels labels={d.podLabels} /></dd>
          </div>
        )}
        {d.ports.length > 0 && (
          <div>
            <dt>ports</dt>
            <dd>{d.ports.join(', ')}</dd>
          </div>
        )}
        {d.facts.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {d.podLabels && (
        <section>
          <h4>Policies selecting it</h4>
          {d.selectedBy.length === 0 ? (
            <div className="pp-muted">No NetworkPolicy selects it: all ingress and egress is allowed unless an admin policy says otherwise.</div>
          ) : (
            <ul className="pp-links">
              {d.selectedBy.map((r) => (
                <li key={r.key}>
                  <button type="button" className="pp-link" onClick={() => jumpTo(r.key, r.range)}><Shown text={r.label} /></button> <span className="pp-muted">{whereText(r.range)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {d.related.length > 0 && (
        <section>
          <h4>{d.kind === 'Service' ? 'Endpoints' : d.kind === 'NetworkPolicy' ? 'Pods it selects' : 'Services'}</h4>
          <ul className="pp-links">
            {d.related.map((r) => (
              <li key={r.key + r.label}>
                <button type="button" className="pp-link" onClick={() => jumpTo(r.key, r.range)}><Shown text={r.label} /></button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {d.reachableFrom && (
        <section>
          <h4>What can reach it (port {d.reachableFrom[0]?.port})</h4>
          <ul className="pp-reach">
            {d.reachableFrom.map((r) => (
              <li key={r.from} className={r.allowed ? 'pp-ok' : 'pp-no'} title={r.summary}>
                <span aria-hidden="true">{r.allowed ? '✓' : '✗'}</span> {r.from}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
