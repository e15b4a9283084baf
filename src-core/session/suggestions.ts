// What a model offers the trace pickers and the editor: every object's position (jump between graph
// and editor), the endpoints the core understands as autocomplete (one per form: pods, Services, DNS
// names, Route / Ingress / HTTPRoute URLs), and the profile line shown above the trace.
import type { BuiltCluster } from '../model/build';
import { endpointsOf } from '../endpoint/index';
import { EDITOR_FILE, type ObjectInfo, type ProfileInfo, type Suggestions } from './types';

export function objectInfos(cluster: BuiltCluster): ObjectInfo[] {
  const out: ObjectInfo[] = [];
  for (const [key, m] of cluster.objects) {
    if (m.ref.doc < 0) continue;
    out.push({ key, range: cluster.sourceMap.locate(m.ref) });
  }
  return out;
}

/** Autocomplete for the trace pickers: every endpoint form the core understands, from the model (the one
 *  endpoint module, src-core/endpoint). */
export function suggestionsFor(cluster: BuiltCluster): Suggestions {
  return endpointsOf(cluster);
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
