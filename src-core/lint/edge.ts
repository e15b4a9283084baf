// Lint rules about Routes, Services and OpenShift egress objects. Each rule reuses the edge stage's
// own semantics (analyze/edge), so lint and trace can never disagree.
import type { BuiltCluster } from '../model/build';
import { objectKey, type ObjectMeta, type Route } from '../model/types';
import { childRef, type NodeRef } from '../parse/source';
import { readAllowList, suggestAllowList } from '../analyze/edge/allowlist';
import { parsePemCertificates, certCoversHost } from '../analyze/edge/certs';
import { fieldPath, nameOf } from '../analyze/edge/common';
import { firewallHopFor, sourceAddressHop } from '../analyze/edge/egress';
import { objectsOf } from '../analyze/edge/egressobjects';
import { ingressClassProblem } from '../analyze/edge/ingressclass';
import { ingressRoutes } from '../analyze/edge/ingressroutes';
import { backendEndpoints, routeAdmission, targetPortFix } from '../analyze/edge/route';
import { endpointsOf, fmtLabels } from '../analyze/edge/service';
import { HSTS_ANNOTATION, HSTS_PATTERN, hasServingCert } from '../analyze/edge/tls';
import { LINT_CODES, type Finding, type LintCode } from './codes';
import { isPlainKubernetes } from '../model/profiles';

export function finding(cluster: BuiltCluster, code: LintCode, meta: ObjectMeta, ref: NodeRef, message: string, fix?: Finding['fix']): Finding {
  return { code, severity: LINT_CODES[code], message, object: objectKey(meta), source: cluster.sourceMap.locate(ref), fix };
}

function annotationRef(meta: ObjectMeta, key: string): NodeRef {
  return childRef(meta.ref, 'metadata', 'annotations', key);
}

const REJECT_CODES: Record<string, LintCode> = { RouteNotAdmitted: 'route-wildcard-not-allowed', NoRouterSelectsRoute: 'route-no-shard', InvalidHost: 'route-invalid-host', ExtendedValidationFailed: 'route-extended-validation' };

