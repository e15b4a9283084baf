// evaluateConnection: may `src` open a connection to `dst` on port/protocol as far as the cluster's
// policies go? A connection needs the source's egress AND the destination's ingress. Per direction:
//   AdminNetworkPolicy (priority order; Allow/Deny final, Pass → on) → NetworkPolicy (if any selects the
//   pod, it decides) → BaselineAdminNetworkPolicy → allowed (not isolated).
// Ends outside the cluster have no policies of their own ('not-applicable'). Under the
// openshift-multitenant profile, project isolation by netid replaces all of that (see multitenant.ts), and
// OpenShift SDN's Subnet mode enforces nothing (subnet.ts): POLICY_MODES below, the per-direction
// extension point for network plug-ins.
// A direction that depends on a pod IP the input lacks, or a policy object podpath does not model that
// could apply to an end (unmodelled.ts), makes the connection 'undetermined' unless a direction denies.
// The verdict is data: per direction what selected the pod, the deciding rule, steps and a fix.
import type { BuiltCluster } from '../../model/build';
import type { Labels, PodLike, Protocol } from '../../model/types';
import { objectKey } from '../../model/types';
import type { ExplanationStep, Hop, HopKind } from '../types';
import { evaluateAdminPolicies, evaluateBaseline, type AdminResult } from './admin';
import { policyIndex, type PolicyIndex } from './cache';
import { adminAllowFix, defineLazySource, describePeerEnd, networkPolicyFix, objectName } from './explain';
import { describePort, namedPortNumber, type ConnPort } from './match';
import { describeNetId, netIds } from './multitenant';
import { evaluateNetworkPolicies } from './networkpolicy';
import { evaluateSubnet, subnetModeRule } from './subnet';
import { unmodelledHop } from './unmodelled';
import { calicoApplies, evaluateCalicoDirection } from './calico/direction';
import type { ConnectionVerdict, DirectionVerdict, PolicyPeer } from './types';

type Dir = 'ingress' | 'egress';

/** The connection's port: a number, a digit string, or a name resolved on the destination pod by name and protocol. */
export function resolveConnPort(port: number | string, protocol: Protocol, dstPod: PodLike | undefined): ConnPort {
  if (typeof port === 'number') return { num: port };
  if (/^\d+$/.test(port)) return { num: Number(port) };
  const n = namedPortNumber(dstPod, port, protocol);
  return n === undefined ? { name: port } : { num: n, name: port };
}

function notApplicable(direction: Dir, end: PolicyPeer): DirectionVerdict {
  const text = `${describePeerEnd(end)} is outside the cluster: no ${direction} policy of its own applies.`;
  return { direction, allowed: true, decidedBy: 'not-applicable', selectedBy: [], steps: [{ text, verdict: 'info' }], summary: text };
}

type Undecided = NonNullable<AdminResult['undecided']>;

/**
 * The undecided admin rules that could change the verdict: an Allow when the verdict is a denial, a Deny
 * when it is allowed, and a Pass only when an AdminNetworkPolicy decided (Pass would hand it to NetworkPolicy).
 */
function relevant(list: Undecided | undefined, allowed: boolean, anpDecided: boolean, afterPass?: () => boolean[]): string[] {
  return (list ?? [])
    .filter((u) => (u.action === 'Allow' && !allowed) || (u.action === 'Deny' && allowed) || (u.action === 'Pass' && anpDecided && (afterPass?.() ?? [true, false]).some((x) => x !== allowed)))
    .map((u) => u.text);
}

/**
 * The verdicts NetworkPolicies then the Baseline could give (what a Pass hands the connection to): one
 * value when decided, both when that stage itself depends on an unknown pod IP.
 */
function afterPassOutcomes(idx: PolicyIndex, pod: PodLike, direction: Dir, other: PolicyPeer, port: ConnPort, protocol: Protocol, dstPod: PodLike | undefined): boolean[] {
  const np = evaluateNetworkPolicies(idx, pod, direction === 'ingress' ? 'Ingress' : 'Egress', other, port, protocol, dstPod);
  if (np.isolated) return np.allowed ? [true] : np.undecided?.length ? [false, true] : [false];
  const banp = evaluateBaseline(idx, pod, direction, other, port, protocol, dstPod);
  const allowed = banp.action !== 'Deny';
  return relevant(banp.undecided, allowed, false).length ? [allowed, !allowed] : [allowed];
}

