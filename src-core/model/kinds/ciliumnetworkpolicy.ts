// CiliumNetworkPolicy (namespaced) and CiliumClusterwideNetworkPolicy (cilium.io/v2), normalised at L3/L4.
// Read only under the `cilium` profile (model/build.ts); elsewhere they stay unmodelled objects.
// Upstream: cilium/cilium pkg/policy/api (rule.go, ingress.go, egress.go, selector.go, l4.go, cidr.go,
// entity.go, service.go) and pkg/k8s/apis/cilium.io/utils/utils.go (ParseToCiliumRule, getEndpointSelector),
// which this file follows for what a selector implicitly adds:
// - a CNP's endpointSelector always gets `k8s:io.kubernetes.pod.namespace=<policy namespace>`;
// - a CNP's fromEndpoints/toEndpoints/…Requires selector gets the same unless it names the namespace label
//   (k8s: or any: source) or a namespace-labels key (`io.cilium.k8s.namespace.labels.*`), and unless it
//   selects `reserved:` labels (endpoints selectors only);
// - a CCNP's selectors without a namespace key get `k8s:io.kubernetes.pod.namespace` Exists: k8s pods only.
// `spec` and `specs` both hold rules (a CNP may carry both; all rules apply). Malformed fields are reported
// with their path and never widen what the rule allows.
import ipaddr from 'ipaddr.js';
import { describe } from '../../parse/parse';
import type { NodeRef } from '../../parse/source';
import { isRecord, type Reader } from '../context';
import { labelKeyProblem, labelMap, quoteLabel } from '../labels';
import type { LabelSelector, SelectorOperator, SelectorRequirement } from '../selector';
import type { ObjectMeta } from '../types';

/** Cilium's L4 protocols (l4.go): a missing protocol is ANY. ICMP is matched by `icmps`, not here. */
export type CiliumProtocol = 'TCP' | 'UDP' | 'SCTP' | 'ANY';

/** An EndpointSelector as written (keys keep their `k8s:` / `any:` / `reserved:` source prefix) plus what
 *  Cilium adds for the policy's scope. */
export interface CiliumSelector {
  selector: LabelSelector;
  /** Added by ParseToCiliumRule / getEndpointSelector: the policy's namespace, or (CCNP) any k8s pod. */
  implied: { kind: 'namespace'; namespace: string } | { kind: 'k8s-pods' } | { kind: 'none' };
  ref: NodeRef;
}

export const CILIUM_ENTITIES = ['all', 'world', 'world-ipv4', 'world-ipv6', 'cluster', 'host', 'remote-node', 'kube-apiserver', 'ingress', 'init', 'health', 'unmanaged'] as const;
export type CiliumEntity = (typeof CILIUM_ENTITIES)[number];

export interface CiliumCIDR {
  cidr: string;
  except: string[];
  /** `cidrGroupRef` / `cidrGroupSelector`: CiliumCIDRGroup objects podpath does not read. */
  group?: string;
  ref: NodeRef;
}

export interface CiliumService {
  /** k8sService */
  name?: string;
  /** Empty: the policy's namespace (CNP) or any namespace (CCNP). */
  namespace?: string;
  /** k8sServiceSelector.selector (service labels). */
  selector?: LabelSelector;
  ref: NodeRef;
}

export interface CiliumPort {
  /** undefined (or written 0): every port. */
  port?: number;
  /** A port name, resolved on the destination's containerPorts. */
  name?: string;
  endPort?: number;
  protocol: CiliumProtocol;
  /** Why the entry cannot be read: it admits (or denies) nothing. */
  invalid?: string;
  ref: NodeRef;
}

export interface CiliumPortRule {
  /** Empty: every port. */
  ports: CiliumPort[];
  /** L7 rules on these ports (`rules: http/dns/kafka/l7`): podpath does not evaluate them. */
  l7?: string;
  /** `rules.dns` is present: Cilium's DNS proxy sees the lookups (what toFQDNs needs to learn addresses). */
  dns?: boolean;
  /** `serverNames` (TLS SNI), `listener`, `terminatingTLS` …: proxy features that narrow the match further. */
  proxy?: string;
  ref: NodeRef;
}

