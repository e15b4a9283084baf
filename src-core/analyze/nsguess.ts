// Namespace labels podpath had to assume. `oc get all` carries no Namespace objects: a namespace the input
// only uses has just `kubernetes.io/metadata.name` (which the API server sets on every namespace, so that
// one is certain); the profile's router / DNS namespaces have the labels the platform gives them (not a
// guess: see labelsAssumed). A policy selecting an undeclared namespace by any other label is then decided
// on a guess: "no such label". This file finds the selectors a verdict
// rests on that read such a guessed label, for a warning hop in the trace and for lint. Per trace, not per
// pair: the summary and the policy evaluator never call it.
import type { BuiltCluster } from '../model/build';
import { NAME_LABEL } from '../model/kinds/namespace';
import { formatSelector, isEmptySelector, selectorMatches, type LabelSelector } from '../model/selector';
import type { NodeRef } from '../parse/source';
import type { Namespace, NetworkPolicy, NetworkPolicyPort, ObjectMeta, PodLike, Protocol } from '../model/types';
import { objectKey } from '../model/types';
import { ruleAt } from './edge/common';
import type { ConnectionVerdict, DirectionVerdict, PolicyPeer } from './policy/types';
import { formatPath } from '../parse/source';
import type { ExplanationStep, Hop } from './types';

/** A namespace whose labels podpath assumed: not declared by a Namespace/Project object of the input. The
 *  platform's own namespaces that the profile implies (the router's openshift-ingress, openshift-dns) are
 *  not guesses: their labels are what the platform sets on every such cluster (the ingress operator labels
 *  openshift-ingress `policy-group.network.openshift.io/ingress: ""` and the legacy
 *  `network.openshift.io/policy-group: ingress`), and the profile line says which platform was assumed. */
export function labelsAssumed(ns: Namespace | undefined): boolean {
  return !ns || (!ns.declared && ns.meta.impliedBy === undefined);
}

const keysOf = new WeakMap<LabelSelector, string[]>();

/** The keys of a selector other than `kubernetes.io/metadata.name` (the one label every namespace has). */
export function guessedKeys(s: LabelSelector): string[] {
  let keys = keysOf.get(s);
  if (!keys) {
    const set = new Set<string>([...Object.keys(s.matchLabels), ...s.matchExpressions.map((r) => r.key)]);
    set.delete(NAME_LABEL);
    keysOf.set(s, (keys = [...set]));
  }
  return keys;
}

export interface GuessedSelector {
  /** The policy and where its namespace selector is written. */
  meta: ObjectMeta;
  ref: NodeRef;
  where: string;
  selector: LabelSelector;
  /** The namespace the selector was matched against, and with what outcome on the assumed labels. */
  namespace: string;
  matched: boolean;
  keys: string[];
}

interface GuessIndex {
  /** Per namespace, its NetworkPolicies when one of them has a namespace selector reading a label other
   *  than kubernetes.io/metadata.name (else the namespace is absent: nothing there can rest on a guess). */
  guessable: Map<string, NetworkPolicy[]>;
  /** Namespaces whose labels were assumed. */
  assumed: Set<string>;
}
const indexes = new WeakMap<BuiltCluster, GuessIndex>();

/** Built once per cluster: a batch of queries asks per trace, and most traces exit on it at once. */
function indexOf(cluster: BuiltCluster): GuessIndex {
  let idx = indexes.get(cluster);
  if (idx) return idx;
  const byNs = new Map<string, NetworkPolicy[]>();
  const guessable = new Set<string>();
  for (const np of cluster.networkPolicies) {
    const ns = np.meta.namespace;
    const list = byNs.get(ns);
    if (list) list.push(np);
    else byNs.set(ns, [np]);
    if (guessable.has(ns)) continue;
    for (const rule of [...np.ingress, ...np.egress]) {
      if (rule.peers?.some((p) => p.namespaceSelector && guessedKeys(p.namespaceSelector).length > 0)) guessable.add(ns);
    }
  }
  const assumed = new Set<string>();
  for (const n of cluster.namespaces.values()) if (labelsAssumed(n)) assumed.add(n.name);
  idx = { guessable: new Map([...guessable].map((ns) => [ns, byNs.get(ns) ?? []])), assumed };
  indexes.set(cluster, idx);
  return idx;
}

