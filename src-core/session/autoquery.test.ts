// The automatic question after a paste (issue 14): internet → a Route / Ingress URL, else a LoadBalancer
// (then NodePort) Service; never a pod to its own Service. And it is only asked when the given query was
// not typed, did not come with this text, and no longer fits the manifests.
import { describe, expect, it } from 'vitest';
import { loadCluster } from '../index';
import { automaticQuery, effectiveQuery, endpointKnown } from './autoquery';
import { suggestionsFor } from './suggestions';

const deploy = (name: string, ns = 'shop') => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}\n`;
const service = (name: string, type = 'ClusterIP', ns = 'shop') => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  type: ${type}\n  selector: {app: ${name}}\n  ports: [{port: 80, targetPort: 8080}]\n`;
const route = (name: string, host: string) => `apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  host: ${host}\n  to: {kind: Service, name: ${name}}\n`;
const ingress = (name: string, host: string) => `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  rules:\n  - host: ${host}\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: {service: {name: ${name}, port: {number: 80}}}}\n`;

function ask(...docs: string[]) {
  const c = loadCluster([{ name: 'manifests.yaml', text: docs.join('---\n') }], { profile: 'openshift' });
  return { c, s: suggestionsFor(c), q: automaticQuery(c, suggestionsFor(c)) };
}

describe('the automatic question', () => {
  it('a Route: the internet to its URL', () => {
    expect(ask(deploy('web'), service('web'), route('web', 'shop.apps.example.com')).q).toEqual({ from: 'internet', to: 'http://shop.apps.example.com/', protocol: 'TCP' });
  });

  it('an Ingress: the internet to its URL', () => {
    expect(ask(deploy('web'), service('web'), ingress('web', 'www.example.com')).q).toMatchObject({ from: 'internet', to: 'http://www.example.com/' });
  });

  it('a LoadBalancer Service and no Route: the internet to the Service on its port — not a pod to its own Service', () => {
    const { q } = ask(deploy('api'), service('api', 'ClusterIP'), deploy('web'), service('web', 'LoadBalancer'));
    expect(q).toEqual({ from: 'internet', to: 'svc:shop/web', port: 80, protocol: 'TCP' });
  });

  it('a NodePort Service when there is no LoadBalancer', () => {
    expect(ask(deploy('web'), service('web', 'NodePort')).q).toMatchObject({ from: 'internet', to: 'svc:shop/web' });
  });

  it('only ClusterIP Services: a workload to another workload’s Service, never to its own', () => {
    const { q } = ask(deploy('web'), service('web'), deploy('db'), service('db'));
    expect(q?.to).toBe('svc:shop/web');
    expect(q?.from).toBe('shop/db');
  });

  it('one app alone: whether the internet reaches its Service', () => {
    expect(ask(deploy('web'), service('web')).q).toEqual({ from: 'internet', to: 'svc:shop/web', protocol: 'TCP' });
  });

  it('nothing to ask of an empty input', () => {
    expect(ask('').q).toBeNull();
  });
});

describe('the query traced', () => {
  const scenarioQuery = { from: 'internet', to: 'https://old.example.com/' };
  const { c, s } = ask(deploy('web'), service('web', 'LoadBalancer'));

  it('a query the person typed is traced as it is, even when its endpoints are gone', () => {
    expect(effectiveQuery(c, () => s, scenarioQuery, 'user', false)).toBe(scenarioQuery);
  });

  it('a preset query on the text it came with is traced as it is', () => {
    expect(effectiveQuery(c, () => s, scenarioQuery, 'preset', true)).toBe(scenarioQuery);
  });

  it('a preset query whose endpoints are gone gives way to the automatic question', () => {
    expect(effectiveQuery(c, () => s, scenarioQuery, 'preset', false)).toEqual({ from: 'internet', to: 'svc:shop/web', port: 80, protocol: 'TCP' });
    expect(effectiveQuery(c, () => s, null, 'preset', false)).toMatchObject({ to: 'svc:shop/web' });
  });

  it('a preset query that still fits is kept', () => {
    const q = { from: 'internet', to: 'svc:shop/web', port: 80 };
    expect(effectiveQuery(c, () => s, q, 'preset', false)).toBe(q);
  });
});

describe('whether an endpoint still names something', () => {
  const { c } = ask(deploy('web'), service('web'), route('web', 'shop.apps.example.com'));
  it.each([
    ['internet', true],
    ['ip:192.0.2.1', true],
    ['http://shop.apps.example.com/cart', true],
    ['https://other.example.com/', false],
    ['svc:shop/web', true],
    ['svc:shop/gone', false],
    ['shop/web', true],
    ['shop/gone', false],
    ['dns:web.shop.svc.cluster.local', true],
    ['dns:gone.shop.svc.cluster.local', false],
  ])('%s → %s', (e, known) => {
    expect(endpointKnown(c, e)).toBe(known);
  });
});
