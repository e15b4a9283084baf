// Issue 10, "DNS names outside the cluster": when the source pod's egress is isolated and no egress rule
// could admit any address outside the cluster, the connection is denied; only when some rule could is it
// "depends on the address" (undetermined). A name only public DNS answers never gets a made-up verdict.
import { describe, expect, it } from 'vitest';
import { traceQuery } from '../trace';
import { clusterOf } from './testutil';

const pod = `apiVersion: v1
kind: Pod
metadata: {name: app, namespace: shop, labels: {app: app}}
spec: {containers: [{name: c}]}
`;
// Egress isolated, DNS to kube-system allowed (so the lookup itself passes), plus `extra` rules.
const policy = (extra: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]
    ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
${extra}`;
const q = { from: 'shop/app', to: 'dns:api.example.com', port: 443 };

describe('names only a public resolver answers', () => {
  it('egress isolated and no rule for any outside address: denied, whatever the name resolves to', () => {
    const t = traceQuery(clusterOf(pod + policy(''), 'kubernetes'), q);
    expect(t.verdict).toBe('denied');
    expect(t.summary).toContain('whatever api.example.com resolves to');
    // A rule for pods only (namespaceSelector) admits no outside address either.
    const pods = traceQuery(clusterOf(pod + policy('  - to: [{namespaceSelector: {}}]\n'), 'kubernetes'), q);
    expect(pods.verdict).toBe('denied');
  });
  it('a rule that admits some outside addresses: undetermined, naming one admitted and one refused address', () => {
    const t = traceQuery(clusterOf(pod + policy('  - to: [{ipBlock: {cidr: 198.51.100.0/24}}]\n    ports: [{port: 443}]\n'), 'kubernetes'), q);
    expect(t.verdict).toBe('undetermined');
    expect(t.allowed).toBe(false);
    const h = t.hops.find((x) => x.verdict === 'undetermined')!;
    expect(h.summary).toContain('198.51.100.0');
    expect(h.summary).toContain('ip:ADDRESS');
    // The same block on another port admits nothing on 443: denied again.
    expect(traceQuery(clusterOf(pod + policy('  - to: [{ipBlock: {cidr: 198.51.100.0/24}}]\n    ports: [{port: 80}]\n'), 'kubernetes'), q).verdict).toBe('denied');
  });
  it('a rule with an except: the excepted range is refused, so it depends on the address', () => {
    const t = traceQuery(clusterOf(pod + policy('  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]\n'), 'kubernetes'), q);
    expect(t.verdict).toBe('undetermined');
  });
  it('every outside address admitted (0.0.0.0/0, or no egress isolation): allowed — the answer does not matter for policy', () => {
    expect(traceQuery(clusterOf(pod + policy('  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]\n'), 'kubernetes'), q).allowed).toBe(true);
    const open = traceQuery(clusterOf(pod, 'kubernetes'), q);
    expect(open.allowed).toBe(true);
    expect(open.hops.find((x) => x.kind === 'dns')!.summary).toContain('depends on public DNS');
  });
  it('an AdminNetworkPolicy Allow to some networks over an isolating NetworkPolicy: undetermined', () => {
    const anp = `---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: partners}
spec:
  priority: 10
  subject: {namespaces: {}}
  egress:
  - name: partners
    action: Allow
    to: [{networks: [192.0.2.0/24]}]
`;
    expect(traceQuery(clusterOf(pod + policy('') + anp, 'kubernetes'), q).verdict).toBe('undetermined');
  });
});
