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
// - nothing matches → spec.defaultBackend, else the controller's default backend: 404 (ingress-nginx
//   semantics in chooseIngress); a matched rule whose Service has no endpoints → 503;
// - backend service port by number (the Service `port`) or name; resource backends are shown, not followed.
import type { BuiltCluster } from '../../model/build';
import type { Ingress, IngressBackend, IngressPath } from '../../model/types';
import { objectKey } from '../../model/types';
import type { ExplanationStep } from '../types';
import { fieldPath, fieldRule, hop, nameOf, q, ruleAt, step } from './common';
import { ingressClassProblem } from './ingressclass';
import { deliverToEndpoints } from './deliver';
import { routePathMatches } from './route';
import { podKey, type Leg } from './routetrace';
import { describeServicePort, endpointsOf, findService } from './service';
import type { Scheme } from './tls';
import { isPlainKubernetes } from '../../model/profiles';

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
  return isPlainKubernetes(cluster.profile) ? path.startsWith(want) : routePathMatches(want, path);
}

function classOf(cluster: BuiltCluster, ing: Ingress): { served: boolean; text: string; warn: boolean } {
  const name = ing.ingressClassName;
  if (name) {
    const cls = cluster.ingressClasses.find((c) => c.meta.name === name);
    return cls ? { served: true, text: `class ${q(name)} (controller ${cls.controller})`, warn: false } : { served: true, text: `class ${q(name)} (no IngressClass of that name in the input; assumed to exist)`, warn: cluster.ingressClasses.length > 0 };
  }
  const def = cluster.ingressClasses.filter((c) => c.isDefault);
  if (def.length === 1) return { served: true, text: `no ingressClassName; the default IngressClass ${q(def[0].meta.name)} applies`, warn: false };
  if (isPlainKubernetes(cluster.profile)) return { served: true, text: 'no ingressClassName and no default IngressClass: ingress-nginx ignores it unless started with --watch-ingress-without-class', warn: true };
  return { served: true, text: 'no ingressClassName: the OpenShift router serves it (ingress-to-route)', warn: false };
}

interface Candidate {
  ing: Ingress;
  p?: IngressPath;
  backend: IngressBackend;
  len: number;
  exact: boolean;
  what: string;
}

/** Which nginx `server` a host lands on: an exact server_name, a wildcard one, or the catch-all `_`. */
export type IngressServer = 'exact' | 'wildcard' | 'catch-all';

export interface IngressChoice {
  c?: Candidate;
  steps: ExplanationStep[];
  /** The server the host selects; undefined when no rule names the host and no rule without host or
   *  catch-all defaultBackend exists (the request falls to the controller's built-in default server). */
  server?: IngressServer;
}

/** ingress-nginx store.sortIngressSlice: oldest creationTimestamp first (missing = the zero time, which
 *  sorts first); equal timestamps by "namespace/name" DESCENDING. */
export function ingressOrder(cluster: BuiltCluster): Ingress[] {
  const t = (i: Ingress) => (i.meta.creationTimestamp ? Date.parse(i.meta.creationTimestamp) || 0 : 0);
  const key = (i: Ingress) => `${i.meta.namespace}/${i.meta.name}`;
  return [...cluster.ingresses].sort((a, b) => t(a) - t(b) || (key(a) > key(b) ? -1 : key(a) < key(b) ? 1 : 0));
}

/**
 * The Ingress path that serves host+path, as ingress-nginx builds its config (internal/ingress/controller/
 * controller.go createServers / getBackendServers): one nginx server per host, merging the paths of every
 * Ingress naming that host; nginx picks the server by Host alone (exact server_name, then the wildcard
 * regex `^[\w-]+\.<domain>$` — one label — then the catch-all `_` that holds rules without host), and
 * then the longest matching path IN THAT SERVER ONLY. No path matches → the server's root location: the
 * spec.defaultBackend of the Ingress that created the server (the oldest naming the host), for `_` that of
 * an Ingress with a defaultBackend and no rules; otherwise the controller's default backend (404).
 */
