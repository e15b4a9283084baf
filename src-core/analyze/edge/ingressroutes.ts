// On OpenShift, Ingresses are served by turning them into Routes (openshift/route-controller-manager
// pkg/route/ingress/ingress.go). Modelling that conversion lets the router's own rules (admission, path
// matching, targetPort, TLS) apply to Ingress traffic exactly as the platform does:
// - an Ingress naming a class (annotation kubernetes.io/ingress.class or spec.ingressClassName) is only
//   converted when that IngressClass exists with controller openshift.io/ingress-to-route; no class → converted;
// - per rule WITH a host, per path with a Service backend: one Route (host `*.x` → `wildcard.x` with
//   wildcardPolicy Subdomain; path as written). Rules without host, Exact paths, resource backends and
//   spec.defaultBackend get no Route;
// - spec.port.targetPort = the Service port's NAME (backend port by name, or the named port with that
//   number); an unnamed Service port → no spec.port (every endpoint); no such port → no Route;
// - TLS when the host is listed in spec.tls (its Secret), an empty tls entry exists, or the
//   route.openshift.io/termination annotation says so: termination from that annotation (default edge),
//   insecureEdgeTerminationPolicy Redirect. Secrets are assumed to exist when the input has none.
import type { BuiltCluster } from '../../model/build';
import type { Ingress, Route } from '../../model/types';
import { childRef } from '../../parse/source';
import { ingressClassProblem } from './ingressclass';
import { findService } from './service';
import { isPlainKubernetes } from '../../model/profiles';

export const INGRESS_TO_ROUTE_CONTROLLER = 'openshift.io/ingress-to-route';
const TERMINATION_ANNOTATION = 'route.openshift.io/termination';

export interface SkippedIngressRule {
  ingress: Ingress;
  host?: string;
  path?: string;
  reason: string;
}

export interface IngressRoutes {
  routes: Route[];
  skipped: SkippedIngressRule[];
}

const cache = new WeakMap<BuiltCluster, IngressRoutes>();

/** Whether the OpenShift ingress-to-route controller manages this Ingress, and why not. */
export function ingressManaged(cluster: BuiltCluster, ing: Ingress): string | undefined {
  const problem = ingressClassProblem(cluster, ing);
  if (problem) return problem.message;
  const cls = ing.meta.annotations['kubernetes.io/ingress.class'] ?? ing.ingressClassName;
  if (cls === undefined) return undefined;
  const ic = cluster.ingressClasses.find((c) => c.meta.name === cls);
  // The class is usually not in the input (then assumed to exist; openshift-default always does).
  if (!ic) return undefined;
  return ic.controller === INGRESS_TO_ROUTE_CONTROLLER ? undefined : `IngressClass ${JSON.stringify(cls)} has controller ${JSON.stringify(ic.controller)}, not ${INGRESS_TO_ROUTE_CONTROLLER}, so the OpenShift router does not serve it`;
}

/** The Routes OpenShift creates for the input's Ingresses (cached per cluster). */
export function ingressRoutes(cluster: BuiltCluster): IngressRoutes {
  const hit = cache.get(cluster);
  if (hit) return hit;
  const out: IngressRoutes = { routes: [], skipped: [] };
  for (const ing of cluster.ingresses) {
    const unmanaged = ingressManaged(cluster, ing);
    if (unmanaged) {
      out.skipped.push({ ingress: ing, reason: unmanaged });
      continue;
    }
    if (ing.defaultBackend) out.skipped.push({ ingress: ing, reason: 'spec.defaultBackend gets no Route on OpenShift' });
    const termination = ing.meta.annotations[TERMINATION_ANNOTATION];
    ing.rules.forEach((rule) => {
      if (!rule.host) {
        out.skipped.push({ ingress: ing, reason: 'a rule without host gets no Route on OpenShift' });
        return;
      }
      const wildcard = rule.host.startsWith('*.');
      const host = wildcard ? rule.host.replace('*', 'wildcard') : rule.host;
      const tlsEntry = ing.tls.find((t) => t.hosts.includes(rule.host!));
      const emptyTls = ing.tls.find((t) => t.hosts.length === 0 && !t.secretName);
      const tlsOn = termination === 'edge' || termination === 'reencrypt' || termination === 'passthrough' || !!tlsEntry || !!emptyTls;
      for (const p of rule.paths) {
        const base = { ingress: ing, host: rule.host, path: p.path };
        if (!p.backend.service) {
          out.skipped.push({ ...base, reason: 'a resource backend gets no Route on OpenShift' });
          continue;
        }
        if (p.pathType === 'Exact') {
          out.skipped.push({ ...base, reason: 'pathType Exact is not implemented by the ingress-to-route controller, so this path gets no Route' });
          continue;
        }
        const svc = findService(cluster, ing.meta.namespace, p.backend.service.name);
        let targetPort: string | undefined;
        if (svc) {
          const want = p.backend.service.port;
          const sp = want?.name ? svc.ports.find((x) => x.name === want.name) : svc.ports.find((x) => x.port === want?.number);
          if (!sp) {
            out.skipped.push({ ...base, reason: `Service ${JSON.stringify(svc.meta.name)} has no port ${want?.name ? JSON.stringify(want.name) : want?.number}: "No valid target port", no Route is created` });
            continue;
          }
          targetPort = sp.name || undefined;
        } else {
          out.skipped.push({ ...base, reason: `Backend service ${JSON.stringify(p.backend.service.name)} not found: no Route is created` });
          continue;
        }
        out.routes.push({
          // The Route is generated (name <ingress>-xxxxx); it keeps the Ingress's identity and positions.
          meta: { ...ing.meta },
          host,
          path: p.path,
          wildcardPolicy: wildcard ? 'Subdomain' : 'None',
          to: { kind: 'Service', name: svc.meta.name, weight: 100, ref: p.backend.ref },
          alternateBackends: [],
          targetPort,
          targetPortRef: targetPort ? childRef(p.backend.ref, 'service', 'port') : undefined,
          tls: tlsOn ? { termination: termination === 'reencrypt' || termination === 'passthrough' ? termination : 'edge', insecureEdgeTerminationPolicy: 'Redirect', certificate: undefined, key: undefined, externalCertificate: tlsEntry?.secretName ? `${tlsEntry.secretName} (from the Ingress)` : undefined, ref: (tlsEntry ?? emptyTls)?.ref ?? ing.meta.ref } : undefined,
          admittedBy: [],
        });
      }
    });
  }
  cache.set(cluster, out);
  return out;
}

/** Routes the OpenShift router serves: Route objects plus the ones generated from Ingresses. */
export function servedRoutes(cluster: BuiltCluster): Route[] {
  if (isPlainKubernetes(cluster.profile)) return cluster.routes;
  return [...cluster.routes, ...ingressRoutes(cluster).routes];
}