function portCovers(ports: readonly NetworkPolicyPort[] | undefined, port: number, protocol: Protocol, dst: PodLike | undefined): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    if (p.protocol !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'number') return p.endPort !== undefined ? port >= p.port && port <= p.endPort : port === p.port;
    const named = dst?.ports.find((c) => c.name === p.port && c.protocol === protocol);
    return named?.containerPort === port;
  });
}

/**
 * The namespace selectors that decide whether `other` (the far end) is a peer of the policies isolating
 * `pod` in `direction`, or whether an AdminNetworkPolicy applies to `pod` at all, and that read a label
 * of a namespace whose labels were assumed.
 */
function guessesFor(cluster: BuiltCluster, pod: PodLike, other: PodLike | undefined, direction: 'ingress' | 'egress', port: number, protocol: Protocol): GuessedSelector[] {
  const out: GuessedSelector[] = [];
  const check = (meta: ObjectMeta, ref: NodeRef, where: string, sel: LabelSelector | undefined, nsName: string | undefined) => {
    if (!sel || nsName === undefined || isEmptySelector(sel)) return;
    const ns = cluster.namespaces.get(nsName);
    if (!labelsAssumed(ns)) return;
    const keys = guessedKeys(sel);
    if (keys.length === 0) return;
    out.push({ meta, ref, where, selector: sel, namespace: nsName, matched: selectorMatches(sel, ns?.labels ?? { [NAME_LABEL]: nsName }), keys });
  };
  const dst = direction === 'ingress' ? pod : other;
  for (const np of indexOf(cluster).guessable.get(pod.namespace) ?? []) {
    if (!np.policyTypes.includes(direction === 'ingress' ? 'Ingress' : 'Egress')) continue;
    if (!selectorMatches(np.podSelector, pod.podLabels)) continue;
    for (const rule of direction === 'ingress' ? np.ingress : np.egress) {
      if (!portCovers(rule.ports, port, protocol, dst)) continue;
      rule.peers?.forEach((peer, i) => {
        if (peer.namespaceSelector && (!peer.podSelector || !other || selectorMatches(peer.podSelector, other.podLabels))) {
          check(np.meta, peer.ref, `${direction} rule ${rule.index + 1}, peer ${i + 1}`, peer.namespaceSelector, other?.namespace);
        }
      });
    }
  }
  const admins = cluster.baselineAdminNetworkPolicy ? [...cluster.adminNetworkPolicies, cluster.baselineAdminNetworkPolicy] : cluster.adminNetworkPolicies;
  for (const anp of admins) {
    const subjectNs = anp.subject.namespaces ?? anp.subject.pods?.namespaceSelector;
    if (anp.subject.pods && !selectorMatches(anp.subject.pods.podSelector, pod.podLabels)) continue;
    check(anp.meta, anp.subjectRef, 'subject', subjectNs, pod.namespace);
    for (const rule of direction === 'ingress' ? anp.ingress : anp.egress) {
      rule.peers.forEach((peer, i) => {
        const sel = peer.namespaces ?? peer.pods?.namespaceSelector;
        if (peer.pods && other && !selectorMatches(peer.pods.podSelector, other.podLabels)) return;
        check(anp.meta, peer.ref, `${direction} rule ${rule.index + 1}${rule.name ? ` (${rule.name})` : ''}, peer ${i + 1}`, sel, other?.namespace);
      });
    }
  }
  return out;
}

const relPath = (g: GuessedSelector) => formatPath(g.ref.path.slice(g.meta.ref.path.length));

/**
 * The guesses that could change this direction's verdict. NetworkPolicy rules are additive: a connection
 * allowed by a rule that reads no guessed label stays allowed whatever the guessed peers match, and one
 * decided by an AdminNetworkPolicy never reaches them. Otherwise (denied, or allowed by the guessed peer
 * itself) they matter. AdminNetworkPolicy guesses always matter: they decide whether and in which order
 * those rules apply.
 */
