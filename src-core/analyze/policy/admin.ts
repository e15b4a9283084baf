// AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1) for one direction
// of one pod. ANPs are read in ascending priority, rules in order; the first rule whose peer and port
// match decides: Allow / Deny are final, Pass hands the connection to NetworkPolicy. The BANP is read
// only when no NetworkPolicy isolates the pod. `namespaces` / `pods` peers match only pods; `networks`
// match addresses and pods by their IP (a pod whose IP is unknown may leave a rule undecided; predicate.ts);
// `nodes` peers are not modelled (nodes are not endpoints here).
import { formatSelector } from '../../model/selector';
import type { AdminNetworkPolicy, AdminPeer, AdminRule, PodLike, Protocol } from '../../model/types';
import type { ExplanationStep, RuleRef } from '../types';
import type { PolicyIndex } from './cache';
import { describePeerEnd, objectName, ruleRef } from './explain';
import { adminPortMatches, describeAdminPort, describePort, type ConnPort } from './match';
import { adminPeerMatches, adminRulePortOk, subjectSelects } from './predicate';
import type { PolicyPeer } from './types';

export interface AdminResult {
  /** 'none' when no rule of any selecting policy matched (or nothing selects the pod). */
  action: 'Allow' | 'Deny' | 'Pass' | 'none';
  rule?: RuleRef;
  /** The policy whose rule decided. */
  policy?: AdminNetworkPolicy;
  /** Policies whose subject selects the pod. */
  selectedBy: RuleRef[];
  steps: ExplanationStep[];
  text: string;
  /**
   * Rules read before the decision that did not match only because a pod's IP is unknown (`networks`
   * peers), with their action: the verdict may differ if the IP is inside their networks.
   */
  undecided?: { action: AdminRule['action']; text: string }[];
}

export function describeAdminPeer(peer: AdminPeer): string {
  const parts: string[] = [];
  if (peer.namespaces) parts.push(`pods in namespaces ${formatSelector(peer.namespaces)}`);
  if (peer.pods) parts.push(`pods ${formatSelector(peer.pods.podSelector)} in namespaces ${formatSelector(peer.pods.namespaceSelector)}`);
  if (peer.networks) parts.push(`networks ${peer.networks.join(', ') || '(none valid)'}`);
  if (peer.nodes) parts.push(`nodes ${formatSelector(peer.nodes)} (not modelled: matches no pod or address here)`);
  return parts.join(' or ') || 'nothing';
}

function ruleName(p: AdminNetworkPolicy, dir: 'ingress' | 'egress', r: AdminRule): string {
  return `${objectName(p.meta)}, ${dir} rule ${r.index + 1}${r.name ? ` "${r.name}"` : ''}`;
}

interface RuleCheck {
  matched: boolean;
  text: string;
  ref: RuleRef;
  /** Peer and port would match if the pod's unknown IP is inside a networks CIDR. */
  undecided?: string;
}

function checkRule(idx: PolicyIndex, p: AdminNetworkPolicy, dir: 'ingress' | 'egress', r: AdminRule, other: PolicyPeer, port: ConnPort, protocol: Protocol, dstPod: PodLike | undefined): RuleCheck {
  const label = ruleName(p, dir, r);
  const ref = ruleRef(idx.cluster, p.meta, r.ref, label);
  const results = r.peers.map((peer) => adminPeerMatches(idx, peer, other));
  const hit = results.find((x) => x.m === 'yes');
  if (!hit) {
    const what = r.peers.length ? r.peers.map(describeAdminPeer).join('; ') : 'no peers';
    const undecided = results.find((x): x is { m: 'undecided'; reason: string } => x.m === 'undecided');
    const networksOnly = r.peers.some((x) => x.networks && !x.namespaces && !x.pods);
    let note = '';
    if (other.kind === 'external') note = ' (namespaces/pods peers never match addresses outside the cluster)';
    else if (undecided) note = ` (networks peers match pod IPs too: ${undecided.reason})`;
    else if (networksOnly) note = ' (networks peers match pod IPs too; none holds this pod)';
    const c: RuleCheck = { matched: false, ref, text: `${label} (${r.action}) does not match ${describePeerEnd(other)}: it selects ${what}${note}.` };
    // Undecided only matters when the rule's ports would admit the connection.
    if (undecided && adminRulePortOk(r.ports, port, protocol, dstPod)) {
      c.undecided = `${label} (${r.action}) applies only if ${describePeerEnd(other)}'s IP is inside its networks: ${undecided.reason}`;
    }
    return c;
  }
  const why = hit.m === 'yes' && hit.why ? ` (${hit.why})` : '';
  if (r.ports && r.ports.length) {
    const reasons: string[] = [];
    for (const pt of r.ports) {
      const m = adminPortMatches(pt, port, protocol, dstPod);
      if (m.matches) return { matched: true, ref, text: `${label} matches ${describePeerEnd(other)}${why} on ${describeAdminPort(pt)}: ${r.action}.` };
      reasons.push(m.reason);
    }
    return { matched: false, ref, text: `${label} (${r.action}) matches ${describePeerEnd(other)}${why} but not ${describePort(port, protocol)}: ${reasons.join('; ')}.` };
  }
  return { matched: true, ref, text: `${label} matches ${describePeerEnd(other)}${why} on every port: ${r.action}.` };
}

