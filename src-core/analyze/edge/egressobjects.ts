// OpenShift egress objects (they arrive as GenericObjects) normalised for egress.ts: EgressNetworkPolicy
// (openshift-sdn, network.openshift.io/v1), EgressFirewall (OVN-Kubernetes, k8s.ovn.org/v1), NetNamespace
// egressIPs, HostSubnet egressIPs/egressCIDRs, OVN EgressIP, and the egress router's configuration
// (EGRESS_DESTINATION & co. from env or a ConfigMap key).
import type { BuiltCluster } from '../../model/build';
import type { GenericObject, PodLike } from '../../model/types';
import { isRecord } from '../../model/context';
import { childRef, type NodeRef } from '../../parse/source';

export interface EgressRule {
  index: number;
  type: 'Allow' | 'Deny' | string;
  cidrSelector?: string;
  dnsName?: string;
  nodeSelector?: boolean;
  /** EgressFirewall only: undefined = every port. */
  ports?: { protocol: string; port?: number }[];
  ref: NodeRef;
}

export interface EgressPolicyObject {
  obj: GenericObject;
  rules: EgressRule[];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function egressRulesOf(o: GenericObject): EgressRule[] {
  return list(o.spec.egress).map((r, index) => {
    const rr = isRecord(r) ? r : {};
    const to = isRecord(rr.to) ? rr.to : {};
    const ports = Array.isArray(rr.ports)
      ? rr.ports.map((p) => (isRecord(p) ? { protocol: str(p.protocol) ?? 'TCP', port: typeof p.port === 'number' ? p.port : str(p.port) && /^\d+$/.test(str(p.port)!) ? Number(p.port) : undefined } : { protocol: 'TCP' }))
      : undefined;
    return { index, type: str(rr.type) ?? '', cidrSelector: str(to.cidrSelector), dnsName: str(to.dnsName)?.toLowerCase().replace(/\.$/, ''), nodeSelector: to.nodeSelector !== undefined, ports, ref: childRef(o.meta.ref, 'spec', 'egress', index) };
  });
}

export function objectsOf(cluster: BuiltCluster, kind: string, namespace?: string): GenericObject[] {
  return (cluster.others.get(kind) ?? []).filter((o) => namespace === undefined || o.meta.namespace === namespace);
}

export function strList(v: unknown): string[] {
  return list(v).map(str).filter((s): s is string => !!s);
}

/** The value of an env var of the pod, following configMapKeyRef into ConfigMaps of the input. */
export function envValue(cluster: BuiltCluster, pod: PodLike, name: string): { value?: string; from?: string } {
  // The egress router's setup runs in an init container (openshift-sdn's `egress-router`), so both count.
  for (const c of [...pod.initContainers, ...pod.containers]) {
    const e = c.env.find((x) => x.name === name);
    if (e) {
      if (e.value !== undefined) return { value: e.value, from: `env of container ${c.name}` };
      if (e.configMapKeyRef) {
        const cm = objectsOf(cluster, 'ConfigMap', pod.namespace).find((o) => o.meta.name === e.configMapKeyRef!.name);
        const data = cm && isRecord(cm.raw.data) ? cm.raw.data : undefined;
        const v = data ? str(data[e.configMapKeyRef.key]) : undefined;
        return { value: v, from: `ConfigMap ${e.configMapKeyRef.name} key ${e.configMapKeyRef.key}${v === undefined ? ' (not in the input)' : ''}` };
      }
    }
    for (const cmName of c.envFromConfigMaps) {
      const cm = objectsOf(cluster, 'ConfigMap', pod.namespace).find((o) => o.meta.name === cmName);
      const data = cm && isRecord(cm.raw.data) ? cm.raw.data : undefined;
      if (data && str(data[name]) !== undefined) return { value: str(data[name]), from: `ConfigMap ${cmName} (envFrom)` };
    }
  }
  return {};
}

export type RedirectRule = { port?: number; protocol?: string; ip: string; remotePort?: number; line: string };

/** EGRESS_DESTINATION (redirect mode): `PORT PROTO IP [REMOTE_PORT]` lines and an optional fallback `IP` line. */
export function parseRedirectDestination(text: string): { rules: RedirectRule[]; errors: string[] } {
  const rules: RedirectRule[] = [];
  const errors: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const f = line.split(/\s+/);
    if (f.length === 1) rules.push({ ip: f[0], line });
    else if ((f.length === 3 || f.length === 4) && /^\d+$/.test(f[0]) && /^(tcp|udp|sctp)$/i.test(f[1])) rules.push({ port: Number(f[0]), protocol: f[1].toUpperCase(), ip: f[2], remotePort: f[3] && /^\d+$/.test(f[3]) ? Number(f[3]) : undefined, line });
    else errors.push(`cannot read ${JSON.stringify(line)} (expected "PORT PROTOCOL IP [REMOTE_PORT]" or a single fallback IP)`);
  }
  return { rules, errors };
}

/** EGRESS_HTTP_PROXY_DESTINATION: ordered lines, `!` denies, `*` allows the rest; first match decides. */
export function httpProxyDecision(text: string, host: string): { allowed: boolean; line?: string } {
  const h = host.toLowerCase();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const deny = line.startsWith('!');
    const pat = (deny ? line.slice(1) : line).toLowerCase();
    const hit = pat === '*' || pat === h || (pat.startsWith('*.') && (h === pat.slice(2) || h.endsWith(pat.slice(1))));
    if (hit) return { allowed: !deny, line };
  }
  return { allowed: false };
}

/** EGRESS_DNS_PROXY_DESTINATION: `PORT REMOTE_HOST [REMOTE_PORT]` lines. */
export function parseDnsProxyDestination(text: string): { port: number; host: string; remotePort?: number }[] {
  return text
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean)
    .map((l) => l.split(/\s+/))
    .filter((f) => f.length >= 2 && /^\d+$/.test(f[0]))
    .map((f) => ({ port: Number(f[0]), host: f[1], remotePort: f[2] && /^\d+$/.test(f[2]) ? Number(f[2]) : undefined }));
}
