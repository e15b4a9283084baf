// Fix suggestions a customer can apply (issue 14): the NetworkPolicy / AdminNetworkPolicy a denial proposes
// selects pods by labels that survive a rollout (never pod-template-hash, deployment, deploymentconfig,
// controller-revision-hash, statefulset.kubernetes.io/pod-name …) and admits the OpenShift router by the
// namespace label OpenShift documents (`policy-group.network.openshift.io/ingress: ""`, "Configuring
// multitenant isolation with network policy", which openshift-host-network also carries for a HostNetwork router). Each
// snippet is applied and the connection re-checked, also for the pod of the next rollout.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { traceQuery } from '../trace';
import { PER_ROLLOUT_LABELS } from './explain';
import { allowed, clusterOf, ns, pod, verdict } from './testkit';
import type { ProfileName } from '../../model/types';

const denyIn = (namespace: string) => `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-in, namespace: ${namespace}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
const denyOut = (namespace: string) => `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-out, namespace: ${namespace}}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n`;

type Sel = { matchLabels?: Record<string, string> };
type Snippet = { spec: { podSelector: Sel; ingress?: { from: { podSelector?: Sel; namespaceSelector?: Sel }[] }[]; egress?: { to: { podSelector?: Sel; namespaceSelector?: Sel }[] }[] } };

describe('fixes select pods by stable labels', () => {
  const cases: [string, Record<string, string>, Record<string, string>][] = [
    ['a DeploymentConfig rollout', { app: 'web', deployment: 'web-3', deploymentconfig: 'web' }, { app: 'web', deployment: 'web-4', deploymentconfig: 'web' }],
    ['a Deployment rollout', { app: 'web', 'pod-template-hash': '5d4f8b7c9' }, { app: 'web', 'pod-template-hash': '7f9c6d5b4' }],
    ['a StatefulSet pod', { app: 'web', 'controller-revision-hash': 'web-6c7d', 'statefulset.kubernetes.io/pod-name': 'web-0', 'apps.kubernetes.io/pod-index': '0' }, { app: 'web', 'controller-revision-hash': 'web-8e9f', 'statefulset.kubernetes.io/pod-name': 'web-1', 'apps.kubernetes.io/pod-index': '1' }],
    ['a CronJob run', { app: 'web', 'job-name': 'web-28930', 'batch.kubernetes.io/job-name': 'web-28930', 'controller-uid': 'u1', 'batch.kubernetes.io/controller-uid': 'u1' }, { app: 'web', 'job-name': 'web-28931', 'batch.kubernetes.io/job-name': 'web-28931', 'controller-uid': 'u2', 'batch.kubernetes.io/controller-uid': 'u2' }],
  ];
  for (const [what, labels, next] of cases) {
    it(`ingress and egress fixes for ${what} leave out the per-rollout labels, and admit the next rollout's pod`, () => {
      const base = ns('shop') + ns('other') + pod('shop', 'web', labels, [{ containerPort: 8080 }]) + pod('other', 'client', labels);
      // Ingress: other/client → shop/web denied by a default deny in shop.
      const inDenied = clusterOf(base + denyIn('shop'));
      const fixIn = verdict(inDenied, 'other/client', 'shop/web', 8080).ingress.fix!;
      const snippetIn = parse(fixIn.snippet!) as Snippet;
      expect(snippetIn.spec.podSelector.matchLabels).toEqual({ app: 'web' });
      expect(snippetIn.spec.ingress![0].from[0].podSelector?.matchLabels).toEqual({ app: 'web' });
      for (const k of Object.keys(labels)) if (k !== 'app') expect(fixIn.snippet).not.toContain(k);
      const rolled = base + pod('shop', 'web-next', next, [{ containerPort: 8080 }]) + pod('other', 'client-next', next);
      const fixedIn = clusterOf(rolled + denyIn('shop') + '---\n' + fixIn.snippet);
      expect(allowed(fixedIn, 'other/client', 'shop/web', 8080)).toBe(true);
      expect(allowed(fixedIn, 'other/client-next', 'shop/web-next', 8080)).toBe(true);
      // Egress: shop/web → other/client denied by a default deny of egress in shop.
      const fixOut = verdict(clusterOf(base + denyOut('shop')), 'shop/web', 'other/client', 80).egress.fix!;
      for (const k of Object.keys(labels)) if (k !== 'app') expect(fixOut.snippet).not.toContain(k);
      const fixedOut = clusterOf(rolled + denyOut('shop') + '---\n' + fixOut.snippet);
      expect(allowed(fixedOut, 'shop/web-next', 'other/client-next', 80)).toBe(true);
    });
  }

  it('a pod with only per-rollout labels: the snippet selects the namespace and the summary says so', () => {
    const c = clusterOf(ns('shop') + ns('other') + pod('shop', 'web', { 'pod-template-hash': 'abc', deployment: 'web-1' }) + pod('other', 'client', { app: 'client' }) + denyIn('shop'));
    const fix = verdict(c, 'other/client', 'shop/web').ingress.fix!;
    expect((parse(fix.snippet!) as Snippet).spec.podSelector).toEqual({});
    expect(fix.summary).toContain('shop/web has only per-rollout labels (pod-template-hash, deployment)');
    expect(fix.summary).toContain('add a label of your own to the pod template');
  });

  it('the list names the labels issue 14 asks to avoid', () => {
    for (const k of ['pod-template-hash', 'deployment', 'deploymentconfig', 'controller-revision-hash', 'statefulset.kubernetes.io/pod-name']) expect(PER_ROLLOUT_LABELS).toContain(k);
  });
});