function routeFindings(cluster: BuiltCluster, r: Route, now: Date): Finding[] {
  const out: Finding[] = [];
  const name = nameOf(r.meta);
  const adm = routeAdmission(cluster).get(r);
  if (adm && !adm.admitted) {
    // One code per platform reason, so CI can fail on what the platform refuses (routevalid.ts).
    const code: LintCode = adm.by ? 'route-host-collision' : adm.fromStatus ? 'route-not-admitted' : adm.apiRejects ? 'route-api-invalid' : (REJECT_CODES[adm.code ?? ''] ?? 'route-not-admitted');
    const ref = adm.by ? childRef(r.meta.ref, 'spec', 'host') : adm.fromStatus ? childRef(r.meta.ref, 'status', 'ingress') : adm.field ? childRef(r.meta.ref, ...fieldPath(adm.field)) : r.meta.ref;
    const who = adm.apiRejects ? 'is rejected by the API server' : `is not admitted by the router${adm.code ? ` (${adm.code})` : ''}`;
    out.push(finding(cluster, code, r.meta, ref, `${name} ${who}, so it is not served: ${adm.reason}.`, { summary: adm.fix ?? (adm.by ? `Use another host or path, or delete ${nameOf(adm.by.meta)}.` : 'Fix the route as the reason says.') }));
    // A route the platform refuses outright: its other findings would describe a route that does not run.
    if (!adm.by) return out;
  }
  const b = backendEndpoints(cluster, r, r.to);
  if (r.to.kind === 'Service' && !b.service) {
    out.push(finding(cluster, 'route-service-missing', r.meta, r.to.ref, `${name} points at Service ${JSON.stringify(r.to.name)}, which is not in namespace ${JSON.stringify(r.meta.namespace)}: the router answers 503.`, { summary: `Create the Service or correct spec.to.name.` }));
  } else if (r.targetPort !== undefined && b.endpoints && b.endpoints.usable.length > 0 && b.used.length === 0) {
    const have = [...new Set(b.endpoints.usable.map((e) => e.port))].join(', ');
    const how = typeof r.targetPort === 'number' ? `targetPort ${r.targetPort} is compared with endpoint ports (the Service's targetPort), not the Service's port; the endpoints have ${have}` : `targetPort ${JSON.stringify(r.targetPort)} matches no Service port name nor endpoint port (endpoints: ${have})`;
    out.push(finding(cluster, 'route-targetport-no-endpoint', r.meta, r.targetPortRef ?? r.meta.ref, `${name}: ${how}. The router has no server for the route and answers 503.`, { summary: targetPortFix(r, b.endpoints.usable), snippet: `spec:\n  port:\n    targetPort: ${b.endpoints.usable[0].portName ?? b.endpoints.usable[0].port}` }));
  }
  const list = readAllowList(r.meta.annotations);
  if (list && !list.enforced) {
    out.push(finding(cluster, 'allowlist-allows-everyone', r.meta, annotationRef(r.meta, list.annotation), `${name}: ${list.annotation} ${JSON.stringify(list.raw)} is discarded by the router (${list.discarded}), so the route ALLOWS EVERY client address.`, { summary: 'Write space-separated IPs/CIDRs.', snippet: `metadata:\n  annotations:\n    ${list.annotation}: "${suggestAllowList(list.raw)}"` }));
  } else if (list && list.invalid.length) {
    out.push(finding(cluster, 'allowlist-invalid-entries', r.meta, annotationRef(r.meta, list.annotation), `${name}: the router drops ${list.invalid.map((s) => JSON.stringify(s)).join(', ')} from ${list.annotation} and only allows ${list.entries.join(' ')}.`, { summary: 'Remove or correct the invalid entries.', snippet: `metadata:\n  annotations:\n    ${list.annotation}: "${suggestAllowList(list.raw)}"` }));
  }
  const hsts = r.meta.annotations[HSTS_ANNOTATION];
  if (hsts !== undefined) {
    const t = r.tls?.termination;
    const why = t === 'passthrough' ? 'on a passthrough route the router cannot add response headers' : !r.tls ? 'the route is plain HTTP and browsers ignore HSTS over HTTP' : !HSTS_PATTERN.test(hsts) ? 'the value has no valid max-age, so the router ignores it' : undefined;
    if (why) out.push(finding(cluster, 'hsts-ineffective', r.meta, annotationRef(r.meta, HSTS_ANNOTATION), `${name}: ${HSTS_ANNOTATION} does nothing — ${why}.`, { summary: t === 'passthrough' ? 'Send Strict-Transport-Security from the application, or use edge/reencrypt termination.' : !r.tls ? 'Add spec.tls (termination: edge).' : 'Use a value like "max-age=31536000;includeSubDomains;preload".' }));
  }
  if (r.tls?.termination === 'reencrypt' && !r.tls.destinationCACertificate && !hasServingCert(b.service)) {
    out.push(finding(cluster, 'reencrypt-without-ca', r.meta, r.tls.ref, `${name} re-encrypts to the pod without destinationCACertificate, and ${b.service ? nameOf(b.service.meta) : 'its Service'} requests no service-CA serving certificate: unless the pod's certificate is signed by the service CA, the router's TLS handshake fails (503).`, { summary: 'Add spec.tls.destinationCACertificate (the CA that signed the pod certificate), or annotate the Service with service.beta.openshift.io/serving-cert-secret-name and serve that certificate.', snippet: 'spec:\n  tls:\n    destinationCACertificate: |-\n      -----BEGIN CERTIFICATE-----\n      ...' }));
  }
  if (r.tls?.certificate && r.host) {
    const certs = parsePemCertificates(r.tls.certificate);
    const ref = childRef(r.meta.ref, 'spec', 'tls', 'certificate');
    if ('error' in certs) out.push(finding(cluster, 'route-cert-problem', r.meta, ref, `${name}: spec.tls.certificate cannot be read (${certs.error}).`, { summary: 'Paste the PEM certificate (-----BEGIN CERTIFICATE-----).' }));
    else if (certs[0].notAfter.getTime() < now.getTime()) out.push(finding(cluster, 'route-cert-problem', r.meta, ref, `${name}: the certificate expired on ${certs[0].notAfter.toISOString()}.`, { summary: 'Renew the certificate.' }));
    else if (!certCoversHost(certs[0], r.host)) out.push(finding(cluster, 'route-cert-problem', r.meta, ref, `${name}: the certificate (SANs ${certs[0].dnsNames.join(', ') || 'none'}) does not cover ${r.host}.`, { summary: `Use a certificate issued for ${r.host}.` }));
  }
  return out;
}

