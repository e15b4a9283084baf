// FROZEN copy of src-core/model/kinds/edge.ts as of 650cee7, kept only as the reference for snapshot.test.ts (issue 6):
// the optimised model must produce exactly what this produced. Do not edit; delete with the test.
// OpenShift Route and networking.k8s.io/v1 Ingress / IngressClass, normalised. Their semantics
// (host matching, TLS, which endpoints a route uses) live in analyze/.
import type { Reader } from '../context';
import type { Ingress, IngressBackend, IngressClass, ObjectMeta, Route, RouteBackend } from '../../types';

function backend(r: Reader, defaultWeight: number): RouteBackend {
  const w = r.at('weight').num();
  return { kind: r.at('kind').str() ?? 'Service', name: r.at('name').str() ?? '', weight: w ?? defaultWeight, ref: r.ref };
}

export function routeFrom(meta: ObjectMeta, r: Reader): Route {
  const spec = r.at('spec');
  const tls = spec.at('tls');
  const tp = spec.at('port', 'targetPort');
  if (!spec.at('to').present) spec.invalid('a Route needs spec.to (the Service it sends traffic to).');
  return {
    meta,
    host: spec.at('host').str() || undefined,
    subdomain: spec.at('subdomain').str() || undefined,
    path: spec.at('path').str() || undefined,
    wildcardPolicy: spec.at('wildcardPolicy').str() ?? 'None',
    to: backend(spec.at('to'), 100),
    alternateBackends: spec.at('alternateBackends').list().map((b) => backend(b, 100)),
    targetPort: tp.intOrString(),
    targetPortRef: tp.present ? tp.ref : undefined,
    tls: tls.present
      ? {
          termination: tls.at('termination').str() ?? '',
          insecureEdgeTerminationPolicy: tls.at('insecureEdgeTerminationPolicy').str(),
          certificate: tls.at('certificate').str(),
          key: tls.at('key').str(),
          caCertificate: tls.at('caCertificate').str(),
          destinationCACertificate: tls.at('destinationCACertificate').str(),
          externalCertificate: tls.at('externalCertificate', 'name').str(),
          ref: tls.ref,
        }
      : undefined,
    admittedBy: r
      .at('status', 'ingress')
      .list()
      .map((i) => i.at('routerName').str() ?? '')
      .filter(Boolean),
  };
}

function ingressBackend(r: Reader): IngressBackend {
  const svc = r.at('service');
  const res = r.at('resource');
  return {
    service: svc.present
      ? { name: svc.at('name').str() ?? '', port: svc.at('port').present ? { number: svc.at('port', 'number').port(), name: svc.at('port', 'name').str() } : undefined }
      : // networking.k8s.io/v1beta1 form, still seen in old dumps
        r.at('serviceName').present
        ? {
            name: r.at('serviceName').str() ?? '',
            port: ((p) => (typeof p === 'number' ? { number: p } : typeof p === 'string' ? { name: p } : undefined))(r.at('servicePort').intOrString()),
          }
        : undefined,
    resource: res.present ? { apiGroup: res.at('apiGroup').str(), kind: res.at('kind').str() ?? '', name: res.at('name').str() ?? '' } : undefined,
    ref: r.ref,
  };
}

export function ingressFrom(meta: ObjectMeta, r: Reader): Ingress {
  const spec = r.at('spec');
  const db = spec.at('defaultBackend').present ? spec.at('defaultBackend') : spec.at('backend');
  return {
    meta,
    ingressClassName: spec.at('ingressClassName').str() ?? meta.annotations['kubernetes.io/ingress.class'],
    defaultBackend: db.present ? ingressBackend(db) : undefined,
    rules: spec
      .at('rules')
      .list()
      .map((rule) => ({
        host: rule.at('host').str() || undefined,
        paths: rule
          .at('http', 'paths')
          .list()
          .map((p) => ({ path: p.at('path').str(), pathType: p.at('pathType').str() ?? 'ImplementationSpecific', backend: ingressBackend(p.at('backend')), ref: p.ref })),
        ref: rule.ref,
      })),
    tls: spec
      .at('tls')
      .list()
      .map((t) => ({ hosts: t.at('hosts').strList(), secretName: t.at('secretName').str(), ref: t.ref })),
  };
}

export function ingressClassFrom(meta: ObjectMeta, r: Reader): IngressClass {
  return {
    meta,
    controller: r.at('spec', 'controller').str() ?? '',
    isDefault: meta.annotations['ingressclass.kubernetes.io/is-default-class'] === 'true',
  };
}
