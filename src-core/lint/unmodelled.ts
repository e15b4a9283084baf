// Lint: one finding per policy object podpath does not model (model/unmodelled.ts) — another plug-in's
// or a mesh's policy, or a network that moves pods off the default one. Traces it could touch are
// 'undetermined'; the finding says which pods and why, so nobody mistakes a verdict for the whole truth.
import type { BuiltCluster } from '../model/build';
import { objectKey } from '../model/types';
import { UNMODELLED_POLICY_KINDS, unmodelledKind } from '../model/unmodelled';
import { LINT_CODES, type Finding } from './codes';

export function unmodelledFindings(cluster: BuiltCluster): Finding[] {
  const out: Finding[] = [];
  for (const kind of new Set(UNMODELLED_POLICY_KINDS.map((k) => k.kind))) {
    for (const o of cluster.others.get(kind) ?? []) {
      const k = unmodelledKind(o.meta.apiVersion, o.meta.kind, cluster.profile.name);
      if (!k) continue;
      const wide = k.scope === 'cluster' || k.rootNamespace === o.meta.namespace;
      const name = `${o.meta.kind} ${o.meta.namespace ? `${o.meta.namespace}/` : ''}${o.meta.name}`;
      out.push({
        code: 'unmodelled-policy',
        severity: LINT_CODES['unmodelled-policy'],
        message: `${name} (${o.meta.apiVersion}) is ${k.what}, which podpath does not model: every trace to or from ${wide ? 'any pod of the cluster' : `a pod of namespace ${JSON.stringify(o.meta.namespace)}`} is undetermined (exit code 3), since this object may allow or drop it.`,
        object: objectKey(o.meta),
        source: cluster.sourceMap.locate(o.meta.ref),
        fix: { summary: `Check such connections with the plug-in's own tools on the cluster, or leave ${name} out of the input if it is not deployed.` },
      });
    }
  }
  return out;
}
