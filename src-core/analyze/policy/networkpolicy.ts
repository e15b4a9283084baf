// NetworkPolicy (networking.k8s.io/v1) for one direction of one pod: is the pod isolated (selected by a
// policy whose policyTypes include the direction), and if so, does any rule of any selecting policy admit
// the peer on the port? Policies are additive: one admitting rule is enough. Peers:
// - podSelector alone: pods of the policy's own namespace; namespaceSelector alone: all pods of the
//   selected namespaces (`{}` = every namespace); both in one peer: AND.
// - ipBlock: `except` narrows only its own block; it matches addresses outside the cluster and pods by
//   their IP, and a pod whose IP is unknown may leave it undecided (predicate.ts, docs/semantics-policy.md).
import { formatSelector } from '../../model/selector';
import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyRule, PodLike, PolicyType, Protocol } from '../../model/types';
import type { ExplanationStep, RuleRef } from '../types';
import { effectivePolicyTypes, type PolicyIndex } from './cache';
import { describeLabels, describeNPPeer, describePeerEnd, objectName, ruleRef } from './explain';
import { describeNP, describePort, npPortMatches, type ConnPort } from './match';
import { npPeerMatches } from './peers';
import { npRulePortOk } from './predicate';
import type { PolicyPeer } from './types';

const MAX_REASONS = 5;

export interface NPResult {
  isolated: boolean;
  allowed: boolean;
  selectedBy: RuleRef[];
  rule?: RuleRef;
  steps: ExplanationStep[];
  /** One line: what admitted it, or why nothing did. */
  reason: string;
  /** A denial that depends on pod IPs the input does not give: the rules that would admit it if the IP is inside their ipBlock. */
  undecided?: string[];
}

export interface RuleOutcome {
  matched: boolean;
  rule: RuleRef;
  text: string;
  /** For the one-line summary of a denial: `allow-web rule 1 admits only pods app=ui in namespace shop`. */
  short?: string;
  /** Not matched only because a pod's IP is unknown: the rule would admit the connection if the IP is inside its ipBlock. */
  undecided?: string;
}

function ruleLabel(np: NetworkPolicy, dir: 'ingress' | 'egress', rule: NetworkPolicyRule): string {
  return `${objectName(np.meta)}, ${dir} rule ${rule.index + 1}`;
}

/** One rule of one NetworkPolicy against the connection (also read by Calico's default tier, policy/calico/). */
export function evaluateRule(idx: PolicyIndex, np: NetworkPolicy, dir: 'ingress' | 'egress', rule: NetworkPolicyRule, other: PolicyPeer, port: ConnPort, protocol: Protocol, dstPod: PodLike | undefined): RuleOutcome {
  const label = ruleLabel(np, dir, rule);
  const field = dir === 'ingress' ? 'from' : 'to';
  let peerText = 'every peer';
  let peerRef = rule.ref;
  let peerLabel = label;
  if (rule.peers && rule.peers.length) {
    const reasons: string[] = [];
    let hit = -1;
    let why: string | undefined;
    let undecided: { i: number; reason: string } | undefined;
    for (let i = 0; i < rule.peers.length; i++) {
      const m = npPeerMatches(idx, rule.peers[i], np.meta.namespace, other);
      if (m.matches) {
        hit = i;
        why = m.why;
        break;
      }
      if (m.undecided && !undecided) undecided = { i, reason: m.undecided };
      // Long peer lists (hundreds of /32 ipBlocks) would drown the explanation; the first few say enough.
      if (reasons.length < MAX_REASONS) reasons.push(`peer ${i + 1} (${describeNPPeer(rule.peers[i], np.meta.namespace)}): ${m.reason}`);
    }
    if (hit < 0) {
      if (rule.peers.length > MAX_REASONS) reasons.push(`and ${rule.peers.length - MAX_REASONS} more peers do not match either`);
      const only = rule.peers.slice(0, 3).map((p) => describeNPPeer(p, np.meta.namespace)).join(' or ') + (rule.peers.length > 3 ? ' …' : '');
      const out: RuleOutcome = { matched: false, rule: ruleRef(idx.cluster, np.meta, rule.ref, label), text: `${label} does not admit ${describePeerEnd(other)}: ${reasons.join('; ')}.`, short: `${np.meta.name} ${dir} rule ${rule.index + 1} admits ${only}, not ${other.kind === 'pod' ? other.pod.id : other.ip}` };
      // Undecided only matters when the rule's ports would admit the connection.
      if (undecided && npRulePortOk(rule, port, protocol, dstPod)) {
        out.undecided = `${label}, ${field} peer ${undecided.i + 1} (ipBlock ${rule.peers[undecided.i].ipBlock?.cidr}) admits ${describePeerEnd(other)} only if its IP is inside the block: ${undecided.reason}`;
      }
      return out;
    }
    if (why) peerText = `peer ${hit + 1} (${describeNPPeer(rule.peers[hit], np.meta.namespace)}; ${why})`;
    else peerText = `peer ${hit + 1} (${describeNPPeer(rule.peers[hit], np.meta.namespace)})`;
    peerRef = rule.peers[hit].ref;
    peerLabel = `${label}, ${field} peer ${hit + 1}`;
  } else {
    peerText = rule.peers ? `every peer (\`${field}: []\`)` : `every peer (no \`${field}\`)`;
  }
  if (rule.ports && rule.ports.length) {
    const reasons: string[] = [];
    for (let i = 0; i < rule.ports.length; i++) {
      const m = npPortMatches(rule.ports[i], port, protocol, dstPod);
      if (m.matches) {
        return { matched: true, rule: ruleRef(idx.cluster, np.meta, peerRef, `${peerLabel}, port ${i + 1}`), text: `${label} admits ${describePeerEnd(other)}: ${peerText}, port ${i + 1} (${describeNP(rule.ports[i])}).` };
      }
      reasons.push(m.reason);
    }
    return {
      matched: false,
      rule: ruleRef(idx.cluster, np.meta, rule.ref, label),
      text: `${label} matches ${describePeerEnd(other)} (${peerText}) but only on ${rule.ports.map(describeNP).join(', ')}, not ${describePort(port, protocol)}: ${reasons.join('; ')}.`,
      short: `${np.meta.name} ${dir} rule ${rule.index + 1} admits it only on ${rule.ports.map(describeNP).join(', ')}`,
    };
  }
  return { matched: true, rule: ruleRef(idx.cluster, np.meta, peerRef, peerLabel), text: `${label} admits ${describePeerEnd(other)}: ${peerText}, on every port and protocol.` };
}

