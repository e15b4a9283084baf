// Test helpers for the policy engine's unit tests: small manifests in, verdicts out. Test-only.
// Imports the stages directly (not index.ts) so these tests do not depend on the edge tracer.
import { buildCluster, type BuiltCluster } from '../../model/build';
import { parseManifests } from '../../parse/parse';
import type { ProfileName, Protocol } from '../../model/types';
import { evaluateConnection } from './evaluate';
import type { ConnectionVerdict, PolicyPeer } from './types';

export function clusterOf(yaml: string, profile: ProfileName = 'kubernetes'): BuiltCluster {
  return buildCluster(parseManifests([{ name: 't.yaml', text: yaml }]), { profile });
}

/** `ns/name`, `router`, or an IP address (outside the cluster). */
export function peer(c: BuiltCluster, s: string): PolicyPeer {
  if (s === 'router') return { kind: 'pod', pod: c.routerPod };
  if (/^[\d.]+$/.test(s) || s.includes(':')) return { kind: 'external', ip: s };
  const pod = c.podsById.get(s);
  if (!pod) throw new Error(`test bug: no pod ${s}`);
  return { kind: 'pod', pod };
}

export function verdict(c: BuiltCluster, from: string, to: string, port: number | string = 80, protocol: Protocol = 'TCP'): ConnectionVerdict {
  return evaluateConnection(c, peer(c, from), peer(c, to), port, protocol);
}

export function allowed(c: BuiltCluster, from: string, to: string, port: number | string = 80, protocol: Protocol = 'TCP'): boolean {
  return verdict(c, from, to, port, protocol).allowed;
}

export function ns(name: string, labels: Record<string, string> = {}): string {
  const l = Object.entries(labels).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`).join('\n');
  return `---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n${l ? `  labels:\n${l}\n` : ''}`;
}

export function pod(namespace: string, name: string, labels: Record<string, string> = {}, ports: { name?: string; containerPort: number; protocol?: Protocol }[] = [], extra = ''): string {
  const l = Object.entries(labels).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`).join('\n');
  const p = ports.map((x) => `    - containerPort: ${x.containerPort}\n${x.name ? `      name: ${x.name}\n` : ''}      protocol: ${x.protocol ?? 'TCP'}`).join('\n');
  return `---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n${l ? `  labels:\n${l}\n` : ''}spec:\n  containers:\n  - name: c\n    image: x\n${p ? `    ports:\n${p}\n` : ''}${extra}`;
}
