// FROZEN copy of src-core/model/kinds/workload.ts as of 650cee7, kept only as the reference for snapshot.test.ts (issue 6):
// the optimised model must produce exactly what this produced. Do not edit; delete with the test.
// Pods and workloads. A workload (Deployment, StatefulSet, ... DeploymentConfig) stands for the pods of
// its template: their labels, containers and ports. A Pod keeps its status (IP, phase, readiness).
import { childRef, type NodeRef } from '../../../parse/source';
import type { Reader } from '../context';
import type { Container, ContainerPort, EnvVar, ObjectMeta, PodLike, WorkloadKind } from '../../types';

/** Where each workload kind keeps its pod template. */
const TEMPLATE_PATH: Record<WorkloadKind, string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  DeploymentConfig: ['spec', 'template'],
};

function readContainers(list: Reader[]): Container[] {
  return list.map((c) => {
    const name = c.at('name').str() ?? '';
    const ports: ContainerPort[] = c
      .at('ports')
      .list()
      .flatMap((p) => {
        const containerPort = p.at('containerPort').port();
        if (containerPort === undefined) {
          if (!p.at('containerPort').present) p.invalid('a container port needs `containerPort`.', 'invalid-port');
          return [];
        }
        return [{ name: p.at('name').str(), containerPort, protocol: p.at('protocol').protocol(), container: name, ref: p.ref }];
      });
    const env: EnvVar[] = c
      .at('env')
      .list()
      .flatMap((e) => {
        const n = e.at('name').str();
        if (!n) return [];
        const cm = e.at('valueFrom', 'configMapKeyRef');
        const sec = e.at('valueFrom', 'secretKeyRef');
        return [
          {
            name: n,
            value: e.at('value').str(),
            configMapKeyRef: cm.present ? { name: cm.at('name').str() ?? '', key: cm.at('key').str() ?? '' } : undefined,
            secretKeyRef: sec.present ? { name: sec.at('name').str() ?? '', key: sec.at('key').str() ?? '' } : undefined,
          },
        ];
      });
    const envFromConfigMaps = c
      .at('envFrom')
      .list()
      .map((e) => e.at('configMapRef', 'name').str())
      .filter((s): s is string => !!s);
    return { name, image: c.at('image').str(), ports, env, envFromConfigMaps, ref: c.ref };
  });
}

function podFields(spec: Reader): Omit<PodLike, 'meta' | 'id' | 'kind' | 'namespace' | 'name' | 'podLabels' | 'podAnnotations' | 'podLabelsRef'> {
  // Native sidecars (init containers with restartPolicy: Always) keep running and serve ports.
  const inits = spec.at('initContainers').list();
  const isSidecar = (c: Reader) => c.at('restartPolicy').str() === 'Always';
  const containers = readContainers([...spec.at('containers').list(), ...inits.filter(isSidecar)]);
  const initContainers = readContainers(inits.filter((c) => !isSidecar(c)));
  const dnsConfig = spec.at('dnsConfig');
  return {
    containers,
    initContainers,
    ports: containers.flatMap((c) => c.ports),
    podSpecRef: spec.ref,
    hostNetwork: spec.at('hostNetwork').bool() ?? false,
    podIPs: [],
    hostname: spec.at('hostname').str(),
    subdomain: spec.at('subdomain').str(),
    dnsPolicy: spec.at('dnsPolicy').str() ?? 'ClusterFirst',
    dnsConfig: dnsConfig.present
      ? {
          nameservers: dnsConfig.at('nameservers').strList(),
          searches: dnsConfig.at('searches').strList(),
          options: dnsConfig
            .at('options')
            .list()
            .map((o) => ({ name: o.at('name').str() ?? '', value: o.at('value').str() })),
        }
      : undefined,
    serviceAccountName: spec.at('serviceAccountName').str(),
    nodeName: spec.at('nodeName').str(),
  };
}

export function podFrom(meta: ObjectMeta, r: Reader): PodLike {
  const spec = r.at('spec');
  const status = r.at('status');
  const ready = status
    .at('conditions')
    .list()
    .find((c) => c.at('type').str() === 'Ready');
  const podIPs = status
    .at('podIPs')
    .list()
    .map((p) => p.at('ip').str())
    .filter((s): s is string => !!s);
  const podIP = status.at('podIP').str();
  const owner = r
    .at('metadata', 'ownerReferences')
    .list()
    .find((o) => o.at('controller').bool() === true);
  return {
    meta,
    id: `${meta.namespace}/${meta.name}`,
    kind: 'Pod',
    namespace: meta.namespace,
    name: meta.name,
    podLabels: meta.labels,
    podAnnotations: meta.annotations,
    podLabelsRef: childRef(meta.ref, 'metadata', 'labels'),
    ...podFields(spec),
    podIP,
    podIPs: podIPs.length ? podIPs : podIP ? [podIP] : [],
    hostIP: status.at('hostIP').str(),
    phase: status.at('phase').str(),
    ready: ready ? ready.at('status').str() === 'True' : undefined,
    owner: owner ? { kind: owner.at('kind').str() ?? '', name: owner.at('name').str() ?? '' } : undefined,
  };
}

export function workloadFrom(meta: ObjectMeta, r: Reader, kind: WorkloadKind): PodLike {
  const template = r.at(...TEMPLATE_PATH[kind]);
  const templateMeta = template.at('metadata');
  const templateRef: NodeRef = template.ref;
  if (!template.present) r.at(...TEMPLATE_PATH[kind]).invalid(`this ${kind} has no pod template, so it stands for no pods.`);
  return {
    meta,
    id: `${meta.namespace}/${meta.name}`,
    kind,
    namespace: meta.namespace,
    name: meta.name,
    podLabels: templateMeta.at('labels').labels(),
    podAnnotations: templateMeta.at('annotations').labels(),
    podLabelsRef: childRef(templateRef, 'metadata', 'labels'),
    ...podFields(template.at('spec')),
    replicas: r.at('spec', 'replicas').num(),
  };
}
