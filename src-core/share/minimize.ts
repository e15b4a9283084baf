// The text a share link, the embed snippet and "Download YAML" carry by default: the input's objects
// re-serialised as YAML with only the fields podpath reads (allowlist.ts). The recipient's analysis runs
// on this text, so every hop points at a line of it; the verdicts are the same as on the original
// (allowlist.test.ts checks the built-in scenarios and a realistic dump).
//
// Contract: pure, never throws on user input. Objects are read by the same parser the analysis uses
// (parse/parse.ts), in input order, one YAML document each (List items become documents of their own, with
// the kind a `SecretList` implied). Comments, unreadable documents and every field not allow-listed are
// left out; what was left out is counted for the Share panel. The pattern redactor (redact.ts) then runs
// on the result, for values that are read but may still hold a key (a Route's CA bundle with a key in it).
import { parseManifests } from '../parse/parse';
import type { PruneContext } from './allowlist';
import { emitYaml } from './emit';
import { collectConfigMapKeys, pruneValue, schemaOfKind, type DroppedCounts } from './prune';
import { redactSecrets, type Redaction } from './redact';

export interface MinimizedText {
  text: string;
  /** What was left out, for people: `[{ what: 'env values', count: 3 }]`, largest first. */
  dropped: { what: string; count: number }[];
  /** Documents the parser could not read (left out entirely). */
  unreadable: number;
  /** Redactions the pattern pass still made in the kept fields (lines of `text`). */
  redactions: Redaction[];
}

export const MINIMIZED_HEADER =
  '# Shared by podpath: only the fields its analysis reads. Secret and ConfigMap data, env values, other annotations,\n' +
  '# managedFields, comments and the bodies of kinds podpath does not model were left out.\n';

export function minimizeForSharing(text: string): MinimizedText {
  if (text.trim() === '') return { text: '', dropped: [], unreadable: 0, redactions: [] };
  const parsed = parseManifests([{ name: 'editor', text }]);
  const configMapKeys = new Map<string, Set<string>>();
  for (const o of parsed.objects) collectConfigMapKeys(o.value, o.namespace ?? '', configMapKeys);
  const dropped: DroppedCounts = new Map();
  const docs: string[] = [];
  let unknownBodies = 0;
  for (const o of parsed.objects) {
    const ctx: PruneContext = { configMapKeys, namespace: o.namespace ?? '', name: o.name };
    const schema = schemaOfKind(o.kind);
    const pruned = (pruneValue(o.value, schema, ctx, schema === schemaOfKind('') ? undefined : dropped) ?? {}) as Record<string, unknown>;
    if (schema === schemaOfKind('') && Object.keys(o.value).some((k) => k !== 'apiVersion' && k !== 'kind' && k !== 'metadata')) unknownBodies++;
    // kind and apiVersion first, as written or as the List implied them.
    const { apiVersion, kind, ...rest } = pruned;
    const head: Record<string, unknown> = {};
    if (o.apiVersion || apiVersion !== undefined) head.apiVersion = apiVersion ?? o.apiVersion;
    head.kind = kind ?? o.kind;
    docs.push(emitYaml({ ...head, ...rest }));
  }
  if (unknownBodies) dropped.set('bodies of kinds podpath does not model', unknownBodies);
  const unreadable = parsed.documents.length === 0 ? 1 : countUnreadable(parsed.diagnostics);
  const body = MINIMIZED_HEADER + docs.map((d, i) => (i === 0 ? d : `---\n${d}`)).join('');
  const redacted = redactSecrets(body);
  return {
    text: redacted.text,
    dropped: [...dropped].map(([what, n]) => ({ what, count: n })).sort((a, b) => b.count - a.count || a.what.localeCompare(b.what)),
    unreadable,
    redactions: redacted.redactions,
  };
}

function countUnreadable(diagnostics: readonly { severity: string }[]): number {
  return diagnostics.filter((d) => d.severity === 'error').length;
}
