// Lint rules about Services, on the edge stage's endpoint semantics (analyze/edge/service.ts):
// - service-selects-no-pods: a selector that matches no pod of the namespace — no endpoints;
// - named-targetport-missing: a named targetPort some selected pods do not declare (by name AND protocol,
//   kubernetes pkg/api/v1/pod FindPort) — those pods are no endpoints of that port;
// - nodeport-out-of-range: the API server rejects a nodePort outside the default range 30000–32767
//   (kube-apiserver --service-node-port-range).
import type { BuiltCluster } from '../model/build';
import { childRef } from '../parse/source';
import { nameOf } from '../analyze/edge/common';
import { endpointsOf, fmtLabels } from '../analyze/edge/service';
import type { Finding } from './codes';
import { finding } from './finding';

const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

export function serviceFindings(cluster: BuiltCluster): Finding[] {
  const out: Finding[] = [];
  for (const svc of cluster.services) {
    if (!svc.selector || svc.type === 'ExternalName') continue;
    const eps = endpointsOf(cluster, svc);
    if (eps.selected.length === 0) {
      const near = cluster.pods.filter((p) => p.namespace === svc.meta.namespace).slice(0, 3).map((p) => `${p.name} (${fmtLabels(p.podLabels)})`);
      out.push(finding(cluster, 'service-selects-no-pods', svc.meta, svc.selectorRef, `${nameOf(svc.meta)}: the selector ${fmtLabels(svc.selector)} matches no pod in ${JSON.stringify(svc.meta.namespace)}, so the Service has no endpoints.${near.length ? ` Pods there: ${near.join('; ')}.` : ''}`, { summary: 'Make spec.selector match the pod template labels.' }));
      continue;
    }
    const seen = new Set<string>();
    for (const m of eps.missingName) {
      const k = `${m.servicePort.port}/${m.name}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const lacking = eps.missingName.filter((x) => x.name === m.name && x.servicePort === m.servicePort).map((x) => x.pod.id);
      out.push(finding(cluster, 'named-targetport-missing', svc.meta, m.servicePort.ref, `${nameOf(svc.meta)}: targetPort ${JSON.stringify(m.name)} is not a ${m.servicePort.protocol} containerPort name on ${lacking.join(', ')}; those pods are not endpoints of port ${m.servicePort.port}.`, { summary: `Name the container port ${JSON.stringify(m.name)} in those pods, or use a number as targetPort.`, snippet: `ports:\n- name: ${m.name}\n  containerPort: 8080` }));
    }
  }
  return out;
}

export function nodePortOutOfRange(cluster: BuiltCluster): Finding[] {
  const out: Finding[] = [];
  for (const svc of cluster.services) {
    for (const sp of svc.ports) {
      if (sp.nodePort === undefined || (sp.nodePort >= NODE_PORT_MIN && sp.nodePort <= NODE_PORT_MAX)) continue;
      out.push(finding(cluster, 'nodeport-out-of-range', svc.meta, childRef(sp.ref, 'nodePort'), `${nameOf(svc.meta)}: nodePort ${sp.nodePort} is outside ${NODE_PORT_MIN}–${NODE_PORT_MAX}; the API server rejects the Service ("provided port is not in the valid range") unless the cluster's --service-node-port-range was changed.`, { summary: `Use a nodePort from ${NODE_PORT_MIN} to ${NODE_PORT_MAX}, or omit it and let the API server pick one.`, snippet: `ports:\n- port: ${sp.port}\n  nodePort: ${NODE_PORT_MIN}` }));
    }
  }
  return out;
}
