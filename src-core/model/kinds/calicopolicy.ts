// Calico NetworkPolicy and GlobalNetworkPolicy (projectcalico.org/v3; crd.projectcalico.org/v1 in dumps),
// normalised. Upstream: projectcalico/calico api/pkg/apis/projectcalico/v3 (networkpolicy.go,
// globalnetworkpolicy.go, policy_common.go Rule/EntityRule), libcalico-go/lib/validator/v3/validator.go
// (what the API server rejects) and libcalico-go/lib/clientv3/networkpolicy.go defaultPolicyTypesField.
// - `types` absent: Ingress when there are no egress rules (also when there are no rules at all), Egress when
//   there are egress rules but no ingress rules, both when there are both. Unlike Kubernetes, egress rules
//   alone do NOT make the policy an ingress policy.
// - crd form names carry the tier as a storage prefix (`default.allow-web`); it is stripped for display.
//   `knp.default.*` objects are Calico's own mirrors of Kubernetes NetworkPolicies: not counted twice.
// - A field the API server would reject never widens: its rule matches nothing, its policy selects nothing.
import ipaddr from 'ipaddr.js';
import type { BuildContext, Reader } from '../context';
import { parseCalicoSelector, type CalicoSelector } from '../calico-selector';
import type { CalicoAction, CalicoEntityRule, CalicoPolicy, CalicoPolicyType, CalicoPort, CalicoProtocol, CalicoRule } from '../calico-types';
import type { ObjectMeta } from '../types';

export const CALICO_GROUPS = ['projectcalico.org', 'crd.projectcalico.org'] as const;
export const CALICO_POLICY_KINDS = ['NetworkPolicy', 'GlobalNetworkPolicy'] as const;

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

/** Whether an object is one of Calico's policy kinds (or a Tier) that podpath models. */
export function calicoKindOf(apiVersion: string, kind: string): 'policy' | 'tier' | undefined {
  if (!(CALICO_GROUPS as readonly string[]).includes(groupOf(apiVersion))) return undefined;
  if ((CALICO_POLICY_KINDS as readonly string[]).includes(kind)) return 'policy';
  return kind === 'Tier' ? 'tier' : undefined;
}

/** `KNP` mirror prefix (libcalico-go/lib/backend/k8s/conversion/constants.go K8sNetworkPolicyNamePrefix). */
export const KNP_PREFIX = 'knp.default.';

const PROTOCOL_NAMES: Record<string, number> = { TCP: 6, UDP: 17, ICMP: 1, ICMPv6: 58, SCTP: 132, UDPLite: 136 };
/** Calico's numorstring.Protocol also reads the lower-case v1 names. */
const PROTOCOL_LOWER: Record<string, string> = { tcp: 'TCP', udp: 'UDP', icmp: 'ICMP', icmpv6: 'ICMPv6', sctp: 'SCTP', udplite: 'UDPLite' };
const PORTS_PROTOCOLS = new Set([6, 17, 132]);

/** A Calico selector field: parse errors are reported at the field with the character offset. */
export function readCalicoSelector(r: Reader, what: string): { sel?: CalicoSelector; broken?: string } {
  if (!r.present) return {};
  const text = r.str();
  if (text === undefined) return { broken: `${what} is not a string` };
  const parsed = parseCalicoSelector(text);
  if (parsed.ok) return { sel: parsed.selector };
  const msg = `${what} ${JSON.stringify(text)} is not a valid Calico selector: ${parsed.error} at character ${parsed.offset + 1}; the API server rejects the policy. It matches nothing here.`;
  r.invalid(msg, 'invalid-selector');
  return { broken: `${what}: ${parsed.error}` };
}

function readProtocol(r: Reader): CalicoProtocol | 'invalid' | undefined {
  if (!r.present) return undefined;
  const v = r.value;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 255) return { number: v, text: String(v) };
  if (typeof v === 'string') {
    const name = PROTOCOL_NAMES[v] !== undefined ? v : PROTOCOL_LOWER[v];
    if (name) return { number: PROTOCOL_NAMES[name], text: name };
    if (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 255) return { number: Number(v), text: v };
  }
  r.invalid(`protocol must be TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or a number 1-255, found ${JSON.stringify(v)}; the API server rejects the policy. This rule matches nothing here.`);
  return 'invalid';
}

