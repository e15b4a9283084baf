// Applying the allow-list (allowlist.ts) to one plain value: what survives is exactly what the schema
// names. Shared by the share text (minimize.ts) and counted so the Share panel can say what was left out.
import { KIND_SCHEMAS, READ_ENV, UNKNOWN_KIND_SCHEMA, type PruneContext, type Schema } from './allowlist';
import { REDACTED } from './redact';

/** What was left out, by kind of content (for the Share panel): `env values` → 3. */
export type DroppedCounts = Map<string, number>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isScalar(v: unknown): boolean {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** A person's word for what a dropped field was, from its key and its parent's. */
function category(key: string, parent: string): string {
  if (key === 'managedFields') return 'managedFields';
  if (parent === 'annotations') return key === 'kubectl.kubernetes.io/last-applied-configuration' ? 'last-applied configurations' : 'annotations podpath does not model';
  if (key === 'data' || key === 'stringData' || key === 'binaryData' || parent === 'data') return 'Secret and ConfigMap data';
  if (key === 'value' && parent === 'env') return 'env values';
  if (parent === 'status' || key === 'status') return 'status fields podpath does not read';
  return 'other fields podpath does not read';
}

function count(dropped: DroppedCounts | undefined, what: string): void {
  if (dropped) dropped.set(what, (dropped.get(what) ?? 0) + 1);
}

const MAX_DEPTH = 200;

export function pruneValue(value: unknown, schema: Schema, ctx: PruneContext, dropped?: DroppedCounts, key = '', parent = '', depth = 0): unknown {
  if (depth > MAX_DEPTH) return undefined;
  if (typeof schema === 'function') {
    const next = schema(value, ctx, key);
    if (next === undefined) {
      count(dropped, category(key, parent));
      return undefined;
    }
    return pruneValue(value, next, ctx, dropped, key, parent, depth);
  }
  if (schema === true) return value;
  if (schema === 'redacted') return REDACTED;
  if (schema === 'scalar') {
    if (isScalar(value)) return value;
    count(dropped, category(key, parent));
    return undefined;
  }
  if ('items' in schema) {
    if (!Array.isArray(value)) return isScalar(value) && typeof value !== 'string' ? value : undefined;
    // A dropped item becomes null rather than disappearing: refs such as containers[2] keep their index.
    return value.map((item) => {
      const v = pruneValue(item, schema.items, ctx, dropped, parent === 'env' || key === 'env' ? 'env' : key, key, depth + 1);
      return v === undefined ? null : v;
    });
  }
  if (!isRecord(value)) {
    // A wrong-typed field (say `spec: 5`) keeps its number or boolean, so the same problem is reported; a
    // string could be anything and is dropped.
    return isScalar(value) && typeof value !== 'string' ? value : undefined;
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    const child = 'map' in schema ? schema.map : Object.prototype.hasOwnProperty.call(schema.fields, k) ? schema.fields[k] : undefined;
    if (child === undefined) {
      count(dropped, category(k, key));
      continue;
    }
    const v = pruneValue(value[k], child, ctx, dropped, k, key === 'env' ? 'env' : key, depth + 1);
    if (v !== undefined) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  // A filtered map (annotations, ConfigMap data) whose every entry went is left out, not written as `{}`.
  if ('map' in schema && typeof schema.map === 'function' && Object.keys(out).length === 0) return undefined;
  return out;
}

/** The schema for an object of this kind. */
export function schemaOfKind(kind: string): Schema {
  return Object.prototype.hasOwnProperty.call(KIND_SCHEMAS, kind) ? KIND_SCHEMAS[kind] : UNKNOWN_KIND_SCHEMA;
}

/** `namespace/configmap` → data keys that an EGRESS_* env var reads with configMapKeyRef, anywhere in
 *  the object (pod templates sit at different depths per workload kind). */
export function collectConfigMapKeys(value: unknown, namespace: string, into: Map<string, Set<string>>, depth = 0): void {
  if (depth > 12 || typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const v of value) collectConfigMapKeys(v, namespace, into, depth + 1);
    return;
  }
  const rec = value as Record<string, unknown>;
  if (Array.isArray(rec.env)) {
    for (const e of rec.env) {
      if (!isRecord(e) || typeof e.name !== 'string' || !READ_ENV.test(e.name)) continue;
      const ref = isRecord(e.valueFrom) && isRecord(e.valueFrom.configMapKeyRef) ? e.valueFrom.configMapKeyRef : undefined;
      if (ref && typeof ref.name === 'string' && typeof ref.key === 'string') {
        const k = `${namespace}/${ref.name}`;
        const set = into.get(k) ?? new Set<string>();
        set.add(ref.key);
        into.set(k, set);
      }
    }
  }
  for (const k of ['spec', 'template', 'jobTemplate', 'containers', 'initContainers']) if (k in rec) collectConfigMapKeys(rec[k], namespace, into, depth + 1);
}
