// Fixed-size bit sets over endpoint classes, for the reachability summary: "which source classes may
// connect" is a union/intersection of the classes each policy peer or subject selects, so set algebra
// on machine words replaces per-pair evaluation.
export type Bits = Uint32Array;

export function emptyBits(n: number): Bits {
  return new Uint32Array((n + 31) >>> 5);
}

export function fullBits(n: number): Bits {
  const b = emptyBits(n);
  b.fill(0xffffffff);
  const extra = b.length * 32 - n;
  if (extra > 0) b[b.length - 1] = 0xffffffff >>> extra;
  return b;
}

export function setBit(b: Bits, i: number): void {
  b[i >>> 5] |= 1 << (i & 31);
}

export function hasBit(b: Bits, i: number): boolean {
  return (b[i >>> 5] & (1 << (i & 31))) !== 0;
}

/** a |= b */
export function orInto(a: Bits, b: Bits): void {
  for (let i = 0; i < a.length; i++) a[i] |= b[i];
}

/** out = a & b (out may be a) */
export function and(a: Bits, b: Bits, out: Bits = new Uint32Array(a.length)): Bits {
  for (let i = 0; i < a.length; i++) out[i] = a[i] & b[i];
  return out;
}

/** a &= ~b */
export function andNotInto(a: Bits, b: Bits): void {
  for (let i = 0; i < a.length; i++) a[i] &= ~b[i];
}

export function isEmpty(b: Bits): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function count(b: Bits): number {
  let n = 0;
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) n += popcount32(b[i]);
  return n;
}

/** The set members in increasing order. */
export function members(b: Bits): number[] {
  const out: number[] = [];
  for (let w = 0; w < b.length; w++) {
    let x = b[w];
    while (x !== 0) {
      const t = x & -x;
      out.push((w << 5) + (31 - Math.clz32(t)));
      x ^= t;
    }
  }
  return out;
}

/** Members of [0, n) that are not in b, in increasing order. */
export function nonMembers(b: Bits, n: number): number[] {
  const out: number[] = [];
  for (let w = 0; w < b.length; w++) {
    let x = ~b[w];
    while (x !== 0) {
      const t = x & -x;
      const i = (w << 5) + (31 - Math.clz32(t));
      if (i >= n) return out;
      out.push(i);
      x ^= t;
    }
  }
  return out;
}

/** out = b (returns out) */
export function copy(out: Bits, b: Bits): Bits {
  out.set(b);
  return out;
}
