// Model reuse for edits that change no value (issue 6: keystroke → verdict). Typing a comment, blank
// lines or re-indenting without changing meaning gives objects equal to the last ones; the model built
// from them would be the same, so the previous one is reused with the new positions. The model keeps
// only refs (document, path) into the text, resolved through `sourceMap`; the one thing it fixes at
// build time is the range of its own diagnostics — so reuse happens only when the model reported none.
import { buildCluster, type BuiltCluster } from '../model/build';
import type { ParseResult } from '../parse/parse';
import type { NodeRef, SourceMap, SourceRange } from '../parse/source';
import type { ProfileChoice } from '../model/types';

/** Deep equality of parsed YAML values: same keys in the same order, NaN equal to NaN, Dates by time. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && Object.is(a.getTime(), b.getTime());
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i]) return false;
    if (!sameValue((a as Record<string, unknown>)[ka[i]], (b as Record<string, unknown>)[kb[i]])) return false;
  }
  return true;
}

function samePath(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Same objects (kind, names, refs and values, in order): what the model is built from. */
export function sameObjects(a: ParseResult, b: ParseResult): boolean {
  if (a.objects.length !== b.objects.length || a.documents.length !== b.documents.length) return false;
  for (let i = 0; i < a.objects.length; i++) {
    const x = a.objects[i];
    const y = b.objects[i];
    if (x.kind !== y.kind || x.apiVersion !== y.apiVersion || x.name !== y.name || x.namespace !== y.namespace) return false;
    if (x.ref.doc !== y.ref.doc || !samePath(x.ref.path, y.ref.path)) return false;
    if (x.value !== y.value && !sameValue(x.value, y.value)) return false;
  }
  return true;
}

/** The user's documents from the new parse; everything else (implied objects, stand-ins) as built. */
class RepositionedSourceMap implements SourceMap {
  constructor(
    private readonly parsed: ParseResult,
    private readonly built: SourceMap,
  ) {}
  locate(ref: NodeRef): SourceRange {
    return ref.doc >= 0 && ref.doc < this.parsed.documents.length ? this.parsed.sourceMap.locate(ref) : this.built.locate(ref);
  }
  textOf(file: string): string | undefined {
    return this.parsed.sourceMap.textOf(file) ?? this.built.textOf(file);
  }
}

/**
 * Builds models, reusing the last one when the new parse has the same objects. A reused model is a
 * new BuiltCluster object (per-cluster caches start afresh) sharing the old one's model objects.
 */
export class ModelBuilder {
  /** The last model really built, the parse it came from, and the last parse seen since. */
  private last: { profile: ProfileChoice; built: BuiltCluster; parsed: ParseResult; modelDiagnostics: number } | null = null;
  reused = false;
  private builds = 0;
  /** Which real build each cluster handed out stands for (a reused one: the build it reuses). */
  private readonly ids = new WeakMap<BuiltCluster, number>();

  /** The build a cluster from `build` stands for: equal ids, equal model objects (only positions differ). */
  idOf(cluster: BuiltCluster): number {
    return this.ids.get(cluster) ?? -1;
  }

  build(parsed: ParseResult, profile: ProfileChoice): BuiltCluster {
    const last = this.last;
    // The model's own diagnostics carry ranges fixed at build time: with any, build again.
    if (last && last.modelDiagnostics === 0 && last.profile === profile && sameObjects(last.parsed, parsed)) {
      this.reused = true;
      last.parsed = parsed;
      const cluster: BuiltCluster = { ...last.built, sourceMap: new RepositionedSourceMap(parsed, last.built.sourceMap), diagnostics: [...parsed.diagnostics] };
      this.ids.set(cluster, this.builds);
      return cluster;
    }
    this.reused = false;
    const built = buildCluster(parsed, { profile });
    this.ids.set(built, ++this.builds);
    this.last = { profile, built, parsed, modelDiagnostics: built.diagnostics.length - parsed.diagnostics.length };
    return built;
  }
}
