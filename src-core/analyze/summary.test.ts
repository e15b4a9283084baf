// The reachability summary against brute force: for every ordered pair of pods/workloads (and the
// router) and every probed port, the summary must say what the policy engine's evaluateConnection
// says, and likewise for internet → pod. Clusters: the conformance corpus (when present), a generated
// benchmark cluster, and small hand-written ones for egress, admin policies and ovs-multitenant.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateCluster } from '../cli/bench/generate';
import { loadCluster, type BuiltCluster } from '../index';
import { isProfileName } from '../model/profiles';
import type { PodLike, ProfileName } from '../model/types';
import { summarizeReachability, summaryAllows } from './summary';
import { traceQuery } from './trace';
import { expectAgreesWithEngine } from './summary-testkit';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = process.env.PODPATH_CONFORMANCE ? resolve(process.env.PODPATH_CONFORMANCE) : resolve(repoRoot, '..', 'shared', 'conformance');

function load(text: string, profile: ProfileName = 'kubernetes'): BuiltCluster {
  return loadCluster([{ name: 'in.yaml', text }], { profile });
}

const ns = (name: string, labels = '') => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: {${labels}}\n---\n`;
const deploy = (n: string, name: string, labels: string, ports = '[{name: http, containerPort: 8080}, {name: dns, containerPort: 53, protocol: UDP}]') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${n}}\nspec:\n  template:\n    metadata:\n      labels: {${labels}}\n    spec:\n      containers:\n      - name: c\n        ports: ${ports}\n---\n`;

