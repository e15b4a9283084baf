// The endpoints an input offers, and what to say about a From/To that is not one of them (issues 11, 14):
// "cart" → did you mean `default/cartservice` or `svc:default/cartservice`? The app's pickers (autocomplete
// and the inline hint under a field) and the CLI's usage error call this, so a person gets a suggestion
// instead of a red DENIED. Pure functions of the model's endpoint list; names are untrusted and are only
// compared here, never shown (the callers show them through the one sanitiser).
import type { BuiltCluster } from '../model/build';
import { canSend, INTERNET_IP, parseEndpoint, printEndpoint, type Endpoint, type EndpointKind } from './grammar';

/** Every endpoint the model offers, as text: who can send (`sources`) and who can receive (`destinations`). */
export interface EndpointList {
  sources: string[];
  destinations: string[];
}

export type EndpointRole = 'from' | 'to';

/** What to tell a person about one field. `suggestions` are endpoints of the input, best first (at most 3). */
export interface EndpointHint {
  role: EndpointRole;
  text: string;
  /** Why the text is not an endpoint of this input (one sentence; the text is quoted as typed). */
  problem: string;
  suggestions: string[];
}

/** Autocomplete for the trace pickers: every endpoint form the core understands, from the model. */
export function endpointsOf(cluster: BuiltCluster): EndpointList {
  const pods = cluster.pods.map((p) => p.id);
  const uniq = (xs: string[]) => [...new Set(xs)];
  const urls: string[] = [];
  const url = (scheme: 'http' | 'https', host: string, path: string) => urls.push(`${scheme}://${host}${path}`);
  for (const r of cluster.routes) {
    if (!r.host) continue;
    const path = r.path ?? '/';
    if (r.tls) url('https', r.host, path);
    if (!r.tls || (r.tls.insecureEdgeTerminationPolicy && r.tls.insecureEdgeTerminationPolicy !== 'None')) url('http', r.host, path);
  }
  for (const ing of cluster.ingresses) {
    const tlsHosts = new Set(ing.tls.flatMap((t) => t.hosts));
    for (const rule of ing.rules) {
      if (!rule.host || rule.host.startsWith('*')) continue;
      for (const p of rule.paths.length ? rule.paths : [{ path: '/' }]) url(tlsHosts.has(rule.host) ? 'https' : 'http', rule.host, p.path ?? '/');
    }
  }
  for (const hr of cluster.others.get('HTTPRoute') ?? []) {
    const hosts = Array.isArray(hr.spec.hostnames) ? hr.spec.hostnames.filter((h): h is string => typeof h === 'string') : [];
    for (const h of hosts) url('http', h, '/');
  }
  const services = cluster.services.map((s) => printEndpoint({ kind: 'service', namespace: s.meta.namespace, name: s.meta.name }));
  const dns = cluster.services.map((s) => printEndpoint({ kind: 'dns', name: `${s.meta.name}.${s.meta.namespace}.svc.${cluster.profile.clusterDomain}` }));
  return {
    sources: uniq([printEndpoint({ kind: 'internet', ip: INTERNET_IP }), printEndpoint({ kind: 'router' }), ...pods, printEndpoint({ kind: 'ip', ip: INTERNET_IP })]),
    destinations: uniq([...urls, ...services, ...pods, ...dns, printEndpoint({ kind: 'ip', ip: '8.8.8.8' })]),
  };
}

// ---------------------------------------------------------------------------------------------------
// Suggestions

interface Candidate {
  text: string;
  kind: EndpointKind;
  namespace?: string;
  /** The names a person may have meant: a pod's or Service's name, a host and its first label, … */
  names: string[];
}

function candidateOf(text: string): Candidate | undefined {
  const e = parseEndpoint(text);
  if ('error' in e) return undefined;
  switch (e.kind) {
    case 'pod':
    case 'service':
      return { text, kind: e.kind, namespace: e.namespace, names: [e.name.toLowerCase()] };
    case 'dns':
      return { text, kind: e.kind, namespace: e.name.split('.')[1], names: [e.name, e.name.split('.')[0]] };
    case 'url':
      return { text, kind: e.kind, names: [e.host, e.host.split('.')[0]] };
    case 'internet':
    case 'router':
      return { text, kind: e.kind, names: [e.kind] };
    case 'ip':
      return { text, kind: e.kind, names: [e.ip] };
  }
}

/** Levenshtein distance, or `cap + 1` once it must exceed `cap` (names are short; lists are long). */
function distance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]);
    }
    if (best > cap) return cap + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** How well `name` matches what was typed (lower is better), undefined when not at all. */
function nameScore(typed: string, name: string): number | undefined {
  if (!typed || !name) return undefined;
  if (name === typed) return 0;
  if (name.startsWith(typed)) return 1;
  if (typed.length >= 3 && name.includes(typed)) return 2;
  if (typed.length >= 3 && typed.includes(name) && name.length >= 3) return 2.5;
  const cap = Math.max(1, Math.floor(typed.length / 4));
  const d = distance(typed, name, cap);
  return d <= cap ? 2 + d : undefined;
}