function validNet(s: string): boolean {
  try {
    if (s.includes('/')) ipaddr.parseCIDR(s);
    else ipaddr.parse(s);
    return true;
  } catch {
    return false;
  }
}

/** libcalico-go lib/net ParseCIDROrIP: a bare address is a /32 (/128). */
function asCIDR(s: string): string {
  return s.includes('/') ? s : `${s}/${s.includes(':') ? 128 : 32}`;
}

function readNets(r: Reader, field: string, broken: string[]): string[] | undefined {
  if (!r.present) return undefined;
  const out: string[] = [];
  r.strList().forEach((n, i) => {
    if (validNet(n)) out.push(asCIDR(n));
    else {
      r.at(i).invalid(`${field} entries must be CIDRs or IP addresses, found ${JSON.stringify(n)}; the API server rejects the policy.`, 'invalid-cidr');
      broken.push(`${field} entry ${JSON.stringify(n)} is not a CIDR`);
    }
  });
  return out;
}

function readPorts(r: Reader, field: string, broken: string[]): CalicoPort[] | undefined {
  if (!r.present) return undefined;
  const out: CalicoPort[] = [];
  r.list().forEach((p) => {
    const v = p.value;
    const bad = (why: string) => {
      p.invalid(`${field}: ${why}; the API server rejects the policy.`, 'invalid-port');
      broken.push(`${field} entry ${JSON.stringify(v)}: ${why}`);
    };
    if (typeof v === 'number') {
      if (Number.isInteger(v) && v >= 0 && v <= 65535) out.push({ kind: 'range', min: v, max: v, text: String(v) });
      else bad(`a port must be a whole number 0-65535, found ${v}`);
      return;
    }
    if (typeof v !== 'string') return bad(`expected a port number, "min:max" range or port name, found ${JSON.stringify(v)}`);
    // numorstring.PortFromString: "n", "min:max", or a name (validated as an IANA service name).
    const range = /^(\d+):(\d+)$/.exec(v);
    if (range) {
      const [min, max] = [Number(range[1]), Number(range[2])];
      if (min > 65535 || max > 65535 || min > max) return bad(`the range ${v} is not min:max within 0-65535`);
      out.push({ kind: 'range', min, max, text: v });
    } else if (/^\d+$/.test(v)) {
      if (Number(v) > 65535) return bad(`port ${v} is above 65535`);
      out.push({ kind: 'range', min: Number(v), max: Number(v), text: v });
    } else if (/^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/i.test(v) && /[a-z]/i.test(v) && !v.includes('--')) {
      out.push({ kind: 'name', name: v, text: v });
    } else bad(`${JSON.stringify(v)} is neither a port, a "min:max" range nor a valid port name`);
  });
  return out;
}

function readEntity(r: Reader, field: 'source' | 'destination'): CalicoEntityRule {
  const broken: string[] = [];
  const sel = (key: string) => {
    const x = readCalicoSelector(r.at(key), `${field}.${key}`);
    if (x.broken) broken.push(x.broken);
    return x.sel;
  };
  const e: CalicoEntityRule = { ref: r.ref };
  e.selector = sel('selector');
  e.notSelector = sel('notSelector');
  e.namespaceSelector = sel('namespaceSelector');
  e.nets = readNets(r.at('nets'), `${field}.nets`, broken);
  e.notNets = readNets(r.at('notNets'), `${field}.notNets`, broken);
  e.ports = readPorts(r.at('ports'), `${field}.ports`, broken);
  e.notPorts = readPorts(r.at('notPorts'), `${field}.notPorts`, broken);
  const sa = r.at('serviceAccounts');
  if (sa.present) {
    const s = readCalicoSelector(sa.at('selector'), `${field}.serviceAccounts.selector`);
    if (s.broken) broken.push(s.broken);
    e.serviceAccounts = { names: sa.strListAt('names'), selector: s.sel, ref: sa.ref };
  }
  const svc = r.at('services');
  if (svc.present) {
    const name = svc.strAt('name');
    if (!name) {
      svc.invalid('services needs a name; the API server rejects the policy.');
      broken.push(`${field}.services has no name`);
    } else e.services = { name, namespace: svc.strAt('namespace'), ref: svc.ref };
  }
  // policy_common.go: "Services cannot be specified on the same rule as Selector, NotSelector, NamespaceSelector,
  // Nets, NotNets or ServiceAccounts" (CEL rules on EntityRule).
  if (e.services && (e.selector || e.notSelector || e.namespaceSelector || e.nets || e.notNets || e.serviceAccounts)) {
    svc.invalid(`services cannot be combined with selector, notSelector, namespaceSelector, nets, notNets or serviceAccounts; the API server rejects the policy. This rule matches nothing here.`);
    broken.push(`${field}.services combined with another selector`);
  }
  if (broken.length) e.broken = broken.join('; ');
  return e;
}