/** One entry of ingress / ingressDeny / egress / egressDeny. Missing lists are undefined. */
export interface CiliumPeerRule {
  index: number;
  endpoints?: CiliumSelector[];
  requires?: CiliumSelector[];
  entities?: { name: string; known: boolean; ref: NodeRef }[];
  cidrs?: CiliumCIDR[];
  services?: CiliumService[];
  fqdns?: { text: string; ref: NodeRef }[];
  /** fromNodes / toNodes (node identities, an opt-in): podpath has no node labels to read. */
  nodes?: NodeRef;
  /** toGroups (cloud provider groups): not modelled. */
  groups?: NodeRef;
  /** `icmps`: ICMP matches, never a TCP/UDP/SCTP connection. */
  icmpOnly?: boolean;
  toPorts?: CiliumPortRule[];
  ref: NodeRef;
}

export type CiliumSection = 'ingress' | 'ingressDeny' | 'egress' | 'egressDeny';

export interface CiliumRule {
  /** Where the rule is: `spec`, or `specs[i]`. */
  ref: NodeRef;
  label: string;
  endpointSelector?: CiliumSelector;
  /** Host policies (nodeSelector): they apply to nodes, not pods. */
  nodeSelector?: LabelSelector;
  subjectRef: NodeRef;
  ingress: CiliumPeerRule[];
  ingressDeny: CiliumPeerRule[];
  egress: CiliumPeerRule[];
  egressDeny: CiliumPeerRule[];
  /** Whether this rule puts the endpoints it selects into default deny, per direction (rule.go EnableDefaultDeny:
   *  defaults to true for a direction that has rules, allow or deny). */
  defaultDeny: { ingress: boolean; egress: boolean };
  defaultDenyRef?: NodeRef;
}

export interface CiliumPolicy {
  meta: ObjectMeta;
  clusterwide: boolean;
  rules: CiliumRule[];
}

export const POD_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
export const NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';

/** A selector key split into Cilium's label source and key (pkg/labels ParseSelectLabel: `src:key`, `$key` and
 *  `reserved.key` are reserved; no source is `any`). */
export function splitSource(k: string): { source: string; key: string } {
  if (k.startsWith('$')) return { source: 'reserved', key: k.slice(1) };
  const i = k.indexOf(':');
  if (i < 0) return k.startsWith('reserved.') ? { source: 'reserved', key: k.slice('reserved.'.length) } : { source: 'any', key: k };
  return { source: k.slice(0, i), key: k.slice(i + 1) };
}

const NOTHING: LabelSelector = { matchLabels: { 'podpath.invalid/selector': '\u0000' }, matchExpressions: [] };

/** An EndpointSelector's label selector; keys are checked after their source prefix. */
function readSelector(r: Reader): LabelSelector {
  if (!isRecord(r.value)) {
    r.wrong('a label selector (matchLabels / matchExpressions)');
    return NOTHING;
  }
  const matchLabels = labelMap() as Record<string, string>;
  const ml = r.at('matchLabels');
  if (ml.present && !isRecord(ml.value)) ml.wrong('a mapping of labels');
  else if (isRecord(ml.value)) {
    for (const k of Object.keys(ml.value)) {
      const v = ml.value[k];
      if (typeof v === 'string' || v === null) matchLabels[k] = v ?? '';
      else if (typeof v === 'number' || typeof v === 'boolean') {
        matchLabels[k] = String(v);
        ml.at(k).invalid(`label values must be strings; ${describe(v)} would be rejected by the API server (quote it).`);
      } else ml.at(k).wrong('a string');
      checkKey(ml.at(k), k);
    }
  }
  const matchExpressions: SelectorRequirement[] = [];
  for (const e of r.listAt('matchExpressions')) {
    const key = e.strAt('key') ?? '';
    const op = e.strAt('operator');
    const values = e.strListAt('values');
    if (!key) e.invalid('a selector requirement needs a `key`; it is read with an empty key (no endpoint has that label).', 'invalid-selector');
    else checkKey(e.at('key'), key);
    if (op !== 'In' && op !== 'NotIn' && op !== 'Exists' && op !== 'DoesNotExist') {
      e.at('operator').invalid(`operator must be In, NotIn, Exists or DoesNotExist, found ${JSON.stringify(op ?? null)}; Cilium rejects this selector. It matches nothing here.`, 'invalid-selector');
      matchExpressions.push({ key, operator: 'In', values: [] });
      continue;
    }
    matchExpressions.push({ key, operator: op as SelectorOperator, values });
  }
  return { matchLabels, matchExpressions };
}

