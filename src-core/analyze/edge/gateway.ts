// Gateway API (gateway.networking.k8s.io/v1): GatewayClass → Gateway listeners → HTTPRoute → Service.
// - Listener: protocol HTTP/HTTPS (HTTPS with tls.mode Terminate; Passthrough serves only TLSRoutes), port,
//   optional hostname; allowedRoutes.namespaces.from Same (default) / All / Selector.
// - Hostnames: `*.example.com` is a SUFFIX match (any number of labels, not example.com itself) — unlike
//   Ingress, where `*` covers one label. A route without hostnames takes the listener's.
// - parentRefs: kind Gateway, namespace defaults to the route's, sectionName (listener name), port.
// - A request addressed to a Gateway's status.addresses reaches that Gateway only (gatewayForAddress).
// - Listener isolation (gateway_types.go Listener.hostname; conformance gateway-http-listener-isolation):
//   of one Gateway's listeners on the port that match the host, only the most specific takes the request
//   — an exact hostname, then the longest wildcard, then no hostname; routes attached to the others do not.
// - Across HTTPRoutes, hostnames first (httproute_types.go HTTPRouteSpec.hostnames: "precedence must be
//   given to rules from the HTTPRoute with the largest number of: Characters in a matching non-wildcard
//   hostname. Characters in a matching hostname."; conformance httproute-listener-hostname-matching), a
//   route without hostnames taking its listener's.
// - Matching precedence across all attached HTTPRoutes (httproute_types.go): Exact path, then the longest
//   PathPrefix (element-wise on `/`), then a method match, then most header matches, then most query
//   matches; ties → the oldest route (creationTimestamp), then `namespace/name` alphabetically, then rule order.
//   podpath's request is a GET with no extra headers and no query.
// - backendRefs: Service port (the Service `port`), weight (default 1, 0 = no traffic); a backend in
//   another namespace needs a ReferenceGrant there (from HTTPRoute in the route's namespace to Service);
//   an invalid backend gets HTTP 500, no backends 503.
// The gateway's data-plane pod opens the connection to the pod: a pod of the input labelled for the
// Gateway, else a stand-in `<gateway>-data-plane` in the Gateway's namespace (gatewayplane.ts), with a hop
// that says so — not the profile's router, which most implementations are not.
import type { BuiltCluster } from '../../model/build';
import { selectorMatches } from '../../model/selector';
import type { GenericObject } from '../../model/types';
import { objectKey } from '../../model/types';
import { isRecord } from '../../model/context';
import { childRef } from '../../parse/source';
import type { ExplanationStep, Hop } from '../types';
import { hop, nameOf, q, ruleAt, step } from './common';
import { deliverToEndpoints } from './deliver';
import { strList } from './egressobjects';
import { dataPlaneHop, gatewayDataPlane } from './gatewayplane';
import { prefixMatches } from './ingress';
import { podKey, type Leg } from './routetrace';
import { describeServicePort, endpointsOf, findService } from './service';
import type { Scheme } from './tls';

type Rec = Record<string, unknown>;
const recs = (v: unknown): Rec[] => (Array.isArray(v) ? v.filter(isRecord) : []);
const s = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const n = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);

/** Gateway API hostname matching: exact, or `*.suffix` matching one or more labels in front of suffix. */
export function gatewayHostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (!p.startsWith('*.')) return p === h;
  return h.endsWith(p.slice(1)) && h.length > p.length - 1;
}

interface Listener {
  gw: GenericObject;
  index: number;
  name: string;
  protocol: string;
  port?: number;
  hostname?: string;
  from: string;
  selector?: Rec;
  tlsMode?: string;
}

function listenersOf(gw: GenericObject): Listener[] {
  return recs(gw.spec.listeners).map((l, index) => {
    const ns = isRecord(l.allowedRoutes) && isRecord(l.allowedRoutes.namespaces) ? l.allowedRoutes.namespaces : {};
    return { gw, index, name: s(l.name) ?? '', protocol: s(l.protocol) ?? '', port: n(l.port), hostname: s(l.hostname), from: s(ns.from) ?? 'Same', selector: isRecord(ns.selector) ? ns.selector : undefined, tlsMode: isRecord(l.tls) ? s(l.tls.mode) ?? 'Terminate' : undefined };
  });
}

