// The DOT printer: nesting, escaping of untrusted names, edges to groups.
import { describe, expect, it } from 'vitest';
import { toDot } from './dot';

describe('toDot', () => {
  it('nests children in clusters, quotes every id and escapes hostile labels', () => {
    const dot = toDot({
      nodes: [
        { id: 'ns:shop', label: 'shop', kind: 'Namespace' },
        { id: 'Pod/shop/web', label: 'web"; evil -> x [label="', kind: 'Pod', parent: 'ns:shop' },
        { id: 'Service/shop/web', label: 'line1\nline2\\', kind: 'Service', parent: 'ns:shop' },
        { id: 'internet', label: 'internet', kind: 'External' },
      ],
      edges: [
        { id: 'e1', source: 'Service/shop/web', target: 'Pod/shop/web', kind: 'selects', label: 'TCP 80' },
        { id: 'e2', source: 'internet', target: 'ns:shop', kind: 'enters' },
      ],
    });
    expect(dot.startsWith('digraph podpath {')).toBe(true);
    expect(dot).toContain('subgraph "cluster_ns:shop" {');
    expect(dot).toContain('"Pod/shop/web" [label="web\\"; evil -> x [label=\\"", shape=box];');
    expect(dot).toContain('label="line1\\nline2\\\\", shape=ellipse');
    expect(dot).toContain('"Service/shop/web" -> "Pod/shop/web" [label="TCP 80"];');
    // An edge to a group goes to a node inside it, clipped at the cluster.
    expect(dot).toContain('"internet" -> "Pod/shop/web" [lhead="cluster_ns:shop"];');
    expect(dot.trim().endsWith('}')).toBe(true);
    // Balanced braces outside quoted strings.
    const unquoted = dot.replace(/"(?:[^"\\]|\\.)*"/g, '""');
    expect(unquoted.split('{').length).toBe(unquoted.split('}').length);
  });

  it('survives a parent cycle without looping', () => {
    const dot = toDot({ nodes: [{ id: 'a', label: 'a', kind: 'X', parent: 'b' }, { id: 'b', label: 'b', kind: 'X', parent: 'a' }], edges: [] });
    expect(dot).toContain('"a"');
    expect(dot).toContain('"b"');
  });
});
