// Checks the editor's bundled JSON schemas: they compile under a strict draft-07 validator (ajv), every
// built-in scenario validates against them, they catch the mistakes they exist to catch, and every
// field carries hover documentation.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { manifestSchema, schemas, SCHEMA_KINDS } from './index';

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(manifestSchema);

function errorsOf(doc: unknown): string[] {
  if (validate(doc)) return [];
  return (validate.errors ?? []).filter((e: ErrorObject) => e.keyword !== 'if').map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message}`);
}

const EXAMPLES_DIR = join(__dirname, '..', '..', 'public', 'examples');

function docsOf(text: string): unknown[] {
  // YAML 1.1, as the core's parser and Kubernetes read it.
  return parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS());
}

describe('editor schemas', () => {
  it('are exported for monaco-yaml with a uri and a fileMatch', () => {
    expect(schemas).toHaveLength(1);
    expect(schemas[0].uri).toMatch(/^inmemory:\/\//);
    expect(schemas[0].fileMatch).toEqual(['*']);
  });

  it('cover every kind podpath models', () => {
    const wanted = [
      'Namespace', 'Project', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob',
      'DeploymentConfig', 'Service', 'Endpoints', 'EndpointSlice', 'NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy',
      'Route', 'Ingress', 'IngressClass', 'GatewayClass', 'Gateway', 'HTTPRoute', 'ReferenceGrant', 'EgressNetworkPolicy', 'EgressFirewall',
      'NetNamespace', 'HostSubnet', 'EgressIP', 'ConfigMap', 'Secret', 'List',
    ];
    expect([...SCHEMA_KINDS].sort()).toEqual([...wanted].sort());
  });

  it('document every field (hover docs)', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}/${i}`));
      const o = node as Record<string, unknown>;
      if (o.properties && typeof o.properties === 'object') {
        for (const [k, v] of Object.entries(o.properties as Record<string, Record<string, unknown>>)) {
          // `if` branches and name constraints only restate a field documented elsewhere.
          // A bare $ref is documented by its definition (checked below).
          if (!path.includes('/if') && !path.includes('/allOf') && typeof v.description !== 'string' && typeof v.$ref !== 'string') missing.push(`${path}/properties/${k}`);
        }
      }
      for (const [k, v] of Object.entries(o)) walk(v, `${path}/${k}`);
    };
    walk(manifestSchema, '#');
    for (const [name, def] of Object.entries(manifestSchema.definitions as Record<string, Record<string, unknown>>)) {
      if (typeof def.description !== 'string') missing.push(`#/definitions/${name}`);
    }
    expect(missing).toEqual([]);
  });
});

describe('every built-in scenario validates against the schemas', () => {
  // Every YAML file in the gallery folder, indexed or not (the app may keep a fallback there too).
  const files = readdirSync(EXAMPLES_DIR).filter((f) => /\.ya?ml$/.test(f));
  it.each(files)('%s', (file) => {
    const docs = docsOf(readFileSync(join(EXAMPLES_DIR, file), 'utf8'));
    expect(docs.length).toBeGreaterThan(0);
    const problems = docs.flatMap((d, i) => errorsOf(d).map((e) => `document ${i + 1}: ${e}`));
    expect(problems).toEqual([]);
  });
});

describe('the schemas catch real mistakes', () => {
  const route = (tls: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    apiVersion: 'route.openshift.io/v1',
    kind: 'Route',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { host: 'web.example.com', to: { kind: 'Service', name: 'web' }, tls, ...extra },
  });

  it('a valid Route passes', () => {
    expect(errorsOf(route({ termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect' }, { port: { targetPort: 8080 } }))).toEqual([]);
  });

  it('rejects a wrongly cased termination and an unknown insecure policy', () => {
    expect(errorsOf(route({ termination: 'Edge' })).join('\n')).toMatch(/termination must be equal to one of the allowed values/);
    expect(errorsOf(route({ termination: 'edge', insecureEdgeTerminationPolicy: 'redirect' })).join('\n')).toMatch(/insecureEdgeTerminationPolicy/);
  });

  it('rejects a misspelt field where the spec is closed (spec.port.targetport)', () => {
    expect(errorsOf(route({ termination: 'edge' }, { port: { targetport: 80 } })).join('\n')).toMatch(/must have required property 'targetPort'|must NOT have additional properties/);
  });

  it('rejects a bad selector operator and a bad protocol in a NetworkPolicy', () => {
    const np = (rule: Record<string, unknown>) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'p' },
      spec: { podSelector: { matchExpressions: [{ key: 'app', operator: 'in', values: ['web'] }] }, ingress: [rule] },
    });
    const errs = errorsOf(np({ ports: [{ protocol: 'tcp', port: 80 }] })).join('\n');
    expect(errs).toMatch(/operator/);
    expect(errs).toMatch(/protocol/);
  });

  it('rejects a Service port without `port` and an Ingress pathType typo', () => {
    expect(errorsOf({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ targetPort: 8080 }] } }).join('\n')).toMatch(/port/);
    const ing = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'i' },
      spec: { rules: [{ host: 'a.example.com', http: { paths: [{ path: '/', pathType: 'prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
    };
    expect(errorsOf(ing).join('\n')).toMatch(/pathType/);
  });

  it('requires the EgressFirewall and the BaselineAdminNetworkPolicy to be named default', () => {
    const fw = (name: string) => ({ apiVersion: 'k8s.ovn.org/v1', kind: 'EgressFirewall', metadata: { name, namespace: 'a' }, spec: { egress: [{ type: 'Deny', to: { cidrSelector: '0.0.0.0/0' } }] } });
    expect(errorsOf(fw('default'))).toEqual([]);
    expect(errorsOf(fw('block-all')).join('\n')).toMatch(/name/);
    const banp = { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'BaselineAdminNetworkPolicy', metadata: { name: 'baseline' }, spec: { subject: { namespaces: {} } } };
    expect(errorsOf(banp).join('\n')).toMatch(/name/);
  });

  it('rejects an EgressNetworkPolicy rule with both cidrSelector and dnsName, and a Pass action in the baseline', () => {
    const enp = { apiVersion: 'network.openshift.io/v1', kind: 'EgressNetworkPolicy', metadata: { name: 'default' }, spec: { egress: [{ type: 'Allow', to: { cidrSelector: '10.0.0.0/8', dnsName: 'x.example.com' } }] } };
    expect(errorsOf(enp).join('\n')).toMatch(/to/);
    const banp = {
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'BaselineAdminNetworkPolicy',
      metadata: { name: 'default' },
      spec: { subject: { namespaces: {} }, ingress: [{ action: 'Pass', from: [{ namespaces: {} }] }] },
    };
    expect(errorsOf(banp).join('\n')).toMatch(/action/);
  });

  it('validates the items of a List, and accepts kinds it does not model', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [route({ termination: 'reencrypt' }), route({ termination: 'https' })] };
    expect(errorsOf(list).join('\n')).toMatch(/\/items\/1\/spec\/tls\/termination/);
    expect(errorsOf({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { anything: 1 } })).toEqual([]);
  });
});
