// Object details (the app's side panel for a selected node): labels, ports, the policies that select
// it, the Services that select it or the pods a Service/policy selects, and — for small inputs — which
// sources may connect. Selectors are matched by the model's own `selectorMatches` (a Service selector
// selects pods by the trace's own `selectsPod`: analyze/edge/service.ts), never by hand; pod-to-pod reachability is the
// policy engine's verdict (analyze/policy/evaluate.ts), and only the two sources from outside the
// cluster (internet, router) are traced, since their path is more than policies (Routes, hostNetwork…).
import type { BuiltCluster } from '../model/build';
import { selectorMatches } from '../model/selector';
import { objectKey, type PodLike } from '../model/types';
import { evaluateConnection } from '../analyze/policy/evaluate';
import { selectsPod } from '../analyze/edge/service';
import { policyIndex } from '../analyze/policy/cache';
import { calicoPolicySelects } from '../analyze/policy/calico/select';
import type { SessionDetails, TraceFn } from './types';

function firstPort(p: PodLike): number {
  return p.ports[0]?.containerPort ?? 80;
}

/** Who can reach whom on the destination's container ports, as the core's policy engine decides
 *  (NetworkPolicy, admin policies, project isolation). Small inputs only. */
export function detailsOf(cluster: BuiltCluster, key: string, traceFn: TraceFn | undefined): SessionDetails | null {
  const meta = cluster.objects.get(key) ?? (key === 'router' ? cluster.routerPod.meta : undefined);
  if (!meta) return null;
  const loc = (ref: { doc: number; path: readonly (string | number)[] }) => (ref.doc >= 0 ? cluster.sourceMap.locate(ref) : undefined);
  const d: SessionDetails = {
    key,
    kind: meta.kind,
    name: meta.name,
    namespace: meta.namespace,
    labels: { ...meta.labels },
    ports: [],
    facts: [],
    range: loc(meta.ref),
    impliedBy: meta.impliedBy,
    selectedBy: [],
    related: [],
    reachableFrom: null,
  };
  const pod = key === 'router' ? cluster.routerPod : (cluster.pods.find((p) => objectKey(p.meta) === key) ?? cluster.workloads.find((p) => objectKey(p.meta) === key));
  if (pod) {
    if (pod.kind !== 'Pod' && !cluster.pods.includes(pod)) {
      // A workload with live Pods is their group (model/owners.ts): say which pods are its endpoints.
      const members = cluster.pods.filter((p) => p.workload === key).map((p) => p.name);
      d.facts.push(['pods', members.length ? members.slice(0, 10).join(', ') + (members.length > 10 ? ` and ${members.length - 10} more` : '') : `none of its own (its owner ${pod.workload ?? ''} stands for them)`]);
    }
    d.podLabels = { ...pod.podLabels };
    d.ports = pod.ports.map((p) => `${p.name ? p.name + ' ' : ''}${p.containerPort}/${p.protocol} (${p.container})`);
    if (pod.replicas !== undefined) d.facts.push(['replicas', String(pod.replicas)]);
    if (pod.hostNetwork) d.facts.push(['hostNetwork', 'true']);
    if (pod.podIP) d.facts.push(['podIP', pod.podIP]);
    if (pod.phase) d.facts.push(['phase', pod.phase]);
    for (const np of cluster.networkPolicies) {
      if (np.meta.namespace !== pod.namespace || !selectorMatches(np.podSelector, pod.podLabels)) continue;
      const k = objectKey(np.meta);
      d.selectedBy.push({ key: k, label: `${np.meta.name} (${np.policyTypes.join(', ')})${np.meta.impliedBy ? ` — implied by ${np.meta.impliedBy}` : ''}`, range: loc(np.meta.ref) });
    }
    // Calico policies (profile calico) select with Calico's selector language: the engine's own predicate.
    if (cluster.profile.name === 'calico' && cluster.calico) {
      const idx = policyIndex(cluster);
      for (const cp of cluster.calico.policies) {
        if (!calicoPolicySelects(idx, cp, pod)) continue;
        d.selectedBy.push({ key: objectKey(cp.meta), label: `${cp.name} (Calico ${cp.global ? 'GlobalNetworkPolicy' : 'NetworkPolicy'}, tier ${cp.tier}${cp.order !== undefined ? `, order ${cp.order}` : ''}; ${cp.types.join(', ')})`, range: loc(cp.meta.ref) });
      }
    }
    for (const s of cluster.services) {
      if (s.meta.namespace !== pod.namespace || !s.selector || Object.keys(s.selector).length === 0) continue;
      if (selectsPod(s, pod)) d.related.push({ key: objectKey(s.meta), label: `Service ${s.meta.name} selects it`, range: loc(s.meta.ref) });
    }
    if (traceFn && cluster.pods.length <= 200 && key !== 'router') {
      const port = firstPort(pod);
      const sources = ['internet', 'router', ...cluster.pods.filter((p) => p !== pod && !p.meta.impliedBy).slice(0, 40).map((p) => p.id)];
      d.reachableFrom = sources.map((from) => {
        try {
          const src = from === 'internet' || from === 'router' ? undefined : cluster.pods.find((p) => p.id === from);
          if (!src) {
            const t = traceFn(cluster, { from, to: pod.id, port, protocol: 'TCP' });
            return { from, port, allowed: t.allowed, summary: t.error ?? t.summary };
          }
          // Pod to pod: the policies decide (egress of the source, ingress of the destination).
          const v = evaluateConnection(cluster, { kind: 'pod', pod: src }, { kind: 'pod', pod }, port, 'TCP');
          const decided = !v.egress.allowed ? v.egress : v.ingress;
          return { from, port, allowed: v.allowed, summary: `${v.verdict === 'allowed' ? 'Allowed' : v.verdict === 'denied' ? 'Denied' : 'Undetermined'}: ${decided.summary ?? ''}`.trim() };
        } catch (e) {
          return { from, port, allowed: false, summary: e instanceof Error ? e.message : String(e) };
        }
      });
    }
  }
  const svc = cluster.services.find((s) => objectKey(s.meta) === key);
  if (svc) {
    d.ports = svc.ports.map((p) => `${p.name ? p.name + ' ' : ''}${p.port}→${p.targetPort}/${p.protocol}`);
    d.facts.push(['type', svc.type]);
    if (svc.clusterIP) d.facts.push(['clusterIP', svc.clusterIP]);
    if (svc.selector) d.facts.push(['selector', Object.entries(svc.selector).map(([k, v]) => `${k}=${v}`).join(', ') || '(empty)']);
    else d.facts.push(['selector', 'none — endpoints come from EndpointSlices']);
    const sel = svc.selector;
    if (sel && Object.keys(sel).length) {
      for (const p of cluster.pods) {
        if (selectsPod(svc, p)) d.related.push({ key: objectKey(p.meta), label: `selects ${p.kind} ${p.name}`, range: loc(p.meta.ref) });
      }
      if (d.related.length === 0) d.related.push({ key, label: 'selects no pod in this input' });
    }
  }
  const np = cluster.networkPolicies.find((x) => objectKey(x.meta) === key);
  if (np) {
    d.facts.push(['policyTypes', `${np.policyTypes.join(', ')}${np.policyTypesExplicit ? '' : ' (defaulted)'}`], ['ingress rules', String(np.ingress.length)], ['egress rules', String(np.egress.length)]);
    for (const p of cluster.pods) {
      if (p.namespace === np.meta.namespace && selectorMatches(np.podSelector, p.podLabels)) d.related.push({ key: objectKey(p.meta), label: `selects ${p.kind} ${p.name}`, range: loc(p.meta.ref) });
    }
    if (d.related.length === 0) d.related.push({ key, label: 'selects no pod in this input' });
  }
  const cp = cluster.profile.name === 'calico' ? cluster.calico?.policies.find((x) => objectKey(x.meta) === key) : undefined;
  if (cp) {
    const idx = policyIndex(cluster);
    d.facts.push(['tier', cp.tier], ['order', cp.order !== undefined ? String(cp.order) : 'none (last in its tier)'], ['selector', cp.selector.text || 'all()'], ['types', `${cp.types.join(', ')}${cp.typesExplicit ? '' : ' (defaulted)'}`], ['ingress rules', String(cp.ingress.length)], ['egress rules', String(cp.egress.length)]);
    for (const p of cluster.pods) if (calicoPolicySelects(idx, cp, p)) d.related.push({ key: objectKey(p.meta), label: `selects ${p.kind} ${p.id}`, range: loc(p.meta.ref) });
    if (d.related.length === 0) d.related.push({ key, label: 'selects no pod in this input' });
  }
  const route = cluster.routes.find((r) => objectKey(r.meta) === key);
  if (route) {
    d.facts.push(['host', route.host ?? '(generated)'], ['path', route.path ?? '/'], ['to', `${route.to.kind} ${route.to.name}`]);
    if (route.targetPort !== undefined) d.facts.push(['targetPort', String(route.targetPort)]);
    d.facts.push(['tls', route.tls ? `${route.tls.termination}${route.tls.insecureEdgeTerminationPolicy ? `, insecure: ${route.tls.insecureEdgeTerminationPolicy}` : ''}` : 'none (plain http)']);
  }
  const annotations = Object.entries(meta.annotations).slice(0, 20);
  for (const [k, v] of annotations) d.facts.push([k, v.length > 200 ? v.slice(0, 200) + '…' : v]);
  return d;
}