describe('fixes admit the OpenShift router by its documented namespace label', () => {
  for (const profile of ['openshift', 'lumi-k'] as ProfileName[]) {
    it(`${profile}: router → pod denied; the fix admits namespaces labelled policy-group.network.openshift.io/ingress: "" and, applied, allows it`, () => {
      // Under lumi-k the implied allow-from-router is replaced by a user policy of that name that admits nothing from the router.
      const replace = profile === 'lumi-k' ? `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-from-router, namespace: shop}\nspec:\n  podSelector: {}\n  ingress: [{from: [{podSelector: {}}]}]\n` : '';
      const base = ns('shop') + pod('shop', 'web', { app: 'web', deployment: 'web-2', deploymentconfig: 'web' }, [{ containerPort: 8080 }]) + denyIn('shop') + replace;
      const c = clusterOf(base, profile);
      const v = verdict(c, 'router', 'shop/web', 8080);
      expect(v.allowed).toBe(false);
      const fix = v.ingress.fix!;
      const snippet = parse(fix.snippet!) as Snippet;
      expect(snippet.spec.ingress![0].from).toEqual([{ namespaceSelector: { matchLabels: { 'policy-group.network.openshift.io/ingress': '' } } }]);
      expect(snippet.spec.podSelector.matchLabels).toEqual({ app: 'web' });
      expect(fix.summary).toContain('policy-group.network.openshift.io/ingress: ""');
      const fixed = clusterOf(base + '---\n' + fix.snippet, profile);
      expect(allowed(fixed, 'router', 'shop/web', 8080)).toBe(true);
      // It admits the router, not every namespace.
      expect(allowed(clusterOf(base + ns('other') + pod('other', 'x') + '---\n' + fix.snippet, profile), 'other/x', 'shop/web', 8080)).toBe(false);
    });
  }

  it('a HostNetwork router: the route trace denies, the fix admits the router\'s documented namespace label (which openshift-host-network carries) and, applied, the route works', () => {
    const app =
      ns('shop') +
      pod('shop', 'web', { app: 'web' }, [{ containerPort: 8080 }]) +
      `---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}\n` +
      `---\napiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: web, namespace: shop}\nspec: {host: web.apps.example.com, to: {kind: Service, name: web}}\n` +
      `---\napiVersion: operator.openshift.io/v1\nkind: IngressController\nmetadata: {name: default, namespace: openshift-ingress-operator}\nspec: {domain: apps.example.com, endpointPublishingStrategy: {type: HostNetwork}}\n` +
      denyIn('shop');
    const t = traceQuery(clusterOf(app, 'openshift'), { from: 'internet', to: 'http://web.apps.example.com/' });
    expect(t.verdict).toBe('denied');
    const fix = t.hops.find((h) => h.verdict === 'denied')?.fix;
    // The default IngressController on HostNetwork gives openshift-host-network the ingress policy-group label
    // (cluster-network-operator ingressconfig_controller.go; see docs/semantics-config.md), so the documented
    // router label admits it too.
    expect(fix?.snippet).toContain('policy-group.network.openshift.io/ingress: ""');
    const fixed = traceQuery(clusterOf(app + '---\n' + fix!.snippet, 'openshift'), { from: 'internet', to: 'http://web.apps.example.com/' });
    expect(fixed.verdict).toBe('allowed');
  });

  it('an AdminNetworkPolicy Deny of the router: the proposed Allow names the router namespace by its label', () => {
    const anp = `---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: deny-router}\nspec:\n  priority: 20\n  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: shop}}}\n  ingress:\n  - {name: deny, action: Deny, from: [{namespaces: {matchLabels: {policy-group.network.openshift.io/ingress: ""}}}]}\n`;
    const base = ns('shop') + pod('shop', 'web', { app: 'web' }, [{ containerPort: 8080 }]) + anp;
    const v = verdict(clusterOf(base, 'openshift'), 'router', 'shop/web', 8080);
    expect(v.ingress.decidedBy).toBe('admin-network-policy');
    const snippet = v.ingress.fix!.snippet!;
    expect(snippet).toContain('namespaces:');
    expect(snippet).toContain('policy-group.network.openshift.io/ingress: ""');
    expect(allowed(clusterOf(base + '---\n' + snippet, 'openshift'), 'router', 'shop/web', 8080)).toBe(true);
  });

  it('the kubernetes profile (no documented label on ingress-nginx): the fix names the namespace and pod labels as before', () => {
    const c = clusterOf(ns('shop') + pod('shop', 'web', { app: 'web' }) + denyIn('shop'), 'kubernetes');
    const fix = verdict(c, 'router', 'shop/web').ingress.fix!;
    expect(fix.snippet).toContain('kubernetes.io/metadata.name: "ingress-nginx"');
    expect(fix.snippet).not.toContain('policy-group');
  });
});
