import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCluster } from '../index';
import { endpointsOf } from '../analyze/edge/service';
import { traceQuery } from '../analyze/trace';
import { buildGraph } from '../graph/index';
import { lintCluster } from '../lint/index';

const DUMP = readFileSync(join(__dirname, '../testing/fixtures/oc-get-all-shop.yaml'), 'utf8');
const load = (text: string) => loadCluster([{ name: 'dump.yaml', text }], { profile: 'openshift' });

const pod = (name: string, owner: { kind: string; name: string } | null, labels = 'app: web', phase = 'Running', extra = '') => `---
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: shop
  labels: {${labels}}
${owner ? `  ownerReferences: [{apiVersion: v1, kind: ${owner.kind}, name: ${owner.name}, controller: true, uid: u-${owner.name}}]\n` : ''}spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}
status: {phase: ${phase}, podIP: 10.128.0.${name.length}${extra}}
`;
const workload = (kind: string, name: string, owner: { kind: string; name: string } | null, replicas = 1) => `---
apiVersion: ${kind === 'DeploymentConfig' ? 'apps.openshift.io/v1' : kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : kind === 'ReplicationController' ? 'v1' : 'apps/v1'}
kind: ${kind}
metadata:
  name: ${name}
  namespace: shop
${owner ? `  ownerReferences: [{apiVersion: apps/v1, kind: ${owner.kind}, name: ${owner.name}, controller: true, uid: u-${owner.name}}]\n` : ''}spec:
  replicas: ${replicas}
  ${kind === 'CronJob' ? 'jobTemplate: {spec: {template' : 'template'}: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}}${kind === 'CronJob' ? '}}' : ''}
`;
const svc = `---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
`;

