// Pods and workloads. A workload (Deployment, StatefulSet, ... DeploymentConfig) stands for the pods of
// its template: their labels, containers and ports. A Pod keeps its status (IP, phase, readiness).
import { childRef, type NodeRef } from '../../parse/source';
import type { Reader } from '../context';
import type { Container, ContainerPort, EnvVar, ObjectMeta, PodLike, WorkloadKind } from '../types';

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
    const name = c.strAt('name') ?? '';
    const ports: ContainerPort[] = [];
    for (const p of c.listAt('ports')) {
      const containerPort = p.portAt('containerPort');
      if (containerPort === undefined) {
        if (!p.presentAt('containerPort')) p.invalid('a container port needs `containerPort`.', 'invalid-port');
        continue;
      }
      ports.push({ name: p.strAt('name'), containerPort, protocol: p.protocolAt('protocol'), container: name, ref: p.ref });
    }
    const env: EnvVar[] = [];
    for (const e of c.listAt('env')) {
      const n = e.strAt('name');
      if (!n) continue;
      const cm = e.at('valueFrom', 'configMapKeyRef');
      const sec = e.at('valueFrom', 'secretKeyRef');
      env.push({
        name: n,
        value: e.strAt('value'),
        configMapKeyRef: cm.present ? { name: cm.strAt('name') ?? '', key: cm.strAt('key') ?? '' } : undefined,
        secretKeyRef: sec.present ? { name: sec.strAt('name') ?? '', key: sec.strAt('key') ?? '' } : undefined,
      });
    }
    const envFromConfigMaps = c
      .listAt('envFrom')
      .map((e) => e.at('configMapRef', 'name').str())
      .filter((s): s is string => !!s);
    return { name, image: c.strAt('image'), ports, env, envFromConfigMaps, ref: c.ref };
  });
}

function allPorts(containers: Container[]): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const c of containers) for (const p of c.ports) out.push(p);
  return out;
}

/**
 * The pod spec's fields, assigned onto `pod` in the order the model has always had them (no
 * intermediate object spread into the result: one of these per workload at 10k workloads).
 */
function addPodFields(pod: PodLike, spec: Reader): void {
  // Native sidecars (init containers with restartPolicy: Always) keep running and serve ports.
  const inits = spec.listAt('initContainers');
  const isSidecar = (c: Reader) => c.strAt('restartPolicy') === 'Always';
  // (Without init containers, no copies; with them, isSidecar runs twice per init container as before,
  // so a wrong-typed restartPolicy is still reported where it always was.)
  const main = spec.listAt('containers');
  const containers = readContainers(inits.length ? [...main, ...inits.filter(isSidecar)] : main);
  const initContainers = inits.length ? readContainers(inits.filter((c) => !isSidecar(c))) : [];
  const dnsConfig = spec.at('dnsConfig');
  pod.containers = containers;
  pod.initContainers = initContainers;
  pod.ports = allPorts(containers);
  pod.podSpecRef = spec.ref;
  pod.hostNetwork = spec.boolAt('hostNetwork') ?? false;
  pod.podIPs = [];
  pod.hostname = spec.strAt('hostname');
  pod.subdomain = spec.strAt('subdomain');
  pod.dnsPolicy = spec.strAt('dnsPolicy') ?? 'ClusterFirst';
  pod.dnsConfig = dnsConfig.present
    ? {
        nameservers: dnsConfig.strListAt('nameservers'),
        searches: dnsConfig.strListAt('searches'),
        options: dnsConfig.listAt('options').map((o) => ({ name: o.strAt('name') ?? '', value: o.strAt('value') })),
      }
    : undefined;
  pod.serviceAccountName = spec.strAt('serviceAccountName');
  pod.nodeName = spec.strAt('nodeName');
}

/** The controller ownerReference (a Pod's ReplicaSet, a ReplicaSet's Deployment); model/owners.ts follows them. */
function controllerOf(r: Reader): PodLike['owner'] {
  const owners = r.at('metadata', 'ownerReferences');
  if (!owners.present) return undefined;
  const o = owners.list().find((x) => x.boolAt('controller') === true);
  return o ? { kind: o.strAt('kind') ?? '', name: o.strAt('name') ?? '' } : undefined;
}

export function podFrom(meta: ObjectMeta, r: Reader): PodLike {
  const spec = r.at('spec');
  const status = r.at('status');
  const ready = status
    .listAt('conditions')
    .find((c) => c.strAt('type') === 'Ready');
  const podIPs = status
    .listAt('podIPs')
    .map((p) => p.strAt('ip'))
    .filter((s): s is string => !!s);
  const podIP = status.strAt('podIP');
  const pod = {
    meta,
    id: `${meta.namespace}/${meta.name}`,
    kind: 'Pod',
    namespace: meta.namespace,
    name: meta.name,
    podLabels: meta.labels,
    podAnnotations: meta.annotations,
    podLabelsRef: childRef(meta.ref, 'metadata', 'labels'),
  } as PodLike;
  addPodFields(pod, spec);
  pod.podIP = podIP;
  pod.podIPs = podIPs.length ? podIPs : podIP ? [podIP] : [];
  pod.hostIP = status.strAt('hostIP');
  pod.phase = status.strAt('phase');
  pod.ready = ready ? ready.strAt('status') === 'True' : undefined;
  if (r.at('metadata', 'deletionTimestamp').present) pod.terminating = true;
  pod.owner = controllerOf(r);
  return pod;
}

export function workloadFrom(meta: ObjectMeta, r: Reader, kind: WorkloadKind): PodLike {
  const template = r.at(...TEMPLATE_PATH[kind]);
  const templateMeta = template.at('metadata');
  const templateRef: NodeRef = template.ref;
  if (!template.present) r.at(...TEMPLATE_PATH[kind]).invalid(`this ${kind} has no pod template, so it stands for no pods.`);
  const pod = {
    meta,
    id: `${meta.namespace}/${meta.name}`,
    kind,
    namespace: meta.namespace,
    name: meta.name,
    podLabels: templateMeta.labelsAt('labels'),
    podAnnotations: templateMeta.labelsAt('annotations'),
    podLabelsRef: childRef(templateRef, 'metadata', 'labels'),
  } as PodLike;
  addPodFields(pod, template.at('spec'));
  pod.replicas = r.at('spec', 'replicas').num();
  pod.owner = controllerOf(r);
  // The StatefulSet controller gives each pod hostname = its name and subdomain = spec.serviceName
  // (pkg/controller/statefulset/stateful_set_utils.go initIdentity).
  if (kind === 'StatefulSet') pod.serviceName = r.at('spec').strAt('serviceName');
  return pod;
}
