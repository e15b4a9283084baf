// OpenShift Template (template.openshift.io/v1): its `objects` are what `oc process` would create, so the
// model instantiates them instead of dropping the Template. Follows openshift/library-go
// pkg/template/templateprocessing/template.go (Process, GenerateParameterValues,
// EvaluateParameterSubstitution, stripNamespace, addObjectLabels) and pkg/util/stringreplace
// (VisitObjectStrings): every string, map keys included, gets `${NAME}` replaced by the parameter's value
// (several per string, with text around them); a string that is exactly `${{NAME}}` becomes the value
// decoded as JSON (a number, a boolean, an object), or the plain string when it is not JSON. References to
// parameters the template does not declare are left as written. A parameter's value is `value`, else one
// generated from `from` (`generate: expression`, random in OpenShift: podpath uses a fixed stand-in and
// says so); a required parameter still without a value fails the whole processing, as `oc process` does.
// Instantiated objects keep refs into the template's own text (`objects[i]...`), so every position
// points at the line the user wrote.
import type { ManifestObject } from '../../parse/parse';
import { childRef, type NodeRef } from '../../parse/source';
import type { BuildContext } from '../context';

interface ParamValue {
  value: string;
}

const STRING_PARAM = /\$\{([a-zA-Z0-9_]+?)\}/g;
const NON_STRING_PARAM = /^\$\{\{([a-zA-Z0-9_]+)\}\}$/;
/** `[a-z0-9]{8}` in a generator expression (library-go pkg/template/generator). */
const GENERATOR = /\[([a-zA-Z0-9\-\\]+)\](\{([0-9]+)\})/g;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
const scalar = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);

export function isTemplate(o: Pick<ManifestObject, 'kind' | 'apiVersion'>): boolean {
  return o.kind === 'Template' && (o.apiVersion === 'template.openshift.io/v1' || o.apiVersion === 'v1');
}

/** One string through EvaluateParameterSubstitution: the new value, and whether it stays a string. */
export function substitute(params: ReadonlyMap<string, ParamValue>, input: string): { out: string; asString: boolean } {
  const whole = NON_STRING_PARAM.exec(input);
  if (whole && params.has(whole[1])) return { out: (params.get(whole[1]) as ParamValue).value, asString: false };
  let out = input;
  // Each match replaces the first occurrence in the string so far (strings.Replace(out, match, v, 1)).
  for (const m of input.matchAll(STRING_PARAM)) {
    const p = params.get(m[1]);
    if (p) out = out.replace(m[0], () => p.value);
  }
  return { out, asString: true };
}

function visit(params: ReadonlyMap<string, ParamValue>, v: unknown): unknown {
  if (typeof v === 'string') {
    const { out, asString } = substitute(params, v);
    if (asString) return out;
    try {
      return JSON.parse(out) as unknown;
    } catch {
      return out;
    }
  }
  if (Array.isArray(v)) return v.map((x) => visit(params, x));
  if (isRecord(v)) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[substitute(params, k).out] = visit(params, x);
    return o;
  }
  return v;
}

/** A deterministic stand-in for a generated value: the expression with each `[range]{n}` as n times the range's first character. */
function standIn(from: string): string {
  return from.replace(GENERATOR, (_m, ranges: string, _n: string, count: string) => {
    const first = ranges.startsWith('\\') ? (ranges[1] === 'd' ? '0' : 'a') : ranges[0];
    return first.repeat(Math.min(Number(count), 256));
  });
}

/**
 * The objects a Template in the input stands for. `namespace` is where it is processed (the Template's
 * own namespace): hard-coded namespaces in its objects are stripped, `${PARAM}` namespaces kept.
 */
