import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCluster, parseManifests } from '../index';
import { detectProfile } from './detect';
import { LUMIK_DEFAULTS_YAML } from './profiles';

const DUMP = readFileSync(join(__dirname, '../testing/fixtures/oc-get-all-shop.yaml'), 'utf8');
const detect = (text: string) => detectProfile(parseManifests([{ name: 'in.yaml', text }]));
const obj = (apiVersion: string, kind: string, name: string, ns?: string, rest = '') =>
  `---\napiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: ${name}${ns ? `, namespace: ${ns}` : ''}}\n${rest}`;
const deploy = obj('apps/v1', 'Deployment', 'web', 'shop', 'spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c}]}}}\n');

describe('detectProfile', () => {
  it('an oc get all dump with a Route is OpenShift, never LUMI-K defaults it does not contain', () => {
    const d = detect(DUMP);
    expect(d.profile).toBe('openshift');
    expect(d.evidence[0]).toMatchObject({ kind: 'Route', namespace: 'shop', name: 'frontend', source: { file: 'in.yaml' } });
    expect(d.reason).toMatch(/^openshift: the input has Route shop\/frontend \(a Route \(route\.openshift\.io\/v1\), in\.yaml:\d+\)/);
  });

  it('DeploymentConfigs, *.openshift.io objects and openshift-* namespaces are OpenShift', () => {
    expect(detect(obj('apps.openshift.io/v1', 'DeploymentConfig', 'web', 'shop')).profile).toBe('openshift');
    expect(detect(obj('image.openshift.io/v1', 'ImageStream', 'web', 'shop')).evidence[0].why).toContain('image.openshift.io/v1');
    expect(detect(obj('v1', 'ConfigMap', 'x', 'openshift-config')).reason).toContain('openshift-config');
    expect(detect(obj('project.openshift.io/v1', 'Project', 'shop')).profile).toBe('openshift');
  });

  it('objects of projectcalico.org or crd.projectcalico.org are calico; an OpenShift input stays OpenShift (issue 15)', () => {
    const cnp = obj('projectcalico.org/v3', 'NetworkPolicy', 'deny', 'shop', 'spec: {selector: all()}\n');
    expect(detect(deploy + cnp)).toMatchObject({ profile: 'calico', evidence: [{ kind: 'NetworkPolicy', why: 'a projectcalico.org/v3 object' }] });
    expect(detect(obj('crd.projectcalico.org/v1', 'GlobalNetworkPolicy', 'default.g', undefined, 'spec: {selector: all()}\n')).profile).toBe('calico');
    expect(detect(obj('crd.projectcalico.org/v1', 'Tier', 'security')).profile).toBe('calico');
    expect(detect(DUMP + cnp).profile).toBe('openshift');
    expect(detect(deploy).profile).toBe('kubernetes');
  });

  it('NetNamespaces with a netid, or a multitenant ClusterNetwork, are openshift-multitenant', () => {
    const nn = obj('network.openshift.io/v1', 'NetNamespace', 'shop', undefined, 'netid: 4242\nnetname: shop\n');
    expect(detect(DUMP + nn)).toMatchObject({ profile: 'openshift-multitenant', evidence: [{ kind: 'NetNamespace', why: 'netid: 4242' }] });
    expect(detect(obj('network.openshift.io/v1', 'NetNamespace', 'shop', undefined, 'netname: shop\n')).profile).toBe('openshift');
    const cn = obj('network.openshift.io/v1', 'ClusterNetwork', 'default', undefined, 'pluginName: redhat/openshift-ovs-multitenant\n');
    expect(detect(cn).profile).toBe('openshift-multitenant');
    expect(detect(obj('network.openshift.io/v1', 'ClusterNetwork', 'default', undefined, 'pluginName: redhat/openshift-ovs-networkpolicy\n')).profile).toBe('openshift');
  });

  it('the LUMI-K project defaults (both, in one namespace) or a lumi-k host are lumi-k', () => {
    const defaults = LUMIK_DEFAULTS_YAML.replace(/name: (allow-from-router|deny-other-namespaces-access)/g, 'name: $1\n  namespace: shop');
    expect(detect(DUMP + '---\n' + defaults)).toMatchObject({ profile: 'lumi-k', evidence: [{ name: 'allow-from-router' }, { name: 'deny-other-namespaces-access' }] });
    // One policy of that name alone is any project's own policy.
    const one = obj('networking.k8s.io/v1', 'NetworkPolicy', 'allow-from-router', 'shop', 'spec: {podSelector: {}}\n');
    expect(detect(DUMP + one).profile).toBe('openshift');
    const route = obj('route.openshift.io/v1', 'Route', 'web', 'shop', 'spec: {host: web-shop.apps.lumi-k.example.org, to: {kind: Service, name: web}}\n');
    expect(detect(route)).toMatchObject({ profile: 'lumi-k', evidence: [{ why: 'host web-shop.apps.lumi-k.example.org' }] });
    const notLumi = obj('route.openshift.io/v1', 'Route', 'web', 'shop', 'spec: {host: lumi-kx.example.org, to: {kind: Service, name: web}}\n');
    expect(detect(notLumi).profile).toBe('openshift');
  });

  it('anything else is kubernetes, and says what it looked for', () => {
    const d = detect(deploy);
    expect(d).toMatchObject({ profile: 'kubernetes', evidence: [] });
    expect(d.reason).toContain('no Route');
    expect(detect('').profile).toBe('kubernetes');
  });

  it('buildCluster with profile auto uses it and records why; an explicit profile wins', () => {
    const auto = loadCluster([{ name: 'd.yaml', text: DUMP }], { profile: 'auto' });
    expect(auto.profile.name).toBe('openshift');
    expect(auto.detectedProfile?.profile).toBe('openshift');
    expect(auto.networkPolicies.some((p) => p.meta.impliedBy === 'lumi-k')).toBe(false);
    const given = loadCluster([{ name: 'd.yaml', text: DUMP }], { profile: 'lumi-k' });
    expect(given.profile.name).toBe('lumi-k');
    expect(given.detectedProfile).toBeUndefined();
    expect(loadCluster([{ name: 'd.yaml', text: DUMP }]).profile.name).toBe('kubernetes');
  });
});