export function chooseIngress(cluster: BuiltCluster, host: string, path: string): IngressChoice {
  const steps: ExplanationStep[] = [];
  const byServer: Record<IngressServer, { ing: Ingress; rule: Ingress['rules'][number] }[]> = { exact: [], wildcard: [], 'catch-all': [] };
  // An Ingress whose class no controller claims (or that the API refuses) builds no server at all.
  const order = ingressOrder(cluster).filter((i) => !ingressClassProblem(cluster, i));
  for (const ing of order) {
    for (const rule of ing.rules) {
      const m = ingressHostMatch(rule.host, host);
      if (m) byServer[m === 'exact' ? 'exact' : m === 'wildcard' ? 'wildcard' : 'catch-all'].push({ ing, rule });
    }
  }
  const catchAllDefault = order.find((i) => i.rules.length === 0 && i.defaultBackend?.service);
  const server: IngressServer | undefined = byServer.exact.length ? 'exact' : byServer.wildcard.length ? 'wildcard' : byServer['catch-all'].length || catchAllDefault ? 'catch-all' : undefined;
  if (!server) return { steps };
  const rules = byServer[server];
  const hostText = server === 'catch-all' ? 'no rule names this host, so the catch-all server "_" (rules without host) takes it' : `the ${server} host ${q(rules[0].rule.host ?? '')} selects its server`;
  steps.push(step(`Host ${q(host)}: ${hostText}; paths of other hosts are not considered.`, 'info', rules[0] ? ruleAt(cluster, rules[0].ing.meta, rules[0].ing.meta.ref) : undefined));
  const cands: Candidate[] = [];
  for (const { ing, rule } of rules) {
    for (const p of rule.paths) {
      if (!ingressPathMatches(cluster, p, path)) continue;
      cands.push({ ing, p, backend: p.backend, len: (p.path ?? '/').length, exact: p.pathType === 'Exact', what: `host ${rule.host ?? '(any)'}, ${p.pathType} ${q(p.path ?? '/')}` });
    }
  }
  cands.sort((a, b) => b.len - a.len || Number(b.exact) - Number(a.exact));
  let c: Candidate | undefined = cands[0];
  if (c) {
    steps.push(step(`${nameOf(c.ing.meta)} matches: ${c.what}.`, 'allowed', ruleAt(cluster, c.ing.meta, c.p?.ref ?? c.backend.ref)));
    if (cands.length > 1) steps.push(step(`Other matches lose to it (longest path, Exact before Prefix): ${cands.slice(1, 4).map((x) => `${nameOf(x.ing.meta)} ${x.what}`).join('; ')}.`, 'info'));
    return { c, steps, server };
  }
  const paths = rules.flatMap(({ rule }) => rule.paths.map((p) => `${p.pathType} ${q(p.path ?? '/')}`));
  steps.push(step(`No path of this server matches ${q(path)}${paths.length ? ` (paths: ${paths.slice(0, 6).join(', ')})` : ''}.`, 'denied'));
  const owner = server === 'catch-all' ? catchAllDefault : rules[0].ing.defaultBackend?.service ? rules[0].ing : undefined;
  if (owner?.defaultBackend) {
    c = { ing: owner, backend: owner.defaultBackend, len: 0, exact: false, what: 'spec.defaultBackend' };
    steps.push(step(server === 'catch-all' ? `${nameOf(owner.meta)} has a defaultBackend and no rules: ingress-nginx makes it the catch-all backend.` : `${nameOf(owner.meta)} created this host's server (it is the oldest Ingress naming the host) and has a defaultBackend: it serves the unmatched path.`, 'allowed', ruleAt(cluster, owner.meta, owner.defaultBackend.ref)));
  }
  return { c, steps, server };
}

