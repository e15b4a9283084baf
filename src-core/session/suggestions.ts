// What a model offers the trace pickers and the editor: every object's position (jump between graph
// and editor), the endpoints the core understands as autocomplete (one per form: pods, Services, DNS
// names, Route / Ingress / HTTPRoute URLs), and the profile line shown above the trace.
import type { BuiltCluster } from '../model/build';
import { EDITOR_FILE, type ObjectInfo, type ProfileInfo, type Suggestions } from './types';

export function objectInfos(cluster: BuiltCluster): ObjectInfo[] {
  const out: ObjectInfo[] = [];
  for (const [key, m] of cluster.objects) {
    if (m.ref.doc < 0) continue;
    out.push({ key, range: cluster.sourceMap.locate(m.ref) });
  }
  return out;
}

/** Autocomplete for the trace pickers: every endpoint form the core understands, from the model. */
export function suggestionsFor(cluster: BuiltCluster): Suggestions {
  const pods = cluster.pods.map((p) => p.id);
  const uniq = (xs: string[]) => [...new Set(xs)];
  const urls: string[] = [];
  for (const r of cluster.routes) {
    if (!r.host) continue;
    const path = r.path ?? '/';
    if (r.tls) urls.push(`https://${r.host}${path}`);
    if (!r.tls || (r.tls.insecureEdgeTerminationPolicy && r.tls.insecureEdgeTerminationPolicy !== 'None')) urls.push(`http://${r.host}${path}`);
  }
  for (const ing of cluster.ingresses) {
    const tlsHosts = new Set(ing.tls.flatMap((t) => t.hosts));
    for (const rule of ing.rules) {
      if (!rule.host || rule.host.startsWith('*')) continue;
      for (const p of rule.paths.length ? rule.paths : [{ path: '/' }]) urls.push(`${tlsHosts.has(rule.host) ? 'https' : 'http'}://${rule.host}${p.path ?? '/'}`);
    }
  }
  for (const hr of cluster.others.get('HTTPRoute') ?? []) {
    const hosts = Array.isArray(hr.spec.hostnames) ? hr.spec.hostnames.filter((h): h is string => typeof h === 'string') : [];
    for (const h of hosts) urls.push(`http://${h}/`);
  }
  const services = cluster.services.map((s) => `svc:${s.meta.namespace}/${s.meta.name}`);
  const dns = cluster.services.map((s) => `dns:${s.meta.name}.${s.meta.namespace}.svc.${cluster.profile.clusterDomain}`);
  return {
    sources: uniq(['internet', 'router', ...pods, 'ip:203.0.113.10']),
    destinations: uniq([...urls, ...services, ...pods, ...dns, 'ip:8.8.8.8']),
  };
}

/** The profile a cluster was built under, as the UI shows it; evidence lines point into the editor. */
export function profileInfoOf(cluster: BuiltCluster): ProfileInfo {
  const d = cluster.detectedProfile;
  const info: ProfileInfo = { name: cluster.profile.name, title: cluster.profile.title, auto: d !== undefined };
  if (d) {
    info.reason = d.reason;
    info.evidence = d.evidence.map((e) => ({ text: `${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name}: ${e.why}`, line: e.source.file === EDITOR_FILE ? e.source.startLine : undefined }));
  }
  return info;
}
