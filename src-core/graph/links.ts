// graph/links: the edge objects (Route, Ingress, Gateway, HTTPRoute) as graph nodes with their
// entry and backend links, and the external IP blocks that egress rules name. Structural only: which
// object points at which, as written; whether traffic passes is the analysis' job (see analyze/).
import type { BuiltCluster } from '../model/build';
import { selectorMatches } from '../model/selector';
import { objectKey, type GenericObject, type PodLike } from '../model/types';
import type { GraphNode } from './index';
import { calicoEgressBlocks } from './calico';

export interface EntryLink {
  target: string;
  viaRouter: boolean;
  label?: string;
}

export interface BackendLink {
  id: string;
  source: string;
  target: string;
  label?: string;
  classes?: string[];
}

export interface EdgeLinks {
  nodes: GraphNode[];
  entries: EntryLink[];
  backends: BackendLink[];
  routerUsed: boolean;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function arr(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)) : [];
}

function tlsLabel(termination: string | undefined, insecure: string | undefined): string {
  if (!termination) return 'http';
  return insecure && insecure !== 'None' ? `${termination}, http:${insecure}` : termination;
}

export function edgeObjectLinks(cluster: BuiltCluster): EdgeLinks {
  const nodes: GraphNode[] = [];
  const entries: EntryLink[] = [];
  const backends: BackendLink[] = [];

  for (const r of cluster.routes) {
    const key = objectKey(r.meta);
    const ns = r.meta.namespace;
    nodes.push({ id: key, label: r.meta.name, kind: 'Route', object: key, namespace: ns, labels: { ...r.meta.labels }, sublabel: (r.host ?? '(no host)') + (r.path ?? ''), classes: r.tls ? ['tls'] : [] });
    entries.push({ target: key, viaRouter: true, label: tlsLabel(r.tls?.termination, r.tls?.insecureEdgeTerminationPolicy) });
    const all = [{ b: r.to, alt: false }, ...r.alternateBackends.map((b) => ({ b, alt: true }))];
    for (const { b, alt } of all) {
      if (b.kind !== 'Service') continue;
      const target = objectKey({ kind: 'Service', namespace: ns, name: b.name });
      const tp = r.targetPort !== undefined ? `→${r.targetPort}` : '';
      const weight = all.length > 1 ? ` w${b.weight}` : '';
      backends.push({ id: `backend:${key}->${target}`, source: key, target, label: (tp + weight).trim() || undefined, classes: alt ? ['alternate'] : [] });
    }
  }

  const backendById = new Map<string, BackendLink>();
  for (const ing of cluster.ingresses) {
    const key = objectKey(ing.meta);
    const ns = ing.meta.namespace;
    const hosts = ing.rules.map((r) => r.host).filter((h): h is string => !!h);
    nodes.push({ id: key, label: ing.meta.name, kind: 'Ingress', object: key, namespace: ns, labels: { ...ing.meta.labels }, sublabel: hosts[0] ? hosts[0] + (hosts.length > 1 ? ` +${hosts.length - 1}` : '') : '(any host)', classes: ing.tls.length ? ['tls'] : [] });
    entries.push({ target: key, viaRouter: true, label: ing.tls.length ? 'https' : 'http' });
    const add = (svc: string | undefined, port: string | undefined, path: string | undefined) => {
      if (!svc) return;
      const target = objectKey({ kind: 'Service', namespace: ns, name: svc });
      const id = `backend:${key}->${target}`;
      const label = [path, port ? `:${port}` : ''].filter(Boolean).join(' ');
      const existing = backendById.get(id);
      if (existing) existing.label = existing.label && !existing.label.includes(label) ? `${existing.label}, ${label}` : existing.label;
      else {
        const b: BackendLink = { id, source: key, target, label: label || undefined };
        backendById.set(id, b);
        backends.push(b);
      }
    };
    if (ing.defaultBackend?.service) add(ing.defaultBackend.service.name, str(ing.defaultBackend.service.port?.number ?? ing.defaultBackend.service.port?.name), 'default');
    for (const rule of ing.rules) for (const p of rule.paths) add(p.backend.service?.name, str(p.backend.service?.port?.number ?? p.backend.service?.port?.name), p.path ?? '/');
  }

  // Gateway API: internet → Gateway → HTTPRoute (parentRefs) → Service (backendRefs).
  const gateways = cluster.others.get('Gateway') ?? [];
  for (const g of gateways) {
    const key = objectKey(g.meta);
    const listeners = arr(g.spec.listeners).map((l) => `${str(l.protocol) ?? ''}:${str(l.port) ?? ''}`).join(' ');
    nodes.push({ id: key, label: g.meta.name, kind: 'Gateway', object: key, namespace: g.meta.namespace, labels: { ...g.meta.labels }, sublabel: listeners || undefined });
    entries.push({ target: key, viaRouter: false, label: listeners || undefined });
  }
  const routeKinds = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute'];
  for (const kind of routeKinds) {
    for (const hr of cluster.others.get(kind) ?? []) addXRoute(hr, nodes, backends);
  }

  return { nodes, entries, backends, routerUsed: cluster.routes.length > 0 || cluster.ingresses.length > 0 };
}

