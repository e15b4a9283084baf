// More lint rules of the edge stage, each reusing the trace's own semantics:
// - egress-no-dns: pods isolated for egress with no rule admitting the cluster DNS pods (analyze/edge/
//   dnslookup.ts: UDP on the DNS pods' port — 5353 on OpenShift — decides); they resolve no name;
// - nodeport-out-of-range: the API server rejects a nodePort outside the default range 30000–32767
//   (kube-apiserver --service-node-port-range);
// - route-ingress-collision (OpenShift profiles): a Route and an Ingress (served as a generated Route)
//   claiming the same host and path; the router admits only the older claimant;
// - egress objects the platform rejects (egress.ts).
import { egressObjectFindings } from './egress';
import type { BuiltCluster } from '../model/build';
import { objectKey } from '../model/types';
import { childRef } from '../parse/source';
import { nameOf } from '../analyze/edge/common';
import { asksClusterDns, dnsEgressFix, dnsQueryVerdicts } from '../analyze/edge/dnslookup';
import { ingressRoutes } from '../analyze/edge/ingressroutes';
import { hostKey, routeAdmission } from '../analyze/edge/route';
import { evaluateConnection } from '../analyze/policy/evaluate';
import { LINT_CODES, type Finding } from './codes';
import { finding } from './edge';
import { isPlainKubernetes } from '../model/profiles';

const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

/** One finding per set of egress policies that leaves pods without DNS (not one per pod). */
function egressWithoutDns(cluster: BuiltCluster): Finding[] {
  const groups = new Map<string, { pods: string[]; finding: Omit<Finding, 'message'>; first: string; only53: boolean; unsure?: string }>();
  const d = cluster.profile.dns;
  for (const pod of cluster.pods) {
    if (pod.meta.impliedBy || !asksClusterDns(pod)) continue;
    const { udp, tcp, primary } = dnsQueryVerdicts(cluster, pod);
    const v = (primary === 'UDP' ? udp : tcp).egress;
    // Only NetworkPolicy isolation: the fix is an egress rule (admin policies are the cluster admin's).
    if (v.allowed || v.decidedBy !== 'network-policy') continue;
    // On OVN-K profiles an ipBlock may or may not hold the DNS pods' address (the input does not give it):
    // then the pods can resolve only if it does, which is said as such, in a finding of its own.
    const unsure = v.undecided?.[0];
    const key = `${unsure ? 'unsure:' : ''}${v.selectedBy.map((r) => r.object).join('|') || pod.id}`;
    const g = groups.get(key);
    if (g) {
      g.pods.push(pod.id);
      continue;
    }
    const rule = v.selectedBy[0] ?? v.rule;
    const fix = dnsEgressFix(cluster, pod);
    // The classic OpenShift mistake: a rule for the Service's port 53, which policies never see.
    const only53 = d.podPort !== d.servicePort && evaluateConnection(cluster, { kind: 'pod', pod }, { kind: 'pod', pod: cluster.dnsPod }, d.servicePort, primary).egress.allowed;
    groups.set(key, {
      pods: [pod.id],
      only53,
      unsure,
      first: [...new Set(v.selectedBy.map((r) => r.object.replace('/', ' ')))].join(', ') || 'the policies selecting them',
      finding: { code: 'egress-no-dns', severity: LINT_CODES['egress-no-dns'], object: rule?.object ?? objectKey(pod.meta), source: rule?.source ?? cluster.sourceMap.locate(pod.meta.ref), fix: { summary: fix.summary.replace(` selecting ${pod.id}`, ''), snippet: fix.snippet } },
    });
  }
  const port = d.podPort !== d.servicePort ? `${d.podPort} — the DNS pods' port behind the ${d.serviceName} Service's ${d.servicePort}` : String(d.podPort);
  return [...groups.values()].map((g) => {
    const many = g.pods.length > 1;
    const who = `${g.pods.slice(0, 4).join(', ')}${g.pods.length > 4 ? ` and ${g.pods.length - 4} more` : ''}`;
    const verb = g.first.includes(',') ? 'isolate' : 'isolates';
    const only53 = g.only53 ? ` A rule admits port ${d.servicePort} to the DNS pods, but that is the Service's port: policies see ${d.podPort}.` : '';
    if (g.unsure) {
      return { ...g.finding, message: `${g.first} ${verb} ${who} for egress, and no rule surely admits the cluster DNS (namespace ${d.namespace}, UDP/TCP ${port}): only an ipBlock might, if the DNS pods' address (not in the input) is inside it — ${g.unsure}. If it is not, ${many ? 'these pods' : 'the pod'} cannot resolve any name. A rule by namespace says it for sure.${only53}` };
    }
    return { ...g.finding, message: `${g.first} ${verb} ${who} for egress, and no rule admits the cluster DNS (namespace ${d.namespace}, UDP/TCP ${port}): ${many ? 'these pods' : 'the pod'} cannot resolve any name, so connections by name fail before they start.${only53}` };
  });
}