/** What was typed, read loosely: a prefix the person meant (`svc:`, `dns:`, a scheme), a namespace, a name. */
function readTyped(text: string): { kind?: EndpointKind; namespace?: string; name: string } {
  let s = text.trim().toLowerCase();
  let kind: EndpointKind | undefined;
  const prefix = /^(svc|service|dns|ip|https?):\/{0,2}/.exec(s);
  if (prefix) {
    kind = prefix[1] === 'svc' || prefix[1] === 'service' ? 'service' : prefix[1] === 'dns' ? 'dns' : prefix[1] === 'ip' ? 'ip' : 'url';
    s = s.slice(prefix[0].length);
  }
  if (kind === 'url') return { kind, name: s.split('/')[0] };
  const parts = s.split('/').filter(Boolean);
  if (parts.length >= 2) return { kind, namespace: parts[parts.length - 2], name: parts[parts.length - 1] };
  return { kind, name: parts[0] ?? '' };
}

/** The kinds `canSend` accepts, for candidates already read. */
const SENDERS: ReadonlySet<EndpointKind> = new Set(['pod', 'internet', 'ip', 'router']);

/** Kinds a person most likely means, first: a workload, then its Service, then the rest. */
const KIND_ORDER: Record<EndpointKind, number> = { pod: 0, service: 1, url: 2, dns: 3, internet: 4, router: 4, ip: 5 };

/** Endpoints of `list` close to `text` (best first, at most `max`). */
export function suggestEndpoints(text: string, role: EndpointRole, list: EndpointList, max = 3): string[] {
  const typed = readTyped(text);
  if (!typed.name) return [];
  const pool = role === 'from' ? list.sources : list.destinations;
  const scored: { text: string; score: number; order: number }[] = [];
  const seen = new Set<string>();
  for (const t of [...pool, 'internet', 'router']) {
    if (seen.has(t)) continue;
    seen.add(t);
    const c = candidateOf(t);
    if (!c || (role === 'from' && !SENDERS.has(c.kind))) continue;
    let best: number | undefined;
    for (const n of c.names) {
      const s = nameScore(typed.name, n);
      if (s !== undefined && (best === undefined || s < best)) best = s;
    }
    if (best === undefined) continue;
    if (typed.namespace !== undefined) best += c.namespace === typed.namespace ? -0.5 : 1;
    const order = typed.kind !== undefined && c.kind === typed.kind ? -1 : KIND_ORDER[c.kind];
    scored.push({ text: t, score: best, order });
  }
  scored.sort((a, b) => a.score - b.score || a.order - b.order || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  return scored.slice(0, max).map((s) => s.text);
}

/** `a`, `a or b`, `a, b or c`. */
export function orList(xs: readonly string[]): string {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;
}

/**
 * What is wrong with one field before any trace runs, or undefined when the text is an endpoint: not one
 * of the forms, or (for From) one that only receives. `list` gives the suggestions. Whether a well-formed
 * `NS/NAME` names something is the tracer's to say (a workload name resolves to its pods); a trace that
 * comes back with an error gets its suggestions from `suggestEndpoints`.
 */
export function endpointHint(text: string, role: EndpointRole, list: EndpointList): EndpointHint | undefined {
  const s = text.trim();
  if (!s) return undefined;
  const e: Endpoint | { error: string } = parseEndpoint(s);
  if ('error' in e) return { role, text: s, problem: e.error, suggestions: suggestEndpoints(s, role, list) };
  if (role === 'from' && !canSend(e)) {
    const what = e.kind === 'service' ? 'A Service' : e.kind === 'dns' ? 'A DNS name' : 'A URL';
    return { role, text: s, problem: `${what} cannot send traffic; "from" is a pod/workload (NS/NAME), internet, ip:A.B.C.D or router.`, suggestions: suggestEndpoints(s, role, list) };
  }
  return undefined;
}

/** One line for a terminal or a hint: the problem, then "Did you mean …?" when there are suggestions. */
export function hintSentence(h: Pick<EndpointHint, 'problem' | 'suggestions'>): string {
  return h.suggestions.length ? `${h.problem} Did you mean ${orList(h.suggestions)}?` : h.problem;
}

/** The hosts of the URL destinations, once per list (a cluster dump has thousands). */
const hostsOf = new WeakMap<EndpointList, Set<string>>();
function urlHosts(list: EndpointList): Set<string> {
  let hosts = hostsOf.get(list);
  if (!hosts) {
    hosts = new Set();
    for (const d of list.destinations) {
      const e = parseEndpoint(d);
      if (!('error' in e) && e.kind === 'url') hosts.add(e.host);
    }
    hostsOf.set(list, hosts);
  }
  return hosts;
}

/** Whether a query endpoint still names something in the list (loosely: hosts for URLs, the first label
 *  for DNS names; addresses, `internet`, `router` and text that is no endpoint at all count as listed —
 *  the app keeps such a query rather than replace it). */
export function endpointListed(text: string, role: EndpointRole, list: EndpointList): boolean {
  const e = parseEndpoint(text);
  if ('error' in e) return true;
  switch (e.kind) {
    case 'internet':
    case 'router':
    case 'ip':
      return true;
    case 'url':
      return urlHosts(list).has(e.host);
    case 'dns': {
      const first = `dns:${e.name.split('.')[0]}.`;
      return list.destinations.some((d) => d.startsWith(first));
    }
    case 'pod':
    case 'service': {
      const t = printEndpoint(e);
      return (role === 'from' ? list.sources : list.destinations).includes(t) || list.destinations.includes(t);
    }
  }
}