function checkKey(r: Reader, k: string): void {
  const { key } = splitSource(k);
  const problem = labelKeyProblem(key);
  if (problem) r.invalid(`label key ${quoteLabel(key)} is not valid: ${problem}. No endpoint carries it.`, 'invalid-label');
}

function keys(s: LabelSelector): { source: string; key: string }[] {
  return [...Object.keys(s.matchLabels), ...s.matchExpressions.map((e) => e.key)].map(splitSource);
}

const namesNamespace = (s: LabelSelector): boolean => keys(s).some((k) => (k.source === 'k8s' || k.source === 'any') && k.key === POD_NAMESPACE_LABEL);
const namesNamespaceLabels = (s: LabelSelector): boolean => keys(s).some((k) => (k.source === 'k8s' || k.source === 'any') && k.key.startsWith(NAMESPACE_LABELS_PREFIX));
const namesReserved = (s: LabelSelector): boolean => keys(s).some((k) => k.source === 'reserved');
/** matchesPodInit (utils.go): a subject selecting `reserved:init` gets no namespace added to its peers. */
const selectsInit = (s: LabelSelector | undefined): boolean => !!s && keys(s).some((k) => k.source === 'reserved' && k.key === 'init');

/** getEndpointSelector (utils.go), for a peer selector. */
function peerSelector(r: Reader, namespace: string, endpoints: boolean, matchesInit: boolean): CiliumSelector {
  const selector = readSelector(r);
  let implied: CiliumSelector['implied'] = { kind: 'none' };
  if (!(endpoints && namesReserved(selector)) && !namesNamespace(selector)) {
    if (namespace === '') {
      if (!matchesInit) implied = { kind: 'k8s-pods' };
    } else if (!namesNamespaceLabels(selector) && !matchesInit) implied = { kind: 'namespace', namespace };
  }
  return { selector, implied, ref: r.ref };
}

function validCIDR(s: string): boolean {
  try {
    ipaddr.parseCIDR(s);
    return true;
  } catch {
    return ipaddr.isValid(s); // Cilium accepts a bare address as a /32 or /128 (cidr.go)
  }
}

function readCIDRs(rule: Reader, plain: string, set: string, out: CiliumCIDR[]): void {
  rule.at(plain).list().forEach((c) => {
    const s = c.str();
    if (s === undefined) return;
    if (!validCIDR(s)) c.invalid(`${plain} entries must be CIDRs such as 10.0.0.0/8, found ${JSON.stringify(s)}; Cilium rejects this policy. The entry matches nothing here.`, 'invalid-cidr');
    else out.push({ cidr: s, except: [], ref: c.ref });
  });
  rule.at(set).list().forEach((c) => {
    const cidr = c.strAt('cidr');
    const group = c.strAt('cidrGroupRef') ?? (c.presentAt('cidrGroupSelector') ? 'cidrGroupSelector' : undefined);
    if (cidr === undefined && group) {
      out.push({ cidr: '', except: [], group, ref: c.ref });
      return;
    }
    if (cidr === undefined || !validCIDR(cidr)) {
      c.at('cidr').invalid(`cidr must be a CIDR such as 10.0.0.0/8, found ${JSON.stringify(cidr ?? null)}; Cilium rejects this policy. The entry matches nothing here.`, 'invalid-cidr');
      return;
    }
    const except = c.strListAt('except');
    except.forEach((e, i) => {
      if (!validCIDR(e)) c.at('except', i).invalid(`except entries must be CIDRs, found ${JSON.stringify(e)}; Cilium rejects this policy.`, 'invalid-cidr');
    });
    out.push({ cidr, except: except.filter(validCIDR), ref: c.ref });
  });
}

