// The build context: reading untrusted manifest fields with type checks, and reporting what is wrong
// as diagnostics that carry the field's path and position. Normalisers never throw on user input.
import type { Diagnostic, DiagnosticCode } from '../parse/diagnostics';
import { DIAGNOSTIC_CODES } from '../parse/diagnostics';
import { describe } from '../parse/parse';
import { formatPath, type NodeRef, type PathSegment, type SourceMap } from '../parse/source';
import type { LabelSelector, SelectorOperator, SelectorRequirement } from './selector';
import { annotationKeyProblem, cachedLabelValueProblem, labelKeyProblem, labelMap, quoteLabel } from './labels';
import type { Labels, Protocol } from './types';

export class BuildContext {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly sourceMap: SourceMap) {}

  report(code: DiagnosticCode, ref: NodeRef, message: string, base?: NodeRef): void {
    const rel = base ? ref.path.slice(base.path.length) : ref.path;
    this.diagnostics.push({
      code,
      severity: DIAGNOSTIC_CODES[code],
      message: rel.length ? `At ${formatPath(rel)}: ${message}` : message,
      range: this.sourceMap.locate(ref),
      path: rel.length ? formatPath(rel) : undefined,
    });
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The child value at `seg` of `v`, or undefined when `v` is not a mapping or list. */
function childValue(v: unknown, seg: PathSegment): unknown {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[seg as string] : undefined;
}

const TIMESTAMP_SUFFIX = '.000Z';

/**
 * A cursor over one object's value: typed getters that report wrong types against the object.
 *
 * Performance (issue 6): the model build reads ~40 fields per object on 30k+ objects, so the common
 * case must not allocate. A child cursor keeps only its parent and the segments below it; its NodeRef
 * (a fresh path array) is built only when read — for model fields that carry a ref, or on the rare
 * error path. The `…At(key)` getters read a plain, well-typed or absent field straight from the value
 * and fall back to `at(key).…()` — the very same code, so the same diagnostics in the same order —
 * whenever anything needs reporting.
 */
export class Reader {
  private cachedRef: NodeRef | undefined;
  /** For a child cursor: its parent and the segment(s) below it. */
  private parent: Reader | undefined = undefined;
  private seg: PathSegment | undefined = undefined;
  private segs: readonly PathSegment[] | undefined = undefined;
  /** The object's own ref, so messages say `spec.ports.0` rather than `items.3.spec.ports.0`. */
  readonly base: NodeRef;

  constructor(
    readonly ctx: BuildContext,
    readonly value: unknown,
    ref: NodeRef | undefined,
    base?: NodeRef,
  ) {
    this.cachedRef = ref;
    this.base = base ?? (ref as NodeRef);
  }

  /** Where this value is: the object's ref plus the path walked to it. */
  get ref(): NodeRef {
    let ref = this.cachedRef;
    if (!ref) {
      // One path array, filled from the nearest cursor that has a ref; the cursors in between (which
      // die with the normaliser) get none of their own.
      let top: Reader = this;
      let depth = 0;
      while (!top.cachedRef) {
        depth += top.segs ? top.segs.length : 1;
        top = top.parent as Reader;
      }
      const topRef = top.cachedRef;
      // Exactly sized (the model keeps every ref; a pushed-to [] would keep spare capacity).
      const path: PathSegment[] = new Array<PathSegment>(topRef.path.length + depth);
      this.fillPath(path, path.length);
      ref = { doc: topRef.doc, path };
      this.cachedRef = ref;
    }
    return ref;
  }

  /** Writes this cursor's path into `path`, ending before index `end` (its ancestors' segments first). */
  private fillPath(path: PathSegment[], end: number): void {
    if (this.cachedRef) {
      const own = this.cachedRef.path;
      for (let i = 0; i < own.length; i++) path[i] = own[i];
      return;
    }
    const segs = this.segs;
    if (segs) {
      for (let i = segs.length - 1; i >= 0; i--) path[--end] = segs[i];
    } else path[--end] = this.seg as PathSegment;
    (this.parent as Reader).fillPath(path, end);
  }

  at(...segs: PathSegment[]): Reader {
    if (segs.length === 1) return this.child(segs[0]);
    let v: unknown = this.value;
    for (const s of segs) v = childValue(v, s);
    const child = new Reader(this.ctx, v, undefined, this.base);
    child.parent = this;
    child.segs = segs;
    return child;
  }

  private child(seg: PathSegment): Reader {
    const child = new Reader(this.ctx, childValue(this.value, seg), undefined, this.base);
    child.parent = this;
    child.seg = seg;
    return child;
  }

  get present(): boolean {
    return this.value !== undefined && this.value !== null;
  }

  /** `at(key).present` without a cursor. */
  presentAt(key: string): boolean {
    const v = childValue(this.value, key);
    return v !== undefined && v !== null;
  }

  wrong(expected: string): void {
    this.ctx.report('wrong-type', this.ref, `expected ${expected}, found ${describe(this.value)}; the field is ignored.`, this.base);
  }

  invalid(message: string, code: DiagnosticCode = 'invalid-value'): void {
    this.ctx.report(code, this.ref, message, this.base);
  }

  str(): string | undefined {
    const v = this.value;
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    // The readers keep unquoted timestamps as strings, as go-yaml v2 does (parse/yaml11.ts); a Date can only
    // come from a caller that built values itself.
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString().replace(TIMESTAMP_SUFFIX, 'Z');
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    this.wrong('a string');
    return undefined;
  }

  /** `at(key).str()`, without a cursor unless something is reported. */
  strAt(key: string): string | undefined {
    const v = childValue(this.value, key);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    // Dumps carry unquoted timestamps on every object: the same conversion as str(), without a cursor.
    if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().replace(TIMESTAMP_SUFFIX, 'Z');
    return this.child(key).str();
  }

  num(): number | undefined {
    if (!this.present) return undefined;
    if (typeof this.value === 'number' && Number.isFinite(this.value)) return this.value;
    if (typeof this.value === 'string' && /^\d+$/.test(this.value)) return Number(this.value);
    this.wrong('a number');
    return undefined;
  }

  numAt(key: string): number | undefined {
    const v = childValue(this.value, key);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    return this.child(key).num();
  }

  bool(): boolean | undefined {
    if (!this.present) return undefined;
    if (typeof this.value === 'boolean') return this.value;
    if (this.value === 'true' || this.value === 'false') return this.value === 'true';
    this.wrong('true or false');
    return undefined;
  }

  boolAt(key: string): boolean | undefined {
    const v = childValue(this.value, key);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'boolean') return v;
    return this.child(key).bool();
  }

  /** An IntOrString (ports, targetPort): numbers stay numbers, digit-only strings become numbers. */
  intOrString(): number | string | undefined {
    if (!this.present) return undefined;
    if (typeof this.value === 'number' && Number.isInteger(this.value)) return this.value;
    if (typeof this.value === 'string') return /^\d+$/.test(this.value) ? Number(this.value) : this.value;
    this.wrong('a port number or name');
    return undefined;
  }

  /**
   * An IntOrString port as the API server decodes it, or why it cannot: a JSON number must fit the
   * int32 of intstr.IntOrString (apimachinery pkg/util/intstr UnmarshalJSON → json.Unmarshal into
   * int32), so `80.5` and `1e29` make kubectl fail to decode the whole object. `-0` is the integer 0
   * (go-yaml reads it so). Digit-only strings become numbers, as intOrString() does.
   */
  portOrName(): number | string | undefined | { invalid: string } {
    const v = this.value;
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || !Number.isInteger(v)) return { invalid: `${String(v)} is not a whole number` };
      if (v > 2147483647 || v < -2147483648) return { invalid: `${String(v)} does not fit a 32-bit port number` };
      return v === 0 ? 0 : v; // (-0 → 0)
    }
    if (typeof v === 'string') return /^\d+$/.test(v) ? Number(v) : v;
    return { invalid: `expected a port number or name, found ${describe(v)}` };
  }

  intOrStringAt(key: string): number | string | undefined {
    const v = childValue(this.value, key);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    return this.child(key).intOrString();
  }

  /** Items of a list; reports a non-list. */
  list(): Reader[] {
    const v = this.value;
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      this.wrong('a list');
      return [];
    }
    const out: Reader[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = this.child(i);
    return out;
  }

  listAt(key: string): Reader[] {
    const v = childValue(this.value, key);
    if (v === undefined || v === null) return [];
    return this.child(key).list();
  }

  isList(): boolean {
    return Array.isArray(this.value);
  }

  strList(): string[] {
    const v = this.value;
    if (Array.isArray(v)) {
      const out: string[] = [];
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (typeof x === 'string') out.push(x);
        else {
          const s = this.child(i).str();
          if (s !== undefined) out.push(s);
        }
      }
      return out;
    }
    this.list(); // absent: nothing; anything else: reported as not a list
    return [];
  }

  strListAt(key: string): string[] {
    const v = childValue(this.value, key);
    if (v === undefined || v === null) return [];
    return this.child(key).strList();
  }

  /**
   * A string map: labels, a Service selector or matchLabels (`labels`: keys and values checked as the API
   * server checks labels) or annotations (keys only). Prototype-free, every key kept exactly as written
   * (labels.ts). Non-string values are reported and skipped; keys and values the API server would reject
   * are reported as errors and kept, so a selector never loses a requirement it was written with.
   */
  labels(role: 'labels' | 'annotations' = 'labels'): Labels {
    const out = labelMap();
    if (!this.present) return out;
    if (!isRecord(this.value)) {
      this.wrong('a mapping of strings');
      return out;
    }
    const map = this.value;
    for (const k of Object.keys(map)) {
      const v = map[k];
      if (typeof v === 'string') out[k] = v;
      else if (v === null) out[k] = '';
      else if (typeof v === 'number' || typeof v === 'boolean') {
        // Kubernetes rejects these (label values are strings); we keep the text and say so.
        out[k] = String(v);
        this.child(k).invalid(`label and annotation values must be strings; ${describe(v)} would be rejected by the API server (quote it).`);
      } else {
        this.child(k).wrong('a string');
        continue;
      }
      const keyProblem = role === 'labels' ? labelKeyProblem(k) : annotationKeyProblem(k);
      if (keyProblem) this.child(k).invalid(`${role === 'labels' ? 'label' : 'annotation'} key ${quoteLabel(k)} is not valid: ${keyProblem}. The API server rejects this object; podpath reads the key exactly as written (no valid pod can carry it).`, 'invalid-label');
      const valueProblem = role === 'labels' ? cachedLabelValueProblem(out[k]) : undefined;
      if (valueProblem) this.child(k).invalid(`label value ${quoteLabel(out[k])} is not valid: ${valueProblem}. The API server rejects this object; podpath reads the value exactly as written.`, 'invalid-label');
    }
    return out;
  }

  labelsAt(key: string): Labels {
    const v = childValue(this.value, key);
    if (v === undefined || v === null) return labelMap();
    return this.child(key).labels(key === 'annotations' ? 'annotations' : 'labels');
  }

  protocol(): Protocol {
    const p = this.str();
    if (p === undefined) return 'TCP';
    if (p === 'TCP' || p === 'UDP' || p === 'SCTP') return p;
    this.invalid(`protocol must be TCP, UDP or SCTP (case-sensitive), found ${JSON.stringify(p)}; TCP is assumed.`);
    return 'TCP';
  }

  protocolAt(key: string): Protocol {
    const v = childValue(this.value, key);
    if (v === undefined || v === null) return 'TCP';
    if (v === 'TCP' || v === 'UDP' || v === 'SCTP') return v;
    return this.child(key).protocol();
  }

  port(): number | undefined {
    const n = this.num();
    if (n === undefined) return undefined;
    if (!Number.isInteger(n) || n < 1 || n > 65535) {
      this.invalid(`a port must be between 1 and 65535, found ${n}.`, 'invalid-port');
      return undefined;
    }
    return n;
  }

  portAt(key: string): number | undefined {
    const v = childValue(this.value, key);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535) return v;
    return this.child(key).port();
  }

  selectorAt(key: string): LabelSelector | undefined {
    const v = childValue(this.value, key);
    if (v === undefined || v === null) return undefined;
    return this.child(key).selector();
  }

  /** metav1.LabelSelector. Undefined when absent; invalid parts are reported and make it match nothing. */
  selector(): LabelSelector | undefined {
    if (!this.present) return undefined;
    if (!isRecord(this.value)) {
      this.wrong('a label selector (matchLabels / matchExpressions)');
      return { matchLabels: { 'podpath.invalid/selector': '\u0000' }, matchExpressions: [] };
    }
    const matchLabels = this.labelsAt('matchLabels');
    const matchExpressions: SelectorRequirement[] = [];
    for (const e of this.listAt('matchExpressions')) {
      const key = e.strAt('key');
      const op = e.strAt('operator');
      const values = e.strListAt('values');
      if (!key) {
        // Dropping the requirement would select more than written; an empty key is read as written (no
        // pod has a label with an empty key), so `In`/`Exists` match nothing and `NotIn`/`DoesNotExist` all.
        e.invalid('a selector requirement needs a `key`; the API server would reject this selector. It is read with an empty key (no pod has that label).', 'invalid-selector');
      } else {
        const keyProblem = labelKeyProblem(key);
        if (keyProblem) e.at('key').invalid(`label key ${quoteLabel(key)} is not valid: ${keyProblem}. The API server rejects this selector; podpath reads the key exactly as written (no valid pod can carry it).`, 'invalid-label');
      }
      values.forEach((v, i) => {
        const problem = cachedLabelValueProblem(v);
        if (problem) e.at('values', i).invalid(`selector value ${quoteLabel(v)} is not valid: ${problem}. The API server rejects this selector; podpath reads the value exactly as written.`, 'invalid-label');
      });
      if (op !== 'In' && op !== 'NotIn' && op !== 'Exists' && op !== 'DoesNotExist') {
        e.at('operator').invalid(`operator must be In, NotIn, Exists or DoesNotExist, found ${JSON.stringify(op)}; the API server would reject this selector. It is treated as matching nothing.`, 'invalid-selector');
        matchExpressions.push({ key: key ?? '', operator: 'In', values: [] });
        continue;
      }
      if ((op === 'In' || op === 'NotIn') && values.length === 0) {
        e.invalid(`operator ${op} needs at least one value; the API server would reject this selector.`, 'invalid-selector');
      }
      if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) {
        e.invalid(`operator ${op} takes no values; the API server would reject this selector.`, 'invalid-selector');
      }
      matchExpressions.push({ key: key ?? '', operator: op as SelectorOperator, values });
    }
    return { matchLabels, matchExpressions };
  }
}
