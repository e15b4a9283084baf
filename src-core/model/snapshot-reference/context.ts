// FROZEN copy of src-core/model/context.ts as of 650cee7, kept only as the reference for snapshot.test.ts (issue 6):
// the optimised model must produce exactly what this produced. Do not edit; delete with the test.
// The build context: reading untrusted manifest fields with type checks, and reporting what is wrong
// as diagnostics that carry the field's path and position. Normalisers never throw on user input.
import type { Diagnostic, DiagnosticCode } from '../../parse/diagnostics';
import { DIAGNOSTIC_CODES } from '../../parse/diagnostics';
import { describe } from '../../parse/parse';
import { childRef, formatPath, type NodeRef, type PathSegment, type SourceMap } from '../../parse/source';
import type { LabelSelector, SelectorOperator, SelectorRequirement } from '../selector';
import type { Labels, Protocol } from '../types';

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

/** A cursor over one object's value: typed getters that report wrong types against the object. */
export class Reader {
  private cachedRef: NodeRef | undefined;
  /** For a child cursor: its parent and the segments below it; the ref is built only when read (perf, issue 6). */
  private parent: Reader | undefined;
  private segs: PathSegment[] | undefined;

  constructor(
    readonly ctx: BuildContext,
    readonly value: unknown,
    ref: NodeRef,
    /** The object's own ref, so messages say `spec.ports.0` rather than `items.3.spec.ports.0`. */
    readonly base: NodeRef = ref,
  ) {
    this.cachedRef = ref;
  }

  /** Where this value is: the object's ref plus the path walked to it. */
  get ref(): NodeRef {
    if (!this.cachedRef) {
      this.cachedRef = childRef((this.parent as Reader).ref, ...(this.segs as PathSegment[]));
      this.parent = undefined;
      this.segs = undefined;
    }
    return this.cachedRef;
  }

  at(...segs: PathSegment[]): Reader {
    let v: unknown = this.value;
    for (const s of segs) v = isRecord(v) || Array.isArray(v) ? (v as Record<string, unknown>)[s as string] : undefined;
    const child = new Reader(this.ctx, v, undefined as unknown as NodeRef, this.base);
    child.parent = this;
    child.segs = segs;
    return child;
  }

  get present(): boolean {
    return this.value !== undefined && this.value !== null;
  }

  wrong(expected: string): void {
    this.ctx.report('wrong-type', this.ref, `expected ${expected}, found ${describe(this.value)}; the field is ignored.`, this.base);
  }

  invalid(message: string, code: DiagnosticCode = 'invalid-value'): void {
    this.ctx.report(code, this.ref, message, this.base);
  }

  str(): string | undefined {
    if (!this.present) return undefined;
    if (typeof this.value === 'string') return this.value;
    // YAML 1.1 reads unquoted timestamps (creationTimestamp) as dates.
    if (this.value instanceof Date) return Number.isNaN(this.value.getTime()) ? undefined : this.value.toISOString().replace('.000Z', 'Z');
    if (typeof this.value === 'number' || typeof this.value === 'boolean') return String(this.value);
    this.wrong('a string');
    return undefined;
  }

  num(): number | undefined {
    if (!this.present) return undefined;
    if (typeof this.value === 'number' && Number.isFinite(this.value)) return this.value;
    if (typeof this.value === 'string' && /^\d+$/.test(this.value)) return Number(this.value);
    this.wrong('a number');
    return undefined;
  }

  bool(): boolean | undefined {
    if (!this.present) return undefined;
    if (typeof this.value === 'boolean') return this.value;
    if (this.value === 'true' || this.value === 'false') return this.value === 'true';
    this.wrong('true or false');
    return undefined;
  }

  /** An IntOrString (ports, targetPort): numbers stay numbers, digit-only strings become numbers. */
  intOrString(): number | string | undefined {
    if (!this.present) return undefined;
    if (typeof this.value === 'number' && Number.isInteger(this.value)) return this.value;
    if (typeof this.value === 'string') return /^\d+$/.test(this.value) ? Number(this.value) : this.value;
    this.wrong('a port number or name');
    return undefined;
  }

  /** Items of a list; reports a non-list. */
  list(): Reader[] {
    if (!this.present) return [];
    if (!Array.isArray(this.value)) {
      this.wrong('a list');
      return [];
    }
    return this.value.map((_, i) => this.at(i));
  }

  isList(): boolean {
    return Array.isArray(this.value);
  }

  strList(): string[] {
    return this.list()
      .map((r) => r.str())
      .filter((s): s is string => s !== undefined);
  }

  /** A string map (labels, annotations, selector). Non-string values are reported and skipped. */
  labels(): Labels {
    if (!this.present) return {};
    if (!isRecord(this.value)) {
      this.wrong('a mapping of strings');
      return {};
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.value)) {
      if (typeof v === 'string') out[k] = v;
      else if (v === null) out[k] = '';
      else if (typeof v === 'number' || typeof v === 'boolean') {
        // Kubernetes rejects these (label values are strings); we keep the text and say so.
        out[k] = String(v);
        this.at(k).invalid(`label and annotation values must be strings; ${describe(v)} would be rejected by the API server (quote it).`);
      } else this.at(k).wrong('a string');
    }
    return out;
  }

  protocol(): Protocol {
    const p = this.str();
    if (p === undefined) return 'TCP';
    if (p === 'TCP' || p === 'UDP' || p === 'SCTP') return p;
    this.invalid(`protocol must be TCP, UDP or SCTP (case-sensitive), found ${JSON.stringify(p)}; TCP is assumed.`);
    return 'TCP';
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

  /** metav1.LabelSelector. Undefined when absent; invalid parts are reported and make it match nothing. */
  selector(): LabelSelector | undefined {
    if (!this.present) return undefined;
    if (!isRecord(this.value)) {
      this.wrong('a label selector (matchLabels / matchExpressions)');
      return { matchLabels: { 'podpath.invalid/selector': '\u0000' }, matchExpressions: [] };
    }
    const matchLabels = this.at('matchLabels').labels();
    const matchExpressions: SelectorRequirement[] = [];
    for (const e of this.at('matchExpressions').list()) {
      const key = e.at('key').str();
      const op = e.at('operator').str();
      const values = e.at('values').strList();
      if (!key) {
        e.invalid('a selector requirement needs a `key`.', 'invalid-selector');
        continue;
      }
      if (op !== 'In' && op !== 'NotIn' && op !== 'Exists' && op !== 'DoesNotExist') {
        e.at('operator').invalid(`operator must be In, NotIn, Exists or DoesNotExist, found ${JSON.stringify(op)}; the API server would reject this selector. It is treated as matching nothing.`, 'invalid-selector');
        matchExpressions.push({ key, operator: 'In', values: [] });
        continue;
      }
      if ((op === 'In' || op === 'NotIn') && values.length === 0) {
        e.invalid(`operator ${op} needs at least one value; the API server would reject this selector.`, 'invalid-selector');
      }
      if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) {
        e.invalid(`operator ${op} takes no values; the API server would reject this selector.`, 'invalid-selector');
      }
      matchExpressions.push({ key, operator: op as SelectorOperator, values });
    }
    return { matchLabels, matchExpressions };
  }
}
