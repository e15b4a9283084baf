// OpenShift Route and networking.k8s.io/v1 Ingress / IngressClass, normalised. Their semantics
// (host matching, TLS, which endpoints a route uses) live in analyze/.
import type { Reader } from '../context';
import type { Ingress, IngressBackend, IngressClass, ObjectMeta, Route, RouteBackend, RouteHeaderAction } from '../types';

// The API server's defaults (openshift/library-go pkg/route/defaulting/defaults.go), applied before its
// validation: kind "" → Service, weight → 100, wildcardPolicy "" → None, termination "" (without a
// destinationCACertificate) → edge, and "Edge"/"Reencrypt"/"Passthrough" → lower case.
function backend(r: Reader, defaultWeight: number): RouteBackend {
  const w = r.numAt('weight');
  return { kind: r.strAt('kind') || 'Service', name: r.strAt('name') ?? '', weight: w ?? defaultWeight, ref: r.ref };
}

const TERMINATION_CASE: Record<string, string> = { Edge: 'edge', Reencrypt: 'reencrypt', Passthrough: 'passthrough' };

function termination(t: string | undefined, destinationCA: string | undefined): string {
  if (!t && !destinationCA) return 'edge';
  return TERMINATION_CASE[t ?? ''] ?? t ?? '';
}

function headerAction(h: Reader): RouteHeaderAction {
  const a = h.at('action');
  return { name: h.strAt('name') ?? '', type: a.strAt('type') ?? '', set: a.presentAt('set') ? { value: a.at('set').strAt('value') ?? '' } : undefined };
}

export function routeFrom(meta: ObjectMeta, r: Reader): Route {
  const spec = r.at('spec');
  const tls = spec.at('tls');
  const tp = spec.at('port', 'targetPort');
  if (!spec.presentAt('to')) spec.invalid('a Route needs spec.to (the Service it sends traffic to).');
  const statusIngress = r.at('status', 'ingress').list();
  return {
    meta,
    host: spec.strAt('host') || undefined,
    subdomain: spec.strAt('subdomain') || undefined,
    path: spec.strAt('path') || undefined,
    wildcardPolicy: spec.strAt('wildcardPolicy') || 'None',
    to: backend(spec.at('to'), 100),
    alternateBackends: spec.listAt('alternateBackends').map((b) => backend(b, 100)),
    targetPort: tp.intOrString(),
    targetPortRef: tp.present ? tp.ref : undefined,
    tls: tls.present
      ? {
          termination: termination(tls.strAt('termination'), tls.strAt('destinationCACertificate')),
          insecureEdgeTerminationPolicy: tls.strAt('insecureEdgeTerminationPolicy'),
          certificate: tls.strAt('certificate'),
          key: tls.strAt('key'),
          caCertificate: tls.strAt('caCertificate'),
          destinationCACertificate: tls.strAt('destinationCACertificate'),
          externalCertificate: tls.at('externalCertificate', 'name').str(),
          ref: tls.ref,
        }
      : undefined,
    admittedBy: statusIngress.map((i) => i.strAt('routerName') ?? '').filter(Boolean),
    httpHeaders: spec.presentAt('httpHeaders')
      ? {
          request: spec.at('httpHeaders', 'actions', 'request').list().map(headerAction),
          response: spec.at('httpHeaders', 'actions', 'response').list().map(headerAction),
        }
      : undefined,
    routerStatus: statusIngress.map((i) => {
      const cond = i.listAt('conditions').find((c) => c.strAt('type') === 'Admitted');
      const st = cond?.strAt('status');
      return { routerName: i.strAt('routerName') ?? '', admitted: st === 'True' ? true : st === 'False' ? false : undefined, reason: cond?.strAt('reason'), message: cond?.strAt('message'), wildcardPolicy: i.strAt('wildcardPolicy'), ref: cond?.ref ?? i.ref };
    }),
  };
}

function ingressBackend(r: Reader): IngressBackend {
  const svc = r.at('service');
  const res = r.at('resource');
  return {
    service: svc.present
      ? { name: svc.strAt('name') ?? '', port: svc.presentAt('port') ? { number: svc.at('port', 'number').port(), name: svc.at('port', 'name').str() } : undefined }
      : // networking.k8s.io/v1beta1 form, still seen in old dumps
        r.presentAt('serviceName')
        ? {
            name: r.strAt('serviceName') ?? '',
            port: ((p) => (typeof p === 'number' ? { number: p } : typeof p === 'string' ? { name: p } : undefined))(r.intOrStringAt('servicePort')),
          }
        : undefined,
    resource: res.present ? { apiGroup: res.strAt('apiGroup'), kind: res.strAt('kind') ?? '', name: res.strAt('name') ?? '' } : undefined,
    ref: r.ref,
  };
}

export function ingressFrom(meta: ObjectMeta, r: Reader): Ingress {
  const spec = r.at('spec');
  const db = spec.presentAt('defaultBackend') ? spec.at('defaultBackend') : spec.at('backend');
  return {
    meta,
    ingressClassName: spec.strAt('ingressClassName') ?? meta.annotations['kubernetes.io/ingress.class'],
    classSource: ((s, a) => (s !== undefined && a !== undefined ? 'both' : s !== undefined ? 'spec' : a !== undefined ? 'annotation' : undefined))(spec.strAt('ingressClassName'), meta.annotations['kubernetes.io/ingress.class']),
    defaultBackend: db.present ? ingressBackend(db) : undefined,
    rules: spec
      .listAt('rules')
      .map((rule) => ({
        host: rule.strAt('host') || undefined,
        paths: rule
          .at('http', 'paths')
          .list()
          .map((p) => ({ path: p.strAt('path'), pathType: p.strAt('pathType') ?? 'ImplementationSpecific', backend: ingressBackend(p.at('backend')), ref: p.ref })),
        ref: rule.ref,
      })),
    tls: spec
      .listAt('tls')
      .map((t) => ({ hosts: t.strListAt('hosts'), secretName: t.strAt('secretName'), ref: t.ref })),
  };
}

export function ingressClassFrom(meta: ObjectMeta, r: Reader): IngressClass {
  return {
    meta,
    controller: r.at('spec', 'controller').str() ?? '',
    isDefault: meta.annotations['ingressclass.kubernetes.io/is-default-class'] === 'true',
  };
}
