import { describe, expect, it } from 'vitest';
import type { ProfileName } from '../../model/types';
import { loadCluster } from '../../index';
import { traceQuery } from '../trace';
import { dnsLookupCheck } from './dnslookup';
import { clusterOf, trace } from './testutil';

const apps = `apiVersion: v1
kind: Pod
metadata: {name: client, namespace: front, labels: {app: client}}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: back, labels: {app: api}}
spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: back}
spec: {selector: {app: api}, ports: [{port: 80, targetPort: 8080}]}
`;

/** An egress policy on the client admitting the API pods, plus `dns` (extra egress rules as YAML flow). */
const egress = (dns: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-egress, namespace: front}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: back}}}]
    ports: [{protocol: TCP, port: 8080}]
${dns}`;

const dnsRule = (ns: string, ports: string) => `  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${ns}}}}]\n    ports: ${ports}\n`;

function run(yaml: string, profile: ProfileName = 'openshift', to = 'dns:api.back') {
  return trace(clusterOf(yaml, profile), { from: 'front/client', to, port: 80 });
}

describe('DNS lookup before a connection by name', () => {
  it('egress isolation without a DNS rule: nothing resolves, the fix names openshift-dns and 5353', () => {
    const t = run(apps + egress(''));
    expect(t.allowed).toBe(false);
    const h = t.hops[1];
    expect([h.kind, h.verdict]).toEqual(['dns', 'denied']);
    expect(h.rule?.object).toBe('NetworkPolicy/front/client-egress');
    expect(h.fix?.snippet).toContain('kubernetes.io/metadata.name: openshift-dns');
    expect(h.fix?.snippet).toContain('port: 5353');
    // The trace stops at the lookup: no Service hop.
    expect(t.hops.some((x) => x.kind === 'service')).toBe(false);
  });

  it('OpenShift: a rule for port 53 does not help — policies see the DNS pods\' 5353 — and the trace says so', () => {
    const t = run(apps + egress(dnsRule('openshift-dns', '[{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]')));
    expect(t.allowed).toBe(false);
    const h = t.hops.find((x) => x.kind === 'dns' && x.verdict === 'denied')!;
    const hint = h.steps.find((s) => s.verdict === 'warning')!;
    expect(hint.text).toContain('only the Service\'s port');
    expect(hint.text).toContain('5353');
  });

  it('OpenShift: UDP and TCP 5353 to openshift-dns resolve, and the connection goes on', () => {
    const t = run(apps + egress(dnsRule('openshift-dns', '[{protocol: UDP, port: 5353}, {protocol: TCP, port: 5353}]')));
    expect(t.reached).toBe('back/api');
    expect(t.hops[1]).toMatchObject({ kind: 'dns', verdict: 'allowed' });
  });

  it('Kubernetes: the DNS pods listen on 53 in kube-system', () => {
    const ok = run(apps + egress(dnsRule('kube-system', '[{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]')), 'kubernetes');
    expect(ok.reached).toBe('back/api');
    const wrongNs = run(apps + egress(dnsRule('openshift-dns', '[{protocol: UDP, port: 53}]')), 'kubernetes');
    expect(wrongNs.allowed).toBe(false);
    expect(wrongNs.hops[1].fix?.snippet).toContain('kube-system');
  });

  it('UDP decides; TCP only is not enough, UDP only is a warning (truncated answers need TCP)', () => {
    const udpOnly = run(apps + egress(dnsRule('openshift-dns', '[{protocol: UDP, port: 5353}]')));
    expect(udpOnly.allowed).toBe(true);
    expect(udpOnly.verdict).toBe('warning');
    expect(udpOnly.hops[1]).toMatchObject({ kind: 'dns', verdict: 'warning' });
    const tcpOnly = run(apps + egress(dnsRule('openshift-dns', '[{protocol: TCP, port: 5353}]')));
    expect(tcpOnly.allowed).toBe(false);
  });

  it('dnsConfig option use-vc makes the resolver use TCP', () => {
    const y = apps.replace('spec: {containers: [{name: c}]}', 'spec: {dnsConfig: {options: [{name: use-vc}]}, containers: [{name: c}]}') + egress(dnsRule('openshift-dns', '[{protocol: TCP, port: 5353}]'));
    const t = run(y);
    expect(t.reached).toBe('back/api');
    // UDP is never used then, so its denial is no warning.
    expect(t.hops[1]).toMatchObject({ kind: 'dns', verdict: 'allowed' });
  });

  it('the DNS pods\' own ingress policies count too', () => {
    const y = apps + `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: openshift-dns}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;
    const t = run(y);
    expect(t.allowed).toBe(false);
    expect(t.hops[1].summary).toContain('NetworkPolicies on the DNS pods');
  });

  it('an AdminNetworkPolicy denying the DNS namespace: the hop names it; lint leaves it to the admin', () => {
    const anp = `---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: no-dns}
spec:
  priority: 5
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: front}}}
  egress:
  - name: block-dns
    action: Deny
    to: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: openshift-dns}}}]
`;
    const t = run(apps + anp);
    expect(t.allowed).toBe(false);
    expect(t.hops[1].kind).toBe('dns');
    expect(t.hops[1].summary).toContain('no-dns');
    expect(t.hops[1].fix?.snippet ?? '').not.toContain('kind: NetworkPolicy');
  });

  it('no hop when nothing restricts the query; none for hostNetwork or dnsPolicy Default pods', () => {
    const open = run(apps);
    expect(open.reached).toBe('back/api');
    expect(open.hops.filter((h) => h.kind === 'dns')).toHaveLength(1);
    const c = clusterOf(apps.replace('spec: {containers: [{name: c}]}', 'spec: {dnsPolicy: Default, containers: [{name: c}]}') + egress(''));
    expect(dnsLookupCheck(c, c.podsById.get('front/client')!, 'x.example.com')).toBeUndefined();
    const h = clusterOf(apps.replace('spec: {containers: [{name: c}]}', 'spec: {hostNetwork: true, dnsPolicy: ClusterFirstWithHostNet, containers: [{name: c}]}') + egress(''));
    expect(dnsLookupCheck(h, h.podsById.get('front/client')!, 'x.example.com')).toBeUndefined();
  });

  it('a URL from a pod resolves its host first; an IP literal needs no lookup', () => {
    const y = apps + egress('');
    const byName = run(y, 'openshift', 'https://shop.apps.example.com/');
    expect(byName.hops[1]).toMatchObject({ kind: 'dns', verdict: 'denied' });
    const byIP = run(y, 'openshift', 'https://10.0.0.1/');
    expect(byIP.hops.some((h) => h.kind === 'dns' && h.verdict === 'denied')).toBe(false);
  });

  it('svc: needs no lookup', () => {
    const t = run(apps + egress(''), 'openshift', 'svc:back/api');
    expect(t.hops.some((h) => h.title.startsWith('DNS lookup'))).toBe(false);
    expect(t.reached).toBe('back/api');
  });
});

describe('dnsPolicy None naming the cluster DNS', () => {
  it('the query goes to the cluster DNS, so egress policies judge it as for ClusterFirst', () => {
    const pod = `apiVersion: v1
kind: Pod
metadata: {name: app, namespace: shop}
spec: {dnsPolicy: None, dnsConfig: {nameservers: [172.30.0.10]}, containers: [{name: c}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-egress, namespace: shop}
spec: {podSelector: {}, policyTypes: [Egress]}
`;
    const c = loadCluster([{ name: 't.yaml', text: pod }], { profile: 'openshift' });
    const t = traceQuery(c, { from: 'shop/app', to: 'dns:web.shop.svc.cluster.local', port: 80 });
    expect(t.hops.find((h) => h.kind === 'dns')!.summary).toContain('the DNS query is dropped');
    const other = loadCluster([{ name: 't.yaml', text: pod.replace('172.30.0.10', '192.0.2.53') }], { profile: 'openshift' });
    expect(traceQuery(other, { from: 'shop/app', to: 'dns:web.shop.svc.cluster.local', port: 80 }).hops.some((h) => h.title.startsWith('DNS lookup'))).toBe(false);
  });
});