export function instantiateTemplate(ctx: BuildContext, t: ManifestObject, namespace: string): ManifestObject[] {
  const name = `Template ${t.namespace ? `${t.namespace}/` : ''}${t.name}`;
  const params = new Map<string, ParamValue>();
  const failures: string[] = [];
  const list = Array.isArray(t.value.parameters) ? t.value.parameters : [];
  list.forEach((raw, i) => {
    const ref = childRef(t.ref, 'parameters', i);
    if (!isRecord(raw) || typeof raw.name !== 'string') return;
    let value = scalar(raw.value) ?? '';
    if (value === '' && raw.generate !== undefined && raw.generate !== '') {
      if (raw.generate !== 'expression') {
        failures.push(`unknown generator ${JSON.stringify(String(raw.generate))} for parameter ${raw.name}`);
        ctx.report('invalid-value', childRef(ref, 'generate'), `Unknown generator name ${JSON.stringify(String(raw.generate))} for parameter ${raw.name}: \`oc process\` fails and creates none of ${name}'s objects.`);
        return;
      }
      value = standIn(scalar(raw.from) ?? '');
      ctx.report('template-generated-value', childRef(ref, 'from'), `Parameter ${raw.name} is generated from ${JSON.stringify(scalar(raw.from) ?? '')} at random when the template is processed; podpath uses the stand-in ${JSON.stringify(value)}. Verdicts that depend on it (a name, a label) hold for that stand-in only.`);
    }
    if (value === '' && raw.required === true) {
      failures.push(`parameter ${raw.name} is required and must be specified`);
      ctx.report('template-parameter-required', ref, `Parameter ${raw.name} is required and has no value (and no generator): \`oc process\` fails ("parameter ${raw.name} is required and must be specified") and creates none of ${name}'s objects. Give it a \`value:\` (or pass -p ${raw.name}=...).`);
    }
    params.set(raw.name, { value });
  });
  const objects = Array.isArray(t.value.objects) ? t.value.objects : [];
  if (failures.length > 0 || objects.length === 0) return [];

  const labels: Record<string, string> = {};
  if (isRecord(t.value.labels)) for (const [k, v] of Object.entries(t.value.labels)) if (typeof v === 'string') labels[substitute(params, k).out] = substitute(params, v).out;

  const out: ManifestObject[] = [];
  objects.forEach((raw, i) => {
    const ref: NodeRef = childRef(t.ref, 'objects', i);
    if (!isRecord(raw)) {
      ctx.report('not-an-object', ref, `objects[${i}] of ${name} is not an object; it is skipped, as \`oc process\` does.`);
      return;
    }
    const meta = isRecord(raw.metadata) ? raw.metadata : undefined;
    const writtenNs = meta?.namespace;
    // stripNamespace: only a namespace that refers to a parameter survives processing.
    const keepNs = typeof writtenNs === 'string' && new RegExp(STRING_PARAM.source).test(writtenNs);
    const value = visit(params, raw) as Record<string, unknown>;
    const m: Record<string, unknown> = isRecord(value.metadata) ? value.metadata : {};
    if (!keepNs) delete m.namespace;
    if (Object.keys(labels).length) {
      m.labels = { ...(isRecord(m.labels) ? m.labels : {}), ...labels };
      const spec = isRecord(value.spec) ? value.spec : undefined;
      if (value.kind === 'DeploymentConfig' && spec && isRecord(spec.template)) {
        const tm = isRecord(spec.template.metadata) ? spec.template.metadata : (spec.template.metadata = {});
        (tm as Record<string, unknown>).labels = { ...(isRecord((tm as Record<string, unknown>).labels) ? ((tm as Record<string, unknown>).labels as object) : {}), ...labels };
      }
    }
    value.metadata = m;
    const kind = typeof value.kind === 'string' ? value.kind : '';
    const objName = typeof m.name === 'string' ? m.name : '';
    if (!kind || !objName) {
      ctx.report(kind ? 'missing-name' : 'missing-kind', ref, `objects[${i}] of ${name} has no ${kind ? 'metadata.name' : 'kind'} after processing; it is skipped.`);
      return;
    }
    out.push({
      ref,
      range: ctx.sourceMap.locate(ref),
      kind,
      apiVersion: typeof value.apiVersion === 'string' ? value.apiVersion : '',
      name: objName,
      namespace: typeof m.namespace === 'string' && m.namespace !== '' ? m.namespace : namespace,
      value,
    });
  });
  return out;
}
