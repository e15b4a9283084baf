// The fix a Cilium denial proposes, in Cilium's own policy language: a CiliumNetworkPolicy that allows the
// peer on the port (allow rules are additive), or — when a deny rule decided — which rule to narrow, since
// "Deny policies take precedence over allow policies" (Documentation/security/policy/deny.rst) and no
// allow can win against it. Labels and names are untrusted: every value is quoted.
import type { PodLike, Protocol } from '../../../model/types';
import type { Fix, RuleRef } from '../../types';
import { describePeerEnd, dnsName, matchLabelsYaml, stableLabels } from '../explain';
import type { ConnPort } from '../match';
import type { PolicyPeer } from '../types';

function peerYaml(direction: 'ingress' | 'egress', peer: PolicyPeer, self: PodLike, reserved: ReadonlySet<string>): string {
  const f = direction === 'ingress' ? 'from' : 'to';
  if (peer.kind === 'external') {
    if (reserved.has('host') || reserved.has('remote-node')) return `  - ${f}Entities:\n    - ${reserved.has('host') ? 'host' : 'remote-node'}\n`;
    return `  - ${f}CIDR:\n    - ${JSON.stringify(peer.ip.includes(':') ? `${peer.ip}/128` : `${peer.ip}/32`)}\n`;
  }
  if (peer.pod.hostNetwork) return `  - ${f}Entities:\n    - ${reserved.has('host') ? 'host' : 'remote-node'}\n`;
  const labels: Record<string, string> = {};
  // A CNP's selectors are limited to its own namespace unless they name one (utils.go getEndpointSelector).
  if (peer.pod.namespace !== self.namespace) labels['k8s:io.kubernetes.pod.namespace'] = peer.pod.namespace;
  Object.assign(labels, stableLabels(peer.pod));
  return `  - ${f}Endpoints:\n    -${matchLabelsYaml(labels, '      ').replace(/^\n {6}/, ' ')}`;
}

/** A CiliumNetworkPolicy allowing `peer` to (ingress) or from (egress) `pod` on the port. */
export function ciliumAllowFix(direction: 'ingress' | 'egress', pod: PodLike, peer: PolicyPeer, port: ConnPort, protocol: Protocol, reserved: ReadonlySet<string>): Fix {
  const other = peer.kind === 'pod' ? peer.pod.name : peer.ip;
  const portText = port.num !== undefined ? String(port.num) : port.name;
  const name = dnsName(direction === 'ingress' ? `allow-${other}-to-${pod.name}-${portText}` : `allow-${pod.name}-to-${other}-${portText}`).slice(0, 63).replace(/-+$/, '');
  const snippet =
    `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${JSON.stringify(pod.namespace)}\n` +
    `spec:\n  endpointSelector:${matchLabelsYaml(stableLabels(pod), '    ')}` +
    `  ${direction}:\n${peerYaml(direction, peer, pod, reserved)}` +
    `    toPorts:\n    - ports:\n      - port: ${JSON.stringify(portText)}\n        protocol: ${protocol}\n`;
  const what = direction === 'ingress' ? `allow ${describePeerEnd(peer)} to reach ${pod.id}` : `let ${pod.id} reach ${describePeerEnd(peer)}`;
  return { summary: `Add a CiliumNetworkPolicy in namespace ${pod.namespace} to ${what} on ${protocol} ${portText} (Cilium allow rules are additive; a NetworkPolicy would do as well).`, snippet };
}

/** A deny rule decided: only narrowing it helps. */
export function ciliumDenyFix(rule: RuleRef, direction: 'ingress' | 'egress'): Fix {
  return {
    summary: `${rule.label} denies this, and Cilium deny rules win over every allow rule (CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy or NetworkPolicy). Narrow that ${direction}Deny entry (its selectors or toPorts) or remove it; adding an allow rule does not help.`,
    object: rule.object,
  };
}

