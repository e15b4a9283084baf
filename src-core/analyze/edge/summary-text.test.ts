// Trace summaries are read by people and pasted into tickets: every scenario's summary and hop texts read
// as sentences (no doubled full stop where a hop summary that ends in one is quoted in the trace summary).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCluster } from '../../index';
import type { ProfileName } from '../../model/types';
import { traceQuery } from '../trace';
import type { Query } from '../types';
import { sentence, stoppedAt } from './common';

const EXAMPLES = join(__dirname, '../../../public/examples');
const index = JSON.parse(readFileSync(join(EXAMPLES, 'index.json'), 'utf8')) as { id: string; file: string; profile: ProfileName; trace: Query }[];

describe('trace text', () => {
  it('sentence() adds a full stop only when there is none', () => {
    expect(sentence('denied')).toBe('denied.');
    expect(sentence('denied.')).toBe('denied.');
    expect(stoppedAt(undefined)).toBe('stopped.');
  });

  it.each(index.map((s) => [s.id, s] as const))('%s: no doubled full stops in the summary or the hops', (_id, s) => {
    const cluster = loadCluster([{ name: s.file, text: readFileSync(join(EXAMPLES, s.file), 'utf8') }], { profile: s.profile });
    const t = traceQuery(cluster, s.trace);
    const texts = [t.summary, ...t.hops.flatMap((h) => [h.summary, ...h.steps.map((x) => x.text)])];
    for (const text of texts) expect(text).not.toMatch(/[^.]\.\.(\s|$)/);
  });
});
