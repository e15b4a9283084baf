// Verdict types of policy evaluation (AdminNetworkPolicy → NetworkPolicy → BaselineAdminNetworkPolicy,
// and OpenShift multitenant project isolation). The trace turns these into hops.
import type { PodLike } from '../../model/types';
import type { ExplanationStep, Fix, Hop, RuleRef } from '../types';

/** One end of a connection as policies see it: a pod (or workload standing for its pods) or an address outside the cluster. */
export type PolicyPeer = { kind: 'pod'; pod: PodLike } | { kind: 'external'; ip: string };

export type DecidedBy =
  | 'admin-network-policy'
  | 'network-policy'
  | 'baseline-admin-network-policy'
  | 'project-isolation'
  | 'not-isolated'
  /** A Calico policy (or a NetworkPolicy / admin policy as one of Calico's tiers) under the calico profile: policy/calico/. */
  | 'calico-policy'
  /** The end is outside the cluster: no policy of this direction applies. */
  | 'not-applicable';

export interface DirectionVerdict {
  direction: 'egress' | 'ingress';
  allowed: boolean;
  decidedBy: DecidedBy;
  /** The policies that select the pod for this direction (isolating it). */
  selectedBy: RuleRef[];
  /** One line for the collapsed hop: what decided, and how. */
  summary?: string;
  /** The rule that allowed or denied, when one did. */
  rule?: RuleRef;
  steps: ExplanationStep[];
  /** For a denial: what to add or change. */
  fix?: Fix;
  /**
   * Rules whose match depends on a pod IP the input does not give (ipBlocks / `networks`), or objects
   * podpath does not model that could apply: had they matched, the verdict would differ. `allowed` above
   * treats them as not matching; the direction (and its hop) is undetermined.
   */
  undecided?: string[];
  /** What the input would need to decide the `undecided` rules, when it is not (only) pod IPs (Calico: source
   *  ports, `http` matches, Services, a missing Tier). Read by directionHop for the undetermined wording. */
  undecidedNeeds?: string;
}

export interface ConnectionVerdict {
  /** True only when `verdict` is 'allowed'. */
  allowed: boolean;
  /** 'undetermined': a direction depends on what the input does not give (a pod IP, an unmodelled policy object) and no direction denies. */
  verdict: 'allowed' | 'denied' | 'undetermined';
  egress: DirectionVerdict;
  ingress: DirectionVerdict;
  /** Ready-made trace hops: the source's egress (when it is a pod), then the destination's ingress (when it is a pod). */
  hops: Hop[];
}