/** The labels of the other end's namespace, for a fix that admits it by namespace (explain.ts). */
function peerNamespaceLabels(idx: PolicyIndex, other: PolicyPeer): Labels | undefined {
  return other.kind === 'pod' ? idx.namespaceLabels(other.pod.namespace) : undefined;
}

function withUndecided(v: DirectionVerdict, texts: string[]): DirectionVerdict {
  if (texts.length) v.undecided = texts;
  return v;
}

function evaluateDirection(idx: PolicyIndex, pod: PodLike, direction: Dir, other: PolicyPeer, port: ConnPort, protocol: Protocol, dstPod: PodLike | undefined): DirectionVerdict {
  const steps: ExplanationStep[] = [];
  const anp = evaluateAdminPolicies(idx, pod, direction, other, port, protocol, dstPod);
  steps.push(...anp.steps);
  if (anp.action === 'Allow' || anp.action === 'Deny') {
    const allowed = anp.action === 'Allow';
    const v: DirectionVerdict = { direction, allowed, decidedBy: 'admin-network-policy', selectedBy: anp.selectedBy, rule: anp.rule, steps, summary: anp.text };
    if (!allowed) {
      const summary = `${anp.rule?.label ?? 'An AdminNetworkPolicy rule'} denies this, before any NetworkPolicy is read; only a cluster administrator can change it: add an Allow rule for ${describePeerEnd(other)} on ${describePort(port, protocol)} before that rule, or an AdminNetworkPolicy with a lower priority number that allows it.`;
      const used = new Set(idx.cluster.adminNetworkPolicies.map((p) => p.priority ?? 0));
      const alt = anp.policy?.priority !== undefined ? adminAllowFix(direction, pod, other, port, protocol, anp.policy.priority, used, peerNamespaceLabels(idx, other)) : undefined;
      v.fix = alt ? { summary: `${summary} ${alt.summary}`, snippet: alt.snippet, object: anp.rule?.object } : { summary, object: anp.rule?.object };
    }
    let after: boolean[] | undefined;
    const afterPass = () => (after ??= afterPassOutcomes(idx, pod, direction, other, port, protocol, dstPod));
    return withUndecided(v, relevant(anp.undecided, allowed, true, afterPass));
  }
  if (anp.action === 'Pass') steps.push({ text: 'Pass: the AdminNetworkPolicies leave the decision to NetworkPolicies (then the BaselineAdminNetworkPolicy).', verdict: 'info' });
  const type = direction === 'ingress' ? 'Ingress' : 'Egress';
  const np = evaluateNetworkPolicies(idx, pod, type, other, port, protocol, dstPod);
  if (np.isolated) {
    steps.push(...np.steps);
    const v: DirectionVerdict = { direction, allowed: np.allowed, decidedBy: 'network-policy', selectedBy: [...anp.selectedBy, ...np.selectedBy], rule: np.rule, steps, summary: np.reason };
    if (!np.allowed) v.fix = networkPolicyFix(direction, pod, other, port, protocol, undefined, peerNamespaceLabels(idx, other));
    return withUndecided(v, [...relevant(anp.undecided, np.allowed, false), ...(np.undecided ?? [])]);
  }
  const banp = evaluateBaseline(idx, pod, direction, other, port, protocol, dstPod);
  if (banp.action === 'Allow' || banp.action === 'Deny') {
    steps.push(np.steps[0], ...banp.steps);
    const allowed = banp.action === 'Allow';
    const v: DirectionVerdict = { direction, allowed, decidedBy: 'baseline-admin-network-policy', selectedBy: [...anp.selectedBy, ...banp.selectedBy], rule: banp.rule, steps, summary: banp.text };
    if (!allowed) {
      const other2 = describePeerEnd(other);
      v.fix = networkPolicyFix(direction, pod, other, port, protocol, `NetworkPolicies take precedence over the BaselineAdminNetworkPolicy; note that this also isolates ${pod.id} for ${direction}, so other ${direction} traffic then needs its own rule`, peerNamespaceLabels(idx, other));
      v.fix.summary += ` Alternatively a cluster administrator can allow ${other2} in the BaselineAdminNetworkPolicy.`;
    }
    return withUndecided(v, [...relevant(anp.undecided, allowed, false), ...relevant(banp.undecided, allowed, false)]);
  }
  steps.push(...np.steps);
  const summary = anp.action === 'Pass' ? `Passed by an AdminNetworkPolicy; ${np.reason}` : np.reason;
  return withUndecided({ direction, allowed: true, decidedBy: 'not-isolated', selectedBy: anp.selectedBy, steps, summary }, [...relevant(anp.undecided, true, false), ...relevant(banp.undecided, true, false)]);
}