function readPorts(list: Reader): CiliumPortRule[] | undefined {
  if (!list.present) return undefined;
  return list.list().map((pr) => {
    const ports = pr.listAt('ports').map((p): CiliumPort => {
      const protoR = p.at('protocol');
      const proto = protoR.str();
      let protocol: CiliumProtocol = 'ANY';
      let invalid: string | undefined;
      if (proto !== undefined && proto !== '') {
        if (proto === 'TCP' || proto === 'UDP' || proto === 'SCTP' || proto === 'ANY') protocol = proto;
        else {
          invalid = `protocol ${JSON.stringify(proto)} is not TCP, UDP, SCTP or ANY`;
          protoR.invalid(`protocol must be TCP, UDP, SCTP or ANY, found ${JSON.stringify(proto)}; Cilium rejects this policy. The entry matches nothing here.`, 'invalid-value');
        }
      }
      const raw = p.at('port').portOrName();
      const endPort = p.numAt('endPort');
      if (typeof raw === 'object') {
        p.at('port').invalid(`port ${raw.invalid}; the entry matches nothing here.`, 'invalid-port');
        return { protocol, invalid: raw.invalid, ref: p.ref };
      }
      if (typeof raw === 'string') {
        if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i.test(raw) || !/[a-z]/i.test(raw)) {
          p.at('port').invalid(`port must be a number or a port name, found ${JSON.stringify(raw)}; Cilium rejects this policy.`, 'invalid-port');
          return { protocol, invalid: `port ${JSON.stringify(raw)}`, ref: p.ref };
        }
        return { protocol, name: raw.toLowerCase(), invalid, ref: p.ref };
      }
      if (raw !== undefined && (raw < 0 || raw > 65535)) {
        p.at('port').invalid(`a port must be between 0 and 65535, found ${raw}; Cilium rejects this policy.`, 'invalid-port');
        return { protocol, invalid: `port ${raw}`, ref: p.ref };
      }
      const port = raw === undefined || raw === 0 ? undefined : raw;
      if (endPort !== undefined && port !== undefined && endPort < port) {
        p.at('endPort').invalid(`endPort (${endPort}) is below port (${port}); the range holds no port.`, 'invalid-port');
        return { protocol, port, endPort, invalid: 'an empty port range', ref: p.ref };
      }
      return { protocol, port, endPort: port !== undefined && endPort !== undefined && endPort > port ? endPort : undefined, invalid, ref: p.ref };
    });
    const rules = pr.at('rules');
    let l7: string | undefined;
    if (rules.present && isRecord(rules.value)) {
      const kinds = ['http', 'dns', 'kafka', 'l7'].filter((k) => rules.presentAt(k));
      // `dns: [{matchPattern: "*"}]` lets every query through (the usual DNS-visibility rule): nothing to decide.
      const dnsAll = kinds.length === 1 && kinds[0] === 'dns' && rules.listAt('dns').length > 0 && rules.listAt('dns').every((d) => d.strAt('matchPattern') === '*');
      if (kinds.length && !dnsAll) l7 = kinds.join('+');
    }
    const proxyFields = ['serverNames', 'listener', 'terminatingTLS', 'originatingTLS'].filter((k) => pr.presentAt(k));
    const out: CiliumPortRule = { ports, ref: pr.ref };
    if (l7) out.l7 = l7;
    if (rules.present && isRecord(rules.value) && rules.presentAt('dns')) out.dns = true;
    if (proxyFields.length) out.proxy = proxyFields.join(', ');
    return out;
  });
}

function readPeerRule(rule: Reader, index: number, dir: 'from' | 'to', namespace: string, matchesInit: boolean): CiliumPeerRule {
  const out: CiliumPeerRule = { index, ref: rule.ref };
  if (!isRecord(rule.value)) {
    rule.wrong('a rule (a mapping)');
    out.cidrs = [];
    return out;
  }
  const ep = rule.at(`${dir}Endpoints`);
  if (ep.present) out.endpoints = ep.list().map((s) => peerSelector(s, namespace, true, matchesInit));
  const req = rule.at(`${dir}Requires`);
  if (req.present) out.requires = req.list().map((s) => peerSelector(s, namespace, false, matchesInit));
  const ent = rule.at(`${dir}Entities`);
  if (ent.present) {
    out.entities = ent.list().flatMap((e) => {
      const name = e.str();
      if (name === undefined) return [];
      const known = (CILIUM_ENTITIES as readonly string[]).includes(name);
      if (!known) e.invalid(`${JSON.stringify(name)} is not a Cilium entity (${CILIUM_ENTITIES.join(', ')}); Cilium rejects this policy. It matches nothing here.`);
      return [{ name, known, ref: e.ref }];
    });
  }
  if (rule.presentAt(`${dir}CIDR`) || rule.presentAt(`${dir}CIDRSet`)) {
    out.cidrs = [];
    readCIDRs(rule, `${dir}CIDR`, `${dir}CIDRSet`, out.cidrs);
  }
  if (dir === 'to' && rule.presentAt('toServices')) {
    out.services = rule.listAt('toServices').map((s) => {
      const svc: CiliumService = { ref: s.ref };
      const byName = s.at('k8sService');
      const bySel = s.at('k8sServiceSelector');
      if (byName.present) {
        svc.name = byName.strAt('serviceName');
        svc.namespace = byName.strAt('namespace') || undefined;
      } else if (bySel.present) {
        svc.selector = bySel.present && bySel.at('selector').present ? readSelector(bySel.at('selector')) : NOTHING;
        svc.namespace = bySel.strAt('namespace') || undefined;
      } else s.invalid('a toServices entry needs k8sService or k8sServiceSelector; it matches nothing here.');
      return svc;
    });
  }
  if (dir === 'to' && rule.presentAt('toFQDNs')) {
    out.fqdns = rule.listAt('toFQDNs').map((f) => ({ text: f.strAt('matchName') ?? (f.strAt('matchPattern') ? `pattern ${f.strAt('matchPattern')}` : '?'), ref: f.ref }));
  }
  if (rule.presentAt(`${dir}Nodes`)) out.nodes = rule.at(`${dir}Nodes`).ref;
  if (rule.presentAt(`${dir}Groups`)) out.groups = rule.at(`${dir}Groups`).ref;
  if (rule.presentAt('icmps') && !rule.presentAt('toPorts')) out.icmpOnly = true;
  out.toPorts = readPorts(rule.at('toPorts'));
  if (out.services && out.toPorts) rule.at('toPorts').invalid('toServices must not be combined with toPorts in the same rule; Cilium rejects the policy (Documentation/security/policy/language.rst, "Services based: Limitations"). This rule allows nothing here.');
  return out;
}

