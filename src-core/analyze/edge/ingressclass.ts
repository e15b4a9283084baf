// Whether an Ingress is served at all because of its class (networking.k8s.io/v1):
// - spec.ingressClassName together with the legacy kubernetes.io/ingress.class annotation: the API server
//   refuses to create it (kubernetes pkg/apis/networking/validation/validation.go ValidateIngressCreate:
//   "can not be set when the class field is also set");
// - a class (field or annotation) that names no IngressClass of the input, while the input has
//   IngressClasses: no controller claims that class, so nothing serves the Ingress. With no IngressClass
//   in the input podpath cannot tell, and the class is assumed to exist (a warning, as before). *Choice:*
//   on OpenShift `openshift-default` counts as existing — the ingress operator creates it on every cluster.
// - no class: the IngressClass annotated ingressclass.kubernetes.io/is-default-class: "true" is written into
//   spec.ingressClassName by the DefaultIngressClass admission plugin when the Ingress is created ("When a
//   single IngressClass resource has this annotation set to true, new Ingress resources without a class
//   specified will be assigned this default class" — IngressClass API docs); handled in ingress.ts.
import type { BuiltCluster } from '../../model/build';
import type { Ingress } from '../../model/types';
import { isPlainKubernetes } from '../../model/profiles';

export const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

export interface IngressClassProblem {
  apiRejects: boolean;
  field: string;
  message: string;
  fix: string;
}

export function ingressClassProblem(cluster: BuiltCluster, ing: Ingress): IngressClassProblem | undefined {
  if (ing.classSource === 'both') {
    return { apiRejects: true, field: `metadata.annotations.${LEGACY_CLASS_ANNOTATION}`, message: `annotations.${LEGACY_CLASS_ANNOTATION}: Invalid value: ${JSON.stringify(ing.meta.annotations[LEGACY_CLASS_ANNOTATION])}: can not be set when the class field is also set — the API server refuses to create this Ingress`, fix: `Remove the ${LEGACY_CLASS_ANNOTATION} annotation and keep spec.ingressClassName.` };
  }
  const cls = ing.ingressClassName;
  if (cls === undefined || cluster.ingressClasses.length === 0) return undefined;
  if (cluster.ingressClasses.some((c) => c.meta.name === cls)) return undefined;
  if (!isPlainKubernetes(cluster.profile) && cls === 'openshift-default') return undefined;
  const have = cluster.ingressClasses.map((c) => JSON.stringify(c.meta.name)).join(', ');
  const field = ing.classSource === 'annotation' ? `metadata.annotations.${LEGACY_CLASS_ANNOTATION}` : 'spec.ingressClassName';
  return { apiRejects: false, field, message: `${field} ${JSON.stringify(cls)} names no IngressClass (the input has ${have}), so no ingress controller serves this Ingress`, fix: `Set spec.ingressClassName to one of ${have}, or create IngressClass ${JSON.stringify(cls)}.` };
}