function addXRoute(hr: GenericObject, nodes: GraphNode[], backends: BackendLink[]): void {
  const key = objectKey(hr.meta);
  const ns = hr.meta.namespace;
  const hosts = (Array.isArray(hr.spec.hostnames) ? hr.spec.hostnames : []).map(str).filter((h): h is string => !!h);
  nodes.push({ id: key, label: hr.meta.name, kind: hr.meta.kind, object: key, namespace: ns, labels: { ...hr.meta.labels }, sublabel: hosts[0] });
  for (const pr of arr(hr.spec.parentRefs)) {
    const kind = str(pr.kind) ?? 'Gateway';
    const name = str(pr.name);
    if (!name) continue;
    const gw = objectKey({ kind, namespace: str(pr.namespace) ?? ns, name });
    backends.push({ id: `parent:${gw}->${key}`, source: gw, target: key, label: str(pr.sectionName) });
  }
  for (const rule of arr(hr.spec.rules)) {
    const matches = arr(rule.matches).map((m) => str((m.path as Record<string, unknown> | undefined)?.value)).filter(Boolean);
    for (const br of arr(rule.backendRefs)) {
      const kind = str(br.kind) ?? 'Service';
      const name = str(br.name);
      if (!name || kind !== 'Service') continue;
      const target = objectKey({ kind: 'Service', namespace: str(br.namespace) ?? ns, name });
      const port = str(br.port);
      const label = [matches[0], port ? `:${port}` : '', br.weight !== undefined ? `w${str(br.weight)}` : ''].filter(Boolean).join(' ');
      // Duplicate ids are dropped by buildGraph's addEdge; the first rule's label wins.
      backends.push({ id: `backend:${key}->${target}`, source: key, target, label: label || undefined });
    }
  }
}

export interface ExternalBlock {
  id: string;
  cidr: string;
  /** Graph node ids (pods/workloads, or namespace groups for egress firewalls) that name this block. */
  from: string[];
  label: string;
  deny: boolean;
}

/** IP blocks named by NetworkPolicy egress rules, Calico egress rules (graph/calico.ts) and EgressNetworkPolicy/EgressFirewall rules. */
export function externalBlocks(cluster: BuiltCluster): ExternalBlock[] {
  const blocks = new Map<string, ExternalBlock>();
  const get = (cidr: string, deny: boolean, label: string) => {
    const id = `${deny ? 'deny' : 'ipblock'}:${cidr}`;
    let b = blocks.get(id);
    if (!b) blocks.set(id, (b = { id, cidr, from: [], label, deny }));
    return b;
  };
  let podsByNs: Map<string, PodLike[]> | undefined;
  for (const np of cluster.networkPolicies) {
    if (np.meta.impliedBy) continue;
    // Only policies that name IP blocks matter here; look up their pods through a per-namespace index.
    const named = np.egress.some((r) => (r.peers ?? []).some((p) => p.ipBlock && p.ipBlock.cidr !== '0.0.0.0/0' && p.ipBlock.cidr !== '::/0'));
    if (!named) continue;
    if (!podsByNs) {
      podsByNs = new Map();
      for (const p of cluster.pods) podsByNs.set(p.namespace, [...(podsByNs.get(p.namespace) ?? []), p]);
    }
    const selected = (podsByNs.get(np.meta.namespace) ?? []).filter((p) => selectorMatches(np.podSelector, p.podLabels)).map((p) => objectKey(p.meta));
    for (const rule of np.egress) {
      for (const peer of rule.peers ?? []) {
        if (!peer.ipBlock || peer.ipBlock.cidr === '0.0.0.0/0' || peer.ipBlock.cidr === '::/0') continue;
        const b = get(peer.ipBlock.cidr, false, 'egress');
        for (const s of selected) if (!b.from.includes(s)) b.from.push(s);
      }
    }
  }
  for (const x of calicoEgressBlocks(cluster)) {
    const b = get(x.cidr, x.deny, x.label);
    for (const f of x.from) if (!b.from.includes(f)) b.from.push(f);
  }
  for (const kind of ['EgressNetworkPolicy', 'EgressFirewall']) {
    for (const ef of cluster.others.get(kind) ?? []) {
      for (const rule of arr(ef.spec.egress)) {
        const to = rule.to as Record<string, unknown> | undefined;
        const cidr = str(to?.cidrSelector) ?? str(to?.dnsName);
        if (!cidr || cidr === '0.0.0.0/0') continue;
        const deny = str(rule.type) === 'Deny';
        const b = get(cidr, deny, `${kind === 'EgressFirewall' ? 'firewall' : 'egress policy'} ${deny ? 'Deny' : 'Allow'}`);
        const from = `ns:${ef.meta.namespace}`;
        if (!b.from.includes(from)) b.from.push(from);
      }
    }
  }
  return [...blocks.values()];
}
