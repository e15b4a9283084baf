// FROZEN copy of src-core/model/kinds/service.ts as of 650cee7, kept only as the reference for snapshot.test.ts (issue 6):
// the optimised model must produce exactly what this produced. Do not edit; delete with the test.
// Service (every type), and the endpoints of selector-less Services: EndpointSlice and Endpoints,
// both normalised to EndpointSet.
import { childRef } from '../../../parse/source';
import type { Reader } from '../context';
import type { EndpointAddress, EndpointSet, ObjectMeta, Service, ServicePort, ServiceType } from '../../types';

const SERVICE_TYPES = new Set(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']);

export function serviceFrom(meta: ObjectMeta, r: Reader): Service {
  const spec = r.at('spec');
  let type = spec.at('type').str() ?? 'ClusterIP';
  if (!SERVICE_TYPES.has(type)) {
    spec.at('type').invalid(`type must be ClusterIP, NodePort, LoadBalancer or ExternalName, found ${JSON.stringify(type)}; ClusterIP is assumed.`);
    type = 'ClusterIP';
  }
  const ports: ServicePort[] = spec
    .at('ports')
    .list()
    .flatMap((p) => {
      const port = p.at('port').port();
      if (port === undefined) {
        if (!p.at('port').present) p.invalid('a service port needs `port`.', 'invalid-port');
        return [];
      }
      const tp = p.at('targetPort').intOrString();
      return [
        {
          name: p.at('name').str(),
          port,
          targetPort: tp ?? port,
          targetPortExplicit: tp !== undefined,
          protocol: p.at('protocol').protocol(),
          nodePort: p.at('nodePort').num(),
          appProtocol: p.at('appProtocol').str(),
          ref: p.ref,
        },
      ];
    });
  const sel = spec.at('selector');
  const clusterIP = spec.at('clusterIP').str();
  const selector = sel.present ? sel.labels() : undefined;
  return {
    meta,
    type: type as ServiceType,
    // An empty selector ({}) is the same as none: the endpoints controller ignores it.
    selector: selector && Object.keys(selector).length > 0 ? selector : undefined,
    selectorRef: sel.present ? sel.ref : childRef(spec.ref),
    ports,
    clusterIP,
    clusterIPs: spec.at('clusterIPs').strList(),
    headless: clusterIP === 'None',
    externalName: spec.at('externalName').str(),
    externalIPs: spec.at('externalIPs').strList(),
    sessionAffinity: spec.at('sessionAffinity').str() ?? 'None',
    loadBalancerSourceRanges: spec.at('loadBalancerSourceRanges').strList(),
    loadBalancerIP: spec.at('loadBalancerIP').str(),
    ingressIPs: r
      .at('status', 'loadBalancer', 'ingress')
      .list()
      .map((i) => i.at('ip').str() ?? i.at('hostname').str())
      .filter((s): s is string => !!s),
    externalTrafficPolicy: spec.at('externalTrafficPolicy').str(),
    internalTrafficPolicy: spec.at('internalTrafficPolicy').str(),
    publishNotReadyAddresses: spec.at('publishNotReadyAddresses').bool() ?? false,
  };
}

function targetRefOf(r: Reader): EndpointAddress['targetRef'] {
  return r.present ? { kind: r.at('kind').str() ?? '', name: r.at('name').str() ?? '', namespace: r.at('namespace').str() } : undefined;
}

export function endpointSliceFrom(meta: ObjectMeta, r: Reader): EndpointSet {
  return {
    meta,
    serviceName: meta.labels['kubernetes.io/service-name'] ?? '',
    addressType: r.at('addressType').str() ?? 'IPv4',
    endpoints: r
      .at('endpoints')
      .list()
      .map((e) => ({
        addresses: e.at('addresses').strList(),
        // EndpointSlice: a nil `ready` means ready (discovery.k8s.io/v1 semantics).
        ready: e.at('conditions', 'ready').bool() ?? true,
        hostname: e.at('hostname').str(),
        targetRef: targetRefOf(e.at('targetRef')),
        ref: e.ref,
      })),
    ports: r
      .at('ports')
      .list()
      .flatMap((p) => {
        const port = p.at('port').port();
        return port === undefined ? [] : [{ name: p.at('name').str() || undefined, port, protocol: p.at('protocol').protocol() }];
      }),
  };
}

/** An Endpoints object: one EndpointSet per subset (each subset pairs its addresses with its ports). */
export function endpointsFrom(meta: ObjectMeta, r: Reader): EndpointSet[] {
  return r
    .at('subsets')
    .list()
    .map((s) => ({
      meta,
      serviceName: meta.name,
      addressType: 'IPv4',
      endpoints: [
        ...s.at('addresses').list().map((a) => ({ a, ready: true })),
        ...s.at('notReadyAddresses').list().map((a) => ({ a, ready: false })),
      ].map(({ a, ready }) => ({
        addresses: [a.at('ip').str() ?? ''].filter(Boolean),
        ready,
        hostname: a.at('hostname').str(),
        targetRef: targetRefOf(a.at('targetRef')),
        ref: a.ref,
      })),
      ports: s
        .at('ports')
        .list()
        .flatMap((p) => {
          const port = p.at('port').port();
          return port === undefined ? [] : [{ name: p.at('name').str() || undefined, port, protocol: p.at('protocol').protocol() }];
        }),
    }));
}
