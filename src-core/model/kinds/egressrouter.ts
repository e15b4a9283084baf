// The OVN-Kubernetes egress router as a custom resource (EgressRouter, network.operator.openshift.io/v1,
// OpenShift 4.8+): the Cluster Network Operator turns it into a NetworkAttachmentDefinition and a Deployment
// whose pod DNATs connections per redirect rule (egress-router-cni). Read here so that the model can stand in
// for that pod and the edge tracer can follow the rules.
import { isRecord } from '../context';
import { childRef, type NodeRef } from '../../parse/source';
import type { GenericObject } from '../types';

/** One redirect: `port`/`protocol` as received, to `ip`:`remotePort` (undefined port: the fallback). */
export type RedirectRule = { port?: number; protocol?: string; ip: string; remotePort?: number; line: string; ref?: NodeRef };

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The pods the Cluster Network Operator runs for an OVN EgressRouter CR: "The deployment name is
 *  egress-router-cni-deployment. The pod that corresponds to the deployment has a label of
 *  app=egress-router-cni." (openshift-docs nw-egress-router-ovn / Failover configuration). */
export const EGRESS_ROUTER_CNI_LABEL = 'egress-router-cni';
export const EGRESS_ROUTER_CNI_DEPLOYMENT = 'egress-router-cni-deployment';

export interface EgressRouterCR {
  obj: GenericObject;
  rules: RedirectRule[];
  fallback?: string;
  source?: string;
  /** What the CRD rejects (openshift/api networkoperator/v1 types_egressrouter.go): the object is not served. */
  errors: string[];
}

/** An EgressRouter (network.operator.openshift.io/v1) read: redirect rules (`destinationIP`, `port`,
 *  `protocol`, optional `targetPort`), `fallbackIP`, and the source address (`addresses[0].ip`). */
export function readEgressRouter(obj: GenericObject): EgressRouterCR {
  const errors: string[] = [];
  const mode = str(obj.spec.mode) ?? 'Redirect';
  if (mode !== 'Redirect') errors.push(`spec.mode ${JSON.stringify(mode)} is not "Redirect" (the only mode the CRD allows)`);
  const red = isRecord(obj.spec.redirect) ? obj.spec.redirect : {};
  const rules: RedirectRule[] = [];
  list(red.redirectRules).forEach((r, i) => {
    const rr = isRecord(r) ? r : {};
    const ip = str(rr.destinationIP);
    const port = typeof rr.port === 'number' ? rr.port : undefined;
    const protocol = str(rr.protocol);
    const target = typeof rr.targetPort === 'number' ? rr.targetPort : undefined;
    const at = `redirectRules[${i}]`;
    if (!ip) errors.push(`${at} has no destinationIP (required)`);
    if (port === undefined || port < 1 || port > 65535) errors.push(`${at}.port must be 1–65535 (required)`);
    if (!protocol || !['TCP', 'UDP', 'SCTP'].includes(protocol)) errors.push(`${at}.protocol must be TCP, UDP or SCTP (required)`);
    if (target !== undefined && (target < 1 || target > 65535)) errors.push(`${at}.targetPort must be 1–65535`);
    if (ip && port !== undefined && protocol) rules.push({ port, protocol, ip, remotePort: target, line: `${port} ${protocol} ${ip}${target ? ` ${target}` : ''}`, ref: childRef(obj.meta.ref, 'spec', 'redirect', 'redirectRules', i) });
  });
  const fallback = str(red.fallbackIP);
  if (fallback) rules.push({ ip: fallback, line: `fallbackIP ${fallback}`, ref: childRef(obj.meta.ref, 'spec', 'redirect', 'fallbackIP') });
  const addrs = list(obj.spec.addresses).filter(isRecord);
  if (addrs.length === 0) errors.push('spec.addresses is empty (required, at least one)');
  const source = addrs.length ? str(addrs[0].ip)?.replace(/\/\d+$/, '') : undefined;
  return { obj, rules, fallback, source, errors };
}