function allowsNamespace(cluster: BuiltCluster, l: Listener, ns: string): boolean {
  if (l.from === 'All') return true;
  if (l.from === 'Same') return ns === l.gw.meta.namespace;
  if (l.from === 'Selector' && l.selector) {
    const ml = isRecord(l.selector.matchLabels) ? (l.selector.matchLabels as Record<string, string>) : {};
    const me = recs(l.selector.matchExpressions).map((e) => ({ key: s(e.key) ?? '', operator: (s(e.operator) ?? 'In') as 'In', values: strList(e.values) }));
    return selectorMatches({ matchLabels: ml, matchExpressions: me }, cluster.namespaces.get(ns)?.labels ?? {});
  }
  return false;
}

function refGrantAllows(cluster: BuiltCluster, routeNs: string, targetNs: string, svcName: string): GenericObject | undefined {
  return (cluster.others.get('ReferenceGrant') ?? []).find(
    (g) =>
      g.meta.namespace === targetNs &&
      recs(g.spec.from).some((f) => s(f.group) === 'gateway.networking.k8s.io' && s(f.kind) === 'HTTPRoute' && s(f.namespace) === routeNs) &&
      recs(g.spec.to).some((t) => (s(t.group) ?? '') === '' && s(t.kind) === 'Service' && (s(t.name) === undefined || s(t.name) === svcName)),
  );
}

interface Candidate {
  route: GenericObject;
  /** Characters of the matching non-wildcard hostname, then of the matching hostname (0 without one). */
  exactHostLen: number;
  hostLen: number;
  ruleIndex: number;
  rule: Rec;
  listener: Listener;
  exact: boolean;
  prefixLen: number;
  method: boolean;
  headers: number;
  why: string;
}

function pathMatches(m: Rec, path: string): { ok: boolean; exact: boolean; len: number; text: string } {
  const p = isRecord(m.path) ? m.path : { type: 'PathPrefix', value: '/' };
  const type = s(p.type) ?? 'PathPrefix';
  const value = s(p.value) ?? '/';
  if (type === 'Exact') return { ok: path === value, exact: true, len: value.length, text: `Exact ${q(value)}` };
  if (type === 'PathPrefix') return { ok: prefixMatches(value, path), exact: false, len: value.length, text: `PathPrefix ${q(value)}` };
  return { ok: false, exact: false, len: 0, text: `${type} ${q(value)} (implementation-specific; not evaluated)` };
}

/** The Gateways whose status.addresses hold `host` (an IP, or a Hostname-type address). */
export function gatewayForAddress(cluster: BuiltCluster, host: string): GenericObject[] {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return (cluster.others.get('Gateway') ?? []).filter((g) => {
    const st = isRecord(g.raw) && isRecord(g.raw.status) ? g.raw.status : {};
    return recs(st.addresses).some((a) => s(a.value)?.toLowerCase() === h);
  });
}

/** How specific a listener's hostname is for listener isolation: exact > longer wildcard > none. */
function listenerRank(l: Listener): number {
  if (!l.hostname) return 0;
  return l.hostname.startsWith('*.') ? 1000 + l.hostname.length : 2000 + l.hostname.length;
}

