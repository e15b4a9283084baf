// Object positions, packed for the trip from the worker: a whole-cluster dump has ~33,000 objects and
// their ranges change on most keystrokes, so they travel as one transferable Int32Array (4 numbers per
// object) plus the keys, and the keys only when they changed. The UI side looks them up by key or line.
import type { SourceRange } from '../../src-core/index';
import { EDITOR_FILE, type ObjectInfo } from './protocol';

export interface PackedObjects {
  /** Omitted when the keys are the same as in the previous message. */
  keys?: string[];
  /** startLine, startCol, endLine, endCol per object. */
  ranges: Int32Array;
  /** Objects not in the editor's text (implied by the profile): index → file name. */
  elsewhere: [number, string][];
}

export function packObjects(list: readonly ObjectInfo[], previousKeys: readonly string[] | null): PackedObjects {
  const ranges = new Int32Array(list.length * 4);
  const elsewhere: [number, string][] = [];
  let same = previousKeys !== null && previousKeys.length === list.length;
  list.forEach((o, i) => {
    ranges[i * 4] = o.range.startLine;
    ranges[i * 4 + 1] = o.range.startCol;
    ranges[i * 4 + 2] = o.range.endLine;
    ranges[i * 4 + 3] = o.range.endCol;
    if (o.range.file !== EDITOR_FILE) elsewhere.push([i, o.range.file]);
    if (same && previousKeys![i] !== o.key) same = false;
  });
  return same ? { ranges, elsewhere } : { keys: list.map((o) => o.key), ranges, elsewhere };
}

/** Lookups over packed positions (UI thread). */
export class ObjectIndex {
  private byKey: Map<string, number> | null = null;
  private readonly elsewhere: Map<number, string>;

  constructor(
    readonly keys: readonly string[],
    private readonly ranges: Int32Array,
    elsewhere: readonly [number, string][],
  ) {
    this.elsewhere = new Map(elsewhere);
  }

  static empty(): ObjectIndex {
    return new ObjectIndex([], new Int32Array(0), []);
  }

  /** Applies a worker message on top of this index (keys may be omitted when unchanged). */
  next(p: PackedObjects): ObjectIndex {
    return new ObjectIndex(p.keys ?? this.keys, p.ranges, p.elsewhere);
  }

  get length(): number {
    return this.keys.length;
  }

  rangeAt(i: number): SourceRange {
    const r = this.ranges;
    return { file: this.elsewhere.get(i) ?? EDITOR_FILE, startLine: r[i * 4], startCol: r[i * 4 + 1], endLine: r[i * 4 + 2], endCol: r[i * 4 + 3] };
  }

  find(key: string): ObjectInfo | undefined {
    if (!this.byKey) this.byKey = new Map(this.keys.map((k, i) => [k, i]));
    const i = this.byKey.get(key);
    return i === undefined ? undefined : { key, range: this.rangeAt(i) };
  }

  /** The innermost object in the editor's text containing `line` (a List item rather than the List). */
  atLine(line: number): ObjectInfo | undefined {
    const r = this.ranges;
    let best = -1;
    for (let i = 0; i < this.keys.length; i++) {
      if (r[i * 4] > line || r[i * 4 + 2] < line || this.elsewhere.has(i)) continue;
      if (best < 0 || r[i * 4 + 2] - r[i * 4] < r[best * 4 + 2] - r[best * 4]) best = i;
    }
    return best < 0 ? undefined : { key: this.keys[best], range: this.rangeAt(best) };
  }
}
