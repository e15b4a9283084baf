// networking.k8s.io/v1 Ingress as the API defines matching (and the controllers implement it):
// - class: spec.ingressClassName (or the legacy kubernetes.io/ingress.class annotation); without one, the
//   IngressClass annotated ingressclass.kubernetes.io/is-default-class: "true" (set at creation by the
//   admission plugin); classes not in the input are assumed to exist (shown as a warning);
// - host: exact (case-insensitive), or `*.foo.com`, which matches exactly ONE label (`bar.foo.com`, not
//   `baz.bar.foo.com` nor `foo.com`); a rule without host matches every host; exact before wildcard before none;
// - paths: Exact = the whole path; Prefix = element-wise on `/` (trailing slash ignored; `/foo` matches
//   `/foo`, `/foo/`, `/foo/bar`, not `/foobar`); ImplementationSpecific = the controller's choice: the
//   OpenShift router's route path (profiles openshift*), nginx's plain string prefix (kubernetes);
//   the longest matching path wins, Exact before Prefix on equal length;
// - nothing matches → spec.defaultBackend, else the controller's default backend (404);
// - backend service port by number (the Service `port`) or name; resource backends are shown, not followed.
import type { BuiltCluster } from '../../model/build';
import type { Ingress, IngressBackend, IngressPath } from '../../model/types';
import { objectKey } from '../../model/types';
import type { ExplanationStep } from '../types';
import { hop, nameOf, q, ruleAt, step } from './common';
import { deliverToEndpoints } from './deliver';
import { routePathMatches } from './route';
import { podKey, type Leg } from './routetrace';
import { describeServicePort, endpointsOf, findService } from './service';
import type { Scheme } from './tls';

export function ingressHostMatch(ruleHost: string | undefined, host: string): 'exact' | 'wildcard' | 'any' | undefined {
  if (!ruleHost) return 'any';
  const r = ruleHost.toLowerCase();
  const h = host.toLowerCase().replace(/\.$/, '');
  if (r === h) return 'exact';
  if (r.startsWith('*.')) {
    const dot = h.indexOf('.');
    if (dot > 0 && h.slice(dot + 1) === r.slice(2)) return 'wildcard';
  }
  return undefined;
}

/** Prefix matching element-wise on `/` (the Ingress API's definition). */
export function prefixMatches(prefix: string, path: string): boolean {
  const p = prefix.split('/').filter(Boolean);
  const r = path.split('/').filter(Boolean);
  if (p.length > r.length) return false;
  return p.every((e, i) => e === r[i]);
}

export function ingressPathMatches(cluster: BuiltCluster, p: IngressPath, path: string): boolean {
  const want = p.path ?? '/';
  if (p.pathType === 'Exact') return path === want;
  if (p.pathType === 'Prefix') return prefixMatches(want, path);
  return cluster.profile.name === 'kubernetes' ? path.startsWith(want) : routePathMatches(want, path);
}

function classOf(cluster: BuiltCluster, ing: Ingress): { served: boolean; text: string; warn: boolean } {
  const name = ing.ingressClassName;
  if (name) {
    const cls = cluster.ingressClasses.find((c) => c.meta.name === name);
    return cls ? { served: true, text: `class ${q(name)} (controller ${cls.controller})`, warn: false } : { served: true, text: `class ${q(name)} (no IngressClass of that name in the input; assumed to exist)`, warn: cluster.ingressClasses.length > 0 };
  }
  const def = cluster.ingressClasses.filter((c) => c.isDefault);
  if (def.length === 1) return { served: true, text: `no ingressClassName; the default IngressClass ${q(def[0].meta.name)} applies`, warn: false };
  if (cluster.profile.name === 'kubernetes') return { served: true, text: 'no ingressClassName and no default IngressClass: ingress-nginx ignores it unless started with --watch-ingress-without-class', warn: true };
  return { served: true, text: 'no ingressClassName: the OpenShift router serves it (ingress-to-route)', warn: false };
}

