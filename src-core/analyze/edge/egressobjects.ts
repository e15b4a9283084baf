// OpenShift egress objects (they arrive as GenericObjects) normalised for egress.ts: EgressNetworkPolicy
// (openshift-sdn, network.openshift.io/v1), EgressFirewall (OVN-Kubernetes, k8s.ovn.org/v1), NetNamespace
// egressIPs, HostSubnet egressIPs/egressCIDRs, OVN EgressIP, and the egress router's configuration
// (EGRESS_DESTINATION & co. from env or a ConfigMap key).
import type { BuiltCluster } from '../../model/build';
import type { GenericObject, PodLike } from '../../model/types';
import { isRecord } from '../../model/context';
import { childRef, type NodeRef } from '../../parse/source';
import type { LabelSelector } from '../../model/selector';
import { EGRESS_ROUTER_CNI_LABEL, readEgressRouter, type EgressRouterCR, type RedirectRule } from '../../model/kinds/egressrouter';

export interface EgressRule {
  index: number;
  type: 'Allow' | 'Deny' | string;
  cidrSelector?: string;
  dnsName?: string;
  /** OVN nodeSelector destination (the Nodes' addresses; k8s.ovn.org/v1 types.go EgressFirewallDestination). */
  nodeSelector?: LabelSelector;
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
    return { index, type: str(rr.type) ?? '', cidrSelector: str(to.cidrSelector), dnsName: str(to.dnsName)?.toLowerCase().replace(/\.$/, ''), nodeSelector: to.nodeSelector !== undefined ? (selectorOf(to.nodeSelector) ?? { matchLabels: {}, matchExpressions: [] }) : undefined, ports, ref: childRef(o.meta.ref, 'spec', 'egress', index) };
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

export type { RedirectRule };
export { readEgressRouter, EGRESS_ROUTER_CNI_LABEL, type EgressRouterCR };

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

/** What the proxy scripts refuse at start-up (the pod's proxy then never runs: every connection is refused).
 *  openshift egress-http-proxy.sh (squid): an empty value, a line that is no IP[/mask], `*.domain` or
 *  hostname ("Bad destination"), or a `*` that is not the last rule; egress-dns-proxy.sh (HAProxy):
 *  a line that is not `PORT IP|DOMAIN [PORT]`, a port outside 1–65535, or a port used twice. */
export function proxyConfigErrors(mode: 'http-proxy' | 'dns-proxy', text: string): string[] {
  const errors: string[] = [];
  if (!text.trim()) return [`${mode === 'http-proxy' ? 'EGRESS_HTTP_PROXY_DESTINATION' : 'EGRESS_DNS_PROXY_DESTINATION'} is empty`];
  const lines = text.split('\n').map((l) => l.trim());
  if (mode === 'http-proxy') {
    let wildcard = false;
    for (const line of lines) {
      // The script skips lines matching ^\w*$ (blank, or ONLY word characters) and lines starting with #.
      if (/^\w*$/.test(line) || line.startsWith('#')) continue;
      if (line === '*') {
        wildcard = true;
        continue;
      }
      if (wildcard) errors.push(`"*" must be the last rule (found ${JSON.stringify(line)} after it)`);
      const dest = line.replace(/^!/, '');
      if (!(HTTP_IP.test(dest) || HTTP_DOMAIN.test(dest) || HTTP_HOST.test(dest))) errors.push(`bad destination ${JSON.stringify(dest)}`);
    }
    return errors;
  }
  const used = new Set<number>();
  for (const line of lines) {
    if (!line || line.startsWith('#')) continue;
    const m = /^(\d+) +(\d+\.\d+\.\d+\.\d+|[A-Za-z0-9][A-Za-z0-9-]+?\.[A-Za-z0-9.-]+)(?: +(\d+))?$/.exec(line);
    if (!m) {
      errors.push(`bad destination ${JSON.stringify(line)}`);
      continue;
    }
    const port = Number(m[1]);
    for (const p of [port, m[3] ? Number(m[3]) : port]) if (p < 1 || p > 65535) errors.push(`invalid port ${p}`);
    if (used.has(port)) errors.push(`proxy port ${port} is used twice`);
    used.add(port);
  }
  return errors;
}

const HTTP_IP = /^[0-9A-Fa-f.:]*[.:][0-9A-Fa-f.:]+(\/\d+)?$/;
const HTTP_HOST = /^[A-Za-z0-9][A-Za-z0-9.-]+$/;
const HTTP_DOMAIN = /^\*\.[A-Za-z0-9][A-Za-z0-9.-]+$/;

/** EGRESS_HTTP_PROXY_DESTINATION (squid http_access): ordered lines, `!` denies, first match decides;
 *  `*.domain` is squid dstdomain `.domain` (the domain and every subdomain), a hostname matches exactly,
 *  IP[/mask] matches the destination address; a final `*` allows the rest, otherwise `deny all`. */
export function httpProxyDecision(text: string, host: string): { allowed: boolean; line?: string } {
  const h = host.toLowerCase();
  const hostIsIP = /^\d+\.\d+\.\d+\.\d+$/.test(h);
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (/^\w*$/.test(line) || line.startsWith('#')) continue;
    const deny = line.startsWith('!');
    const pat = (deny ? line.slice(1) : line).toLowerCase();
    const ipHit = hostIsIP && HTTP_IP.test(pat) && (pat.includes('/') ? cidrContains(pat, h) : pat === h);
    const hit = pat === '*' || pat === h || ipHit || (pat.startsWith('*.') && (h === pat.slice(2) || h.endsWith(pat.slice(1))));
    if (hit) return { allowed: !deny, line };
  }
  return { allowed: false };
}

