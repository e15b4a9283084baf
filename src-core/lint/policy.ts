// Lint rules that need the policy engine: NetworkPolicies that select no pod, policies that cut the
// router (in the profile's router namespace) off from pods that a Route or Ingress exposes, and policy
// objects podpath does not model (unmodelled.ts).
import type { BuiltCluster } from '../model/build';
import { formatSelector, selectorMatches } from '../model/selector';
import { objectKey, type PodLike } from '../model/types';
import { childRef } from '../parse/source';
import { nameOf } from '../analyze/edge/common';
import { routeAdmission, routeBackends } from '../analyze/edge/route';
import { endpointsOf, findService, type ServiceEndpoint } from '../analyze/edge/service';
import { evaluateConnection } from '../analyze/policy/evaluate';
import { LINT_CODES, type Finding } from './codes';
import { unmodelledFindings } from './unmodelled';

function policySelectsNothing(cluster: BuiltCluster): Finding[] {
  const out: Finding[] = [];
  // Pods by namespace once (a filter per policy was policies × pods: seconds at 10k workloads).
  const podsByNs = new Map<string, PodLike[]>();
  for (const p of cluster.pods) {
    const list = podsByNs.get(p.namespace);
    if (list) list.push(p);
    else podsByNs.set(p.namespace, [p]);
  }
  for (const np of cluster.networkPolicies) {
    if (np.meta.impliedBy) continue;
    const inNs = podsByNs.get(np.meta.namespace) ?? [];
    if (inNs.length === 0) continue; // the input may simply not include the namespace's workloads
    if (inNs.some((p) => selectorMatches(np.podSelector, p.podLabels))) continue;
    out.push({
      code: 'policy-selects-no-pods',
      severity: LINT_CODES['policy-selects-no-pods'],
      message: `${nameOf(np.meta)}: podSelector ${formatSelector(np.podSelector)} selects none of the ${inNs.length} pod(s)/workload(s) in ${JSON.stringify(np.meta.namespace)}, so it has no effect.`,
      object: objectKey(np.meta),
      source: cluster.sourceMap.locate(np.podSelectorRef),
      fix: { summary: 'Match the labels of the pod template you meant to isolate (or delete the policy).' },
    });
  }
  return out;
}

/** Exposed pods: endpoints of the Services behind admitted Routes and Ingress backends. */
function exposed(cluster: BuiltCluster): { via: string; viaKey: string; through: 'route' | 'ingress'; e: ServiceEndpoint }[] {
  const out: { via: string; viaKey: string; through: 'route' | 'ingress'; e: ServiceEndpoint }[] = [];
  const adm = routeAdmission(cluster);
  for (const r of cluster.routes) {
    if (adm.get(r)?.admitted === false) continue;
    for (const b of routeBackends(cluster, r)) for (const e of b.used) out.push({ via: nameOf(r.meta), viaKey: objectKey(r.meta), through: 'route', e });
  }
  for (const ing of cluster.ingresses) {
    const backends = [...ing.rules.flatMap((r) => r.paths.map((p) => p.backend)), ...(ing.defaultBackend ? [ing.defaultBackend] : [])];
    for (const b of backends) {
      const svc = b.service ? findService(cluster, ing.meta.namespace, b.service.name) : undefined;
      if (!svc) continue;
      const sp = b.service?.port?.name !== undefined ? svc.ports.find((p) => p.name === b.service!.port!.name) : svc.ports.find((p) => p.port === b.service?.port?.number) ?? svc.ports[0];
      if (!sp) continue;
      for (const e of endpointsOf(cluster, svc, sp).usable) out.push({ via: nameOf(ing.meta), viaKey: objectKey(ing.meta), through: 'ingress', e });
    }
  }
  return out;
}

function routerIsolated(cluster: BuiltCluster): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const { via, viaKey, through, e } of exposed(cluster)) {
    const pod: PodLike | undefined = e.pod;
    if (!pod) continue;
    const key = `${viaKey}|${pod.id}|${e.port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const v = evaluateConnection(cluster, { kind: 'pod', pod: cluster.routerPod }, { kind: 'pod', pod }, e.port, e.protocol);
    // Only a certain denial: one that depends on an unknown pod IP is not an isolated router.
    if (v.ingress.allowed || v.ingress.undecided?.length) continue;
    const rule = v.ingress.rule ?? v.ingress.selectedBy[0];
    out.push({
      code: 'router-isolated',
      severity: LINT_CODES['router-isolated'],
      message: `${via} exposes ${pod.id} on port ${e.port}, but ${rule ? rule.label : 'the policies selecting it'} do not admit the router (namespace ${JSON.stringify(cluster.routerPod.namespace)}): requests through the ${through} time out (${v.ingress.summary ?? 'denied'}).`,
      object: rule?.object ?? objectKey(pod.meta),
      source: rule?.source ?? cluster.sourceMap.locate(childRef(pod.meta.ref)),
      fix: v.ingress.fix ? { summary: v.ingress.fix.summary, snippet: v.ingress.fix.snippet } : { summary: `Allow ingress from namespaces labelled policy-group.network.openshift.io/ingress: "" on port ${e.port}.` },
    });
  }
  return out;
}

export function policyFindings(cluster: BuiltCluster): Finding[] {
  return [...policySelectsNothing(cluster), ...routerIsolated(cluster), ...unmodelledFindings(cluster)];
}
