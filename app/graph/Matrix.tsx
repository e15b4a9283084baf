// The connectivity matrix: rows are sources, columns destinations, each cell the ports the source may
// open on the destination (the core's connectivity list, the same engine as `trace` and `podpath
// connectivity`). Readable where the line overlay becomes a tangle. Clicking a cell traces that
// connection; CSV and Markdown exports carry the (filtered) list. Names are untrusted text: React
// renders them as text, long ones cut with the full name on hover.
import { useEffect, useMemo, useState } from 'react';
import { connectivityToCsv, connectivityToMarkdown } from '../../src-core/index';
import { connectivityRows, type Connectivity, type ConnectivityRow } from '../../src-core/index';
import { requestConnectivity, useAnalysisStore } from '../analysis/client';
import { useAppStore } from '../store';
import { downloadText } from '../share/download';

/** Beyond this many sources or destinations the matrix asks for a namespace instead of drawing. */
const MAX_AXIS = 60;

function nsOf(e: string): string {
  return e === 'internet' || e === 'router' ? '' : e.split('/')[0];
}

/** `8080`, `53/UDP`: the cell's short form (TCP is the default). */
function shortPort(p: string): string {
  const [proto, n] = p.split(' ');
  return proto === 'TCP' ? n : `${n}/${proto}`;
}

/** A row from or to namespace `ns` ('' keeps every row). */
function inNamespace(r: ConnectivityRow, ns: string): boolean {
  return !ns || nsOf(r.from) === ns || nsOf(r.to) === ns;
}

function axis(rows: readonly ConnectivityRow[], pick: (r: ConnectivityRow) => string): string[] {
  const rank = (e: string) => (e === 'internet' ? 0 : e === 'router' ? 1 : 2);
  return [...new Set(rows.map(pick))].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

export function Matrix({ onClose }: { onClose: () => void }) {
  const data = useAnalysisStore((s) => s.connectivity);
  const [ns, setNs] = useState('');
  useEffect(() => {
    requestConnectivity(true);
    return () => requestConnectivity(false);
  }, []);

  const all = useMemo(() => (data ? [...connectivityRows(data)] : []), [data]);
  const undecided = useMemo(() => (data ? data.undetermined.flatMap((g) => g.to.map((to) => ({ from: g.from, to, ports: g.ports }))) : []), [data]);
  const namespaces = useMemo(() => [...new Set(all.flatMap((r) => [nsOf(r.from), nsOf(r.to)]).filter(Boolean))].sort(), [all]);
  const rows = useMemo(() => all.filter((r) => inNamespace(r, ns)), [all, ns]);
  const open = useMemo(() => undecided.filter((r) => inNamespace(r, ns)), [undecided, ns]);
  const sources = useMemo(() => axis([...rows, ...open], (r) => r.from), [rows, open]);
  const dests = useMemo(() => axis([...rows, ...open], (r) => r.to), [rows, open]);
  const cell = useMemo(() => new Map(rows.map((r) => [`${r.from}\u0000${r.to}`, r.ports])), [rows]);
  const unknown = useMemo(() => new Map(open.map((r) => [`${r.from}\u0000${r.to}`, r.ports])), [open]);
  const tooBig = sources.length > MAX_AXIS || dests.length > MAX_AXIS;
  const one = (r: ConnectivityRow) => ({ from: r.from, to: [r.to], ports: r.ports });
  const filtered: Connectivity | null = data ? { ...data, groups: rows.map(one), undetermined: open.map(one) } : null;

  const trace = (from: string, to: string, ports: string[]) => {
    const [proto, n] = ports[0].split(' ');
    const st = useAppStore.getState();
    st.setTraceQuery({ from, to, port: Number(n), ...(proto !== 'TCP' ? { protocol: proto as 'UDP' | 'SCTP' } : {}) }, 'user');
    st.setTab('trace');
  };

  return (
    <div className="pp-matrix" role="region" aria-label="Connectivity matrix" data-testid="matrix">
      <div className="pp-matrix-bar">
        <strong>Connectivity matrix</strong>
        <span className="pp-muted">{data ? `${rows.length} allowed connection${rows.length === 1 ? '' : 's'}${open.length ? `, ${open.length} undetermined` : ''} · profile ${data.profile}` : 'computing…'}</span>
        <label className="pp-matrix-ns">
          Namespace{' '}
          <select value={ns} onChange={(e) => setNs(e.target.value)} data-testid="matrix-namespace">
            <option value="">all</option>
            {namespaces.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="pp-btn pp-btn-small" disabled={!filtered} onClick={() => filtered && downloadText('podpath-connectivity.csv', connectivityToCsv(filtered), 'text/csv')}>
          CSV
        </button>
        <button type="button" className="pp-btn pp-btn-small" disabled={!filtered} onClick={() => filtered && downloadText('podpath-connectivity.md', connectivityToMarkdown(filtered), 'text/markdown')}>
          Markdown
        </button>
        <button type="button" className="pp-btn pp-btn-small" onClick={onClose} aria-label="Close the matrix">
          ✕
        </button>
      </div>
      {data && rows.length === 0 && <div className="pp-matrix-note">No connection is allowed{ns ? ` from or to namespace ${ns}` : ''}.</div>}
      {data && tooBig && (
        <div className="pp-matrix-note" role="status">
          {sources.length} sources × {dests.length} destinations is too many to draw: pick a namespace (or export the list as CSV).
        </div>
      )}
      {data && !tooBig && rows.length > 0 && (
        <div className="pp-matrix-scroll">
          <table className="pp-matrix-table">
            <thead>
              <tr>
                <th scope="col" className="pp-matrix-corner">
                  from ↓ / to →
                </th>
                {dests.map((d) => (
                  <th key={d} scope="col" title={d}>
                    <span className="pp-matrix-col">{d}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sources.map((s) => (
                <tr key={s}>
                  <th scope="row" title={s}>
                    {s}
                  </th>
                  {dests.map((d) => {
                    const ports = cell.get(`${s}\u0000${d}`);
                    if (s === d) return <td key={d} className="pp-matrix-self" aria-label="itself">—</td>;
                    const maybe = unknown.get(`${s}\u0000${d}`);
                    if (!ports && maybe)
                      return (
                        <td key={d} className="pp-matrix-undetermined">
                          <button type="button" title={`${s} → ${d}: undetermined on ${maybe.join(', ')} — the input cannot decide it; click to trace and see what is missing`} onClick={() => trace(s, d, maybe)}>
                            ?
                          </button>
                        </td>
                      );
                    if (!ports) return <td key={d} className="pp-matrix-denied" title={`${s} → ${d}: none of its declared ports is allowed`} aria-label="denied">·</td>;
                    return (
                      <td key={d} className="pp-matrix-allowed">
                        <button type="button" title={`${s} → ${d}: ${ports.join(', ')} — click to trace`} onClick={() => trace(s, d, ports)}>
                          {ports.map(shortPort).join(' ')}
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
