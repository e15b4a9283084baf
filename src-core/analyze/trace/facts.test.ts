// The builder decides from typed data only: with every hop's title, summary and steps rewritten (rot13),
// every built-in scenario keeps its verdict, what it reaches, its blocking hop (kind and code) and the
// symptom words of its summary.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { HopInit } from './builder';
import { loadCluster } from '../../index';
import type { ProfileName } from '../../model/types';
import type { Query } from '../types';
import { blockingHop } from './builder';
import { SYMPTOM_WORDS } from './symptom';
import { traceQuery } from './index';

const state = vi.hoisted(() => ({ mangle: false }));

vi.mock('./builder', async (importOriginal) => {
  const real = await importOriginal<typeof import('./builder')>();
  const rot = (s: string) => s.replace(/[a-z]/gi, (c) => String.fromCharCode(((c.toLowerCase().charCodeAt(0) - 97 + 13) % 26) + (c === c.toLowerCase() ? 97 : 65)));
  return {
    ...real,
    hop: (h: HopInit) => real.hop(state.mangle ? { ...h, title: rot(h.title), summary: rot(h.summary), steps: h.steps?.map((s) => ({ ...s, text: rot(s.text) })) } : h),
  };
});

const EXAMPLES = join(__dirname, '../../../public/examples');
const index = JSON.parse(readFileSync(join(EXAMPLES, 'index.json'), 'utf8')) as { id: string; file: string; profile: ProfileName; trace: Query }[];

function outcomes(mangle: boolean): string[] {
  state.mangle = mangle;
  try {
    return index.map((s) => {
      const c = loadCluster([{ name: s.file, text: readFileSync(join(EXAMPLES, s.file), 'utf8') }], { profile: s.profile });
      const t = traceQuery(c, s.trace);
      const b = t.allowed ? undefined : blockingHop(t.hops);
      const words = Object.values(SYMPTOM_WORDS).find((w) => t.summary.includes(`(${w})`)) ?? '-';
      return `${s.id}: ${t.verdict} ${t.allowed} ${t.reached} ${b?.kind ?? '-'} ${b?.code ?? '-'} ${words} ${t.hops.map((h) => `${h.kind}:${h.verdict}`).join(',')}`;
    });
  } finally {
    state.mangle = false;
  }
}

describe('the trace builder reads no prose', () => {
  it('rewording every hop keeps every verdict, blocking hop and symptom', () => {
    const plain = outcomes(false);
    // The scenarios exercise the symptoms (and a mangled summary would lose its words if they came from prose).
    expect(plain.filter((l) => Object.values(SYMPTOM_WORDS).some((w) => l.includes(w))).length).toBeGreaterThan(5);
    expect(outcomes(true)).toEqual(plain);
  });
});
