// One direction of one endpoint under the `calico` profile, as felix renders it (felix/rules/endpoints.go,
// policy chains in felix/rules/policy.go): tiers in order (lower `order` first, none last, ties by name);
// a tier takes part only when one of its policies applies to the endpoint in this direction. In a tier,
// policies in order, rules in order: Allow accepts, Deny drops, Pass skips to the next tier, Log logs and
// goes on; a policy none of whose rules matches hands on to the next policy. If no policy of the tier
// decided, the tier's end drops ("Drop if no policies passed packet") unless its defaultAction is Pass.
// After the last tier (or when no tier applies) the endpoint's profiles run: for a pod the namespace
// profile `kns.<ns>`, which allows everything (libcalico-go conversion NamespaceToProfile).
// Kubernetes NetworkPolicies are policies of the `default` tier (order 1000: libcalico-go
// lib/backend/k8s/conversion/conversion.go K8sNetworkPolicyToCalico); AdminNetworkPolicies and the
// BaselineAdminNetworkPolicy are the tiers `adminnetworkpolicy` (order 1,000) and
// `baselineadminnetworkpolicy` (order 10,000,000), both defaultAction Pass, ANP priority as policy order
// (libcalico-go lib/names/policy.go and api/pkg/apis/projectcalico/v3/tier.go in Calico 3.29-3.31; from 3.32
// commit 04f9feb2 replaced ANP/BANP by ClusterNetworkPolicy in tiers `kube-admin` / `kube-baseline` with the
// same orders). Their own rules are read by admin.ts / networkpolicy.ts. The tier walk itself follows
// felix/rules/endpoints.go (projectcalico/calico 87c15906): "Start of tier", jump to each policy while the
// pass mark is clear, "Return if policy accepted", "End of tier … Drop if no policies passed packet" unless
// the tier's DefaultAction is Pass, then "jump to each profile in turn".
import type { BuiltCluster } from '../../../model/build';
import type { CalicoPolicy, CalicoTier } from '../../../model/calico-types';
import { DEFAULT_TIER_ORDER } from '../../../model/kinds/calicotier';
import type { PodLike, Protocol } from '../../../model/types';
import type { ExplanationStep, RuleRef } from '../../types';
import { evaluateAdminPolicies, evaluateBaseline, type AdminResult } from '../admin';
import type { PolicyIndex } from '../cache';
import { adminAllowFix, describePeerEnd, ruleRef } from '../explain';
import { describePort, type ConnPort } from '../match';
import { evaluateRule } from '../networkpolicy';
import type { DirectionVerdict, PolicyPeer } from '../types';
import { calicoAllowFix } from './fix';
import { calicoRuleMatches, type Conn } from './rule';
import { orderLess, tierPoliciesFor, type TierPolicy } from './select';

type Dir = 'ingress' | 'egress';

export const ANP_TIER = 'adminnetworkpolicy';
export const BANP_TIER = 'baselineadminnetworkpolicy';
export const ANP_TIER_ORDER = 1_000;
export const BANP_TIER_ORDER = 10_000_000;

interface TierEntry {
  name: string;
  order?: number;
  defaultAction: 'Deny' | 'Pass';
  kind: 'calico' | 'anp' | 'banp';
  tier?: CalicoTier;
  /** A tier some policy names but the input has no Tier object for: its order is unknown. */
  missing?: boolean;
}

/** The tiers in Calico's order: the input's, the implied `default`, the admin tiers, and tiers policies name but the input lacks. */
export function calicoTiers(idx: PolicyIndex): TierEntry[] {
  const c = idx.cluster.calico;
  const out = new Map<string, TierEntry>();
  for (const t of c?.tiers ?? []) out.set(t.name, { name: t.name, order: t.order, defaultAction: t.defaultAction, kind: 'calico', tier: t });
  if (!out.has('default')) out.set('default', { name: 'default', order: DEFAULT_TIER_ORDER, defaultAction: 'Deny', kind: 'calico' });
  for (const p of c?.policies ?? []) if (!out.has(p.tier)) out.set(p.tier, { name: p.tier, defaultAction: 'Deny', kind: 'calico', missing: true });
  if (idx.cluster.adminNetworkPolicies.length) out.set(ANP_TIER, { name: ANP_TIER, order: ANP_TIER_ORDER, defaultAction: 'Pass', kind: 'anp' });
  if (idx.cluster.baselineAdminNetworkPolicy) out.set(BANP_TIER, { name: BANP_TIER, order: BANP_TIER_ORDER, defaultAction: 'Pass', kind: 'banp' });
  return [...out.values()].sort((a, b) => orderLess({ order: a.order, key: a.name }, { order: b.order, key: b.name }));
}

