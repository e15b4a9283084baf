// One direction of one pod under the `cilium` profile, when the input has Cilium policies (or admin
// policies, which Cilium does not enforce). Cilium's order, to the letter:
// 1. a matching deny entry (ingressDeny / egressDeny of any rule selecting the pod) denies, whatever allows:
//    "Deny policies take precedence over allow policies, regardless of whether they are a Cilium Network
//    Policy, a Clusterwide Cilium Network Policy or even a Kubernetes Network Policy" (deny.rst);
// 2. the pod is isolated in the direction when a rule selecting it enables default deny there (rule.go
//    EnableDefaultDeny: true by default for a direction with rules) or a NetworkPolicy isolates it: Cilium
//    translates NetworkPolicies into its own rules (pkg/k8s network_policy.go) and enforces the union;
// 3. isolated: allowed when any allow entry of a selecting rule, or any NetworkPolicy rule, admits the peer
//    on the port and the peer meets every fromRequires/toRequires of the rules selecting the pod; else denied.
// AdminNetworkPolicy / BaselineAdminNetworkPolicy are not implemented by Cilium (cilium/cilium#23380 is an
// open proposal; no Cilium code reads policy.networking.k8s.io): they are named and skipped. Host-network
// pods are the node's host endpoint: pod rules (endpointSelector) and NetworkPolicies do not select them;
// host policies (nodeSelector) might, on nodes whose labels podpath lacks. L7 rules and toFQDNs leave a
// verdict that depends on them undetermined.
import type { CiliumPeerRule, CiliumPolicy, CiliumRule } from '../../../model/kinds/ciliumnetworkpolicy';
import type { PodLike, Protocol } from '../../../model/types';
import type { BuiltCluster } from '../../../model/build';
import type { ExplanationStep, RuleRef } from '../../types';
import type { PolicyIndex } from '../cache';
import { describePeerEnd, objectName, ruleRef } from '../explain';
import { describePort, type ConnPort } from '../match';
import { evaluateNetworkPolicies } from '../networkpolicy';
import type { DirectionVerdict, PolicyPeer } from '../types';
import { ciliumAllowFix, ciliumDenyFix } from './fix';
import { ciliumSelects, identityOf } from './identity';
import { describeCiliumSelector, entryPeerMatches, entryPortsMatch } from './rules';

type Dir = 'ingress' | 'egress';

/** Whether the Cilium evaluation replaces the default one: the cilium profile, with Cilium or admin policies or
 *  host-network pods (the three things Cilium decides differently; without them the default walk, with the
 *  cilium ipBlock rule of policy/peers.ts, is Cilium's). */
export function ciliumGoverns(cluster: BuiltCluster): boolean {
  if (cluster.profile.name !== 'cilium') return false;
  let g = governs.get(cluster);
  if (g === undefined) governs.set(cluster, (g = !!cluster.ciliumPolicies?.length || cluster.adminNetworkPolicies.length > 0 || !!cluster.baselineAdminNetworkPolicy || cluster.pods.some((p) => p.hostNetwork)));
  return g;
}
const governs = new WeakMap<BuiltCluster, boolean>();

interface Selecting {
  policy: CiliumPolicy;
  rule: CiliumRule;
  ref: RuleRef;
}

function label(p: CiliumPolicy, r: CiliumRule): string {
  return `${objectName(p.meta)}${p.rules.length > 1 || r.label !== 'spec' ? ` (${r.label})` : ''}`;
}

const selectingCache = new WeakMap<BuiltCluster, WeakMap<PodLike, Selecting[]>>();

/** The pod rules (endpointSelector) that select `pod`, with their subject's YAML (kept per cluster and pod:
 *  the summary asks for every class pair). */
export function ciliumRulesSelecting(idx: PolicyIndex, pod: PodLike): Selecting[] {
  let byPod = selectingCache.get(idx.cluster);
  if (!byPod) selectingCache.set(idx.cluster, (byPod = new WeakMap()));
  let out = byPod.get(pod);
  if (!out) byPod.set(pod, (out = rulesSelecting(idx, pod)));
  return out;
}