/** Why no Ingress rule names `host`, rule by rule (wildcards match exactly one label). */
export function hostMismatchSteps(cluster: BuiltCluster, host: string): ExplanationStep[] {
  const h = host.toLowerCase();
  const out: ExplanationStep[] = [];
  for (const ing of cluster.ingresses) {
    for (const rule of ing.rules) {
      if (!rule.host || out.length >= 8) continue;
      const r = rule.host.toLowerCase();
      let why = 'a different host';
      if (r.startsWith('*.')) {
        const domain = r.slice(2);
        if (h === domain) why = `the wildcard needs exactly one label before ${q(domain)}; the bare domain does not match`;
        else if (h.endsWith('.' + domain)) {
          const extra = h.slice(0, -(domain.length + 1));
          why = `"*" stands for exactly ONE DNS label, and ${q(extra)} is ${extra.split('.').length} labels (ingress-nginx turns ${q(r)} into the server_name regex ^[\\w-]+\\.${domain.replace(/\./g, '\\.')}$); add a rule for ${q('*.' + h.slice(h.indexOf('.') + 1))} or the exact host`;
        }
      }
      out.push(step(`${nameOf(ing.meta)} rule host ${q(rule.host)}: ${why}.`, 'info', ruleAt(cluster, ing.meta, ing.meta.ref)));
    }
  }
  return out;
}

/** Kubernetes profile: a host no Ingress (nor Gateway) serves reaches ingress-nginx's default server. */
export function ingressDefaultServer404(cluster: BuiltCluster, host: string): Leg {
  const steps = [
    step(`Checked ${cluster.ingresses.length} Ingress(es): no rule names ${q(host)}, no rule without host and no Ingress with only a defaultBackend catches it.`, 'info'),
    ...hostMismatchSteps(cluster, host),
    ...(cluster.routes.length ? [step('Route objects are served by the OpenShift router only; with the kubernetes profile they do nothing (use an OpenShift profile, or an Ingress).', 'warning')] : []),
    step('ingress-nginx sends such requests to its default backend, which answers 404 Not Found (nginx.tmpl: the default server\'s `location / { return 404; }`; 503 is only for a matched rule whose Service has no endpoints).', 'info'),
  ];
  return {
    hops: [hop({ kind: 'ingress', title: `No Ingress rule for ${host}: 404`, verdict: 'denied', code: 'ingress-default-backend', summary: `the ingress controller (${cluster.routerPod.id}) answers 404 from its default backend: no Ingress rule names ${host}`, steps, fix: { summary: `Add a rule with host ${host} (an exact host, or a wildcard *.<parent> that leaves exactly one label) to an Ingress.`, snippet: `spec:\n  rules:\n  - host: ${host}\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          service:\n            name: SERVICE\n            port:\n              number: 80` } })],
    allowed: false,
    reached: null,
    path: [],
  };
}

const SSL_REDIRECT = 'nginx.ingress.kubernetes.io/ssl-redirect';
const FORCE_SSL_REDIRECT = 'nginx.ingress.kubernetes.io/force-ssl-redirect';

/** Why ingress-nginx redirects plain HTTP for this Ingress, or undefined (lua_ingress.lua redirect_to_https:
 *  force-ssl-redirect "true" always; else ssl-redirect (default true, config.go SSLRedirect) when a
 *  certificate is configured for the host — any spec.tls entry naming it, its Secret or the default one). */
export function sslRedirect(cluster: BuiltCluster, ing: Ingress, host: string): string | undefined {
  if (ing.meta.annotations[FORCE_SSL_REDIRECT] === 'true') return `${FORCE_SSL_REDIRECT}: "true"`;
  if (ing.meta.annotations[SSL_REDIRECT] === 'false') return undefined;
  const tls = cluster.ingresses.some((i) => i.tls.some((t) => t.hosts.some((h) => ingressHostMatch(h, host) === 'exact' || (h.startsWith('*.') && ingressHostMatch(h, host) === 'wildcard'))));
  return tls ? `the host has TLS (spec.tls) and ${SSL_REDIRECT} is not "false" (ingress-nginx's default is true)` : undefined;
}