/** ovs-multitenant: NetworkPolicy and AdminNetworkPolicy are not enforced; the destination admits only pods of its netid or a global one. */
function evaluateMultitenant(idx: PolicyIndex, pod: PodLike, direction: Dir, other: PolicyPeer): DirectionVerdict {
  const steps: ExplanationStep[] = [];
  const ignored = idx.networkPoliciesSelecting(pod, direction === 'ingress' ? 'Ingress' : 'Egress');
  if (ignored.length) {
    steps.push({ text: `${ignored.map((p) => objectName(p.meta)).join(', ')} ${ignored.length === 1 ? 'selects' : 'select'} ${pod.id}, but the ovs-multitenant network plug-in does not enforce NetworkPolicy (only the ovs-networkpolicy mode does); ${ignored.length === 1 ? 'it has' : 'they have'} no effect here.`, verdict: 'warning' });
  }
  if (direction === 'egress') {
    const text = `ovs-multitenant isolates projects at the receiving side; ${pod.id} may send${other.kind === 'external' ? ' (EgressNetworkPolicy applies to external destinations)' : ''}.`;
    steps.push({ text, verdict: 'allowed' });
    return { direction, allowed: true, decidedBy: 'not-isolated', selectedBy: [], steps, summary: text };
  }
  if (other.kind === 'external') {
    const text = `Traffic from outside the cluster reaches ${pod.id} through the node, which ovs-multitenant treats as global (netid 0): project isolation does not stop it.`;
    steps.push({ text, verdict: 'allowed' });
    return { direction, allowed: true, decidedBy: 'project-isolation', selectedBy: [], steps, summary: text };
  }
  const t = netIds(idx.cluster);
  const a = t.get(other.pod.namespace);
  const b = t.get(pod.namespace);
  const rule = b.ref ?? a.ref;
  steps.push({ text: `Source: ${describeNetId(other.pod.namespace, a)}.`, verdict: 'info', rule: a.ref });
  steps.push({ text: `Destination: ${describeNetId(pod.namespace, b)}.`, verdict: 'info', rule: b.ref });
  const allowed = a.netid === b.netid || a.netid === 0 || b.netid === 0;
  const why = a.netid === b.netid ? 'both are in the same virtual network' : a.netid === 0 ? `${other.pod.namespace} is global` : b.netid === 0 ? `${pod.namespace} is global` : 'their netids differ and neither is global (0)';
  const text = `Project isolation (ovs-multitenant): ${allowed ? 'allowed' : 'denied'}, ${why}.`;
  steps.push({ text, verdict: allowed ? 'allowed' : 'denied', rule });
  const v: DirectionVerdict = { direction, allowed, decidedBy: 'project-isolation', selectedBy: [], rule, steps, summary: text };
  if (!allowed) {
    v.fix = {
      summary: `Join the two projects' networks (or make one global). A cluster administrator runs one of these:`,
      snippet: `oc adm pod-network join-projects --to=${pod.namespace} ${other.pod.namespace}\n# or, to let ${other.pod.namespace} reach every project:\noc adm pod-network make-projects-global ${other.pod.namespace}\n`,
    };
  }
  return v;
}

const HOP_KIND: Record<DirectionVerdict['decidedBy'], HopKind | undefined> = {
  'admin-network-policy': 'admin-policy',
  'baseline-admin-network-policy': 'baseline-policy',
  'project-isolation': 'project-isolation',
  'network-policy': undefined,
  'not-isolated': undefined,
  'calico-policy': undefined,
  'not-applicable': undefined,
};