function rulesSelecting(idx: PolicyIndex, pod: PodLike): Selecting[] {
  const self = identityOf(idx, { kind: 'pod', pod }, pod);
  const out: Selecting[] = [];
  for (const policy of idx.cluster.ciliumPolicies ?? []) {
    for (const rule of policy.rules) {
      if (!rule.endpointSelector || ciliumSelects(rule.endpointSelector, self) !== 'yes') continue;
      out.push({ policy, rule, ref: ruleRef(idx.cluster, policy.meta, rule.subjectRef, `${label(policy, rule)}, endpointSelector`) });
    }
  }
  return out;
}

function entryLabel(s: Selecting, section: string, e: CiliumPeerRule): string {
  return `${label(s.policy, s.rule)}, ${section} rule ${e.index + 1}`;
}

const L7_HINT = 'the request itself (its L7 rules) or addresses the input does not give';

function adminNote(idx: PolicyIndex): ExplanationStep | undefined {
  const n = idx.cluster.adminNetworkPolicies.length + (idx.cluster.baselineAdminNetworkPolicy ? 1 : 0);
  if (!n) return undefined;
  return { text: `Cilium does not implement AdminNetworkPolicy or BaselineAdminNetworkPolicy (cilium/cilium#23380 is an open proposal): the ${n} admin ${n === 1 ? 'policy' : 'policies'} of the input ${n === 1 ? 'has' : 'have'} no effect under the cilium profile.`, verdict: 'warning' };
}

function hostNetworkDirection(idx: PolicyIndex, pod: PodLike, dir: Dir, steps: ExplanationStep[]): DirectionVerdict {
  const hostRules = (idx.cluster.ciliumPolicies ?? []).flatMap((p) => p.rules.filter((r) => r.nodeSelector && r.defaultDeny[dir]).map((r) => ({ p, r })));
  const text = `${pod.id} uses the host network: Cilium sees it as its node's host endpoint, so rules with an endpointSelector and NetworkPolicies do not select it.`;
  steps.push({ text, verdict: 'info' });
  const v: DirectionVerdict = { direction: dir, allowed: true, decidedBy: 'not-isolated', selectedBy: [], steps, summary: text };
  if (hostRules.length) {
    const h = hostRules[0];
    const rule = ruleRef(idx.cluster, h.p.meta, h.r.subjectRef, `${label(h.p, h.r)}, nodeSelector`);
    steps.push({ text: `${rule.label} is a host policy (it selects nodes); with Cilium's host firewall enabled it applies to ${pod.id} if its node carries the selected labels, which the input does not give.`, verdict: 'undetermined', rule });
    v.undecided = [`${rule.label} may select the node of ${pod.id}`];
    v.undecidedWhy = 'node labels the input does not give';
    v.undecidedHint = 'check the node labels (`kubectl get node --show-labels`) and whether the host firewall is enabled';
  }
  return v;
}

