// What was loaded, at a glance (the Details tab with nothing selected): objects per kind, namespaces with
// their object counts, and a Focus button per namespace — focusing hides the other namespaces in the
// graph, the findings and the trace suggestions; the trace itself still sees everything.
import { useMemo } from 'react';
import { useAnalysisStore } from '../analysis/client';
import { useAppStore } from '../store';
import { Shown } from './common';

/** Kind and namespace of an ObjectKey (`Kind/ns/name` or `Kind/name` for cluster-scoped objects). */
export function keyParts(key: string): { kind: string; namespace: string } {
  const parts = key.split('/');
  return { kind: parts[0], namespace: parts.length > 2 ? parts[1] : '' };
}

export function Overview() {
  const keys = useAnalysisStore((s) => s.objects.keys);
  const hidden = useAppStore((s) => s.view.hiddenNamespaces);
  const setView = useAppStore((s) => s.setView);
  const { kinds, namespaces } = useMemo(() => {
    const kinds = new Map<string, number>();
    const namespaces = new Map<string, number>();
    for (const k of keys) {
      const p = keyParts(k);
      kinds.set(p.kind, (kinds.get(p.kind) ?? 0) + 1);
      if (p.namespace) namespaces.set(p.namespace, (namespaces.get(p.namespace) ?? 0) + 1);
    }
    return { kinds: [...kinds].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)), namespaces: [...namespaces].sort((a, b) => (a[0] < b[0] ? -1 : 1)) };
  }, [keys]);
  if (keys.length === 0) return <div className="pp-muted pp-pad">Paste manifests to see what they hold.</div>;
  const focus = (ns: string) => setView({ hiddenNamespaces: namespaces.map(([n]) => n).filter((n) => n !== ns) });
  return (
    <div className="pp-overview pp-pad" data-testid="overview">
      <p className="pp-muted">Click a node in the graph or an object in the YAML to see its details. The input holds:</p>
      <p>
        <strong>{keys.length.toLocaleString('en-US')}</strong> objects in <strong>{namespaces.length.toLocaleString('en-US')}</strong> namespaces
        {hidden.length > 0 && (
          <>
            {' '}· showing {namespaces.length - hidden.filter((h) => namespaces.some(([n]) => n === h)).length}{' '}
            <button type="button" className="pp-link" onClick={() => setView({ hiddenNamespaces: [] })}>
              show all
            </button>
          </>
        )}
      </p>
      <table className="pp-overview-table" aria-label="Objects per kind">
        <tbody>
          {kinds.map(([k, n]) => (
            <tr key={k}>
              <td><Shown text={k} /></td>
              <td className="pp-num">{n.toLocaleString('en-US')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="pp-overview-table" aria-label="Namespaces">
        <thead>
          <tr>
            <th scope="col">Namespace</th>
            <th scope="col" className="pp-num">Objects</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {namespaces.map(([ns, n]) => (
            <tr key={ns} className={hidden.includes(ns) ? 'pp-muted' : undefined}>
              <td className="pp-overview-ns"><Shown text={ns} /></td>
              <td className="pp-num">{n.toLocaleString('en-US')}</td>
              <td>
                <button type="button" className="pp-btn pp-btn-small" onClick={() => focus(ns)} title={`Show only ${ns} in the graph, the findings and the suggestions (the trace still sees everything)`}>
                  Focus
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