/** The host is named only by Ingresses nothing serves (their class): denied, saying why and how to fix it. */
function unservedIngressLeg(cluster: BuiltCluster, host: string): Leg | undefined {
  const named = cluster.ingresses.filter((i) => i.rules.some((r) => r.host && ingressHostMatch(r.host, host)));
  const problems = named.map((i) => ({ i, p: ingressClassProblem(cluster, i) })).filter((x) => x.p);
  if (!problems.length) return undefined;
  const { i, p } = problems[0];
  const rule = fieldRule(cluster, i.meta, fieldPath(p!.field), `${nameOf(i.meta)}, ${p!.field}`);
  return {
    hops: [hop({ kind: 'ingress', title: `${nameOf(i.meta)} is not served`, verdict: 'denied', code: 'ingress-default-backend', summary: `${p!.message}: the host ${q(host)} gets the ingress controller's default backend (404)`, steps: problems.map((x) => step(`${nameOf(x.i.meta)}: ${x.p!.message}.`, 'denied', ruleAt(cluster, x.i.meta, x.i.meta.ref))), rule, fix: { summary: p!.fix, object: objectKey(i.meta) } })],
    allowed: false,
    reached: null,
    path: [objectKey(i.meta)],
  };
}

export function traceViaIngress(cluster: BuiltCluster, host: string, path: string, scheme: Scheme, port: number): Leg | undefined {
  void port;
  const { c, steps, server } = chooseIngress(cluster, host, path);
  if (!server) return unservedIngressLeg(cluster, host);
  if (!c) {
    steps.push(step('ingress-nginx serves an unmatched path from the server\'s root location, i.e. its default backend: 404 Not Found (no Service was chosen, so this is not the 503 of a Service without endpoints).', 'info'));
    return { hops: [hop({ kind: 'ingress', title: `No Ingress path matches ${path}: 404`, verdict: 'denied', code: 'ingress-default-backend', summary: 'the ingress controller answers 404 from its default backend: the host has rules, but none of their paths matches', steps, fix: { summary: `Add a path that matches ${path} to the rule for this host (or a spec.defaultBackend on the oldest Ingress naming it).` } })], allowed: false, reached: null, path: [] };
  }
  const key = objectKey(c.ing.meta);
  const cls = classOf(cluster, c.ing);
  steps.push(step(`Ingress class: ${cls.text}.`, cls.warn ? 'warning' : 'info'));
  const facts: Record<string, string> = { class: c.ing.ingressClassName ?? '(default)' };
  const hops = [hop({ kind: 'ingress', title: `Ingress ${c.ing.meta.namespace}/${c.ing.meta.name}`, verdict: cls.warn ? 'warning' : 'allowed', summary: `serves ${host}${path} (${c.what})`, steps, rule: ruleAt(cluster, c.ing.meta, c.ing.meta.ref), facts })];
  const redirect = scheme === 'http' ? sslRedirect(cluster, c.ing, host) : undefined;
  if (redirect) {
    hops.push(hop({ kind: 'redirect', title: '308 to https', verdict: 'redirected', summary: `${redirect}: ingress-nginx answers 308 Location: https://${host}${path}; a browser follows it`, rule: ruleAt(cluster, c.ing.meta, c.ing.meta.ref) }));
    return { hops, allowed: true, reached: null, path: [key], redirect: { scheme: 'https', port: 443 } };
  }
  if (scheme === 'https') {
    const tls = c.ing.tls.find((t) => t.hosts.some((h) => ingressHostMatch(h, host) === 'exact' || (h.startsWith('*.') && ingressHostMatch(h, host) === 'wildcard')));
    if (tls) hops.push(hop({ kind: 'tls', title: 'TLS at the ingress controller', verdict: 'allowed', summary: `terminated with Secret ${tls.secretName ?? '(controller default)'}`, rule: ruleAt(cluster, c.ing.meta, tls.ref) }));
    else if (isPlainKubernetes(cluster.profile)) hops.push(hop({ kind: 'tls', title: 'TLS: default certificate', verdict: 'warning', summary: `no spec.tls entry lists ${host}: the controller serves its default (self-signed) certificate`, rule: ruleAt(cluster, c.ing.meta, c.ing.meta.ref) }));
    else {
      hops.push(hop({ kind: 'tls', title: 'HTTPS not served', verdict: 'denied', code: 'route-none', summary: `no spec.tls entry lists ${host}: the route generated for this Ingress is plain HTTP, so HTTPS gets 503`, rule: ruleAt(cluster, c.ing.meta, c.ing.meta.ref), fix: { summary: `Add spec.tls with hosts: [${host}] to the Ingress.`, snippet: `spec:\n  tls:\n  - hosts:\n    - ${host}\n    secretName: TLS_SECRET`, object: key } }));
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
    hops.push(hop({ kind: 'service', title: `Service ${b.service?.name ?? '?'} not found`, verdict: 'denied', summary: `no Service ${q(b.service?.name ?? '')} in ${q(c.ing.meta.namespace)}: the rule matched but its upstream has no endpoints, so the controller answers 503`, rule: bRule }));
    return { hops, allowed: false, reached: null, path: [key] };
  }
  const want = b.service?.port;
  let sp = want?.name !== undefined ? svc.ports.find((p) => p.name === want.name) : want?.number !== undefined ? svc.ports.find((p) => p.port === want.number) : svc.ports[0];
  const sk = objectKey(svc.meta);
  const wanted = want?.name ?? (want?.number !== undefined ? String(want.number) : undefined);
  if (!sp && wanted !== undefined) {
    // ingress-nginx (controller.go serviceEndpoints) also accepts the Service port whose targetPort,
    // written as text, equals the backend port; the Ingress API and other controllers do not.
    sp = svc.ports.find((p) => String(p.targetPort) === wanted);
    if (sp) steps.push(step(`Backend port ${q(wanted)} is not a port of ${nameOf(svc.meta)}, but it equals the targetPort of port ${sp.port}: ingress-nginx accepts that (it compares the backend port with the port, the targetPort and the name); other ingress controllers would not — use port ${sp.name ? `name ${q(sp.name)}` : `number ${sp.port}`}.`, 'warning', bRule));
  }
  if (!sp) {
    hops.push(hop({ kind: 'service', title: `Service ${svc.meta.namespace}/${svc.meta.name}`, verdict: 'denied', summary: `the Service has no port ${want?.name !== undefined ? `named ${q(want.name)}` : want?.number}: ports are ${svc.ports.map(describeServicePort).join(', ')} (the backend port is the Service \`port\`, not the pod port); the upstream has no endpoints, so the controller answers 503`, rule: bRule, fix: { summary: `Use one of the Service's ports: ${svc.ports.map((p) => p.name ?? p.port).join(', ')}.`, object: key } }));
    return { hops, allowed: false, reached: null, path: [key, sk] };
  }
  const eps = endpointsOf(cluster, svc, sp);
  hops.push(hop({ kind: 'service', title: `Service ${svc.meta.namespace}/${svc.meta.name}`, verdict: 'allowed', summary: `port ${describeServicePort(sp)}`, rule: ruleAt(cluster, svc.meta, sp.ref) }));
  if (eps.usable.length === 0) {
    hops.push(hop({ kind: 'endpoints', title: 'No endpoints', verdict: 'denied', code: 'ingress-no-endpoints', summary: 'the rule matched but the Service has no ready endpoints for this port: the controller answers 503 Service Unavailable (balancer.lua: no balancer for an upstream without endpoints)', steps: [...eps.steps], rule: ruleAt(cluster, svc.meta, svc.selectorRef) }));
    return { hops, allowed: false, reached: null, path: [key, sk] };
  }
  hops.push(hop({ kind: 'endpoints', title: 'Endpoints', verdict: 'allowed', summary: `${eps.usable.length} endpoint(s)`, steps: [...eps.steps] }));
  const d = deliverToEndpoints(cluster, { kind: 'pod', pod: cluster.routerPod }, eps.usable, `The ingress controller (namespace ${cluster.routerPod.namespace})`);
  hops.push(...d.hops);
  return { hops, allowed: d.allowed, reached: d.reached, path: [key, sk, ...podKey(cluster, d.reached)] };
}
