// Test helpers for the edge stage: build a cluster from YAML text or a fixture and trace a query.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCluster } from '../../index';
import type { BuiltCluster } from '../../model/build';
import type { ProfileName } from '../../model/types';
import { parseEndpoint } from '../endpoint';
import type { Query, Trace } from '../types';
import { traceEdge, type Sender } from './index';
import { traceUrl } from './url';

export function clusterOf(yaml: string, profile: ProfileName = 'openshift'): BuiltCluster {
  return loadCluster([{ name: 'test.yaml', text: yaml }], { profile });
}

export function fixture(name: string): string {
  return readFileSync(join(__dirname, 'fixtures', name), 'utf8');
}

export function senderOf(c: BuiltCluster, from: string): Sender {
  const e = parseEndpoint(from);
  if ('error' in e) throw new Error(e.error);
  if (e.kind === 'internet' || e.kind === 'ip') return { kind: 'external', ip: e.ip };
  if (e.kind === 'router') return { kind: 'router' };
  if (e.kind === 'pod') {
    const pod = c.podsById.get(`${e.namespace}/${e.name}`);
    if (!pod) throw new Error(`no pod ${from}`);
    return { kind: 'pod', pod };
  }
  throw new Error(`not a sender: ${from}`);
}

export function trace(c: BuiltCluster, q: Query, now?: Date): Trace {
  const to = parseEndpoint(q.to);
  if ('error' in to) throw new Error(to.error);
  if (to.kind === 'url') return traceUrl(c, q, senderOf(c, q.from), to, { now });
  if (to.kind !== 'service' && to.kind !== 'dns') throw new Error('not an edge destination');
  return traceEdge(c, q, senderOf(c, q.from), to);
}

export function hopKinds(t: Trace): string[] {
  return t.hops.map((h) => h.kind);
}

/** The ingress operator's IngressController with wildcard routes allowed (operator.openshift.io/v1
 *  spec.routeAdmission.wildcardPolicy; the default is WildcardsDisallowed). */
export const wildcardsAllowed = `---
apiVersion: operator.openshift.io/v1
kind: IngressController
metadata: {name: default, namespace: openshift-ingress-operator}
spec:
  routeAdmission: {wildcardPolicy: WildcardsAllowed}
`;