function runRules(idx: PolicyIndex, p: AdminNetworkPolicy, dir: 'ingress' | 'egress', other: PolicyPeer, port: ConnPort, protocol: Protocol, dstPod: PodLike | undefined, steps: ExplanationStep[], undecided: NonNullable<AdminResult['undecided']>): RuleCheck & { action?: AdminRule['action'] } {
  const rules = dir === 'ingress' ? p.ingress : p.egress;
  for (const r of rules) {
    const c = checkRule(idx, p, dir, r, other, port, protocol, dstPod);
    if (c.matched) {
      steps.push({ text: c.text, verdict: r.action === 'Allow' ? 'allowed' : r.action === 'Deny' ? 'denied' : 'info', rule: c.ref });
      return { ...c, action: r.action };
    }
    steps.push({ text: c.text, verdict: 'info', rule: c.ref });
    if (c.undecided) undecided.push({ action: r.action, text: c.undecided });
  }
  return { matched: false, text: '', ref: ruleRef(idx.cluster, p.meta, p.meta.ref, objectName(p.meta)) };
}

/** AdminNetworkPolicies, in priority order, for `pod` in one direction. */
export function evaluateAdminPolicies(idx: PolicyIndex, pod: PodLike, dir: 'ingress' | 'egress', other: PolicyPeer, port: ConnPort, protocol: Protocol, dstPod: PodLike | undefined): AdminResult {
  const selecting = idx.adminPoliciesSelecting(pod);
  const steps: ExplanationStep[] = [];
  const selectedBy: RuleRef[] = [];
  const undecided: NonNullable<AdminResult['undecided']> = [];
  const done = (r: AdminResult): AdminResult => (undecided.length ? { ...r, undecided } : r);
  for (const p of selecting) {
    if ((dir === 'ingress' ? p.ingress : p.egress).length === 0) continue;
    const ref = ruleRef(idx.cluster, p.meta, p.subjectRef, `${objectName(p.meta)}, spec.subject`);
    selectedBy.push(ref);
    steps.push({ text: `${objectName(p.meta)} (priority ${p.priority}) applies to ${pod.id} (spec.subject).`, verdict: 'info', rule: ref });
    const c = runRules(idx, p, dir, other, port, protocol, dstPod, steps, undecided);
    if (c.action) return done({ action: c.action, rule: c.ref, policy: p, selectedBy, steps, text: c.text });
  }
  return done({ action: 'none', selectedBy, steps, text: '' });
}

/** The BaselineAdminNetworkPolicy for `pod` in one direction (read only when no NetworkPolicy isolates it). */
export function evaluateBaseline(idx: PolicyIndex, pod: PodLike, dir: 'ingress' | 'egress', other: PolicyPeer, port: ConnPort, protocol: Protocol, dstPod: PodLike | undefined): AdminResult {
  const b = idx.cluster.baselineAdminNetworkPolicy;
  const steps: ExplanationStep[] = [];
  if (!b || !subjectSelects(b.subject, pod, idx.namespaceLabels(pod.namespace))) return { action: 'none', selectedBy: [], steps, text: '' };
  const ref = ruleRef(idx.cluster, b.meta, b.subjectRef, `${objectName(b.meta)}, spec.subject`);
  if ((dir === 'ingress' ? b.ingress : b.egress).length === 0) return { action: 'none', selectedBy: [ref], steps, text: '' };
  steps.push({ text: `${objectName(b.meta)} applies to ${pod.id} (spec.subject), after NetworkPolicies.`, verdict: 'info', rule: ref });
  const undecided: NonNullable<AdminResult['undecided']> = [];
  const c = runRules(idx, b, dir, other, port, protocol, dstPod, steps, undecided);
  // A baseline rule has no Pass (the API allows Allow and Deny); one written anyway decides nothing, so the default (allow) follows.
  for (const x of undecided) if (x.action === 'Pass') x.action = 'Allow';
  const u = undecided.length ? { undecided } : {};
  if (c.action === 'Allow' || c.action === 'Deny') return { action: c.action, rule: c.ref, selectedBy: [ref], steps, text: c.text, ...u };
  return { action: 'none', selectedBy: [ref], steps, text: '', ...u };
}