/** `only`: the request was addressed to these Gateways' addresses, so no other Gateway sees it. */
export function traceViaGateway(cluster: BuiltCluster, host: string, path: string, scheme: Scheme, port: number, only?: GenericObject[]): Leg | undefined {
  const gateways = only ?? cluster.others.get('Gateway') ?? [];
  if (gateways.length === 0) return undefined;
  const steps: ExplanationStep[] = [];
  const matching = gateways.flatMap(listenersOf).filter((l) => l.port === port && (scheme === 'https' ? l.protocol === 'HTTPS' && l.tlsMode !== 'Passthrough' : l.protocol === 'HTTP') && (!l.hostname || gatewayHostMatches(l.hostname, host)));
  if (matching.length === 0) return undefined;
  // Listener isolation: per Gateway, only its most specific matching listener(s) take the request.
  const best = new Map<GenericObject, number>();
  for (const l of matching) best.set(l.gw, Math.max(best.get(l.gw) ?? -1, listenerRank(l)));
  const listeners = matching.filter((l) => listenerRank(l) === best.get(l.gw));
  for (const l of matching) {
    if (!listeners.includes(l)) steps.push(step(`${nameOf(l.gw.meta)} listener ${q(l.name)}${l.hostname ? ` (hostname ${q(l.hostname)})` : ' (no hostname)'} also matches ${q(host)}, but a more specific listener of the same Gateway takes the request (listener isolation), so routes attached only to ${q(l.name)} do not apply.`, 'info', ruleAt(cluster, l.gw.meta, childRef(l.gw.meta.ref, 'spec', 'listeners', l.index))));
  }
  const cands: Candidate[] = [];
  for (const route of cluster.others.get('HTTPRoute') ?? []) {
    const hostnames = strList(route.spec.hostnames);
    for (const pr of recs(route.spec.parentRefs)) {
      if ((s(pr.kind) ?? 'Gateway') !== 'Gateway') continue;
      const gwNs = s(pr.namespace) ?? route.meta.namespace;
      for (const l of listeners) {
        if (l.gw.meta.name !== s(pr.name) || l.gw.meta.namespace !== gwNs) continue;
        if (s(pr.sectionName) && s(pr.sectionName) !== l.name) continue;
        if (n(pr.port) !== undefined && n(pr.port) !== l.port) continue;
        if (!allowsNamespace(cluster, l, route.meta.namespace)) {
          steps.push(step(`${nameOf(route.meta)} names ${nameOf(l.gw.meta)} listener ${q(l.name)}, but the listener's allowedRoutes (from: ${l.from}) does not admit namespace ${q(route.meta.namespace)}.`, 'denied', ruleAt(cluster, l.gw.meta, childRef(l.gw.meta.ref, 'spec', 'listeners', l.index))));
          continue;
        }
        const matched = hostnames.filter((h) => gatewayHostMatches(h, host));
        if (hostnames.length && matched.length === 0) continue;
        // A route without hostnames takes the listener's hostname for precedence.
        const effective = hostnames.length ? matched : l.hostname ? [l.hostname] : [];
        const exactHostLen = Math.max(0, ...effective.filter((h) => !h.startsWith('*')).map((h) => h.length));
        const hostLen = Math.max(0, ...effective.map((h) => h.length));
        recs(route.spec.rules).forEach((rule, ruleIndex) => {
          const matches = recs(rule.matches);
          for (const m of matches.length ? matches : [{}]) {
            const pm = pathMatches(m, path);
            if (!pm.ok) continue;
            const method = s(m.method);
            if (method && method !== 'GET') continue;
            const headers = recs(m.headers);
            if (headers.length || recs(m.queryParams).length) {
              steps.push(step(`${nameOf(route.meta)} rule ${ruleIndex + 1} also needs ${headers.length ? `header(s) ${headers.map((h) => s(h.name)).join(', ')}` : 'query parameters'}; podpath's request carries none, so it does not match.`, 'info'));
              continue;
            }
            cands.push({ route, exactHostLen, hostLen, ruleIndex, rule, listener: l, exact: pm.exact, prefixLen: pm.len, method: !!method, headers: 0, why: `${pm.text}${method ? `, method ${method}` : ''}` });
          }
        });
      }
    }
  }
  const ts = (g: GenericObject) => (g.meta.creationTimestamp ? Date.parse(g.meta.creationTimestamp) : Number.MAX_SAFE_INTEGER);
  cands.sort((a, b) => b.exactHostLen - a.exactHostLen || b.hostLen - a.hostLen || Number(b.exact) - Number(a.exact) || b.prefixLen - a.prefixLen || Number(b.method) - Number(a.method) || ts(a.route) - ts(b.route) || `${a.route.meta.namespace}/${a.route.meta.name}`.localeCompare(`${b.route.meta.namespace}/${b.route.meta.name}`) || a.ruleIndex - b.ruleIndex);
  const hops: Hop[] = [];
  const c = cands[0];
  const l0 = c?.listener ?? listeners[0];
  const gwKey = objectKey(l0.gw.meta);
  const className = s(l0.gw.spec.gatewayClassName) ?? '';
  const classes = cluster.others.get('GatewayClass') ?? [];
  const cls = classes.find((g) => g.meta.name === className);
  const gwSteps = [step(cls ? `GatewayClass ${q(className)} (controller ${s(cls.spec.controllerName) ?? '?'}).` : `GatewayClass ${q(className)} is not in the input; assumed to exist.`, cls || classes.length === 0 ? 'info' : 'warning')];
  hops.push(hop({ kind: 'gateway', title: `Gateway ${l0.gw.meta.namespace}/${l0.gw.meta.name}, listener ${l0.name}`, verdict: 'allowed', summary: `${l0.protocol} on port ${l0.port}${l0.hostname ? `, hostname ${l0.hostname}` : ''}`, steps: gwSteps, rule: ruleAt(cluster, l0.gw.meta, childRef(l0.gw.meta.ref, 'spec', 'listeners', l0.index)) }));
  if (scheme === 'https') {
    const lr = recs(l0.gw.spec.listeners)[l0.index];
    const certs = isRecord(lr?.tls) ? recs(lr.tls.certificateRefs) : [];
    const foreign = certs.find((r) => s(r.namespace) && s(r.namespace) !== l0.gw.meta.namespace);
    const granted = foreign && (cluster.others.get('ReferenceGrant') ?? []).some((g) => g.meta.namespace === s(foreign.namespace) && recs(g.spec.from).some((f) => s(f.kind) === 'Gateway' && s(f.namespace) === l0.gw.meta.namespace) && recs(g.spec.to).some((t) => s(t.kind) === 'Secret' && (s(t.name) === undefined || s(t.name) === s(foreign.name))));
    const tlsRule = ruleAt(cluster, l0.gw.meta, childRef(l0.gw.meta.ref, 'spec', 'listeners', l0.index, 'tls'));
    if (foreign && !granted) {
      hops.push(hop({ kind: 'tls', title: 'TLS certificate not permitted', verdict: 'denied', summary: `the listener's certificateRef is Secret ${s(foreign.namespace)}/${s(foreign.name)} and no ReferenceGrant there allows Gateways from ${q(l0.gw.meta.namespace)}: the listener is not programmed (RefNotPermitted)`, rule: tlsRule }));
      return { hops, allowed: false, reached: null, path: [gwKey] };
    }
    hops.push(hop({ kind: 'tls', title: 'TLS at the gateway', verdict: certs.length ? 'allowed' : 'warning', summary: certs.length ? `terminated with Secret ${certs.map((r) => `${s(r.namespace) ?? l0.gw.meta.namespace}/${s(r.name)}`).join(', ')}` : 'the HTTPS listener names no certificateRefs: it cannot be programmed', rule: tlsRule }));
  }
  if (!c) {
    hops.push(hop({ kind: 'gateway', title: 'No HTTPRoute matches', verdict: 'denied', code: 'gateway-no-route', summary: `no HTTPRoute attached to the listener matches ${host}${path}: the gateway answers 404`, steps }));
    return { hops, allowed: false, reached: null, path: [gwKey] };
  }
  const rk = objectKey(c.route.meta);
  steps.push(step(`${nameOf(c.route.meta)} rule ${c.ruleIndex + 1} matches (${c.why}).`, 'allowed', ruleAt(cluster, c.route.meta, childRef(c.route.meta.ref, 'spec', 'rules', c.ruleIndex))));
  if (cands.length > 1) steps.push(step(`It wins over ${cands.length - 1} other match(es) by Gateway API precedence (longest matching non-wildcard hostname, longest matching hostname, Exact, longest prefix, method, headers, oldest route, name, rule order).`, 'info'));
  const refs = recs(c.rule.backendRefs).map((b, i) => ({ b, i, weight: n(b.weight) ?? 1, name: s(b.name) ?? '', ns: s(b.namespace) ?? c.route.meta.namespace, port: n(b.port), kind: s(b.kind) ?? 'Service' }));
  const total = refs.reduce((t, r) => t + r.weight, 0);
  const facts: Record<string, string> = {};
  for (const r of refs) facts[`${r.ns}/${r.name}:${r.port ?? '?'}`] = `weight ${r.weight} → ${total ? ((r.weight / total) * 100).toFixed(1) : '0.0'}%`;
  hops.push(hop({ kind: 'route', title: `HTTPRoute ${c.route.meta.namespace}/${c.route.meta.name}`, verdict: 'allowed', summary: `rule ${c.ruleIndex + 1}: ${c.why}`, steps, rule: ruleAt(cluster, c.route.meta, c.route.meta.ref), facts }));
  const live = refs.filter((r) => r.weight > 0).sort((a, b) => b.weight - a.weight);
  if (live.length === 0) {
    hops.push(hop({ kind: 'service', title: 'No backend', verdict: 'denied', code: refs.length ? 'gateway-backend-invalid' : 'gateway-no-backends', summary: refs.length ? 'every backendRef has weight 0: the gateway answers 500' : 'the rule has no backendRefs: the gateway answers 503' }));
    return { hops, allowed: false, reached: null, path: [gwKey, rk] };
  }
  const b = live[0];
  const bRule = ruleAt(cluster, c.route.meta, childRef(c.route.meta.ref, 'spec', 'rules', c.ruleIndex, 'backendRefs', b.i));
  if (b.ns !== c.route.meta.namespace && !refGrantAllows(cluster, c.route.meta.namespace, b.ns, b.name)) {
    hops.push(hop({ kind: 'service', title: `Backend ${b.ns}/${b.name} not permitted`, verdict: 'denied', code: 'gateway-backend-invalid', summary: `the backend is in namespace ${q(b.ns)} and no ReferenceGrant there allows HTTPRoutes from ${q(c.route.meta.namespace)}: ResolvedRefs=False (RefNotPermitted), requests get HTTP 500`, rule: bRule, fix: { summary: `Create a ReferenceGrant in ${b.ns} allowing HTTPRoute from ${c.route.meta.namespace} to Service ${b.name}.`, snippet: `apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: allow-${c.route.meta.namespace}\n  namespace: ${b.ns}\nspec:\n  from:\n  - group: gateway.networking.k8s.io\n    kind: HTTPRoute\n    namespace: ${c.route.meta.namespace}\n  to:\n  - group: ""\n    kind: Service\n    name: ${b.name}` } }));
    return { hops, allowed: false, reached: null, path: [gwKey, rk] };
  }
  const svc = b.kind === 'Service' ? findService(cluster, b.ns, b.name) : undefined;
  const sp = svc?.ports.find((p) => p.port === b.port);
  if (!svc || !sp) {
    hops.push(hop({ kind: 'service', title: `Backend ${b.ns}/${b.name}:${b.port ?? '?'}`, verdict: 'denied', summary: !svc ? 'no such Service: requests get HTTP 500' : `the Service has no port ${b.port ?? '(missing)'} (${svc.ports.map(describeServicePort).join(', ')}): requests get HTTP 500`, rule: bRule }));
    return { hops, allowed: false, reached: null, path: [gwKey, rk] };
  }
  const sk = objectKey(svc.meta);
  const eps = endpointsOf(cluster, svc, sp);
  hops.push(hop({ kind: 'service', title: `Service ${svc.meta.namespace}/${svc.meta.name}`, verdict: eps.usable.length ? 'allowed' : 'denied', summary: `port ${describeServicePort(sp)}; ${eps.usable.length} endpoint(s)${eps.usable.length ? '' : ': the gateway answers 503'}`, steps: [...eps.steps], rule: ruleAt(cluster, svc.meta, sp.ref) }));
  if (!eps.usable.length) return { hops, allowed: false, reached: null, path: [gwKey, rk, sk] };
  const dp = gatewayDataPlane(cluster, l0.gw, cls ? s(cls.spec.controllerName) : undefined);
  const d = deliverToEndpoints(cluster, { kind: 'pod', pod: dp.pod }, eps.usable, `The gateway's data plane (${dp.pod.id}${dp.standIn ? ', a stand-in' : ''})`);
  hops.push(dataPlaneHop(dp, l0.gw, d.hops), ...d.hops);
  return { hops, allowed: d.allowed, reached: d.reached, path: [gwKey, rk, sk, ...podKey(cluster, d.reached)] };
}
