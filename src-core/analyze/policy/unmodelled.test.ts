// Policy objects podpath does not model: a connection one of them could apply to is 'undetermined'
// (allowed: false, CLI exit 3) unless a modelled hop denies; the hop names the object and its YAML line;
// lint says so; the reachability summary marks the same pairs. "Could apply": namespaced objects to
// pods of their namespace (Istio's root namespace istio-system: mesh-wide), cluster-wide ones to all.
import { describe, expect, it } from 'vitest';
import { loadCluster, runQueries, traceQuery } from '../../index';
import { lintCluster } from '../../lint';
import { UNMODELLED_POLICY_KINDS } from '../../model/unmodelled';
import { summarizeReachability, summaryVerdict } from '../summary';
import { ns, pod } from './testkit';

const base = ns('shop') + ns('other') + pod('shop', 'web', { app: 'web' }, [{ containerPort: 8080 }]) + pod('shop', 'api', { app: 'api' }) + pod('other', 'ui', { app: 'ui' }) + pod('other', 'job', { app: 'job' });
const load = (extra: string, profile: 'kubernetes' | 'openshift' = 'kubernetes') => loadCluster([{ name: 'in.yaml', text: base + extra }], { profile });
const doc = (apiVersion: string, kind: string, name: string, namespace?: string, spec = '{}') => `---\napiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}spec: ${spec}\n`;
const CALICO = doc('projectcalico.org/v3', 'NetworkPolicy', 'deny-web', 'shop', '{selector: app == "web", types: [Ingress], ingress: [{action: Deny}]}');

