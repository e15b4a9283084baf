// Lint rules about Ingresses: ingress-class-missing (every profile: no controller serves the Ingress's
// class, or the API refuses the class fields, ingressclass.ts) and, on OpenShift, ingress-no-route (rules
// the ingress-to-route controller turns into no Route: no host, pathType Exact, ..., ingressroutes.ts).
import type { BuiltCluster } from '../model/build';
import { childRef } from '../parse/source';
import { fieldPath, nameOf } from '../analyze/edge/common';
import { ingressClassProblem } from '../analyze/edge/ingressclass';
import { ingressRoutes } from '../analyze/edge/ingressroutes';
import type { Finding } from './codes';
import { finding } from './finding';
import { isPlainKubernetes } from '../model/profiles';

/** OpenShift: Ingress rules the ingress-to-route controller turns into no Route (no host, Exact, ...). */
export function ingressFindings(cluster: BuiltCluster): Finding[] {
  // Every profile: an Ingress whose class nothing serves (or that the API refuses), at the class field.
  const unserved = cluster.ingresses.flatMap((ing) => {
    const p = ingressClassProblem(cluster, ing);
    return p ? [finding(cluster, 'ingress-class-missing', ing.meta, childRef(ing.meta.ref, ...fieldPath(p.field)), `${nameOf(ing.meta)} is not served: ${p.message}.`, { summary: p.fix })] : [];
  });
  if (isPlainKubernetes(cluster.profile)) return unserved;
  return [...unserved, ...ingressRoutes(cluster).skipped.filter((x) => !ingressClassProblem(cluster, x.ingress)).map((x) =>
    finding(cluster, 'ingress-no-route', x.ingress.meta, x.ingress.meta.ref, `${nameOf(x.ingress.meta)}${x.host ? ` host ${x.host}` : ''}${x.path ? ` path ${JSON.stringify(x.path)}` : ''}: ${x.reason}.`, { summary: 'On OpenShift give every rule a host, use pathType Prefix, and point paths at Services (or create a Route).' }),
  )];
}