interface Candidate {
  ing: Ingress;
  p?: IngressPath;
  backend: IngressBackend;
  rank: number;
  len: number;
  exact: boolean;
  what: string;
}

export function chooseIngress(cluster: BuiltCluster, host: string, path: string): { c?: Candidate; steps: ExplanationStep[]; claimed: boolean } {
  const steps: ExplanationStep[] = [];
  const cands: Candidate[] = [];
  let claimed = false;
  const defaults: Candidate[] = [];
  for (const ing of cluster.ingresses) {
    for (const rule of ing.rules) {
      const m = ingressHostMatch(rule.host, host);
      if (!m) continue;
      claimed = true;
      const rank = m === 'exact' ? 0 : m === 'wildcard' ? 1 : 2;
      for (const p of rule.paths) {
        if (!ingressPathMatches(cluster, p, path)) continue;
        cands.push({ ing, p, backend: p.backend, rank, len: (p.path ?? '/').length, exact: p.pathType === 'Exact', what: `host ${rule.host ?? '(any)'}, ${p.pathType} ${q(p.path ?? '/')}` });
      }
    }
    if (ing.defaultBackend) defaults.push({ ing, backend: ing.defaultBackend, rank: 3, len: 0, exact: false, what: 'spec.defaultBackend' });
  }
  cands.sort((a, b) => a.rank - b.rank || b.len - a.len || Number(b.exact) - Number(a.exact));
  const c = cands[0] ?? (claimed || cluster.ingresses.some((i) => i.rules.length === 0) ? defaults[0] : undefined);
  if (c) steps.push(step(`${nameOf(c.ing.meta)} matches: ${c.what}.`, 'allowed', ruleAt(cluster, c.ing.meta, c.p?.ref ?? c.backend.ref)));
  if (cands.length > 1) steps.push(step(`Other matches lose to it (exact host before wildcard, longest path, Exact before Prefix): ${cands.slice(1, 4).map((x) => `${nameOf(x.ing.meta)} ${x.what}`).join('; ')}.`, 'info'));
  return { c, steps, claimed: claimed || !!c };
}