function cidrContains(cidr: string, ip: string): boolean {
  const [base, bits] = cidr.split('/');
  const n = Number(bits);
  const toInt = (a: string) => a.split('.').reduce((acc, x) => acc * 256 + Number(x), 0);
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(base) || !(n >= 0 && n <= 32)) return false;
  const size = 2 ** (32 - n);
  return Math.floor(toInt(base) / size) === Math.floor(toInt(ip) / size);
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

export function selectorOf(v: unknown): LabelSelector | undefined {
  if (!isRecord(v)) return undefined;
  const ml = isRecord(v.matchLabels) ? (Object.fromEntries(Object.entries(v.matchLabels).map(([k, x]) => [k, String(x)])) as Record<string, string>) : {};
  const me = Array.isArray(v.matchExpressions) ? v.matchExpressions.filter(isRecord).map((e) => ({ key: String(e.key), operator: String(e.operator) as 'In', values: strList(e.values) })) : [];
  return { matchLabels: ml, matchExpressions: me };
}

/** The address of the node a pod runs on, as openshift-sdn's node knows it (its localIP): the pod's
 *  status.hostIP, else the InternalIP of the Node named by spec.nodeName, else that node's HostSubnet hostIP. */
export function podNodeAddress(cluster: BuiltCluster, pod: PodLike): { ip?: string; from: string } {
  if (pod.hostIP) return { ip: pod.hostIP, from: `status.hostIP of ${pod.id}` };
  if (!pod.nodeName) return { from: `${pod.id} has neither status.hostIP nor spec.nodeName in the input` };
  const node = objectsOf(cluster, 'Node').find((n) => n.meta.name === pod.nodeName);
  const internal = node ? nodeStatusAddresses(node).find((a) => a.type === 'InternalIP') : undefined;
  if (internal) return { ip: internal.address, from: `InternalIP of Node ${pod.nodeName}` };
  const hs = objectsOf(cluster, 'HostSubnet').find((h) => (str(h.raw.host) ?? h.meta.name) === pod.nodeName);
  if (hs && str(hs.raw.hostIP)) return { ip: str(hs.raw.hostIP), from: `hostIP of HostSubnet ${hs.meta.name}` };
  return { from: `node ${pod.nodeName} of ${pod.id}: no status.hostIP, and no Node or HostSubnet for it in the input` };
}

function nodeStatusAddresses(node: GenericObject): { type: string; address: string }[] {
  const st = isRecord(node.raw.status) ? node.raw.status : {};
  return list(st.addresses).filter(isRecord).map((a) => ({ type: str(a.type) ?? '', address: str(a.address) ?? '' })).filter((a) => a.address);
}

/** The host addresses OVN-Kubernetes puts in a nodeSelector rule for a Node: the k8s.ovn.org/host-cidrs
 *  annotation with the masks dropped (go-controller/pkg/util/node_annotations.go GetNodeHostAddrs,
 *  ParseNodeHostCIDRsDropNetMask). `exact` is false when that annotation is not in the input and the Node's
 *  status addresses stand in for it (they are among the host addresses, but the host may have more). */
export function nodeHostAddresses(node: GenericObject): { addrs: string[]; exact: boolean } {
  const ann = node.meta.annotations['k8s.ovn.org/host-cidrs'];
  if (ann !== undefined) {
    try {
      const v: unknown = JSON.parse(ann);
      return { addrs: strList(v).map((c) => c.replace(/\/\d+$/, '')), exact: true };
    } catch {
      return { addrs: [], exact: true };
    }
  }
  return { addrs: nodeStatusAddresses(node).filter((a) => a.type === 'InternalIP' || a.type === 'ExternalIP').map((a) => a.address), exact: false };
}

/** The EgressRouter CR an `app=egress-router-cni` pod was created for (the first in its namespace). */
export function egressRouterCR(cluster: BuiltCluster, pod: PodLike): EgressRouterCR | undefined {
  if (pod.podLabels.app !== EGRESS_ROUTER_CNI_LABEL) return undefined;
  const obj = objectsOf(cluster, 'EgressRouter', pod.namespace)[0];
  return obj ? readEgressRouter(obj) : undefined;
}