export function calicoPolicyName(p: CalicoPolicy): string {
  return `${p.global ? 'GlobalNetworkPolicy' : 'NetworkPolicy'} ${p.global ? '' : `${p.meta.namespace}/`}${p.name} (Calico, tier ${p.tier}${p.order !== undefined ? `, order ${p.order}` : ', no order'})`;
}

type Outcome = { action: 'Allow' | 'Deny' | 'Pass'; rule: RuleRef; text: string } | undefined;

interface Walk {
  steps: ExplanationStep[];
  selectedBy: RuleRef[];
  /** Rules that might have matched, had the input said more, with their action. */
  undecided: { action: 'Allow' | 'Deny' | 'Pass'; text: string }[];
}

function runCalicoPolicy(idx: PolicyIndex, p: CalicoPolicy, dir: Dir, conn: Conn, w: Walk): Outcome {
  const rules = dir === 'ingress' ? p.ingress : p.egress;
  const name = calicoPolicyName(p);
  if (rules.length === 0) {
    w.steps.push({ text: `${name} has no ${dir} rules: it decides nothing and hands on to the next policy.`, verdict: 'info', rule: ruleRef(idx.cluster, p.meta, p.selectorRef, name) });
    return undefined;
  }
  for (const r of rules) {
    const label = `${name}, ${dir} rule ${r.index + 1} (${r.action})`;
    const ref = ruleRef(idx.cluster, p.meta, r.ref, label);
    const m = calicoRuleMatches(idx, p, r, conn);
    if (m.m === 'no') {
      w.steps.push({ text: `${label} does not match: ${m.reason}.`, verdict: 'info', rule: ref });
      continue;
    }
    if (m.m === 'undecided') {
      if (r.action !== 'Log') w.undecided.push({ action: r.action, text: `${label} matches only if ${m.reason}` });
      w.steps.push({ text: `${label} may match — undetermined: ${m.reason}. Read here as not matching.`, verdict: 'undetermined', rule: ref });
      continue;
    }
    if (r.action === 'Log') {
      w.steps.push({ text: `${label} matches (${m.why}): Log records the packet and evaluation goes on with the next rule.`, verdict: 'info', rule: ref });
      continue;
    }
    const verb = r.action === 'Allow' ? 'allows it' : r.action === 'Deny' ? 'denies it' : 'passes it to the next tier';
    const text = `${label} matches (${m.why}) and ${verb}.`;
    w.steps.push({ text, verdict: r.action === 'Allow' ? 'allowed' : r.action === 'Deny' ? 'denied' : 'info', rule: ref });
    return { action: r.action, rule: ref, text };
  }
  w.steps.push({ text: `No ${dir} rule of ${name} matches: on to the next policy in tier ${p.tier}.`, verdict: 'info' });
  return undefined;
}

function runKnp(idx: PolicyIndex, tp: Extract<TierPolicy, { kind: 'knp' }>, dir: Dir, pod: PodLike, other: PolicyPeer, port: ConnPort, protocol: Protocol, dstPod: PodLike | undefined, w: Walk): Outcome {
  const np = tp.policy;
  const rules = dir === 'ingress' ? np.ingress : np.egress;
  for (const r of rules) {
    const o = evaluateRule(idx, np, dir, r, other, port, protocol, dstPod);
    if (o.matched) {
      const text = `${o.text} (Calico enforces NetworkPolicies as Allow rules of tier default, order ${tp.order})`;
      w.steps.push({ text, verdict: 'allowed', rule: o.rule });
      return { action: 'Allow', rule: o.rule, text };
    }
    if (o.undecided) w.undecided.push({ action: 'Allow', text: o.undecided });
    w.steps.push({ text: o.text, verdict: 'info', rule: o.rule });
  }
  w.steps.push({ text: `NetworkPolicy ${np.meta.namespace}/${np.meta.name} (tier default, order ${tp.order}) admits nothing of this${rules.length ? '' : ` (no ${dir} rules)`}: on to the next policy in tier default.`, verdict: 'info' });
  void pod;
  return undefined;
}

