// The workspace session in Node: an update gives the model, diagnostics and profile; edits re-parse only
// what they touched and keep the model when no value changed; trace, graph, findings, details and
// connections answer from the last update exactly as the core's functions do on a fresh model.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGraph, lintCluster, loadCluster, traceQuery } from '../index';
import { createSession } from './session';
import { EDITOR_FILE, type SessionView } from './types';

const dir = new URL('../../public/examples/', import.meta.url);
const INDEX = JSON.parse(readFileSync(new URL('index.json', dir), 'utf8')) as { file: string; profile: 'openshift' | 'kubernetes' | 'lumi-k' | 'openshift-multitenant'; trace: { from: string; to: string; port?: number } }[];
const VIEW: SessionView = { hiddenNamespaces: [], expandedNamespaces: [], expandedWorkloads: [], showConnections: false, showDenied: false };
const NOW = new Date('2026-11-21T00:00:00Z');

const SMALL = [
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: db, namespace: shop}\nspec:\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec: {containers: [{name: c, ports: [{containerPort: 5432}]}]}\n',
  'apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: shop}\nspec:\n  selector: {app: db}\n  ports: [{port: 5432}]\n',
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db-from-web, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]\n',
].join('---\n');

describe('workspace session', () => {
  it('answers every example as the core does on a fresh model (trace, graph)', () => {
    const session = createSession();
    for (const ex of INDEX.slice(0, 12)) {
      const text = readFileSync(new URL(ex.file, dir), 'utf8');
      const m = session.update(text, ex.profile);
      const fresh = loadCluster([{ name: EDITOR_FILE, text }], { profile: ex.profile });
      expect(m.diagnostics).toEqual(fresh.diagnostics);
      expect(m.profile.name).toBe(fresh.profile.name);
      expect(session.trace(ex.trace)).toEqual(traceQuery(fresh, ex.trace));
      expect(session.graph(VIEW).graph).toEqual(buildGraph(fresh, {}));
    }
  });

  it('the same input twice does no work; a comment keeps the model; a changed value builds a new one', () => {
    const session = createSession();
    const a = session.update(SMALL, 'kubernetes');
    expect(a.loadMs).not.toBeNull();
    const b = session.update(SMALL, 'kubernetes');
    expect(b.loadMs).toBeNull();
    expect(b.cluster).toBe(a.cluster);
    const c = session.update('# a comment\n' + SMALL, 'kubernetes');
    expect(c.model).toBe(a.model);
    // The reused model answers with the new positions: the Service moved down one line.
    const svcLine = (m: typeof a) => m.cluster.sourceMap.locate(m.cluster.services[0].meta.ref).startLine;
    expect(svcLine(c)).toBe(svcLine(a) + 1);
    const d = session.update(SMALL.replace('port: 5432}]\n', 'port: 5433}]\n'), 'kubernetes');
    expect(d.model).not.toBe(a.model);
    expect(session.update(SMALL, 'openshift').model).not.toBe(d.model);
  });

  it('a YAML syntax error is reported as such', () => {
    const m = createSession().update(SMALL + '---\nkind: [unclosed\n', 'kubernetes');
    expect(m.syntaxError).toBe(true);
  });

  it('findings equal the core lint; a second ask of the same model runs no rule', () => {
    const session = createSession();
    session.update(SMALL, 'kubernetes');
    const fresh = loadCluster([{ name: EDITOR_FILE, text: SMALL }], { profile: 'kubernetes' });
    const strip = (fs: { code: string; message: string }[]) => fs.map((f) => f.code + f.message.replace(/\d+ days?/g, ''));
    expect(strip(session.findings())).toEqual(strip(lintCluster(fresh, { now: NOW })));
    expect(session.lint().parts).toEqual([]);
  });

  it('details: the policies and Services that select a workload, and who may connect (policy engine + traces from outside)', () => {
    const session = createSession();
    session.update(SMALL, 'kubernetes');
    const d = session.details('Deployment/shop/db');
    expect(d?.selectedBy.map((r) => r.key)).toEqual(['NetworkPolicy/shop/db-from-web']);
    expect(d?.related.map((r) => r.key)).toEqual(['Service/shop/db']);
    expect(d?.reachableFrom?.find((r) => r.from === 'shop/web')).toMatchObject({ allowed: true, port: 5432 });
    const fresh = loadCluster([{ name: EDITOR_FILE, text: SMALL }], { profile: 'kubernetes' });
    expect(d?.reachableFrom?.find((r) => r.from === 'internet')?.allowed).toBe(traceQuery(fresh, { from: 'internet', to: 'shop/db', port: 5432, protocol: 'TCP' }).allowed);
    expect(session.details('Service/shop/db')?.related.map((r) => r.key)).toEqual(['Deployment/shop/db']);
    expect(session.details('Nope/x/y')).toBeNull();
  });

  it('connections: every pair the policies allow, or only the pairs of one node', () => {
    const session = createSession();
    session.update(SMALL, 'kubernetes');
    const all = session.connections(true);
    expect(all.list.find((c) => c.from === 'Deployment/shop/web' && c.to === 'Deployment/shop/db')).toMatchObject({ allowed: true, label: '5432' });
    expect(all.list.find((c) => c.from === 'Deployment/shop/db' && c.to === 'Deployment/shop/web')?.allowed).toBe(true);
    const one = session.connections(true, 'Deployment/shop/web');
    expect(one.list.length).toBeGreaterThan(0);
    expect(one.list.every((c) => c.from === 'Deployment/shop/web' || c.to === 'Deployment/shop/web')).toBe(true);
    expect(session.graph({ ...VIEW, showConnections: true }).graph.edges.some((e) => e.kind === 'allowed')).toBe(true);
  });

  it('a set of files is parsed whole; positions name each file', () => {
    const session = createSession();
    const m = session.update([{ name: 'a.yaml', text: SMALL.split('---\n')[0] }, { name: 'b.yaml', text: SMALL.split('---\n')[2] }], 'kubernetes');
    expect(m.cluster.services.map((s) => m.cluster.sourceMap.locate(s.meta.ref).file)).toEqual(['b.yaml']);
    expect(session.objects().map((o) => o.range.file).sort()).toEqual(['a.yaml', 'b.yaml']);
  });

  it('a trace engine that throws is reported as a bug, not thrown', () => {
    const session = createSession(() => {
      throw new Error('boom');
    });
    session.update(SMALL, 'kubernetes');
    const t = session.trace({ from: 'shop/web', to: 'shop/db' });
    expect(t?.error).toBe('boom');
    expect(t?.allowed).toBe(false);
  });
});