describe('detectProfile: the cluster\'s Network configuration decides first (issue 19)', () => {
  const sdn = (mode: string) => obj('operator.openshift.io/v1', 'Network', 'cluster', undefined, `spec: {defaultNetwork: {type: OpenShiftSDN, openshiftSDNConfig: {mode: ${mode}}}}\n`);
  const netns = obj('network.openshift.io/v1', 'NetNamespace', 'shop', undefined, 'netid: 42\n');
  it('openshiftSDNConfig.mode Multitenant is openshift-multitenant, and the reason says the configuration decided', () => {
    const d = detect(deploy + sdn('Multitenant'));
    expect(d.profile).toBe('openshift-multitenant');
    expect(d.reason).toContain("the cluster's own configuration decides");
    expect(d.evidence[0]).toMatchObject({ kind: 'Network', name: 'cluster', why: 'openshiftSDNConfig.mode Multitenant' });
  });
  it('a NetNamespace does not make it multitenant when the Network says NetworkPolicy mode or OVN-Kubernetes', () => {
    expect(detect(deploy + netns).profile).toBe('openshift-multitenant');
    expect(detect(deploy + netns + sdn('NetworkPolicy')).profile).toBe('openshift');
    const ovn = obj('config.openshift.io/v1', 'Network', 'cluster', undefined, 'spec: {networkType: OVNKubernetes}\n');
    const d = detect(deploy + netns + ovn);
    expect(d.profile).toBe('openshift');
    expect(d.evidence[0].why).toBe('networkType OVNKubernetes');
  });
  it('LUMI-K defaults on an OVN cluster are still LUMI-K, with the Network named first', () => {
    const ovn = obj('config.openshift.io/v1', 'Network', 'cluster', undefined, 'spec: {networkType: OVNKubernetes}\n');
    const lumik = LUMIK_DEFAULTS_YAML.split('---').map((d) => d.replace('metadata:\n', 'metadata:\n  namespace: shop\n')).join('---');
    const d = detect(ovn + '---\n' + lumik);
    expect(d.profile).toBe('lumi-k');
    expect(d.evidence[0].kind).toBe('Network');
  });
  it('a Network not named cluster is not the configuration', () => {
    expect(detect(deploy + netns + sdn('NetworkPolicy').replace('name: cluster', 'name: other')).profile).toBe('openshift-multitenant');
  });
});