/**
 * NetworkPolicies for `pod` in one direction against `other` (the source for ingress, the destination for
 * egress). `dstPod` is the destination pod, where named ports are looked up (undefined when external).
 */
export function evaluateNetworkPolicies(idx: PolicyIndex, pod: PodLike, type: PolicyType, other: PolicyPeer, port: ConnPort, protocol: Protocol, dstPod: PodLike | undefined): NPResult {
  const dir = type === 'Ingress' ? 'ingress' : 'egress';
  const selecting = idx.networkPoliciesSelecting(pod, type);
  if (selecting.length === 0) {
    const inNs = idx.networkPoliciesIn(pod.namespace).length;
    const text = `No NetworkPolicy selects ${pod.id} for ${dir}${inNs ? ` (${inNs} in namespace ${pod.namespace}, none with a matching podSelector and ${type} in policyTypes)` : ''}: it is not isolated for ${dir}.`;
    return { isolated: false, allowed: true, selectedBy: [], steps: [{ text, verdict: 'allowed' }], reason: text };
  }
  const steps: ExplanationStep[] = [];
  const selectedBy: RuleRef[] = [];
  for (const np of selecting) {
    const ref = ruleRef(idx.cluster, np.meta, np.podSelectorRef, `${objectName(np.meta)}, spec.podSelector`);
    selectedBy.push(ref);
    const eff = effectivePolicyTypes(np);
    const types = eff.defaulted ? `policyTypes ${np.policyTypesExplicit ? 'empty' : 'not set'}, so ${eff.types.join(', ')}${eff.types.length === 1 ? ' only (no egress rules)' : ''}` : `policyTypes ${eff.types.join(', ')}`;
    steps.push({ text: `${objectName(np.meta)} selects ${pod.id} (podSelector ${formatSelector(np.podSelector)}; ${types})${np.meta.impliedBy ? ` — implied by the ${np.meta.impliedBy} profile` : ''}.`, verdict: 'info', rule: ref });
  }
  const failures: string[] = [];
  const undecided: string[] = [];
  for (const np of selecting) {
    const rules = type === 'Ingress' ? np.ingress : np.egress;
    if (rules.length === 0) {
      const t = `${objectName(np.meta)} has no ${dir} rules: it only isolates ${pod.id} (denies all ${dir}).`;
      steps.push({ text: t, verdict: 'denied', rule: selectedBy[selecting.indexOf(np)] });
      failures.push(`${np.meta.name} has no ${dir} rules (deny all)`);
      continue;
    }
    for (const rule of rules) {
      const o = evaluateRule(idx, np, dir, rule, other, port, protocol, dstPod);
      if (o.matched) {
        steps.push({ text: o.text, verdict: 'allowed', rule: o.rule });
        return { isolated: true, allowed: true, selectedBy, rule: o.rule, steps, reason: o.text };
      }
      steps.push({ text: o.text, verdict: 'denied', rule: o.rule });
      if (o.undecided) undecided.push(o.undecided);
      failures.push(o.short ?? o.text);
    }
  }
  const n = selecting.length;
  const reason = `${n} ${n === 1 ? 'NetworkPolicy selects' : 'NetworkPolicies select'} ${pod.id} for ${dir}; none admits ${describePeerEnd(other)} on ${describePort(port, protocol)}`;
  steps.push({ text: `${reason}.`, verdict: 'denied' });
  const why = failures.slice(0, 3).join('; ') + (failures.length > 3 ? `; and ${failures.length - 3} more` : '');
  const r: NPResult = { isolated: true, allowed: false, selectedBy, steps, reason: `${reason}: ${why}.` };
  if (undecided.length) r.undecided = undecided;
  return r;
}
