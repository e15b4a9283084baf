// Model types of Calico's policy objects (projectcalico.org/v3 and the crd.projectcalico.org/v1 form of
// dumps): NetworkPolicy, GlobalNetworkPolicy and Tier, normalised by model/kinds/calicopolicy.ts and
// kinds/calicotier.ts. Field names follow the v3 API (projectcalico/calico api/pkg/apis/projectcalico/v3:
// networkpolicy.go, globalnetworkpolicy.go, policy_common.go, tier.go). Plain data with NodeRefs.
import type { NodeRef } from '../parse/source';
import type { CalicoSelector } from './calico-selector';
import type { ObjectMeta } from './types';

export type CalicoAction = 'Allow' | 'Deny' | 'Pass' | 'Log';

/** One entry of `ports` / `notPorts`: a number, a `"lo:hi"` range, or a named port. */
export type CalicoPort = { kind: 'range'; min: number; max: number; text: string } | { kind: 'name'; name: string; text: string };

/** A protocol as Calico writes it: a name (TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite) or a number 1-255. */
export interface CalicoProtocol {
  /** The IANA number it stands for (TCP 6, UDP 17, SCTP 132 ...). */
  number: number;
  text: string;
}

export interface CalicoEntityRule {
  /** Absent field: no constraint. */
  selector?: CalicoSelector;
  notSelector?: CalicoSelector;
  namespaceSelector?: CalicoSelector;
  nets?: string[];
  notNets?: string[];
  ports?: CalicoPort[];
  notPorts?: CalicoPort[];
  serviceAccounts?: { names: string[]; selector?: CalicoSelector; ref: NodeRef };
  services?: { name: string; namespace?: string; ref: NodeRef };
  /** A field the API server would reject made this side match nothing (never widen a broken rule). */
  broken?: string;
  ref: NodeRef;
}

export interface CalicoRule {
  index: number;
  action: CalicoAction;
  protocol?: CalicoProtocol;
  notProtocol?: CalicoProtocol;
  ipVersion?: 4 | 6;
  source: CalicoEntityRule;
  destination: CalicoEntityRule;
  /** `http:` (methods/paths): matched only by the application layer (Dikastes/Envoy), which podpath does not model. */
  http?: NodeRef;
  /** ICMP type/code matches (only ICMP packets, never TCP/UDP/SCTP connections). */
  icmp?: boolean;
  /** Why the API server would reject the rule; such a rule matches nothing here. */
  broken?: string;
  ref: NodeRef;
}

export type CalicoPolicyType = 'Ingress' | 'Egress';

export interface CalicoPolicy {
  meta: ObjectMeta;
  /** NetworkPolicy (namespaced) or GlobalNetworkPolicy. */
  global: boolean;
  /** The name without the crd form's `<tier>.` storage prefix. */
  name: string;
  tier: string;
  /** undefined: "infinite", applied last in its tier. */
  order?: number;
  selector: CalicoSelector;
  selectorRef: NodeRef;
  /** GlobalNetworkPolicy only. */
  namespaceSelector?: CalicoSelector;
  serviceAccountSelector?: CalicoSelector;
  types: CalicoPolicyType[];
  /** False when `types` was defaulted from the rules (clientv3 defaultPolicyTypesField). */
  typesExplicit: boolean;
  ingress: CalicoRule[];
  egress: CalicoRule[];
  /** The whole policy selects nothing here (a selector the API server rejects). */
  broken?: string;
}

export interface CalicoTier {
  meta: ObjectMeta;
  name: string;
  order?: number;
  /** What happens at the end of the tier when no policy in it decided: Deny (default) or Pass. */
  defaultAction: 'Deny' | 'Pass';
}

export interface CalicoObjects {
  policies: CalicoPolicy[];
  tiers: CalicoTier[];
}
