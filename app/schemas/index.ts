// The JSON schemas the editor (monaco-yaml) validates, completes and documents manifests with, bundled
// with the app (no network). One root schema dispatches on `kind` (draft-07 if/then) to a hand-written
// schema per kind podpath models; unknown kinds are accepted and only get the generic fields.
import { COMMON_DEFINITIONS, kindSchema, ref, type JSONSchema } from './common';
import { CORE_SCHEMAS } from './core';
import { EDGE_SCHEMAS } from './edge';
import { OPENSHIFT_NETWORK_SCHEMAS } from './openshift-network';
import { POLICY_SCHEMAS } from './policy';

export interface SchemaEntry {
  uri: string;
  fileMatch: string[];
  schema: object;
}

const BASELINE_NAME: JSONSchema = {
  allOf: [{ type: 'object', properties: { metadata: { type: 'object', properties: { name: { const: 'default', description: 'The BaselineAdminNetworkPolicy is a singleton named `default`.' } } } } }],
};

const KIND_SCHEMAS: Record<string, JSONSchema> = {
  ...CORE_SCHEMAS,
  ...POLICY_SCHEMAS,
  ...EDGE_SCHEMAS,
  ...OPENSHIFT_NETWORK_SCHEMAS,
};
KIND_SCHEMAS.BaselineAdminNetworkPolicy = { ...KIND_SCHEMAS.BaselineAdminNetworkPolicy, ...BASELINE_NAME };
KIND_SCHEMAS.List = kindSchema('List', ['v1'], 'A list of objects, as `oc get ... -o yaml` / `kubectl get ... -o yaml` prints several objects.', {
  items: { type: 'array', description: 'The objects.', items: { $ref: '#' } },
}, { required: ['apiVersion', 'kind', 'items'] });

/** The kinds the editor knows, in the order completion offers them. */
export const SCHEMA_KINDS: readonly string[] = Object.keys(KIND_SCHEMAS);

/** Kind names another API group also uses: Calico's NetworkPolicy (projectcalico.org/v3,
 *  crd.projectcalico.org/v1) is not a networking.k8s.io one, so the Kubernetes schema must not judge it. */
const OTHER_GROUP: Record<string, Record<string, JSONSchema>> = {
  NetworkPolicy: { apiVersion: { not: { type: 'string', pattern: '^(crd\\.)?projectcalico\\.org/' } } },
};

export const MANIFEST_SCHEMA_URI = 'inmemory://podpath/schemas/manifest.json';

export const manifestSchema: JSONSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: MANIFEST_SCHEMA_URI,
  title: 'Kubernetes / OpenShift manifest (podpath)',
  description: 'A Kubernetes or OpenShift object. podpath models the kinds it offers for completion; other kinds are kept but do not affect traffic.',
  type: 'object',
  required: ['kind'],
  properties: {
    apiVersion: { type: 'string', description: 'API group/version, e.g. v1, apps/v1, route.openshift.io/v1.' },
    kind: {
      description: 'The object kind. podpath models the listed kinds; others are kept but do not affect traffic.',
      anyOf: [{ type: 'string', enum: [...SCHEMA_KINDS] }, { type: 'string' }],
    },
    metadata: ref('ObjectMeta'),
  },
  allOf: SCHEMA_KINDS.map((kind) => ({ if: { type: 'object', properties: { kind: { const: kind }, ...OTHER_GROUP[kind] }, required: ['kind'] }, then: ref(kind) })),
  definitions: { ...COMMON_DEFINITIONS, ...KIND_SCHEMAS },
};

export const schemas: SchemaEntry[] = [{ uri: MANIFEST_SCHEMA_URI, fileMatch: ['*'], schema: manifestSchema }];

/** What the editor hands monaco-yaml: no schema downloads, validation, completion, hover, Kubernetes mode.
 *  `monaco-yaml.test.ts` runs the language server with exactly these, so it tests the editor's setup. */
export const monacoYamlOptions = {
  enableSchemaRequest: false,
  validate: true,
  completion: true,
  hover: true,
  format: {},
  isKubernetes: true,
  schemas: schemas.map((s) => ({ uri: s.uri, fileMatch: s.fileMatch, schema: s.schema })),
};
