// NetworkPolicy (networking.k8s.io/v1), normalised. The defaults that matter are kept explicit:
// policyTypes defaults to [Ingress] plus Egress when spec.egress is present; a missing or empty
// from/to/ports list means "all"; a missing protocol means TCP.
import ipaddr from 'ipaddr.js';
import type { Reader } from '../context';
import { EVERYTHING } from '../selector';
import type { IPBlock, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicyRule, ObjectMeta, PolicyType } from '../types';

export function validCIDR(s: string): boolean {
  try {
    ipaddr.parseCIDR(s);
    return true;
  } catch {
    return false;
  }
}

function readIPBlock(r: Reader): IPBlock | undefined {
  const cidr = r.strAt('cidr');
  if (!cidr || !validCIDR(cidr)) {
    r.at('cidr').invalid(`ipBlock.cidr must be a CIDR such as 10.0.0.0/8, found ${JSON.stringify(cidr ?? null)}; the API server would reject this policy. This peer matches nothing here.`, 'invalid-cidr');
    return undefined;
  }
  const except = r.strListAt('except');
  except.forEach((e, i) => {
    if (!validCIDR(e)) r.at('except', i).invalid(`except entries must be CIDRs, found ${JSON.stringify(e)}.`, 'invalid-cidr');
  });
  return { cidr, except: except.filter(validCIDR), ref: r.ref };
}

function readPeers(list: Reader): NetworkPolicyPeer[] | undefined {
  if (!list.present) return undefined;
  const out: NetworkPolicyPeer[] = [];
  for (const p of list.list()) out.push(readPeer(p));
  return out;
}

function readPeer(p: Reader): NetworkPolicyPeer {
  const ipb = p.at('ipBlock');
  const podSelector = p.selectorAt('podSelector');
  const namespaceSelector = p.selectorAt('namespaceSelector');
  if (ipb.present) {
    if (podSelector || namespaceSelector) p.invalid('a peer with ipBlock may not also have podSelector or namespaceSelector; the API server would reject this policy.');
    const ipBlock = readIPBlock(ipb);
    // An invalid ipBlock must not widen the rule: keep a peer that matches nothing.
    return { ipBlock: ipBlock ?? { cidr: '', except: [], ref: ipb.ref }, ref: p.ref };
  }
  if (!podSelector && !namespaceSelector) {
    p.invalid('a peer needs podSelector, namespaceSelector or ipBlock; an empty peer is rejected by the API server. It matches nothing here.');
    return { ipBlock: { cidr: '', except: [], ref: p.ref }, ref: p.ref };
  }
  return { podSelector, namespaceSelector, ref: p.ref };
}

function readPorts(list: Reader): NetworkPolicyPort[] | undefined {
  if (!list.present) return undefined;
  return list.list().map((p) => {
    const read = p.at('port').portOrName();
    if (typeof read === 'object') {
      // Not "every port" (what a missing port means): the entry the user wrote admits nothing.
      p.at('port').invalid(`port ${read.invalid}; the API server cannot read this policy (an int-or-string port is a 32-bit whole number or a port name). This ports entry admits nothing here.`, 'invalid-port');
      return { protocol: p.protocolAt('protocol'), invalid: read.invalid, ref: p.ref };
    }
    const port = read;
    const endPort = p.portAt('endPort');
    if (typeof port === 'number' && (port < 1 || port > 65535)) p.at('port').invalid(`a port must be between 1 and 65535, found ${port}.`, 'invalid-port');
    if (endPort !== undefined) {
      if (typeof port !== 'number') p.at('endPort').invalid('endPort needs a numeric `port`; the API server rejects it otherwise.', 'invalid-port');
      else if (endPort < port) p.at('endPort').invalid(`endPort (${endPort}) must not be below port (${port}).`, 'invalid-port');
    }
    return { protocol: p.protocolAt('protocol'), port, endPort: typeof port === 'number' ? endPort : undefined, ref: p.ref };
  });
}

function readRules(list: Reader, peerField: 'from' | 'to'): NetworkPolicyRule[] {
  return list.list().map((rule, index) => ({
    index,
    peers: readPeers(rule.at(peerField)),
    ports: readPorts(rule.at('ports')),
    ref: rule.ref,
  }));
}

export function networkPolicyFrom(meta: ObjectMeta, r: Reader): NetworkPolicy {
  const spec = r.at('spec');
  const ps = spec.at('podSelector');
  const typesR = spec.at('policyTypes');
  let policyTypes: PolicyType[] = [];
  for (const t of typesR.list()) {
    const s = t.str();
    if (s === 'Ingress' || s === 'Egress') policyTypes.push(s);
    else t.invalid(`policyTypes entries must be Ingress or Egress, found ${JSON.stringify(s)}.`);
  }
  // SetDefaults_NetworkPolicy (k8s.io/kubernetes pkg/apis/networking/v1/defaults.go): when policyTypes is
  // missing OR empty, Ingress is implied, plus Egress only if there is at least one egress rule —
  // `egress: []` does not make the policy an egress policy.
  const explicit = policyTypes.length > 0;
  if (!explicit) policyTypes = spec.listAt('egress').length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  return {
    meta,
    podSelector: ps.selector() ?? EVERYTHING,
    podSelectorRef: ps.ref,
    policyTypes,
    policyTypesExplicit: explicit,
    ingress: readRules(spec.at('ingress'), 'from'),
    egress: readRules(spec.at('egress'), 'to'),
  };
}
