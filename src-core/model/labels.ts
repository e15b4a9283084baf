// Label keys and values as the API server checks them, and the maps that hold them. Keys come from
// user input, so label maps have no prototype: a key such as `__proto__` or `constructor` is a label
// like any other (on a plain object `out['__proto__'] = v` is silently dropped, and a selector that loses
// a requirement selects more pods than written).
//
// Validation follows k8s.io/apimachinery: pkg/util/validation/validation.go (IsQualifiedName,
// IsDNS1123Subdomain, IsValidLabelValue) and pkg/apis/meta/v1/validation/validation.go (ValidateLabels,
// ValidateLabelSelectorRequirement: keys must be qualified names, and — unless an update keeps invalid
// values an older object already had — selector values must be valid label values). Annotation keys are
// checked with IsQualifiedName(strings.ToLower(key)) (apimachinery pkg/api/validation/objectmeta.go,
// ValidateAnnotations).
import type { Labels } from './types';

/** A label map without a prototype; `entries` are copied as own data properties. */
export function labelMap(entries?: Iterable<readonly [string, string]>): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  if (entries) for (const [k, v] of entries) out[k] = v;
  return out;
}

/** `labels` plus `key: value`, as a new prototype-free map. */
export function withLabel(labels: Labels, key: string, value: string): Labels {
  const out = labelMap(Object.entries(labels));
  out[key] = value;
  return out;
}

const NAME = /^(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;
const NAME_RULE = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** apimachinery IsQualifiedName: `[prefix/]name`; undefined when valid, else what is wrong. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  let name = key;
  if (parts.length === 2) {
    const [prefix] = parts;
    name = parts[1];
    if (prefix.length === 0) return 'the prefix part must be non-empty';
    if (prefix.length > 253) return 'the prefix part must be no more than 253 characters';
    if (!DNS1123_SUBDOMAIN.test(prefix)) return "the prefix part must be a lowercase DNS subdomain (a-z, 0-9, '-' and '.', starting and ending with a letter or digit)";
  } else if (parts.length > 2) return "a qualified name has at most one '/' (an optional DNS subdomain prefix, then the name)";
  if (name.length === 0) return 'the name part must be non-empty';
  if (name.length > 63) return 'the name part must be no more than 63 characters';
  if (!NAME.test(name)) return `the name part ${NAME_RULE}`;
  return undefined;
}

/** apimachinery IsValidLabelValue: empty, or at most 63 characters of the name alphabet. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return 'a label value must be no more than 63 characters';
  if (value.length > 0 && !NAME.test(value)) return `a label value ${NAME_RULE}`;
  return undefined;
}

/** Keys and values repeat across thousands of objects in a dump: remember what each check said (one
 *  map per check, so a lookup does not build a string). */
function cachedCheck(check: (s: string) => string | undefined): (s: string) => string | undefined {
  const seen = new Map<string, string | null>();
  return (s) => {
    const hit = seen.get(s);
    if (hit !== undefined) return hit ?? undefined;
    if (seen.size > 20_000) seen.clear();
    const p = check(s);
    seen.set(s, p ?? null);
    return p;
  };
}

export const labelKeyProblem = cachedCheck(qualifiedNameProblem);
export const annotationKeyProblem = cachedCheck((k) => qualifiedNameProblem(k.toLowerCase()));
export const cachedLabelValueProblem = cachedCheck(labelValueProblem);

/** A key or value quoted for a message: JSON (so control and bidi characters show as escapes), cut. */
export function quoteLabel(s: string): string {
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s).replace(/[\u202A-\u202E\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}
