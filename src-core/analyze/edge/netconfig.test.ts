// The cluster's Network configuration decides over the profile's defaults. Cases from openshift/api
// config/v1 types_network.go (clusterNetwork, serviceNetwork, networkType; status "holds observed values";
// externalIP "If nil, then ExternalIP is not allowed to be set", policy "If nil or empty, then ExternalIP is
// not allowed to be set", rejectedCIDRs "take precedence over allowedCIDRs") and operator/v1
// types_network.go (openshiftSDNConfig.mode NetworkPolicy | Multitenant | Subnet).
import { describe, expect, it } from 'vitest';
import { traceQuery } from '../trace';
import { clusterOf, trace } from './testutil';

const configNet = (spec: string, status = '') => `---
apiVersion: config.openshift.io/v1
kind: Network
metadata: {name: cluster}
spec:
${spec}
${status ? `status:\n${status}` : ''}
`;
const operatorNet = (spec: string) => `---
apiVersion: operator.openshift.io/v1
kind: Network
metadata: {name: cluster}
spec:
${spec}
`;
const cidrs = '  clusterNetwork: [{cidr: 10.200.0.0/14, hostPrefix: 23}]\n  serviceNetwork: [172.40.0.0/16]\n  networkType: OVNKubernetes';
const app = `---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop, labels: {app: client}}
spec: {containers: [{name: c}]}
`;
const extSvc = (ips: string) => `---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, externalIPs: [${ips}], ports: [{port: 80, targetPort: 8080}]}
`;

describe('Network cluster: pod and service networks', () => {
  it('clusterNetwork and serviceNetwork replace the profile\'s CIDRs, with the host prefix and network type', () => {
    const c = clusterOf(app + configNet(cidrs));
    expect(c.profile.podCIDR).toBe('10.200.0.0/14');
    expect(c.profile.serviceCIDR).toBe('172.40.0.0/16');
    expect(c.network?.hostPrefix).toBe(23);
    expect(c.network?.networkType).toBe('OVNKubernetes');
  });
  it('status (the observed values) wins over spec', () => {
    const c = clusterOf(configNet(cidrs, '  clusterNetwork: [{cidr: 10.128.0.0/14, hostPrefix: 23}]\n  serviceNetwork: [172.30.0.0/16]\n  networkType: OVNKubernetes'));
    expect(c.profile.podCIDR).toBe('10.128.0.0/14');
  });
  it('the operator Network fills what the config one lacks; a Network not named cluster is ignored', () => {
    const c = clusterOf(operatorNet('  clusterNetwork: [{cidr: 10.64.0.0/14, hostPrefix: 23}]\n  serviceNetwork: [172.31.0.0/16]\n  defaultNetwork: {type: OVNKubernetes}'));
    expect(c.profile.podCIDR).toBe('10.64.0.0/14');
    expect(c.network?.networkType).toBe('OVNKubernetes');
    expect(clusterOf(configNet(cidrs).replace('name: cluster', 'name: other')).network).toBeUndefined();
  });
  it('without a Network the profile\'s defaults stay', () => {
    expect(clusterOf(app).profile.podCIDR).toBe('10.128.0.0/14');
  });
});

describe('Network cluster: spec.externalIP decides which Service externalIPs exist', () => {
  const q = { from: 'internet', to: 'svc:shop/web', port: 80 };
  it('no spec.externalIP: externalIPs are not allowed, the entry is denied and cites the Network', () => {
    const c = clusterOf(app + extSvc('192.0.2.10') + configNet(cidrs));
    const t = traceQuery(c, q);
    expect(t.allowed).toBe(false);
    const h = t.hops.find((x) => x.verdict === 'denied')!;
    expect(h.summary).toContain('no spec.externalIP');
    expect(h.rule?.object).toBe('Network/cluster');
  });
  it('allowedCIDRs admit; rejectedCIDRs take precedence', () => {
    const pol = (p: string) => configNet(`${cidrs}\n  externalIP:\n    policy: {${p}}`);
    expect(traceQuery(clusterOf(app + extSvc('192.0.2.10') + pol('allowedCIDRs: [192.0.2.0/24]')), q).allowed).toBe(true);
    const t = traceQuery(clusterOf(app + extSvc('192.0.2.10') + pol('allowedCIDRs: [192.0.2.0/24], rejectedCIDRs: [192.0.2.8/29]')), q);
    expect(t.allowed).toBe(false);
    expect(t.hops.find((x) => x.verdict === 'denied')!.summary).toContain('rejected CIDRs take precedence');
    expect(t.hops.find((x) => x.verdict === 'denied')!.rule?.path).toBe('spec.externalIP.policy');
    expect(traceQuery(clusterOf(app + extSvc('198.51.100.1') + pol('allowedCIDRs: [192.0.2.0/24]')), q).allowed).toBe(false);
  });
  it('an empty policy allows nothing', () => {
    expect(traceQuery(clusterOf(app + extSvc('192.0.2.10') + configNet(`${cidrs}\n  externalIP: {policy: {}}`)), q).allowed).toBe(false);
  });
  it('without the config Network the policy is unknown and externalIPs are taken as written', () => {
    expect(traceQuery(clusterOf(app + extSvc('192.0.2.10')), q).allowed).toBe(true);
  });
});

describe('operator Network: openshiftSDNConfig.mode', () => {
  const denyAll = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;
  const sdn = (mode: string) => operatorNet(`  defaultNetwork:\n    type: OpenShiftSDN\n    openshiftSDNConfig: {mode: ${mode}}`);
  it('Subnet: NetworkPolicy is not enforced; the verdict cites the mode and warns about the ignored policy', () => {
    const t = traceQuery(clusterOf(app + denyAll + sdn('Subnet')), { from: 'shop/client', to: 'shop/web', port: 8080 });
    expect(t.allowed).toBe(true);
    const steps = t.hops.flatMap((h) => h.steps);
    expect(steps.some((s) => s.verdict === 'warning' && s.text.includes('deny-all') && s.text.includes('Subnet mode'))).toBe(true);
    expect(steps.find((s) => s.rule?.path === 'spec.defaultNetwork.openshiftSDNConfig.mode')?.rule?.source.startLine).toBeGreaterThan(1);
  });
  it('NetworkPolicy mode enforces the policy', () => {
    expect(traceQuery(clusterOf(app + denyAll + sdn('NetworkPolicy')), { from: 'shop/client', to: 'shop/web', port: 8080 }).allowed).toBe(false);
  });
  it('Multitenant turns on project isolation whatever the profile', () => {
    const c = clusterOf(app + sdn('Multitenant'));
    expect(c.profile.multitenant).toBe(true);
    expect(clusterOf(app + sdn('NetworkPolicy'), 'openshift-multitenant').profile.multitenant).toBe(false);
  });
});
void trace;