function serviceFindings(cluster: BuiltCluster): Finding[] {
  const out: Finding[] = [];
  for (const svc of cluster.services) {
    if (!svc.selector || svc.type === 'ExternalName') continue;
    const eps = endpointsOf(cluster, svc);
    if (eps.selected.length === 0) {
      const near = cluster.pods.filter((p) => p.namespace === svc.meta.namespace).slice(0, 3).map((p) => `${p.name} (${fmtLabels(p.podLabels)})`);
      out.push(finding(cluster, 'service-selects-no-pods', svc.meta, svc.selectorRef, `${nameOf(svc.meta)}: the selector ${fmtLabels(svc.selector)} matches no pod in ${JSON.stringify(svc.meta.namespace)}, so the Service has no endpoints.${near.length ? ` Pods there: ${near.join('; ')}.` : ''}`, { summary: 'Make spec.selector match the pod template labels.' }));
      continue;
    }
    const seen = new Set<string>();
    for (const m of eps.missingName) {
      const k = `${m.servicePort.port}/${m.name}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const lacking = eps.missingName.filter((x) => x.name === m.name && x.servicePort === m.servicePort).map((x) => x.pod.id);
      out.push(finding(cluster, 'named-targetport-missing', svc.meta, m.servicePort.ref, `${nameOf(svc.meta)}: targetPort ${JSON.stringify(m.name)} is not a ${m.servicePort.protocol} containerPort name on ${lacking.join(', ')}; those pods are not endpoints of port ${m.servicePort.port}.`, { summary: `Name the container port ${JSON.stringify(m.name)} in those pods, or use a number as targetPort.`, snippet: `ports:\n- name: ${m.name}\n  containerPort: 8080` }));
    }
  }
  return out;
}

function egressFindings(cluster: BuiltCluster): Finding[] {
  const out: Finding[] = [];
  const namespaces = new Set([...objectsOf(cluster, 'EgressNetworkPolicy'), ...objectsOf(cluster, 'EgressFirewall')].map((o) => o.meta.namespace));
  for (const ns of namespaces) {
    // A host-network pod is exempt from the firewall (firewall.ts): ask for an ordinary one.
    const pod = cluster.pods.find((p) => p.namespace === ns && !p.hostNetwork) ?? { ...cluster.routerPod, namespace: ns, id: `${ns}/-` };
    const h = firewallHopFor(cluster, pod, '192.0.2.1', 443, 'TCP');
    const obj = [...objectsOf(cluster, 'EgressNetworkPolicy', ns), ...objectsOf(cluster, 'EgressFirewall', ns)][0];
    if (!h || !obj) continue;
    if (h.kind === 'egress-firewall' && h.verdict === 'denied' && /ALL egress/.test(h.summary)) out.push(finding(cluster, 'egress-policy-drops-all', obj.meta, obj.meta.ref, `${nameOf(obj.meta)}: ${h.summary}.`, { summary: h.fix?.summary ?? 'Keep one EgressNetworkPolicy per isolated project.' }));
    else if (h.verdict === 'warning' && /IGNORED|no effect|not enforced/.test(h.title)) out.push(finding(cluster, 'egress-policy-ignored', obj.meta, obj.meta.ref, `${nameOf(obj.meta)}: ${h.summary}.`, { summary: 'Use the egress object your network plugin enforces (EgressNetworkPolicy on openshift-sdn, EgressFirewall named "default" on OVN-Kubernetes).' }));
  }
  for (const netns of objectsOf(cluster, 'NetNamespace')) {
    const ns = typeof netns.raw.netname === 'string' ? netns.raw.netname : netns.meta.name;
    const pod = cluster.pods.find((p) => p.namespace === ns);
    if (!pod || !Array.isArray(netns.raw.egressIPs) || netns.raw.egressIPs.length === 0) continue;
    const h = sourceAddressHop(cluster, pod);
    if (h.verdict === 'denied') out.push(finding(cluster, 'egress-ip-unhosted', netns.meta, childRef(netns.meta.ref, 'egressIPs'), `${nameOf(netns.meta)}: ${h.summary}.`, { summary: h.fix?.summary ?? 'Host the egress IP on a node.' }));
  }
  return out;
}

/** OpenShift: Ingress rules the ingress-to-route controller turns into no Route (no host, Exact, ...). */
function ingressFindings(cluster: BuiltCluster): Finding[] {
  // Every profile: an Ingress whose class nothing serves (or that the API refuses), at the class field.
  const unserved = cluster.ingresses.flatMap((ing) => {
    const p = ingressClassProblem(cluster, ing);
    return p ? [finding(cluster, 'ingress-class-missing', ing.meta, childRef(ing.meta.ref, ...fieldPath(p.field)), `${nameOf(ing.meta)} is not served: ${p.message}.`, { summary: p.fix })] : [];
  });
  if (isPlainKubernetes(cluster.profile.name)) return unserved;
  return [...unserved, ...ingressRoutes(cluster).skipped.filter((x) => !ingressClassProblem(cluster, x.ingress)).map((x) =>
    finding(cluster, 'ingress-no-route', x.ingress.meta, x.ingress.meta.ref, `${nameOf(x.ingress.meta)}${x.host ? ` host ${x.host}` : ''}${x.path ? ` path ${JSON.stringify(x.path)}` : ''}: ${x.reason}.`, { summary: 'On OpenShift give every rule a host, use pathType Prefix, and point paths at Services (or create a Route).' }),
  )];
}

export function edgeFindings(cluster: BuiltCluster, now: Date): Finding[] {
  return [...cluster.routes.flatMap((r) => routeFindings(cluster, r, now)), ...ingressFindings(cluster), ...serviceFindings(cluster), ...egressFindings(cluster)];
}