describe('one endpoint per live pod (owner references)', () => {
  it('an oc get all dump: the live Pods are the endpoints, Deployments group them, ReplicaSets add nothing', () => {
    const c = load(DUMP);
    expect(c.pods.map((p) => p.id).sort()).toEqual(['shop/backend-7c5d9f8b4-m2q9z', 'shop/backend-7c5d9f8b4-w8r4t', 'shop/frontend-6d8f7c9b5-x7k2p']);
    expect(c.workloads.map((w) => `${w.kind}/${w.name}`).sort()).toEqual([
      'Deployment/backend', 'Deployment/frontend', 'ReplicaSet/backend-7c5d9f8b4', 'ReplicaSet/frontend-5b9c8d7f6', 'ReplicaSet/frontend-6d8f7c9b5',
    ]);
    expect(c.pods.find((p) => p.name.startsWith('frontend'))?.workload).toBe('Deployment/shop/frontend');
    // One replica: one endpoint, not the Pod plus its ReplicaSet plus its Deployment.
    const frontend = c.services.find((s) => s.meta.name === 'frontend')!;
    expect(endpointsOf(c, frontend).selected.map((p) => p.id)).toEqual(['shop/frontend-6d8f7c9b5-x7k2p']);
    const backend = c.services.find((s) => s.meta.name === 'backend')!;
    expect(endpointsOf(c, backend).selected.map((p) => p.kind)).toEqual(['Pod', 'Pod']);
  });

  it('NS/NAME of a workload with live Pods stands for them: it resolves to one of its Pods', () => {
    const c = load(DUMP);
    expect(c.podsById.get('shop/frontend')?.id).toBe('shop/frontend-6d8f7c9b5-x7k2p');
    expect(c.podsById.get('shop/backend')?.id).toBe('shop/backend-7c5d9f8b4-m2q9z');
    expect(c.podsById.get('shop/frontend-6d8f7c9b5')?.id).toBe('shop/frontend-6d8f7c9b5-x7k2p');
    const t = traceQuery(c, { from: 'shop/frontend', to: 'shop/backend', port: 9000, protocol: 'TCP' });
    expect(t.error).toBeUndefined();
    expect(t.reached).toBe('shop/backend-7c5d9f8b4-m2q9z');
  });

  it('the graph draws the Deployment as the group and no ReplicaSet node beside it', () => {
    const g = buildGraph(load(DUMP));
    expect(g.nodes.filter((n) => n.kind === 'ReplicaSet')).toEqual([]);
    expect(g.nodes.filter((n) => n.kind === 'Pod')).toEqual([]);
    expect(g.nodes.find((n) => n.id === 'Deployment/shop/backend')?.sublabel).toContain('2 pods');
    expect(g.edges.filter((e) => e.kind === 'endpoint').map((e) => `${e.source}->${e.target}`).sort()).toEqual([
      'Service/shop/backend->Deployment/shop/backend',
      'Service/shop/frontend->Deployment/shop/frontend',
    ]);
    const open = buildGraph(load(DUMP), { expandPods: ['Deployment/shop/backend'] });
    expect(open.edges.filter((e) => e.kind === 'owns' && e.source === 'Deployment/shop/backend')).toHaveLength(2);
  });

  it('no finding is reported once per copy of the same app', () => {
    const broken = DUMP.replace('targetPort: http\n    selector', 'targetPort: web\n    selector');
    const found = lintCluster(load(broken)).filter((f) => f.code === 'named-targetport-missing');
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('shop/frontend-6d8f7c9b5-x7k2p');
    expect(found[0].message).not.toMatch(/shop\/frontend(-6d8f7c9b5)?[;,]/);
  });

  it('without live pods the template stands in; finished pods do not count as live', () => {
    const none = load(workload('Deployment', 'web', null) + workload('ReplicaSet', 'web-5d4f8', { kind: 'Deployment', name: 'web' }) + svc);
    expect(none.pods.map((p) => `${p.kind}/${p.name}`)).toEqual(['Deployment/web']);
    expect(none.podsById.get('shop/web-5d4f8')?.kind).toBe('Deployment');
    const done = load(workload('Job', 'batch', null) + pod('batch-x1', { kind: 'Job', name: 'batch' }, 'app: web', 'Succeeded'));
    expect(done.pods.map((p) => `${p.kind}/${p.name}`).sort()).toEqual(['Job/batch', 'Pod/batch-x1']);
  });

  it('DeploymentConfig → ReplicationController → Pod and CronJob → Job → Pod are one app each', () => {
    const dc = load(workload('DeploymentConfig', 'web', null) + workload('ReplicationController', 'web-3', { kind: 'DeploymentConfig', name: 'web' }) + pod('web-3-abcde', { kind: 'ReplicationController', name: 'web-3' }) + svc);
    expect(dc.pods.map((p) => p.id)).toEqual(['shop/web-3-abcde']);
    expect(dc.pods[0].workload).toBe('DeploymentConfig/shop/web');
    const cron = load(workload('CronJob', 'nightly', null) + workload('Job', 'nightly-2893', { kind: 'CronJob', name: 'nightly' }) + pod('nightly-2893-q', { kind: 'Job', name: 'nightly-2893' }));
    expect(cron.pods.map((p) => p.id)).toEqual(['shop/nightly-2893-q']);
    expect(cron.pods[0].workload).toBe('CronJob/shop/nightly');
  });

  it('StatefulSet and DaemonSet own their Pods directly', () => {
    const c = load(workload('StatefulSet', 'db', null, 2) + pod('db-0', { kind: 'StatefulSet', name: 'db' }) + pod('db-1', { kind: 'StatefulSet', name: 'db' }) + workload('DaemonSet', 'agent', null) + pod('agent-k2', { kind: 'DaemonSet', name: 'agent' }));
    expect(c.pods.map((p) => p.id).sort()).toEqual(['shop/agent-k2', 'shop/db-0', 'shop/db-1']);
    expect(c.podsById.get('shop/db')?.id).toBe('shop/db-0');
  });

  it('a dump of Pods whose ReplicaSet is missing still folds them into their Deployment by name', () => {
    const c = load(workload('Deployment', 'web', null) + pod('web-5d4f8b7c9-abcde', { kind: 'ReplicaSet', name: 'web-5d4f8b7c9' }) + svc);
    expect(c.pods.map((p) => p.id)).toEqual(['shop/web-5d4f8b7c9-abcde']);
    expect(c.workloads.map((w) => w.kind)).toEqual(['Deployment']);
  });

  it('a Pod owned by something not in the input stays a Pod of its own; the workload stays an endpoint', () => {
    const c = load(workload('Deployment', 'web', null) + pod('other-1', { kind: 'ReplicaSet', name: 'other-9f8e7' }));
    expect(c.pods.map((p) => `${p.kind}/${p.name}`)).toEqual(['Deployment/web', 'Pod/other-1']);
    expect(c.workloads).toEqual([]);
  });

  it('an ownerReference cycle does not hang or drop the objects', () => {
    const c = load(workload('ReplicaSet', 'a', { kind: 'ReplicaSet', name: 'b' }) + workload('ReplicaSet', 'b', { kind: 'ReplicaSet', name: 'a' }));
    expect(c.pods.length + c.workloads.length).toBe(2);
  });
});