function adminOutcome(r: AdminResult, w: Walk, tier: string): Outcome {
  w.steps.push(...r.steps);
  w.selectedBy.push(...r.selectedBy);
  for (const u of r.undecided ?? []) w.undecided.push(u);
  if ((r.action === 'Allow' || r.action === 'Deny') && r.rule) return { action: r.action, rule: r.rule, text: `${r.text} (Calico tier ${tier})` };
  return undefined;
}

/** The rules that might have matched and would have changed the verdict. */
function relevant(w: Walk, allowed: boolean): string[] {
  return w.undecided.filter((u) => (u.action === 'Allow' && !allowed) || (u.action === 'Deny' && allowed) || u.action === 'Pass').map((u) => u.text);
}

export function evaluateCalicoDirection(idx: PolicyIndex, pod: PodLike, dir: Dir, other: PolicyPeer, port: ConnPort, protocol: Protocol, dstPod: PodLike | undefined): DirectionVerdict {
  const type = dir === 'ingress' ? 'Ingress' : 'Egress';
  const conn: Conn = dir === 'ingress' ? { src: other, dst: { kind: 'pod', pod }, port, protocol } : { src: { kind: 'pod', pod }, dst: other, port, protocol };
  const w: Walk = { steps: [], selectedBy: [], undecided: [] };
  const done = (allowed: boolean, summary: string, rule: RuleRef | undefined, fix?: DirectionVerdict['fix']): DirectionVerdict => {
    const v: DirectionVerdict = { direction: dir, allowed, decidedBy: rule ? 'calico-policy' : 'not-isolated', selectedBy: w.selectedBy, steps: w.steps, summary };
    if (rule) v.rule = rule;
    if (fix) v.fix = fix;
    const u = relevant(w, allowed);
    if (u.length) {
      v.undecided = u;
      v.undecidedNeeds = 'To decide, add what the input lacks (the pods\' status.podIPs for `nets`, the Tier objects), or check the connection on the cluster (`calicoctl`); source ports and `http` matches are decided only by the live traffic.';
    }
    return v;
  };
  let passedBy: string | undefined;
  for (const tier of calicoTiers(idx)) {
    if (tier.kind === 'anp' || tier.kind === 'banp') {
      const applies = tier.kind === 'anp' ? idx.adminPoliciesSelecting(pod).length > 0 : !!idx.cluster.baselineAdminNetworkPolicy;
      if (!applies) continue;
      const r = tier.kind === 'anp' ? evaluateAdminPolicies(idx, pod, dir, other, port, protocol, dstPod) : evaluateBaseline(idx, pod, dir, other, port, protocol, dstPod);
      if (tier.kind === 'banp' && r.selectedBy.length === 0) continue;
      const o = adminOutcome(r, w, tier.name);
      if (o) {
        let fix: DirectionVerdict['fix'];
        if (o.action === 'Deny' && tier.kind === 'anp' && r.policy?.priority !== undefined) fix = adminAllowFix(dir, pod, other, port, protocol, r.policy.priority, new Set(idx.cluster.adminNetworkPolicies.map((p) => p.priority ?? 0)));
        return done(o.action === 'Allow', o.text, o.rule, fix ?? (o.action === 'Deny' ? { summary: `${o.text} Only a cluster administrator can change it.` } : undefined));
      }
      w.steps.push({ text: `Tier ${tier.name} (order ${tier.order}) does not decide; its defaultAction is Pass: on to the next tier.`, verdict: 'info' });
      passedBy = tier.name;
      continue;
    }
    const policies = tierPoliciesFor(idx, tier.name, pod, type);
    if (policies.length === 0) continue;
    const orderText = tier.missing ? 'order unknown: the input has no Tier object for it' : tier.order !== undefined ? `order ${tier.order}` : 'no order: applied last';
    w.steps.push({ text: `Tier ${tier.name} (${orderText}): ${policies.length} ${policies.length === 1 ? 'policy applies' : 'policies apply'} to ${pod.id} for ${dir}, read in order: ${policies.map((p) => (p.kind === 'knp' ? `NetworkPolicy ${p.policy.meta.name} (order ${p.order})` : `${p.policy.name} (${p.order !== undefined ? `order ${p.order}` : 'no order'})`)).join(', ')}.`, verdict: 'info' });
    if (tier.missing) w.undecided.push({ action: 'Pass', text: `tier ${tier.name} is not in the input, so where it stands among the tiers is unknown (add \`kubectl get tiers.crd.projectcalico.org -o yaml\`)` });
    let outcome: Outcome;
    let decidingOrder: number | undefined;
    for (const tp of policies) {
      if (tp.kind === 'calico') {
        w.selectedBy.push(ruleRef(idx.cluster, tp.policy.meta, tp.policy.selectorRef, `${calicoPolicyName(tp.policy)}, spec.selector`));
        outcome = runCalicoPolicy(idx, tp.policy, dir, conn, w);
      } else {
        w.selectedBy.push(ruleRef(idx.cluster, tp.policy.meta, tp.policy.podSelectorRef, `NetworkPolicy ${tp.policy.meta.namespace}/${tp.policy.meta.name}, spec.podSelector`));
        outcome = runKnp(idx, tp, dir, pod, other, port, protocol, dstPod, w);
      }
      if (outcome) {
        decidingOrder = tp.order;
        break;
      }
    }
    if (outcome?.action === 'Allow') return done(true, outcome.text, outcome.rule);
    if (outcome?.action === 'Deny') {
      const why = `${outcome.rule.label} denies this before any later policy or tier is read.`;
      const before = decidingOrder !== undefined ? decidingOrder - 1 : undefined;
      return done(false, outcome.text, outcome.rule, calicoAllowFix(dir, pod, other, port, protocol, tier.name, before, why));
    }
    if (outcome?.action === 'Pass') {
      passedBy = tier.name;
      continue;
    }
    if (tier.defaultAction === 'Pass') {
      w.steps.push({ text: `No policy of tier ${tier.name} decided; the tier's defaultAction is Pass: on to the next tier.`, verdict: 'info', rule: tier.tier ? ruleRef(idx.cluster, tier.tier.meta, tier.tier.meta.ref, `Tier ${tier.name}`) : undefined });
      passedBy = tier.name;
      continue;
    }
    const text = `Tier ${tier.name}: policies apply to ${pod.id} for ${dir} but none allows ${describePeerEnd(other)} on ${describePort(port, protocol)}, so the end of the tier denies it ("Drop if no policies passed packet").`;
    const last = policies[policies.length - 1];
    const rule = last.kind === 'calico' ? ruleRef(idx.cluster, last.policy.meta, last.policy.selectorRef, `${calicoPolicyName(last.policy)}, spec.selector`) : ruleRef(idx.cluster, last.policy.meta, last.policy.podSelectorRef, `NetworkPolicy ${last.policy.meta.namespace}/${last.policy.meta.name}, spec.podSelector`);
    w.steps.push({ text, verdict: 'denied', rule });
    return done(false, text, rule, calicoAllowFix(dir, pod, other, port, protocol, tier.name, undefined, `Nothing in tier ${tier.name} allows it.`));
  }
  const text = passedBy
    ? `Passed on by tier ${passedBy} with no later tier deciding: the namespace profile kns.${pod.namespace} allows it.`
    : `No Calico policy, NetworkPolicy or admin policy applies to ${pod.id} for ${dir}: the namespace profile kns.${pod.namespace} allows it.`;
  w.steps.push({ text, verdict: 'allowed' });
  return done(true, text, undefined);
}

/** Whether the Calico evaluation replaces the Kubernetes one (policy/evaluate.ts POLICY_MODES): the `calico`
 *  profile and Calico policies in the input. */
export function calicoApplies(cluster: BuiltCluster): boolean {
  return cluster.profile.name === 'calico' && (cluster.calico?.policies.length ?? 0) > 0;
}