function readRule(r: Reader, meta: ObjectMeta, label: string): CiliumRule {
  const namespace = meta.namespace;
  const es = r.at('endpointSelector');
  const ns = r.at('nodeSelector');
  const rule: CiliumRule = { ref: r.ref, label, subjectRef: es.present ? es.ref : ns.present ? ns.ref : r.ref, ingress: [], ingressDeny: [], egress: [], egressDeny: [], defaultDeny: { ingress: false, egress: false } };
  if (es.present && ns.present) r.invalid('a rule has either endpointSelector or nodeSelector, not both; Cilium rejects this policy. The rule selects nothing here.');
  else if (es.present) {
    const selector = readSelector(es);
    // ParseToCiliumRule: a CNP's subject is always its own namespace, whatever namespace key it writes.
    rule.endpointSelector = { selector, implied: namespace ? { kind: 'namespace', namespace } : { kind: 'none' }, ref: es.ref };
  } else if (ns.present) rule.nodeSelector = readSelector(ns);
  else r.invalid('a rule needs endpointSelector (pods) or nodeSelector (nodes); Cilium rejects this policy. The rule selects nothing here.');
  const init = selectsInit(rule.endpointSelector?.selector);
  const sections: [CiliumSection, 'from' | 'to'][] = [['ingress', 'from'], ['ingressDeny', 'from'], ['egress', 'to'], ['egressDeny', 'to']];
  for (const [sec, dir] of sections) rule[sec] = r.at(sec).list().map((x, i) => readPeerRule(x, i, dir, namespace, init));
  // EnableDefaultDeny (rule.go): "If not specified, the default is true for each traffic direction that has
  // rules, and false otherwise" — allow or deny rules alike.
  const dd = r.at('enableDefaultDeny');
  rule.defaultDeny = {
    ingress: dd.boolAt('ingress') ?? (rule.ingress.length > 0 || rule.ingressDeny.length > 0),
    egress: dd.boolAt('egress') ?? (rule.egress.length > 0 || rule.egressDeny.length > 0),
  };
  if (dd.present) rule.defaultDenyRef = dd.ref;
  return rule;
}

export function ciliumPolicyFrom(meta: ObjectMeta, r: Reader): CiliumPolicy {
  const clusterwide = meta.kind === 'CiliumClusterwideNetworkPolicy';
  const rules: CiliumRule[] = [];
  const spec = r.at('spec');
  if (spec.present) {
    if (isRecord(spec.value)) rules.push(readRule(spec, meta, 'spec'));
    else spec.wrong('a rule (a mapping)');
  }
  r.at('specs').list().forEach((s, i) => {
    if (isRecord(s.value)) rules.push(readRule(s, meta, `specs[${i}]`));
    else s.wrong('a rule (a mapping)');
  });
  if (!spec.present && !r.presentAt('specs')) r.invalid(`a ${meta.kind} needs spec or specs; Cilium rejects it. It has no effect here.`);
  return { meta, clusterwide, rules };
}
