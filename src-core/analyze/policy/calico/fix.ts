// The fix a Calico denial proposes, in Calico's own language: a projectcalico.org/v3 NetworkPolicy in the
// tier that denied, ordered before the policy that denied (or anywhere in the tier when its end denied),
// with one Allow rule for exactly this connection. Names and labels are untrusted: every value is quoted.
import type { PodLike, Protocol } from '../../../model/types';
import type { Fix } from '../../types';
import { describePeerEnd } from '../explain';
import type { ConnPort } from '../match';
import type { PolicyPeer } from '../types';
import { NAME_LABEL } from './labels';

const UNSTABLE = new Set(['pod-template-hash', 'controller-revision-hash', 'statefulset.kubernetes.io/pod-name', 'pod-template-generation']);

/** A Calico selector literal that is safe for any value: single quotes unless the value holds one. */
function lit(v: string): string {
  return v.includes("'") ? `"${v.replace(/"/g, '')}"` : `'${v}'`;
}

/** `app == 'web' && tier == 'front'` for the pod's stable labels; `all()` when it has none. Keys outside the
 *  selector language's label characters cannot be written as a selector: they are left out (and said so). */
export function podSelectorText(pod: PodLike): { text: string; skipped: string[] } {
  const parts: string[] = [];
  const skipped: string[] = [];
  for (const [k, v] of Object.entries(pod.podLabels)) {
    if (UNSTABLE.has(k)) continue;
    if (!/^[a-zA-Z0-9_./-]+$/.test(k) || /['"]/.test(v) && v.includes("'") && v.includes('"')) skipped.push(k);
    else parts.push(`${k} == ${lit(v)}`);
  }
  return { text: parts.length ? parts.join(' && ') : 'all()', skipped };
}

function dnsName(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '') || 'allow';
}

export function calicoAllowFix(direction: 'ingress' | 'egress', pod: PodLike, other: PolicyPeer, port: ConnPort, protocol: Protocol, tier: string, order: number | undefined, why: string): Fix {
  const otherName = other.kind === 'pod' ? other.pod.name : other.ip;
  const portText = port.num !== undefined ? String(port.num) : port.name;
  const base = dnsName(direction === 'ingress' ? `allow-${otherName}-to-${pod.name}-${portText}` : `allow-${pod.name}-to-${otherName}-${portText}`);
  const name = tier === 'default' ? base : `${tier}.${base}`;
  const self = podSelectorText(pod);
  const peer =
    other.kind === 'external'
      ? `      nets:\n      - ${JSON.stringify(other.ip.includes(':') ? `${other.ip}/128` : `${other.ip}/32`)}\n`
      : `${other.pod.namespace !== pod.namespace ? `      namespaceSelector: ${JSON.stringify(`${NAME_LABEL} == ${lit(other.pod.namespace)}`)}\n` : ''}      selector: ${JSON.stringify(podSelectorText(other.pod).text)}\n`;
  const portYaml = port.num !== undefined ? String(port.num) : JSON.stringify(port.name);
  const [peerSide, selfSide] = direction === 'ingress' ? ['source', 'destination'] : ['destination', 'source'];
  const rule =
    `  - action: Allow\n    protocol: ${protocol}\n    ${peerSide}:\n${peer}` +
    (direction === 'ingress' ? `    ${selfSide}:\n      ports:\n      - ${portYaml}\n` : `      ports:\n      - ${portYaml}\n`);
  const snippet =
    `apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: ${tier === 'default' ? name : JSON.stringify(name)}\n  namespace: ${JSON.stringify(pod.namespace)}\nspec:\n` +
    (tier === 'default' ? '' : `  tier: ${JSON.stringify(tier)}\n`) +
    (order !== undefined ? `  order: ${order}\n` : '') +
    `  selector: ${JSON.stringify(self.text)}\n  types:\n  - ${direction === 'ingress' ? 'Ingress' : 'Egress'}\n  ${direction}:\n${rule}`;
  const what = direction === 'ingress' ? `admit ${describePeerEnd(other)} to ${pod.id}` : `let ${pod.id} reach ${describePeerEnd(other)}`;
  const skipped = self.skipped.length ? ` (labels ${self.skipped.join(', ')} cannot be written in a Calico selector and are left out)` : '';
  return { summary: `${why} Add a Calico NetworkPolicy in tier ${tier}${order !== undefined ? ` with order ${order}, read before it` : ''} to ${what} on ${protocol} ${portText}${skipped}.`, snippet };
}