export function traceViaIngress(cluster: BuiltCluster, host: string, path: string, scheme: Scheme, port: number): Leg | undefined {
  void port;
  const { c, steps, claimed } = chooseIngress(cluster, host, path);
  if (!claimed) return undefined;
  if (!c) {
    return { hops: [hop({ kind: 'ingress', title: `No Ingress path matches ${path}`, verdict: 'denied', summary: 'the ingress controller answers 404 from its default backend', steps })], allowed: false, reached: null, path: [] };
  }
  const key = objectKey(c.ing.meta);
  const cls = classOf(cluster, c.ing);
  steps.push(step(`Ingress class: ${cls.text}.`, cls.warn ? 'warning' : 'info'));
  const facts: Record<string, string> = { class: c.ing.ingressClassName ?? '(default)' };
  const hops = [hop({ kind: 'ingress', title: `Ingress ${c.ing.meta.namespace}/${c.ing.meta.name}`, verdict: cls.warn ? 'warning' : 'allowed', summary: `serves ${host}${path} (${c.what})`, steps, rule: ruleAt(cluster, c.ing.meta, c.ing.meta.ref), facts })];
  if (scheme === 'https') {
    const tls = c.ing.tls.find((t) => t.hosts.some((h) => ingressHostMatch(h, host) === 'exact' || (h.startsWith('*.') && ingressHostMatch(h, host) === 'wildcard')));
    if (tls) hops.push(hop({ kind: 'tls', title: 'TLS at the ingress controller', verdict: 'allowed', summary: `terminated with Secret ${tls.secretName ?? '(controller default)'}`, rule: ruleAt(cluster, c.ing.meta, tls.ref) }));
    else if (cluster.profile.name === 'kubernetes') hops.push(hop({ kind: 'tls', title: 'TLS: default certificate', verdict: 'warning', summary: `no spec.tls entry lists ${host}: the controller serves its default (self-signed) certificate`, rule: ruleAt(cluster, c.ing.meta, c.ing.meta.ref) }));
    else {
      hops.push(hop({ kind: 'tls', title: 'HTTPS not served', verdict: 'denied', summary: `no spec.tls entry lists ${host}: the route generated for this Ingress is plain HTTP, so HTTPS gets 503`, rule: ruleAt(cluster, c.ing.meta, c.ing.meta.ref), fix: { summary: `Add spec.tls with hosts: [${host}] to the Ingress.`, snippet: `spec:\n  tls:\n  - hosts:\n    - ${host}\n    secretName: TLS_SECRET`, object: key } }));
      return { hops, allowed: false, reached: null, path: [key] };
    }
  }
  const b = c.backend;
  if (b.resource) {
    hops.push(hop({ kind: 'service', title: `Resource backend ${b.resource.kind} ${b.resource.name}`, verdict: 'info', summary: 'a resource backend (e.g. object storage) is served by the controller itself; podpath does not follow it', rule: ruleAt(cluster, c.ing.meta, b.ref) }));
    return { hops, allowed: true, reached: null, path: [key] };
  }
  const svc = b.service ? findService(cluster, c.ing.meta.namespace, b.service.name) : undefined;
  const bRule = ruleAt(cluster, c.ing.meta, b.ref, `${nameOf(c.ing.meta)}, backend`);
  if (!svc) {
    hops.push(hop({ kind: 'service', title: `Service ${b.service?.name ?? '?'} not found`, verdict: 'denied', summary: `no Service ${q(b.service?.name ?? '')} in ${q(c.ing.meta.namespace)}: the controller answers 503`, rule: bRule }));
    return { hops, allowed: false, reached: null, path: [key] };
  }
  const want = b.service?.port;
  const sp = want?.name !== undefined ? svc.ports.find((p) => p.name === want.name) : want?.number !== undefined ? svc.ports.find((p) => p.port === want.number) : svc.ports[0];
  const sk = objectKey(svc.meta);
  if (!sp) {
    hops.push(hop({ kind: 'service', title: `Service ${svc.meta.namespace}/${svc.meta.name}`, verdict: 'denied', summary: `the Service has no port ${want?.name !== undefined ? `named ${q(want.name)}` : want?.number}: ports are ${svc.ports.map(describeServicePort).join(', ')} (the backend port is the Service \`port\`, not the pod port)`, rule: bRule, fix: { summary: `Use one of the Service's ports: ${svc.ports.map((p) => p.name ?? p.port).join(', ')}.`, object: key } }));
    return { hops, allowed: false, reached: null, path: [key, sk] };
  }
  const eps = endpointsOf(cluster, svc, sp);
  hops.push(hop({ kind: 'service', title: `Service ${svc.meta.namespace}/${svc.meta.name}`, verdict: 'allowed', summary: `port ${describeServicePort(sp)}`, rule: ruleAt(cluster, svc.meta, sp.ref) }));
  if (eps.usable.length === 0) {
    hops.push(hop({ kind: 'endpoints', title: 'No endpoints', verdict: 'denied', summary: 'the Service has no ready endpoints for this port: the controller answers 503', steps: [...eps.steps], rule: ruleAt(cluster, svc.meta, svc.selectorRef) }));
    return { hops, allowed: false, reached: null, path: [key, sk] };
  }
  hops.push(hop({ kind: 'endpoints', title: 'Endpoints', verdict: 'allowed', summary: `${eps.usable.length} endpoint(s)`, steps: [...eps.steps] }));
  const d = deliverToEndpoints(cluster, { kind: 'pod', pod: cluster.routerPod }, eps.usable, `The ingress controller (namespace ${cluster.routerPod.namespace})`);
  hops.push(...d.hops);
  return { hops, allowed: d.allowed, reached: d.reached, path: [key, sk, ...podKey(cluster, d.reached)] };
}
