// The Trace tab: pick a source and destination (autocomplete from the model, free text accepted), port
// and protocol; shows the core's verdict and hop list. Re-runs live: the query lives in the store and the
// worker re-traces on every analysis. A From/To that is not an endpoint (src-core/endpoint) is not traced:
// the field gets a hint with suggestions instead of a red verdict (issue 14); so does a trace the input
// cannot answer (a name that is in no object).
import { useEffect, useMemo, useRef, useState } from 'react';
import { endpointHint, endpointListed, endpointNamespace, suggestEndpoints, textCanSend, type EndpointList, type EndpointRole } from '../../src-core/index';
import type { Protocol } from '../../src-core/index';
import { useAppStore, type Query } from '../store';
import { useAnalysisStore, useShownQuery } from '../analysis/client';
import { useSettledStale } from '../analysis/useStale';
import { HopItem } from './HopItem';
import { VerdictBadge } from './common';
import { EndpointHint, type HintView } from './EndpointHint';

interface Draft {
  from: string;
  to: string;
  port: string;
  protocol: Protocol;
}

function draftOf(q: Query | null): Draft {
  return { from: q?.from ?? '', to: q?.to ?? '', port: q?.port !== undefined ? String(q.port) : '', protocol: q?.protocol ?? 'TCP' };
}

function queryOf(d: Draft): Query | null {
  if (!d.from.trim() || !d.to.trim()) return null;
  const q: Query = { from: d.from.trim(), to: d.to.trim(), protocol: d.protocol };
  const port = d.port.trim();
  if (/^\d+$/.test(port)) q.port = Number(port);
  else if (port) q.named_port = port;
  return q;
}

/** Which profile the trace runs under and who chose it: the input (with the objects that decided) or the picker. */
function ProfileLine() {
  const info = useAnalysisStore((s) => s.profile);
  const highlight = useAppStore((s) => s.highlightLines);
  if (!info) return null;
  return (
    <div className="pp-profile-line pp-muted pp-pad-x" data-testid="profile-line" data-profile={info.name} data-auto={String(info.auto)}>
      Profile: <strong>{info.title}</strong>
      {info.auto ? (
        <>
          {' '}— chosen from the input (pick another in the Profile menu){info.evidence && info.evidence.length > 0 ? ': ' : ': it shows nothing of OpenShift or LUMI-K.'}
          {info.evidence?.map((e, i) => (
            <span key={i}>
              {i > 0 && '; '}
              {e.line !== undefined ? (
                <button type="button" className="pp-linklike" title={`Show line ${e.line} in the editor`} onClick={() => highlight(e.line as number, e.line as number)}>
                  {e.text} (line {e.line})
                </button>
              ) : (
                e.text
              )}
            </span>
          ))}
        </>
      ) : (
        <> — picked in the Profile menu.</>
      )}
    </div>
  );
}