function mattering(found: GuessedSelector[], dv: DirectionVerdict): GuessedSelector[] {
  return found.filter((g) => {
    if (g.meta.kind !== 'NetworkPolicy') return true;
    if (dv.decidedBy !== 'network-policy') return false;
    if (!dv.allowed) return true;
    return dv.rule?.object === objectKey(g.meta) && dv.rule.path.startsWith(relPath(g));
  });
}

function describeGuess(g: GuessedSelector, cluster: BuiltCluster): string {
  const ns = cluster.namespaces.get(g.namespace);
  const implied = ns?.meta.impliedBy;
  const assumed = implied
    ? `its labels come from the ${implied} profile (${formatSelector({ matchLabels: ns?.labels ?? {}, matchExpressions: [] })}), not from the input`
    : `the input has no Namespace object for it, so podpath assumed it carries only ${NAME_LABEL}=${g.namespace}`;
  return `${g.meta.kind} ${g.meta.namespace ? `${g.meta.namespace}/` : ''}${g.meta.name}, ${g.where}: namespaceSelector ${formatSelector(g.selector)} reads ${g.keys.map((k) => JSON.stringify(k)).join(', ')} of namespace ${JSON.stringify(g.namespace)}; ${assumed}, so the selector ${g.matched ? 'matches' : 'does NOT match'} it.`;
}

/**
 * A warning hop when the policy verdict between `src` and `dst` rests on assumed namespace labels; none when
 * every namespace selector involved reads labels the input declares (or only kubernetes.io/metadata.name).
 */
export function guessedLabelHops(cluster: BuiltCluster, src: PolicyPeer, dst: PolicyPeer, port: number, protocol: Protocol, verdict: ConnectionVerdict): Hop[] {
  const s = src.kind === 'pod' ? src.pod : undefined;
  const d = dst.kind === 'pod' ? dst.pod : undefined;
  // Every selector involved reads a namespace of one of the two ends: neither assumed, nothing to say.
  const ends = indexOf(cluster).assumed;
  if (!(s && ends.has(s.namespace)) && !(d && ends.has(d.namespace))) return [];
  const found = [
    ...(s ? mattering(guessesFor(cluster, s, d, 'egress', port, protocol), verdict.egress) : []),
    ...(d ? mattering(guessesFor(cluster, d, s, 'ingress', port, protocol), verdict.ingress) : []),
  ];
  if (found.length === 0) return [];
  const namespaces = [...new Set(found.map((g) => g.namespace))];
  const steps: ExplanationStep[] = found.slice(0, 6).map((g) => ({ text: describeGuess(g, cluster), verdict: 'warning', rule: ruleAt(cluster, g.meta, g.ref) }));
  steps.push({ text: `To decide it, add the Namespace object${namespaces.length > 1 ? 's' : ''} to the input (\`oc get namespace ${namespaces.join(' ')} -o yaml\`): their real labels replace the assumed ones.`, verdict: 'info' });
  const first = found[0];
  const fromProfile = found.filter((g) => cluster.namespaces.get(g.namespace)?.meta.impliedBy).length;
  const assumed = fromProfile === found.length ? "the profile's labels" : fromProfile === 0 ? `only ${NAME_LABEL}` : `only ${NAME_LABEL} (or the profile's labels)`;
  return [{
    kind: first.meta.kind === 'NetworkPolicy' ? (s && found.every((g) => g.where.startsWith('egress')) ? 'egress-policy' : 'ingress-policy') : 'admin-policy',
    title: `Namespace labels assumed (${namespaces.join(', ')})`,
    verdict: 'warning',
    summary: `The verdict depends on labels of namespace${namespaces.length > 1 ? 's' : ''} ${namespaces.map((n) => JSON.stringify(n)).join(', ')} that the input does not give: ${found.length === 1 ? `${first.meta.kind} ${first.meta.name} selects by ${first.keys.join(', ')}` : `${found.length} namespace selectors read ${[...new Set(found.flatMap((g) => g.keys))].join(', ')}`}, and podpath assumed ${assumed}.`,
    steps,
    object: objectKey(first.meta),
    rule: steps[0].rule,
    source: steps[0].rule?.source,
  }];
}