export function directionHop(v: DirectionVerdict, pod: PodLike): Hop {
  const kind = HOP_KIND[v.decidedBy] ?? (v.direction === 'egress' ? 'egress-policy' : 'ingress-policy');
  const hop: Hop = {
    kind,
    title: v.direction === 'egress' ? `Egress from ${pod.id}` : `Ingress to ${pod.id}`,
    verdict: v.allowed ? 'allowed' : 'denied',
    summary: v.summary ?? (v.allowed ? 'allowed' : 'denied'),
    steps: v.steps,
    object: v.rule?.object ?? objectKey(pod.meta),
  };
  if (v.undecided?.length) {
    // Not decidable from the input: undetermined, never a guess (settleUndetermined in trace/builder.ts).
    hop.verdict = 'undetermined';
    if (v.undecidedNeeds) {
      hop.summary = `Undetermined: ${v.undecided[0]}. Read as not matching it would be ${v.allowed ? 'allowed' : 'denied'}: ${hop.summary}`;
      hop.steps = [...v.steps, { text: `Undetermined: ${v.undecided.join('; ')}. ${v.undecidedNeeds}`, verdict: 'undetermined' }];
    } else {
      hop.summary = `Undetermined: it depends on a pod IP the input does not give — ${v.undecided[0]}. With the block not matching it would be ${v.allowed ? 'allowed' : 'denied'}: ${hop.summary}`;
      hop.steps = [...v.steps, { text: `Undetermined: ${v.undecided.join('; ')}. To decide, add the pods' status.podIPs to the input (\`kubectl get pod -o yaml\` / \`oc get pod -o yaml\` shows them).`, verdict: 'undetermined' }];
    }
  }
  if (v.rule) {
    const rule = v.rule;
    hop.rule = rule;
    defineLazySource(hop, () => rule.source);
  }
  if (v.fix) hop.fix = v.fix;
  return hop;
}

/** A direction whose verdict depends on something the input does not give is undetermined, not its evaluated verdict. */
function directionState(v: DirectionVerdict): 'allowed' | 'denied' | 'undetermined' {
  return v.undecided?.length ? 'undetermined' : v.allowed ? 'allowed' : 'denied';
}

/** Both directions must allow: one denial decides; otherwise an undetermined direction makes it undetermined. */
export function connectionState(egress: DirectionVerdict, ingress: DirectionVerdict): ConnectionVerdict['verdict'] {
  const a = directionState(egress);
  const b = directionState(ingress);
  if (a === 'denied' || b === 'denied') return 'denied';
  return a === 'undetermined' || b === 'undetermined' ? 'undetermined' : 'allowed';
}

/** One direction's question: the pod whose policies apply, the other end, the port. */
export interface DirectionQuery {
  idx: PolicyIndex;
  pod: PodLike;
  direction: Dir;
  /** The other end: the destination for egress, the source for ingress. */
  other: PolicyPeer;
  port: ConnPort;
  protocol: Protocol;
  /** The destination pod, where named ports resolve (undefined for an address outside the cluster). */
  dstPod: PodLike | undefined;
}

/**
 * The extension point per direction: how the cluster's network plug-in decides one direction of a
 * connection for a pod. The first entry of POLICY_MODES whose `applies` holds decides every pod end of
 * every connection of the cluster (addresses outside it have no policy of their own). A plug-in evaluator
 * (Cilium, Calico) adds one entry before 'policies' that applies only under its profile and when its
 * objects exist; it may call `evaluatePolicies` for the Kubernetes stages it keeps. `summary` names the
 * bit-set algebra the reachability summary has for the mode; a mode without one is answered by the
 * summary pair by pair with evaluateConnection (exact by construction, quadratic).
 */
export interface PolicyMode {
  name: string;
  applies(cluster: BuiltCluster): boolean;
  evaluate(q: DirectionQuery): DirectionVerdict;
  summary?: 'flat' | 'project-isolation' | 'policies';
  /** Set when the mode does not enforce NetworkPolicy at all: why, for reports that read policies
   *  structurally (coverage's isolation and default-deny columns, check's defaultDeny expectations). */
  ignoresNetworkPolicy?: string;
}

/** AdminNetworkPolicy → NetworkPolicy → BaselineAdminNetworkPolicy → allowed, for one direction of one pod. */
export function evaluatePolicies(q: DirectionQuery): DirectionVerdict {
  return evaluateDirection(q.idx, q.pod, q.direction, q.other, q.port, q.protocol, q.dstPod);
}

