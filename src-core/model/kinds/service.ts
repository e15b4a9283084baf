// Service (every type), and the endpoints of selector-less Services: EndpointSlice and Endpoints,
// both normalised to EndpointSet. Conditions are read as kube-proxy reads them
// (kubernetes/kubernetes pkg/proxy/endpointslicecache.go addEndpoints: ready = nil or true,
// serving = nil or true, terminating = set and true); an Endpoints object is read as the EndpointSlice
// mirroring controller would mirror it (pkg/controller/endpointslicemirroring/utils.go addressToEndpoint:
// `addresses` ready, `notReadyAddresses` not ready, serving/terminating left nil).
import { childRef } from '../../parse/source';
import type { Reader } from '../context';
import type { EndpointAddress, EndpointSet, ObjectMeta, Service, ServicePort, ServiceType } from '../types';

const SERVICE_TYPES = new Set(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']);

export function serviceFrom(meta: ObjectMeta, r: Reader): Service {
  const spec = r.at('spec');
  let type = spec.strAt('type') ?? 'ClusterIP';
  if (!SERVICE_TYPES.has(type)) {
    spec.at('type').invalid(`type must be ClusterIP, NodePort, LoadBalancer or ExternalName, found ${JSON.stringify(type)}; ClusterIP is assumed.`);
    type = 'ClusterIP';
  }
  const ports: ServicePort[] = [];
  for (const p of spec.listAt('ports')) {
    const port = p.portAt('port');
    if (port === undefined) {
      if (!p.presentAt('port')) p.invalid('a service port needs `port`.', 'invalid-port');
      continue;
    }
    const tpR = p.at('targetPort');
    const read = tpR.portOrName();
    if (typeof read === 'object') {
      // kubectl cannot decode the Service: it is never created, so this port is not served.
      tpR.invalid(`targetPort ${read.invalid}; the API server cannot read this Service (an int-or-string port is a 32-bit whole number or a port name), so port ${port} is not served here. Write the pod's port number, such as 8080, or its name.`, 'invalid-port');
      continue;
    }
    if (typeof read === 'number' && (read < 0 || read > 65535)) {
      tpR.invalid(`targetPort must be between 1 and 65535, found ${read}; the API server rejects this Service, so port ${port} is not served here.`, 'invalid-port');
      continue;
    }
    // SetDefaults_Service (k8s.io/kubernetes pkg/apis/core/v1/defaults.go): a targetPort of 0 or "" becomes
    // the service port (`-0` is 0 to go-yaml).
    const defaulted = read === 0 || read === '';
    if (defaulted) tpR.invalid(`targetPort ${Object.is(tpR.value, -0) ? '-0 (read as 0)' : JSON.stringify(tpR.value)} is replaced by the service port ${port} when the Service is created (SetDefaults_Service); write ${port} or leave targetPort out to say so.`, 'defaulted-value');
    const tp = defaulted ? undefined : read;
    ports.push({
      name: p.strAt('name'),
      port,
      targetPort: tp ?? port,
      targetPortExplicit: tp !== undefined,
      protocol: p.protocolAt('protocol'),
      nodePort: p.numAt('nodePort'),
      appProtocol: p.strAt('appProtocol'),
      ref: p.ref,
    });
  }
  const sel = spec.at('selector');
  const clusterIP = spec.strAt('clusterIP');
  const selector = sel.present ? sel.labels() : undefined;
  return {
    meta,
    type: type as ServiceType,
    // An empty selector ({}) is the same as none: the endpoints controller ignores it.
    selector: selector && Object.keys(selector).length > 0 ? selector : undefined,
    selectorRef: sel.present ? sel.ref : childRef(spec.ref),
    ports,
    clusterIP,
    clusterIPs: spec.strListAt('clusterIPs'),
    headless: clusterIP === 'None',
    externalName: spec.strAt('externalName'),
    externalIPs: spec.strListAt('externalIPs'),
    sessionAffinity: spec.strAt('sessionAffinity') ?? 'None',
    loadBalancerSourceRanges: spec.strListAt('loadBalancerSourceRanges'),
    loadBalancerIP: spec.strAt('loadBalancerIP'),
    ingressIPs: r
      .at('status', 'loadBalancer', 'ingress')
      .list()
      .map((i) => i.strAt('ip') ?? i.strAt('hostname'))
      .filter((s): s is string => !!s),
    externalTrafficPolicy: spec.strAt('externalTrafficPolicy'),
    internalTrafficPolicy: spec.strAt('internalTrafficPolicy'),
    publishNotReadyAddresses: spec.boolAt('publishNotReadyAddresses') ?? false,
  };
}

function targetRefOf(r: Reader): EndpointAddress['targetRef'] {
  return r.present ? { kind: r.strAt('kind') ?? '', name: r.strAt('name') ?? '', namespace: r.strAt('namespace') } : undefined;
}

export function endpointSliceFrom(meta: ObjectMeta, r: Reader): EndpointSet {
  return {
    meta,
    serviceName: meta.labels['kubernetes.io/service-name'] ?? '',
    addressType: r.strAt('addressType') ?? 'IPv4',
    endpoints: r
      .listAt('endpoints')
      .map((e) => ({
        addresses: e.strListAt('addresses'),
        // EndpointSlice: a nil `ready` / `serving` means true, a nil `terminating` false (discovery.k8s.io/v1).
        ready: e.at('conditions', 'ready').bool() ?? true,
        serving: e.at('conditions', 'serving').bool() ?? true,
        terminating: e.at('conditions', 'terminating').bool() ?? false,
        nodeName: e.strAt('nodeName'),
        hostname: e.strAt('hostname'),
        targetRef: targetRefOf(e.at('targetRef')),
        ref: e.ref,
      })),
    ports: r
      .listAt('ports')
      .flatMap((p) => {
        const port = p.portAt('port');
        return port === undefined ? [] : [{ name: p.strAt('name') || undefined, port, protocol: p.protocolAt('protocol') }];
      }),
  };
}

/** An Endpoints object: one EndpointSet per subset (each subset pairs its addresses with its ports). */
export function endpointsFrom(meta: ObjectMeta, r: Reader): EndpointSet[] {
  const skipMirror = (meta.labels['endpointslice.kubernetes.io/skip-mirror'] ?? '').toLowerCase() === 'true';
  return r
    .listAt('subsets')
    .map((s) => ({
      meta,
      serviceName: meta.name,
      addressType: 'IPv4',
      skipMirror,
      endpoints: [
        ...s.listAt('addresses').map((a) => ({ a, ready: true })),
        ...s.listAt('notReadyAddresses').map((a) => ({ a, ready: false })),
      ].map(({ a, ready }) => ({
        addresses: [a.strAt('ip') ?? ''].filter(Boolean),
        ready,
        serving: true,
        terminating: false,
        nodeName: a.strAt('nodeName'),
        hostname: a.strAt('hostname'),
        targetRef: targetRefOf(a.at('targetRef')),
        ref: a.ref,
      })),
      ports: s
        .listAt('ports')
        .flatMap((p) => {
          const port = p.portAt('port');
          return port === undefined ? [] : [{ name: p.strAt('name') || undefined, port, protocol: p.protocolAt('protocol') }];
        }),
    }));
}
