// Profiles: what each platform implies beyond the manifests. The implied objects (LUMI-K's default
// policies) are written as YAML and parsed like user input, so explanations can point at their lines.
import type { Labels, Profile, ProfileName } from './types';

export const PROFILE_NAMES: readonly ProfileName[] = ['kubernetes', 'openshift', 'openshift-multitenant', 'lumi-k', 'cilium', 'calico'];

const OPENSHIFT_DNS = {
  namespace: 'openshift-dns',
  namespaceLabels: {} as Labels,
  podLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' } as Labels,
  podName: 'dns-default',
  serviceName: 'dns-default',
  servicePort: 53,
  podPort: 5353,
};

const KUBE_DNS = {
  namespace: 'kube-system',
  namespaceLabels: {} as Labels,
  podLabels: { 'k8s-app': 'kube-dns' } as Labels,
  podName: 'coredns',
  serviceName: 'kube-dns',
  servicePort: 53,
  podPort: 53,
};

const OPENSHIFT_ROUTER = {
  namespace: 'openshift-ingress',
  namespaceLabels: {
    'policy-group.network.openshift.io/ingress': '',
    'network.openshift.io/policy-group': 'ingress',
    'openshift.io/cluster-monitoring': 'true',
  } as Labels,
  podLabels: { 'ingresscontroller.operator.openshift.io/deployment-ingresscontroller': 'default' } as Labels,
  podName: 'router-default',
};

/** A plain Kubernetes cluster (ingress-nginx, CoreDNS), under its own name: `kubernetes` and the CNI
 *  profiles built on it. Each profile gets its own objects, as before. */
function plainKubernetes(name: 'kubernetes' | 'cilium' | 'calico', title: string): Profile {
  return {
    name,
    title,
    router: {
      namespace: 'ingress-nginx',
      namespaceLabels: {},
      podLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
      podName: 'ingress-nginx-controller',
    },
    clusterDomain: 'cluster.local',
    dns: KUBE_DNS,
    multitenant: false,
  };
}

export const PROFILES: Record<ProfileName, Profile> = {
  kubernetes: plainKubernetes('kubernetes', 'Kubernetes'),
  openshift: {
    name: 'openshift',
    title: 'OpenShift (OVN-Kubernetes)',
    router: OPENSHIFT_ROUTER,
    podCIDR: '10.128.0.0/14',
    serviceCIDR: '172.30.0.0/16',
    clusterDomain: 'cluster.local',
    dns: OPENSHIFT_DNS,
    multitenant: false,
  },
  'openshift-multitenant': {
    name: 'openshift-multitenant',
    title: 'OpenShift SDN, multitenant',
    router: { ...OPENSHIFT_ROUTER, namespaceLabels: { ...OPENSHIFT_ROUTER.namespaceLabels } },
    podCIDR: '10.128.0.0/14',
    serviceCIDR: '172.30.0.0/16',
    clusterDomain: 'cluster.local',
    dns: OPENSHIFT_DNS,
    multitenant: true,
  },
  // A plain Kubernetes cluster whose CNI is Calico: Kubernetes' defaults, plus Calico's own policies
  // (analyze/policy/calico/). Calico enforces NetworkPolicy too, as policies of its default tier.
  calico: plainKubernetes('calico', 'Kubernetes with Calico'),
  'lumi-k': {
    name: 'lumi-k',
    title: 'LUMI-K (OpenShift with project default policies)',
    router: OPENSHIFT_ROUTER,
    podCIDR: '10.128.0.0/14',
    serviceCIDR: '172.30.0.0/16',
    clusterDomain: 'cluster.local',
    dns: OPENSHIFT_DNS,
    multitenant: false,
  },
  // A plain Kubernetes cluster whose CNI is Cilium: the same defaults as `kubernetes`; CiliumNetworkPolicies
  // are modelled and enforced alongside NetworkPolicy (analyze/policy/cilium/).
  cilium: plainKubernetes('cilium', 'Kubernetes with Cilium'),
};

/** Profiles that are plain Kubernetes as far as the platform goes (no OpenShift router, Routes, DNS
 *  operator): `kubernetes` and the CNI profiles built on it (`cilium`, `calico`). */
const PLAIN_KUBERNETES: ReadonlySet<string> = new Set(['kubernetes', 'cilium', 'calico']);
export function isPlainKubernetes(p: ProfileName | { name: ProfileName }): boolean {
  return PLAIN_KUBERNETES.has(typeof p === 'string' ? p : p.name);
}

export function isProfileName(s: string): s is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(s);
}

/** Namespaces the platform owns; project defaults are not added there. */
export function isPlatformNamespace(ns: string): boolean {
  return ns === 'default' || ns.startsWith('openshift') || ns.startsWith('kube-') || ns === 'kube-system';
}

/** The file name under which implied objects appear in explanations. */
export const LUMIK_DEFAULTS_FILE = '<lumi-k project defaults>';

/**
 * LUMI-K creates these two policies in every project: traffic from the OpenShift router is allowed,
 * and otherwise only pods of the same namespace may connect. They are additive NetworkPolicies, so
 * together: same namespace or router, nothing else.
 */
export const LUMIK_DEFAULTS_YAML = `# Implied by the LUMI-K profile in every project namespace.
# A NetworkPolicy of the same name in a namespace replaces the implied one there.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-from-router
spec:
  podSelector: {}
  policyTypes:
  - Ingress
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          policy-group.network.openshift.io/ingress: ""
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-other-namespaces-access
spec:
  podSelector: {}
  policyTypes:
  - Ingress
  ingress:
  - from:
    - podSelector: {}
`;