export const POLICY_MODES: PolicyMode[] = [
  // OpenShift SDN Subnet mode: a flat network, no policy at all (subnet.ts).
  { name: 'openshift-sdn-subnet', applies: (c) => subnetModeRule(c) !== undefined, evaluate: (q) => evaluateSubnet(q.idx, q.pod, q.direction, subnetModeRule(q.idx.cluster)!), summary: 'flat', ignoresNetworkPolicy: 'the cluster network is OpenShift SDN in Subnet mode (Network cluster, openshiftSDNConfig.mode: Subnet), which enforces no NetworkPolicy' },
  // OpenShift SDN ovs-multitenant: project isolation by netid replaces every policy object (multitenant.ts).
  { name: 'ovs-multitenant', applies: (c) => c.profile.multitenant, evaluate: (q) => evaluateMultitenant(q.idx, q.pod, q.direction, q.other), summary: 'project-isolation', ignoresNetworkPolicy: 'OpenShift SDN in ovs-multitenant mode isolates projects by netid and enforces no NetworkPolicy' },
  // Plug-in evaluators go here, before the Kubernetes policy objects' own order.
  // Calico (profile `calico`, with Calico policies in the input): its tiers decide, NetworkPolicies and admin
  // policies among them (calico/direction.ts). No bit-set algebra: the summary asks the engine pair by pair.
  { name: 'calico', applies: calicoApplies, evaluate: (q) => evaluateCalicoDirection(q.idx, q.pod, q.direction, q.other, q.port, q.protocol, q.dstPod) },
  { name: 'policies', applies: () => true, evaluate: evaluatePolicies, summary: 'policies' },
];

/** The mode that decides the cluster's connections (the last entry always applies). */
export function policyModeOf(cluster: BuiltCluster): PolicyMode {
  return POLICY_MODES.find((m) => m.applies(cluster)) ?? POLICY_MODES[POLICY_MODES.length - 1];
}

/**
 * Policies' verdict on a connection from `src` to `dst`. `port` is a number, or a name resolved on the
 * destination pod's containerPorts by name and protocol (a name it does not define matches only rules
 * that admit every port).
 */
export function evaluateConnection(cluster: BuiltCluster, src: PolicyPeer, dst: PolicyPeer, port: number | string, protocol: Protocol): ConnectionVerdict {
  const idx = policyIndex(cluster);
  const dstPod = dst.kind === 'pod' ? dst.pod : undefined;
  const conn = resolveConnPort(port, protocol, dstPod);
  const mode = policyModeOf(cluster);
  const egress = src.kind !== 'pod' ? notApplicable('egress', src) : mode.evaluate({ idx, pod: src.pod, direction: 'egress', other: dst, port: conn, protocol, dstPod });
  const ingress = dst.kind !== 'pod' ? notApplicable('ingress', dst) : mode.evaluate({ idx, pod: dst.pod, direction: 'ingress', other: src, port: conn, protocol, dstPod });
  if (typeof port === 'string' && !/^\d+$/.test(port)) {
    const text =
      conn.num !== undefined
        ? `Named port "${port}" is ${protocol} ${conn.num} on ${dstPod?.id}.`
        : `${dstPod ? dstPod.id : 'The destination'} declares no ${protocol} containerPort named "${port}"; only rules that admit every port can match.`;
    (dst.kind === 'pod' ? ingress : egress).steps.unshift({ text, verdict: conn.num !== undefined ? 'info' : 'warning' });
  }
  const hops: Hop[] = [];
  if (src.kind === 'pod') hops.push(directionHop(egress, src.pod));
  // Objects podpath does not model that could apply to either end: undetermined unless a direction denies.
  const unknownSrc = src.kind === 'pod' ? unmodelledHop(cluster, src.pod, 'source') : undefined;
  const unknownDst = dst.kind === 'pod' ? unmodelledHop(cluster, dst.pod, 'destination') : undefined;
  if (unknownSrc) hops.push(unknownSrc);
  if (unknownDst) hops.push(unknownDst);
  if (dst.kind === 'pod') hops.push(directionHop(ingress, dst.pod));
  const state = connectionState(egress, ingress);
  const verdict = state === 'allowed' && (unknownSrc || unknownDst) ? 'undetermined' : state;
  const undetermined = verdict === 'undetermined';
  return { allowed: egress.allowed && ingress.allowed && !undetermined, verdict, egress, ingress, hops };
}