const MIXED = [
  ns('a', 'team: x'),
  ns('b', 'team: y'),
  ns('c', ''),
  deploy('a', 'web', 'app: web, tier: fe'),
  deploy('a', 'api', 'app: api, tier: be'),
  deploy('a', 'api2', 'app: api, tier: be'),
  deploy('b', 'db', 'app: db', '[{name: pg, containerPort: 5432}]'),
  deploy('b', 'batch', 'app: batch', '[]'),
  deploy('c', 'tool', 'app: tool'),
  // Egress isolation with a DNS rule to every namespace and a rule to b/db by named port.
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: egress, namespace: a}\nspec:\n  podSelector: {matchLabels: {tier: be}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{namespaceSelector: {}}]\n    ports: [{port: 53, protocol: UDP}]\n  - to: [{namespaceSelector: {matchLabels: {team: y}}, podSelector: {matchLabels: {app: db}}}]\n    ports: [{port: pg}]\n---\n`,
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db-in, namespace: b}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {team: x}}}, {ipBlock: {cidr: 203.0.113.0/24}}]\n    ports: [{port: 5000, endPort: 6000}]\n---\n`,
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-in, namespace: a}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports: [{port: http}]\n---\n`,
  `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: first}\nspec:\n  priority: 5\n  subject: {namespaces: {matchLabels: {team: y}}}\n  ingress:\n  - {name: pass-x, action: Pass, from: [{namespaces: {matchLabels: {team: x}}}]}\n  - {name: deny-c, action: Deny, from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: tool}}}}]}\n  egress:\n  - {name: to-a, action: Allow, to: [{namespaces: {matchLabels: {team: x}}}], ports: [{portNumber: {port: 8080, protocol: TCP}}]}\n---\n`,
  `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: second}\nspec:\n  priority: 9\n  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: api}}}}\n  ingress:\n  - {name: allow-b, action: Allow, from: [{namespaces: {matchLabels: {team: y}}}]}\n  egress:\n  - {name: deny-dns, action: Deny, to: [{namespaces: {}}], ports: [{portRange: {start: 50, end: 60, protocol: UDP}}]}\n---\n`,
  `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec:\n  subject: {namespaces: {}}\n  ingress:\n  - {name: deny-c, action: Deny, from: [{namespaces: {matchExpressions: [{key: team, operator: DoesNotExist}]}}]}\n  egress:\n  - {name: deny-b, action: Deny, to: [{namespaces: {matchLabels: {team: y}}}]}\n---\n`,
].join('');

describe('reachability summary agrees with evaluateConnection pair by pair', () => {
  const cases = existsSync(corpus) ? readdirSync(corpus).filter((d) => existsSync(join(corpus, d, 'manifests.yaml'))) : [];
  it.skipIf(cases.length === 0)('on every conformance case', () => {
    let checked = 0;
    let allowed = 0;
    for (const c of cases) {
      const expectJson = JSON.parse(readFileSync(join(corpus, c, 'expect.json'), 'utf8')) as { profile?: string };
      const profile = expectJson.profile && isProfileName(expectJson.profile) ? expectJson.profile : 'kubernetes';
      const r = expectAgreesWithEngine(load(readFileSync(join(corpus, c, 'manifests.yaml'), 'utf8'), profile));
      checked += r.checked;
      allowed += r.allowed;
    }
    expect(allowed).toBeGreaterThan(1000);
    expect(checked - allowed).toBeGreaterThan(1000);
  });

  it('on a generated 100-workload OpenShift cluster (default-deny, router, per-app policies)', () => {
    const r = expectAgreesWithEngine(load(generateCluster(100).yaml, 'openshift'));
    expect(r.allowed).toBeGreaterThan(100);
    expect(r.checked - r.allowed).toBeGreaterThan(1000);
  });

  for (const profile of ['kubernetes', 'openshift', 'openshift-multitenant', 'lumi-k'] as const) {
    it(`with egress, admin and baseline policies, named ports and port ranges (${profile})`, () => {
      const r = expectAgreesWithEngine(load(MIXED, profile));
      expect(r.allowed).toBeGreaterThan(5);
      expect(r.checked - r.allowed).toBeGreaterThan(5);
    });
  }

  it('groups pods that policies cannot tell apart, and reports route exposure and namespace pairs', () => {
    const c = load(generateCluster(100).yaml, 'openshift');
    const s = summarizeReachability(c);
    // Each Deployment has its own app label here, so classes = workloads + the router.
    expect(s.classes.length).toBe(c.pods.length + 1);
    const m = load(MIXED);
    const sm = summarizeReachability(m);
    const api = m.pods.findIndex((p) => p.id === 'a/api');
    const api2 = m.pods.findIndex((p) => p.id === 'a/api2');
    expect(sm.podClass[api]).toBe(sm.podClass[api2]);
    // Every third workload has a Route, and the router is allowed in by allow-from-openshift-ingress.
    expect(s.stats.routeExposed).toBe(c.routes.length);
    const self = s.namespaceEdges.find((e) => e.from === e.to);
    expect(self && self.pairs).toBeGreaterThan(0);
  });

  it('counts namespace pairs as the sum of pod pairs that connect on some port', () => {
    for (const c of [load(MIXED), load(MIXED, 'openshift-multitenant'), load(generateCluster(100).yaml, 'openshift')]) {
      const s = summarizeReachability(c);
      const expected = new Map<string, number>();
      c.pods.forEach((src, i) =>
        c.pods.forEach((dst, j) => {
          if (i === j || !summaryAllows(s, s.podClass[i], s.podClass[j])) return;
          const k = `${src.namespace}>${dst.namespace}`;
          expected.set(k, (expected.get(k) ?? 0) + 1);
        }),
      );
      const got = new Map(s.namespaceEdges.map((e) => [`${e.from}>${e.to}`, e.pairs]));
      expect(got).toEqual(expected);
    }
  });
});

// A route served by a HostNetwork IngressController: its router connects from the node, which OVN-Kubernetes
// matches as the host network namespace (model/build.ts addHostNetworkRouter, edge/shards.ts routerPeerFor) and
// by the node's management-port / join addresses for ipBlocks (ovn-kubernetes go-controller/pkg/ovn/namespace.go
// getHostNamespaceAddressesForNode: the ".2" of the node's subnet, util.GetNodeManagementIfAddr, and the gateway
// router's join IP "for shared gateway mode we will use LRP IPs to SNAT host network traffic"). The summary's
// exposure used to judge every route by the openshift-ingress stand-in and disagreed with the route trace.
describe('route exposure follows the router that serves the route', () => {
  const app = (peer: string, publishing: string) =>
    ns('shop') +
    deploy('shop', 'web', 'app: web', '[{containerPort: 8080}]') +
    `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}\n---\n` +
    `apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: web, namespace: shop}\nspec: {host: web.apps.example.com, to: {kind: Service, name: web}}\n---\n` +
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: in, namespace: shop}\nspec:\n  podSelector: {}\n  ingress: [{from: [${peer}]}]\n---\n` +
    publishing;
  const hostNetwork = `apiVersion: operator.openshift.io/v1\nkind: IngressController\nmetadata: {name: default, namespace: openshift-ingress-operator}\nspec: {domain: apps.example.com, endpointPublishingStrategy: {type: HostNetwork}}\n`;
  const sharded =
    hostNetwork +
    `---\napiVersion: operator.openshift.io/v1\nkind: IngressController\nmetadata: {name: lb, namespace: openshift-ingress-operator}\nspec: {domain: apps.example.com, endpointPublishingStrategy: {type: LoadBalancerService}}\n`;
  const peers = [
    '{ipBlock: {cidr: 10.128.0.0/14}}',
    '{ipBlock: {cidr: 0.0.0.0/0}}',
    '{namespaceSelector: {matchLabels: {policy-group.network.openshift.io/ingress: ""}}}',
    '{namespaceSelector: {matchLabels: {policy-group.network.openshift.io/host-network: ""}}}',
  ];
  for (const profile of ['openshift', 'lumi-k'] as const) {
    for (const [what, publishing] of [['HostNetwork', hostNetwork], ['HostNetwork and LoadBalancerService shards', sharded], ['the default router', '']] as const) {
      it(`${profile}, ${what}: the exposure's router verdict is the route trace's, for ipBlock and namespace peers`, () => {
        const seen = new Set<string>();
        for (const peer of peers) {
          const c = load(app(peer, publishing), profile);
          const t = traceQuery(c, { from: 'internet', to: 'http://web.apps.example.com/' });
          const s = summarizeReachability(c);
          const e = s.destinations.flatMap((d) => d.exposedBy).find((x) => x.name === 'web');
          expect(e, peer).toBeDefined();
          const summary = e!.routerAllowed ? 'allowed' : e!.routerUndetermined ? 'undetermined' : 'denied';
          expect(summary, `${peer}: trace says ${t.verdict} (${t.summary})`).toBe(t.verdict);
          seen.add(t.verdict);
        }
        // The cases must reach more than one verdict, or they prove little (LUMI-K's implied allow-from-router
        // admits the openshift-ingress router whatever the user's policy says).
        if (profile === 'openshift') expect(seen.size).toBeGreaterThan(1);
      });
    }
  }
});