export function evaluateCiliumDirection(idx: PolicyIndex, pod: PodLike, dir: Dir, other: PolicyPeer, port: ConnPort, protocol: Protocol, dstPod: PodLike | undefined): DirectionVerdict {
  const steps: ExplanationStep[] = [];
  const note = adminNote(idx);
  if (note) steps.push(note);
  if (pod.hostNetwork) return hostNetworkDirection(idx, pod, dir, steps);
  const field = dir === 'ingress' ? 'from' : 'to';
  const denySection = dir === 'ingress' ? 'ingressDeny' : 'egressDeny';
  const id = identityOf(idx, other, pod);
  const selecting = ciliumRulesSelecting(idx, pod);
  const peerText = describePeerEnd(other);
  const portText = describePort(port, protocol);
  for (const s of selecting) {
    const n = s.rule[dir].length;
    const d = s.rule[denySection].length;
    const dd = s.rule.defaultDeny[dir];
    steps.push({ text: `${s.ref.label.replace(/, endpointSelector$/, '')} selects ${pod.id} (endpointSelector ${describeCiliumSelector(s.rule.endpointSelector!)}): ${n} ${dir} and ${d} ${denySection} ${n + d === 1 ? 'rule' : 'rules'}; ${dd ? `default deny for ${dir}` : n + d ? `enableDefaultDeny.${dir}: false, so it does not isolate` : `no ${dir} section, so it does not isolate for ${dir}`}.`, verdict: 'info', rule: s.ref });
  }
  const selectedBy = selecting.filter((s) => s.rule.defaultDeny[dir]).map((s) => s.ref);

  // 1. Deny entries win.
  const denyUnknown: string[] = [];
  for (const s of selecting) {
    for (const e of s.rule[denySection]) {
      const peer = entryPeerMatches(idx, e, id, s.policy.meta.namespace, field);
      if (peer.m === 'no') continue;
      const ports = entryPortsMatch(e.toPorts, e.icmpOnly, port, protocol, dstPod);
      if (!ports.ok) continue;
      const rule = ruleRef(idx.cluster, s.policy.meta, e.ref, entryLabel(s, denySection, e));
      if (peer.m === 'unknown') {
        denyUnknown.push(`${rule.label}: ${peer.text}`);
        steps.push({ text: `${rule.label} would deny ${peerText} on ${portText} if it matches: ${peer.text}.`, verdict: 'undetermined', rule });
        continue;
      }
      const text = `${rule.label} denies ${peerText} on ${portText} (${peer.text}; ${ports.text}); deny rules win over every allow rule.`;
      steps.push({ text, verdict: 'denied', rule });
      return { direction: dir, allowed: false, decidedBy: 'cilium-policy', selectedBy, rule, steps, summary: text, fix: ciliumDenyFix(rule, dir) };
    }
  }

  // 2. Isolation: any Cilium rule with default deny in this direction, or a NetworkPolicy.
  const np = evaluateNetworkPolicies(idx, pod, dir === 'ingress' ? 'Ingress' : 'Egress', other, port, protocol, dstPod);
  const withUnknown = (v: DirectionVerdict, list: string[]): DirectionVerdict => {
    if (list.length) {
      v.undecided = [...(v.undecided ?? []), ...list];
      v.undecidedWhy ??= L7_HINT;
      v.undecidedHint ??= 'check the connection on the cluster (`cilium policy trace`, Hubble flows), or give the missing objects';
    }
    return v;
  };
  if (selectedBy.length === 0 && !np.isolated) {
    const text = `No Cilium rule puts ${pod.id} into default deny for ${dir}, and no NetworkPolicy isolates it: ${dir} is allowed.`;
    steps.push({ text, verdict: 'allowed' });
    return withUnknown({ direction: dir, allowed: true, decidedBy: 'not-isolated', selectedBy: [], steps, summary: text }, denyUnknown);
  }
  if (np.isolated) steps.push(...np.steps.filter((x) => x.verdict !== 'denied' || x.rule));

  // 3. Requirements (fromRequires / toRequires, deprecated): every one of the rules selecting the pod must
  // hold for an allow that selects the peer by labels — CNP fromEndpoints / toEndpoints, and NetworkPolicy
  // pod / namespace selectors, which Cilium translates into fromEndpoints. Entities and CIDRs are not narrowed
  // (ingress.go / egress.go GetSourceEndpointSelectorsWithRequirements).
  const reqField = `${field}Requires`;
  let unmet: { m: 'no' | 'unknown'; text: string; rule: RuleRef } | undefined;
  for (const s of selecting) {
    for (const e of s.rule[dir]) {
      for (const r of e.requires ?? []) {
        const m = ciliumSelects(r, id);
        if (m === 'yes' || unmet) continue;
        const rule = ruleRef(idx.cluster, s.policy.meta, r.ref, `${entryLabel(s, dir, e)}, ${reqField}`);
        unmet = { m, rule, text: `${rule.label} requires peers selected by labels to match ${describeCiliumSelector(r)}; ${peerText} ${m === 'no' ? 'does not' : 'may not (its node is unknown)'} (${reqField} is deprecated; it narrows every label-based allow of the endpoint, NetworkPolicy ones included)` };
      }
    }
  }
  if (unmet) steps.push({ text: `${unmet.text}.`, verdict: unmet.m === 'no' ? 'denied' : 'undetermined', rule: unmet.rule });

  // 4. Allow entries (Cilium) and NetworkPolicy rules, a union.
  const allowUnknown: string[] = [];
  const misses: string[] = [];
  for (const s of selecting) {
    for (const e of s.rule[dir]) {
      const rule = ruleRef(idx.cluster, s.policy.meta, e.ref, entryLabel(s, dir, e));
      const peer = entryPeerMatches(idx, e, id, s.policy.meta.namespace, field);
      const ports = entryPortsMatch(e.toPorts, e.icmpOnly, port, protocol, dstPod);
      if (unmet && peer.m === 'yes' && peer.byEndpoints && ports.ok) {
        // Narrowed by the requirement: not an allow (undetermined when the requirement is).
        if (unmet.m === 'unknown') allowUnknown.push(`${rule.label}: ${unmet.text}`);
        misses.push(`${rule.label}: ${unmet.text}`);
        steps.push({ text: `${rule.label} would allow ${peerText} (${peer.text}), but ${unmet.text}.`, verdict: unmet.m === 'no' ? 'denied' : 'undetermined', rule });
        continue;
      }
      if (peer.m === 'yes' && ports.ok && !ports.l7) {
        const text = `${rule.label} allows ${peerText} on ${portText} (${peer.text}; ${ports.text}).`;
        steps.push({ text, verdict: 'allowed', rule });
        return withUnknown({ direction: dir, allowed: true, decidedBy: 'cilium-policy', selectedBy, rule, steps, summary: text }, denyUnknown);
      }
      if (peer.m !== 'no' && ports.ok) {
        const why = ports.l7 ? `admits the connection to Cilium's proxy, whose L7 rules (${ports.l7}) decide each request` : peer.text;
        allowUnknown.push(`${rule.label}: ${why}`);
        steps.push({ text: `${rule.label} ${ports.l7 && peer.m === 'yes' ? why : `may allow it: ${peer.text}`}.`, verdict: 'undetermined', rule });
        continue;
      }
      const t = peer.m === 'no' ? peer.text : ports.text;
      misses.push(`${rule.label}: ${t}`);
      steps.push({ text: `${rule.label} does not allow ${peerText} on ${portText}: ${t}.`, verdict: 'denied', rule });
    }
  }
  const npNarrowed = np.isolated && np.allowed && unmet !== undefined && other.kind === 'pod';
  if (npNarrowed) {
    misses.push(`${np.rule?.label ?? 'a NetworkPolicy rule'}: ${unmet!.text}`);
    if (unmet!.m === 'unknown') allowUnknown.push(`${np.rule?.label ?? 'a NetworkPolicy rule'}: ${unmet!.text}`);
  }
  if (np.isolated && np.allowed && !npNarrowed) {
    const v: DirectionVerdict = { direction: dir, allowed: true, decidedBy: 'network-policy', selectedBy: [...selectedBy, ...np.selectedBy], rule: np.rule, steps, summary: `${np.reason} (Cilium enforces NetworkPolicy alongside its own rules)` };
    return withUnknown(v, denyUnknown);
  }
  const n = selectedBy.length + (np.isolated ? np.selectedBy.length : 0);
  const summary = `${n} ${n === 1 ? 'policy isolates' : 'policies isolate'} ${pod.id} for ${dir} (Cilium rules and NetworkPolicies together); none allows ${peerText} on ${portText}${misses.length ? `: ${misses.slice(0, 3).join('; ')}${misses.length > 3 ? `; and ${misses.length - 3} more` : ''}` : ''}.`;
  steps.push({ text: summary, verdict: 'denied' });
  // The hop cites the first isolating rule (its endpointSelector line) when no single rule decided.
  const v: DirectionVerdict = { direction: dir, allowed: false, decidedBy: 'cilium-policy', selectedBy: [...selectedBy, ...np.selectedBy], rule: selectedBy[0] ?? np.selectedBy[0], steps, summary, fix: ciliumAllowFix(dir, pod, other, port, protocol, id.reserved) };
  if (np.undecided?.length) v.undecided = [...np.undecided];
  return withUnknown(v, allowUnknown);
}