const ACTIONS: readonly CalicoAction[] = ['Allow', 'Deny', 'Pass', 'Log'];

function readRule(r: Reader, index: number, global: boolean, dir: 'ingress' | 'egress'): CalicoRule {
  const reasons: string[] = [];
  const a = r.strAt('action');
  let action: CalicoAction = 'Deny';
  if (a && (ACTIONS as readonly string[]).includes(a)) action = a as CalicoAction;
  else {
    r.at('action').invalid(`action must be Allow, Deny, Pass or Log, found ${JSON.stringify(a ?? null)}; the API server rejects the policy. This rule matches nothing here.`);
    reasons.push('no valid action');
  }
  const protocol = readProtocol(r.at('protocol'));
  const notProtocol = readProtocol(r.at('notProtocol'));
  if (protocol === 'invalid' || notProtocol === 'invalid') reasons.push('invalid protocol');
  const source = readEntity(r.at('source'), 'source');
  const destination = readEntity(r.at('destination'), 'destination');
  const rule: CalicoRule = { index, action, source, destination, ref: r.ref };
  if (protocol && protocol !== 'invalid') rule.protocol = protocol;
  if (notProtocol && notProtocol !== 'invalid') rule.notProtocol = notProtocol;
  // validator.go validateRule: ports need protocol TCP, UDP or SCTP.
  for (const [e, f] of [[source, 'source'], [destination, 'destination']] as const) {
    if ((e.ports?.length || e.notPorts?.length) && !(rule.protocol && PORTS_PROTOCOLS.has(rule.protocol.number))) {
      r.at(f).invalid(`${f} ports need protocol TCP, UDP or SCTP on the rule; the API server rejects the policy. This rule matches nothing here.`, 'invalid-port');
      reasons.push(`${f} ports without protocol TCP, UDP or SCTP`);
    }
  }
  const ipv = r.at('ipVersion');
  if (ipv.present) {
    if (ipv.value === 4 || ipv.value === 6) rule.ipVersion = ipv.value;
    else {
      ipv.invalid(`ipVersion must be 4 or 6, found ${JSON.stringify(ipv.value)}.`);
      reasons.push('invalid ipVersion');
    }
  }
  if (r.presentAt('http')) rule.http = r.at('http').ref;
  if (r.presentAt('icmp') || r.presentAt('notICMP')) rule.icmp = r.presentAt('icmp');
  // validator.go: Services only as a destination of egress rules and a source of ingress rules; ports with Services
  // only on ingress rules; a GlobalNetworkPolicy must name the Service's namespace.
  if ((dir === 'ingress' && destination.services) || (dir === 'egress' && source.services)) {
    r.at(dir === 'ingress' ? 'destination' : 'source', 'services').invalid(`services is allowed only as the ${dir === 'ingress' ? 'source of an ingress' : 'destination of an egress'} rule; the API server rejects the policy. This rule matches nothing here.`);
    reasons.push('services on the wrong side');
  }
  if (dir === 'egress' && destination.services && (destination.ports || destination.notPorts)) {
    r.at('destination', 'ports').invalid('ports cannot be combined with services on an egress rule (the Service\'s endpoint ports apply); the API server rejects the policy.', 'invalid-port');
    reasons.push('ports with destination services');
  }
  if (global) for (const [e, f] of [[source, 'source'], [destination, 'destination']] as const) {
    if (e.services && !e.services.namespace) {
      r.at(f, 'services', 'namespace').invalid('a GlobalNetworkPolicy must give the Service\'s namespace; the API server rejects the policy.');
      reasons.push(`${f}.services without a namespace`);
    }
  }
  const sideBroken = [source.broken, destination.broken].filter((x): x is string => !!x);
  if (reasons.length || sideBroken.length) rule.broken = [...reasons, ...sideBroken].join('; ');
  return rule;
}

