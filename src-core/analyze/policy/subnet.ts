// OpenShift SDN in Subnet mode (operator.openshift.io/v1 Network cluster, defaultNetwork.openshiftSDNConfig.mode:
// Subnet): openshift/api operator/v1 types_network.go SDNMode "Subnet" — "a 'flat' pod network where every pod
// can talk to every other pod and service"; NetworkPolicy and project isolation are not enforced (the
// ovs-subnet plug-in installs no policy flows). NetworkPolicies that select the pod are reported, not applied.
import type { BuiltCluster } from '../../model/build';
import type { PodLike } from '../../model/types';
import type { ExplanationStep, RuleRef } from '../types';
import type { PolicyIndex } from './cache';
import { objectName, ruleRef } from './explain';
import type { DirectionVerdict } from './types';

/** The Network field that switches policy off, or undefined when policies are enforced. */
export function subnetModeRule(cluster: BuiltCluster): RuleRef | undefined {
  const n = cluster.network;
  if (n?.sdnMode !== 'Subnet' || !n.sdnMeta || !n.sdnModeRef) return undefined;
  return ruleRef(cluster, n.sdnMeta, n.sdnModeRef, `${objectName(n.sdnMeta)}, openshiftSDNConfig.mode`);
}

export function evaluateSubnet(idx: PolicyIndex, pod: PodLike, direction: 'ingress' | 'egress', rule: RuleRef): DirectionVerdict {
  const steps: ExplanationStep[] = [];
  const ignored = idx.networkPoliciesSelecting(pod, direction === 'ingress' ? 'Ingress' : 'Egress');
  if (ignored.length) steps.push({ text: `${ignored.map((p) => objectName(p.meta)).join(', ')} ${ignored.length === 1 ? 'selects' : 'select'} ${pod.id}, but OpenShift SDN in Subnet mode does not enforce NetworkPolicy; ${ignored.length === 1 ? 'it has' : 'they have'} no effect here.`, verdict: 'warning', rule });
  const summary = `The cluster network is OpenShift SDN in Subnet mode (Network cluster, spec.defaultNetwork.openshiftSDNConfig.mode: Subnet): a flat pod network, no NetworkPolicy or project isolation is enforced.`;
  steps.push({ text: summary, verdict: 'allowed', rule });
  return { direction, allowed: true, decidedBy: 'not-isolated', selectedBy: [], rule, steps, summary };
}