export function TracePanel() {
  // The query the shown trace answers (the store's, or the automatic question after a paste).
  const query = useShownQuery();
  const setTraceQuery = useAppStore((s) => s.setTraceQuery);
  const trace = useAnalysisStore((s) => s.trace);
  const stale = useSettledStale();
  const version = useAnalysisStore((s) => s.version);
  const allSuggestions = useAnalysisStore((s) => s.suggestions);
  const hidden = useAppStore((s) => s.view.hiddenNamespaces);
  // Focused on some namespaces: suggest endpoints there (any endpoint can still be typed and traced).
  const suggestions = useMemo(() => {
    if (hidden.length === 0) return allSuggestions;
    const shown = (e: string) => !hidden.includes(endpointNamespace(e));
    return { sources: allSuggestions.sources.filter(shown), destinations: allSuggestions.destinations.filter(shown) };
  }, [allSuggestions, hidden]);
  const [draft, setDraft] = useState<Draft>(() => draftOf(query));
  // The fields as of the last time they were applied (after the typing pause): hints are about these, so
  // they do not flicker while a name is typed.
  const [settled, setSettled] = useState<Draft>(() => draftOf(query));
  const fromHint = useMemo(() => endpointHint(settled.from, 'from', allSuggestions), [settled.from, allSuggestions]);
  const toHint = useMemo(() => endpointHint(settled.to, 'to', allSuggestions), [settled.to, allSuggestions]);
  const lastApplied = useRef<Query | null>(query);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // A query set from outside (scenario, shared link) replaces the fields.
  useEffect(() => {
    if (query !== lastApplied.current) {
      lastApplied.current = query;
      setDraft(draftOf(query));
      setSettled(draftOf(query));
    }
  }, [query]);

  const update = (patch: Partial<Draft>, immediate = false) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    if (timer.current) clearTimeout(timer.current);
    const apply = () => {
      setSettled(next);
      // Not an endpoint: nothing to trace; the hint under the field says why and what was probably meant.
      if (endpointHint(next.from, 'from', allSuggestions) || endpointHint(next.to, 'to', allSuggestions)) return;
      const q = queryOf(next);
      lastApplied.current = q;
      setTraceQuery(q);
    };
    if (immediate) apply();
    else timer.current = setTimeout(apply, 350);
  };

  // A destination that only receives (a Service, a DNS name, a URL) does not become the sender.
  const swap = () => update({ from: textCanSend(draft.to) ? draft.to : draft.from, to: draft.from }, true);
  const pick = (role: EndpointRole) => (endpoint: string) => update(role === 'from' ? { from: endpoint } : { to: endpoint }, true);
  const hinted = !!(fromHint || toHint);

  return (
    <div className="pp-trace">
      <form
        className="pp-trace-form"
        onSubmit={(e) => {
          e.preventDefault();
          update({}, true);
        }}
      >
        <label className="pp-field">
          <span>From</span>
          <input className="pp-input" list="pp-sources" value={draft.from} placeholder="internet, ip:1.2.3.4, namespace/pod" aria-label="Trace source" data-testid="trace-from" aria-invalid={fromHint ? true : undefined} aria-describedby={fromHint ? 'pp-from-hint' : undefined} onChange={(e) => update({ from: e.target.value })} />
        </label>
        {fromHint && <div id="pp-from-hint"><EndpointHint hint={fromHint} testId="trace-from-hint" onPick={pick('from')} /></div>}
        <button type="button" className="pp-btn pp-btn-small pp-swap" onClick={swap} title="Swap source and destination" aria-label="Swap source and destination">⇅</button>
        <label className="pp-field">
          <span>To</span>
          <input className="pp-input" list="pp-destinations" value={draft.to} placeholder="https://host/path, svc:ns/name, dns:name, ns/pod, ip:…" aria-label="Trace destination" data-testid="trace-to" aria-invalid={toHint ? true : undefined} aria-describedby={toHint ? 'pp-to-hint' : undefined} onChange={(e) => update({ to: e.target.value })} />
        </label>
        {toHint && <div id="pp-to-hint"><EndpointHint hint={toHint} testId="trace-to-hint" onPick={pick('to')} /></div>}
        <div className="pp-field-row">
          <label className="pp-field pp-field-port">
            <span>Port</span>
            <input className="pp-input" value={draft.port} placeholder="auto" inputMode="numeric" aria-label="Port (number or name)" data-testid="trace-port" onChange={(e) => update({ port: e.target.value })} />
          </label>
          <label className="pp-field pp-field-proto">
            <span>Protocol</span>
            <select className="pp-input" value={draft.protocol} aria-label="Protocol" onChange={(e) => update({ protocol: e.target.value as Protocol }, true)}>
              <option>TCP</option>
              <option>UDP</option>
              <option>SCTP</option>
            </select>
          </label>
          <button type="submit" className="pp-btn pp-btn-primary">Trace</button>
        </div>
        <datalist id="pp-sources">
          {suggestions.sources.slice(0, 500).map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <datalist id="pp-destinations">
          {suggestions.destinations.slice(0, 800).map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      </form>

      {!query && <div className="pp-muted pp-pad">Pick a source and a destination to see what happens to the request, hop by hop.</div>}
      <ProfileLine />
      {trace && !hinted && (
        <div className={`pp-trace-result${stale ? ' pp-stale' : ''}`} data-testid="trace-result" data-verdict={trace.verdict} data-allowed={String(trace.allowed)} data-version={version}>
          {trace.error ? (
            // The input cannot answer this query (a name no object has, a bad port): a hint, not a verdict.
            <div className="pp-trace-error">
              <EndpointHint hint={errorHint(trace.error, trace.query, allSuggestions)} testId="trace-error-hint" onPick={(e) => pick(errorRole(trace.query, allSuggestions))(e)} />
            </div>
          ) : (
            <div className={`pp-verdict pp-verdict-${trace.verdict}`}>
              <VerdictBadge verdict={trace.verdict} />
              <span className="pp-verdict-summary">{trace.summary}</span>
            </div>
          )}
          {stale && <div className="pp-callout pp-callout-warn">The YAML has a syntax error; this is the last good trace.</div>}
          {trace.reached && (
            <div className="pp-muted pp-pad-x">
              Lands on <strong>{trace.reached}</strong>
            </div>
          )}
          <ol className="pp-hops" data-testid="hops">
            {trace.hops.map((h, i) => (
              <HopItem
                key={`${i}:${h.kind}:${h.title}`}
                hop={h}
                index={i}
                defaultOpen={h.verdict === 'denied' || (i === trace.hops.length - 1 && !trace.allowed)}
                fallback={h.kind === 'source' ? trace.query.from : h.kind === 'destination' || h.kind === 'external' ? trace.query.to : undefined}
              />
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}

/** The field of an unanswerable query that names nothing the input lists (To when both or neither do). */
function errorRole(q: { from: string; to: string }, list: EndpointList): EndpointRole {
  return !endpointListed(q.from, 'from', list) && endpointListed(q.to, 'to', list) ? 'from' : 'to';
}

/** The tracer's message, with suggestions for the endpoint that names nothing listed. */
function errorHint(error: string, q: { from: string; to: string }, list: EndpointList): HintView {
  const role = errorRole(q, list);
  const text = q[role];
  const suggestions = endpointListed(text, role, list) ? [] : suggestEndpoints(text, role, list).filter((s) => s !== text.trim());
  return { problem: error, suggestions };
}
