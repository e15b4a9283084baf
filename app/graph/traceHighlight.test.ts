// Drawing a trace on the graph: the path through the router into a folded namespace, a temporary edge
// where the topology has none, and re-applying an identical trace changes nothing (no restyle).
import { describe, expect, it } from 'vitest';
import cytoscape from 'cytoscape';
import type { Trace } from '../../src-core/analyze/types';
import { applyTrace } from './traceHighlight';

function graph(): cytoscape.Core {
  return cytoscape({
    headless: true,
    styleEnabled: true,
    elements: [
      { group: 'nodes', data: { id: 'internet', kind: 'Internet' } },
      { group: 'nodes', data: { id: 'router', kind: 'Router' } },
      { group: 'nodes', data: { id: 'ns:a', kind: 'NamespaceGroup', namespace: 'a' } },
      { group: 'nodes', data: { id: 'ns:b', kind: 'NamespaceGroup', namespace: 'b' } },
      { group: 'edges', data: { id: 'entry', source: 'internet', target: 'router', kind: 'entry' } },
      { group: 'edges', data: { id: 'route:a', source: 'router', target: 'ns:a', kind: 'route' } },
      { group: 'edges', data: { id: 'route:b', source: 'router', target: 'ns:b', kind: 'route' } },
    ],
  });
}

/** The fields of a Trace that the graph reads. */
function trace(t: { from: string; to: string; path: string[]; allowed: boolean; reached?: string }): Trace {
  return { query: { from: t.from, to: t.to }, path: t.path, hops: [], allowed: t.allowed, reached: t.reached } as unknown as Trace;
}

const ids = (cy: cytoscape.Core, sel: string) => cy.$(sel).map((e) => e.id()).sort();

describe('applyTrace', () => {
  it('goes internet → router → the folded namespace of the Route', () => {
    const cy = graph();
    applyTrace(cy, trace({ from: 'internet', to: 'http://x/', path: ['Route/a/web', 'Service/a/web'], allowed: true }));
    expect(ids(cy, '.trace-path')).toEqual(['entry', 'internet', 'ns:a', 'route:a', 'router']);
  });

  it('changes nothing when the same trace arrives again, and moves the path when it changes', () => {
    const cy = graph();
    const t = trace({ from: 'a/web', to: 'b/db', path: ['Pod/a/web', 'Pod/b/db'], allowed: true });
    applyTrace(cy, t);
    // ns:a → ns:b has no edge of its own: a temporary one is drawn.
    expect(ids(cy, '.trace-edge')).toEqual(['trace:ns:a->ns:b:0']);
    const temp = cy.$('.trace-edge')[0];
    let changes = 0;
    cy.on('class add remove', () => changes++);
    applyTrace(cy, trace({ from: 'a/web', to: 'b/db', path: ['Pod/a/web', 'Pod/b/db'], allowed: true }));
    expect(changes).toBe(0);
    expect(cy.$('.trace-edge')[0].same(temp)).toBe(true);

    applyTrace(cy, trace({ from: 'internet', to: 'http://y/', path: ['Route/b/api'], allowed: false }));
    expect(ids(cy, '.trace-path')).toEqual(['entry', 'internet', 'ns:b', 'route:b', 'router']);
    expect(ids(cy, '.trace-stop')).toEqual(['ns:b']);
    expect(ids(cy, '.trace-edge')).toEqual([]);
    applyTrace(cy, null);
    expect(ids(cy, '.trace-path, .trace-stop, .trace-edge')).toEqual([]);
  });
});