function nodePortOutOfRange(cluster: BuiltCluster): Finding[] {
  const out: Finding[] = [];
  for (const svc of cluster.services) {
    for (const sp of svc.ports) {
      if (sp.nodePort === undefined || (sp.nodePort >= NODE_PORT_MIN && sp.nodePort <= NODE_PORT_MAX)) continue;
      out.push(finding(cluster, 'nodeport-out-of-range', svc.meta, childRef(sp.ref, 'nodePort'), `${nameOf(svc.meta)}: nodePort ${sp.nodePort} is outside ${NODE_PORT_MIN}–${NODE_PORT_MAX}; the API server rejects the Service ("provided port is not in the valid range") unless the cluster's --service-node-port-range was changed.`, { summary: `Use a nodePort from ${NODE_PORT_MIN} to ${NODE_PORT_MAX}, or omit it and let the API server pick one.`, snippet: `ports:\n- port: ${sp.port}\n  nodePort: ${NODE_PORT_MIN}` }));
    }
  }
  return out;
}

/** OpenShift serves Ingresses as generated Routes, which compete with Route objects for host+path. */
function routeIngressCollision(cluster: BuiltCluster): Finding[] {
  if (isPlainKubernetes(cluster.profile.name)) return [];
  const out: Finding[] = [];
  const adm = routeAdmission(cluster);
  for (const g of ingressRoutes(cluster).routes) {
    const rivals = cluster.routes.filter((r) => r.host && hostKey(r) === hostKey(g) && (r.path ?? '') === (g.path ?? ''));
    for (const r of rivals) {
      const gA = adm.get(g);
      const rA = adm.get(r);
      // The router's verdict (routeAdmission): the older claim wins; other namespaces lose to the host's owner.
      const winner = rA && !rA.admitted && rA.by === g ? `${nameOf(r.meta)} is not admitted (${rA.reason}), the Ingress is served` : gA && !gA.admitted && gA.by === r ? `the Route generated for the Ingress is not admitted (${gA.reason}), ${nameOf(r.meta)} is served` : `the router admits only one claimant of a host and path`;
      const path = g.path ? ` path ${JSON.stringify(g.path)}` : '';
      out.push(finding(cluster, 'route-ingress-collision', g.meta, g.to.ref, `${nameOf(g.meta)} and ${nameOf(r.meta)} both claim host ${hostKey(g)}${path}. On OpenShift the Ingress becomes a Route: ${winner}.`, { summary: `Keep one of them: delete ${nameOf(r.meta)} or remove the rule from the Ingress (or give them different hosts/paths).` }));
    }
  }
  return out;
}

export function moreEdgeFindings(cluster: BuiltCluster): Finding[] {
  return [...egressWithoutDns(cluster), ...nodePortOutOfRange(cluster), ...routeIngressCollision(cluster), ...egressObjectFindings(cluster)];
}
