// Source positions. Every model object keeps a NodeRef (which document, which path inside it); a
// SourceMap turns a NodeRef into a SourceRange (file, 1-based line and column) only when an
// explanation, finding or marker needs it. Keeping refs as plain data keeps the model cheap to build
// and serialisable (it crosses the Web Worker boundary), and lets large inputs resolve positions lazily.

/** A 1-based, inclusive-start / exclusive-end range in one input file. */
export interface SourceRange {
  file: string;
  startLine: number;
  startCol: number;
  endLine: number;
  endCol: number;
}

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** Where a value sits: document `doc` (index into ParseResult.documents) at `path` from its root. */
export interface NodeRef {
  doc: number;
  path: Path;
}

export interface SourceMap {
  /** The range of the node at ref (a map entry's range starts at its key). Falls back to the nearest
   *  ancestor that exists, so a ref to a missing field points at the object that lacks it. */
  locate(ref: NodeRef): SourceRange;
  /** The text of the input file `file` (for YAML excerpts in explanations and exports). */
  textOf(file: string): string | undefined;
}

export function childRef(ref: NodeRef, ...segments: PathSegment[]): NodeRef {
  // Loops, not spreads: the model and the tracers call this per workload and per hop, and array spread
  // goes through the iterator protocol (it was ~200 ms of a 10k-workload `podpath query` profile).
  const base = ref.path;
  const path = new Array<PathSegment>(base.length + segments.length);
  for (let i = 0; i < base.length; i++) path[i] = base[i];
  for (let i = 0; i < segments.length; i++) path[base.length + i] = segments[i];
  return { doc: ref.doc, path };
}

/** `spec.ingress.0.from.1` — the path form used in messages (tldraw-style "At spec.ingress.0: ..."). */
export function formatPath(path: Path): string {
  return path.length === 0 ? '(root)' : path.join('.');
}

export function formatRange(r: SourceRange): string {
  return `${r.file}:${r.startLine}:${r.startCol}`;
}

/** Turns character offsets into 1-based line/column; built once per text. */
export class LineIndex {
  /** Offset of each line's first character (a typed array: ~3× quicker to fill than push for 400k lines). */
  private readonly starts: Int32Array;
  constructor(text: string) {
    let starts = new Int32Array(1024);
    let n = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      if (n === starts.length) {
        const grown = new Int32Array(starts.length * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[n++] = i + 1;
    }
    this.starts = starts.subarray(0, n);
  }
  position(offset: number): { line: number; col: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.starts[lo] + 1 };
  }
  get lineCount(): number {
    return this.starts.length;
  }
}