describe('unmodelled policy objects make what they could touch undetermined', () => {
  it('a Calico NetworkPolicy (projectcalico.org) is not read as a Kubernetes one, and makes its namespace undetermined', () => {
    const c = load(CALICO);
    expect(c.networkPolicies).toHaveLength(0);
    const t = traceQuery(c, { from: 'other/ui', to: 'shop/web', port: 8080 });
    expect(t.allowed).toBe(false);
    expect(t.verdict).toBe('undetermined');
    const hop = t.hops.find((h) => h.kind === 'unmodelled-policy')!;
    expect(hop.verdict).toBe('undetermined');
    expect(hop.summary).toContain('NetworkPolicy shop/deny-web (projectcalico.org/v3; a Calico network policy, in namespace shop) could apply to shop/web');
    expect(hop.object).toBe('NetworkPolicy/shop/deny-web');
    // The range is the object's document in the input.
    const line = (base + CALICO).split('\n').findIndex((l) => l === 'apiVersion: projectcalico.org/v3') + 1;
    expect(hop.source?.startLine).toBe(line);
    expect(t.summary).toContain('undetermined — NetworkPolicy shop/deny-web');
    // Pods of other namespaces are untouched: no unmodelled object could apply to either end.
    expect(traceQuery(c, { from: 'other/ui', to: 'other/job' }).verdict).toBe('allowed');
    // As the source's namespace too.
    expect(traceQuery(c, { from: 'shop/api', to: 'other/ui' }).verdict).toBe('undetermined');
    expect(runQueries(c, [{ from: 'other/ui', to: 'shop/web', port: 8080 }])[0]).toMatchObject({ allowed: false, verdict: 'undetermined' });
  });

  it('a denial by a modelled policy still decides: denied, not undetermined', () => {
    const deny = `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-all, namespace: shop}\nspec: {podSelector: {}}\n`;
    const t = traceQuery(load(CALICO + deny), { from: 'other/ui', to: 'shop/web', port: 8080 });
    expect(t.verdict).toBe('denied');
    expect(t.hops.some((h) => h.verdict === 'undetermined')).toBe(true);
  });

  it('cluster-wide kinds apply to every pod, also for clients outside the cluster', () => {
    for (const [apiVersion, kind] of [
      ['cilium.io/v2', 'CiliumClusterwideNetworkPolicy'],
      ['crd.projectcalico.org/v1', 'GlobalNetworkPolicy'],
      ['crd.antrea.io/v1beta1', 'ClusterNetworkPolicy'],
      ['k8s.ovn.org/v1', 'ClusterUserDefinedNetwork'],
      ['policy.networking.k8s.io/v1alpha2', 'ClusterNetworkPolicy'],
    ]) {
      const c = load(doc(apiVersion, kind, 'x'));
      const o = c.others.get(kind)?.[0];
      expect(o?.meta.namespace, kind).toBe('');
      expect(traceQuery(c, { from: 'other/ui', to: 'other/job' }).verdict, kind).toBe('undetermined');
      expect(traceQuery(c, { from: 'internet', to: 'other/job', port: 80 }).verdict, kind).toBe('undetermined');
    }
  });

  it('namespaced kinds apply to their namespace only', () => {
    for (const [apiVersion, kind] of [
      ['cilium.io/v2', 'CiliumNetworkPolicy'],
      ['crd.projectcalico.org/v1', 'NetworkPolicy'],
      ['crd.antrea.io/v1beta1', 'NetworkPolicy'],
      ['security.istio.io/v1', 'AuthorizationPolicy'],
      ['security.istio.io/v1beta1', 'PeerAuthentication'],
      ['k8s.ovn.org/v1', 'UserDefinedNetwork'],
      ['k8s.cni.cncf.io/v1beta1', 'MultiNetworkPolicy'],
    ]) {
      const c = load(doc(apiVersion, kind, 'x', 'shop'));
      expect(traceQuery(c, { from: 'other/ui', to: 'shop/web', port: 8080 }).verdict, kind).toBe('undetermined');
      expect(traceQuery(c, { from: 'other/ui', to: 'other/job' }).verdict, kind).toBe('allowed');
    }
  });

  it("Istio's root namespace (istio-system) makes an AuthorizationPolicy mesh-wide", () => {
    const c = load(ns('istio-system') + doc('security.istio.io/v1', 'AuthorizationPolicy', 'deny-all', 'istio-system'));
    const t = traceQuery(c, { from: 'other/ui', to: 'other/job' });
    expect(t.verdict).toBe('undetermined');
    expect(t.hops.find((h) => h.kind === 'unmodelled-policy')?.summary).toContain("in Istio's root namespace istio-system, so mesh-wide");
  });

  it('a kind name alone is not enough: an unrelated group stays a plain unknown object', () => {
    const c = load(doc('example.com/v1', 'CiliumNetworkPolicy', 'x', 'shop'));
    expect(traceQuery(c, { from: 'other/ui', to: 'shop/web', port: 8080 }).verdict).toBe('allowed');
  });

  it('is found in a real dump: a List with managedFields, status and ownerReferences', () => {
    const list = `---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: cilium.io/v2\n  kind: CiliumNetworkPolicy\n  metadata:\n    name: l7\n    namespace: shop\n    uid: 3f6c\n    resourceVersion: "123"\n    managedFields:\n    - manager: kubectl\n      operation: Apply\n      fieldsType: FieldsV1\n      fieldsV1: {f:spec: {}}\n    ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: owner, uid: aa}]\n  spec:\n    endpointSelector: {matchLabels: {app: web}}\n  status:\n    conditions: [{type: Valid, status: "True"}]\nmetadata: {resourceVersion: ""}\n`;
    const c = load(list, 'openshift');
    const t = traceQuery(c, { from: 'other/ui', to: 'shop/web', port: 8080 });
    expect(t.verdict).toBe('undetermined');
    expect(t.hops.find((h) => h.kind === 'unmodelled-policy')?.summary).toContain('CiliumNetworkPolicy shop/l7 (cilium.io/v2; a Cilium network policy');
  });

  it('lint reports each object, with its range', () => {
    const f = lintCluster(load(CALICO + doc('cilium.io/v2', 'CiliumClusterwideNetworkPolicy', 'ccnp'))).filter((x) => x.code === 'unmodelled-policy');
    expect(f.map((x) => x.object).sort()).toEqual(['CiliumClusterwideNetworkPolicy/ccnp', 'NetworkPolicy/shop/deny-web']);
    expect(f.find((x) => x.object === 'NetworkPolicy/shop/deny-web')?.message).toContain('every trace to or from a pod of namespace "shop" is undetermined');
    expect(f.find((x) => x.object === 'CiliumClusterwideNetworkPolicy/ccnp')?.message).toContain('any pod of the cluster');
    expect(f.every((x) => x.severity === 'warning' && x.source.startLine > 0)).toBe(true);
  });

  it('the reachability summary marks the same pairs undetermined', () => {
    const c = load(CALICO);
    const s = summarizeReachability(c);
    const cls = (id: string) => s.podClass[c.pods.findIndex((p) => p.id === id)];
    expect(summaryVerdict(s, cls('other/ui'), cls('shop/web'), 8080)).toBe('undetermined');
    expect(summaryVerdict(s, cls('shop/api'), cls('other/ui'), 80)).toBe('undetermined');
    expect(summaryVerdict(s, cls('other/ui'), cls('other/job'), 80)).toBe('allowed');
    const web = s.destinations.find((d) => d.class === cls('shop/web'))!.ports[0];
    expect(web.internet).toBe(false);
    expect(web.internetUndetermined).toBe(true);
  });

  it('the list is one constant of group/kind pairs, each unique', () => {
    const keys = UNMODELLED_POLICY_KINDS.map((k) => `${k.group}/${k.kind}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