/** The policy, or undefined for a `knp.default.*` mirror (reported). */
export function calicoPolicyFrom(ctx: BuildContext, meta: ObjectMeta, r: Reader): CalicoPolicy | undefined {
  const global = meta.kind === 'GlobalNetworkPolicy';
  if (meta.name.startsWith(KNP_PREFIX) || meta.name.startsWith('knp.')) {
    ctx.report('unsupported-field', meta.ref, `${meta.name} is Calico's own copy of the Kubernetes NetworkPolicy ${meta.name.slice(KNP_PREFIX.length)} (conversion prefix "${KNP_PREFIX}"); podpath reads the NetworkPolicy itself, so this copy is not counted a second time. If the NetworkPolicy is not in the input, add it (\`kubectl get networkpolicy -A -o yaml\`).`);
    return undefined;
  }
  const spec = r.at('spec');
  const tier = spec.strAt('tier') || 'default';
  const name = meta.name.startsWith(`${tier}.`) ? meta.name.slice(tier.length + 1) : meta.name;
  const orderR = spec.at('order');
  let order: number | undefined;
  if (orderR.present) {
    if (typeof orderR.value === 'number' && Number.isFinite(orderR.value)) order = orderR.value;
    else orderR.invalid(`order must be a number, found ${JSON.stringify(orderR.value)}; the API server rejects the policy. Read here as no order (last in its tier).`);
  }
  const brokenParts: string[] = [];
  const s = readCalicoSelector(spec.at('selector'), 'selector');
  if (s.broken) brokenParts.push(s.broken);
  let namespaceSelector: CalicoSelector | undefined;
  if (global) {
    const n = readCalicoSelector(spec.at('namespaceSelector'), 'namespaceSelector');
    if (n.broken) brokenParts.push(n.broken);
    namespaceSelector = n.sel;
  }
  const sa = readCalicoSelector(spec.at('serviceAccountSelector'), 'serviceAccountSelector');
  if (sa.broken) brokenParts.push(sa.broken);
  const ingress = spec.listAt('ingress').map((x, i) => readRule(x, i, global, 'ingress'));
  const egress = spec.listAt('egress').map((x, i) => readRule(x, i, global, 'egress'));
  const types: CalicoPolicyType[] = [];
  for (const t of spec.at('types').list()) {
    const v = t.str();
    if (v === 'Ingress' || v === 'Egress') types.push(v);
    else t.invalid(`types entries must be Ingress or Egress, found ${JSON.stringify(v ?? null)}.`);
  }
  const typesExplicit = types.length > 0;
  if (!typesExplicit) types.push(...(egress.length === 0 ? (['Ingress'] as const) : ingress.length === 0 ? (['Egress'] as const) : (['Ingress', 'Egress'] as const)));
  const p: CalicoPolicy = {
    meta,
    global,
    name,
    tier,
    order,
    selector: s.sel ?? { text: '', root: { op: 'all' } },
    selectorRef: spec.at('selector').ref,
    namespaceSelector,
    serviceAccountSelector: sa.sel,
    types: [...new Set(types)],
    typesExplicit,
    ingress,
    egress,
  };
  if (brokenParts.length) p.broken = brokenParts.join('; ');
  return p;
}
