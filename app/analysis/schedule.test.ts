// The worker's request queue: coalescing (only the newest analysis runs), details in order, the rest of
// a superseded analysis dropped, idle work only when nothing else waits. Driven by a manual task queue.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createScheduler, type Continuation } from './schedule';

type Req = { kind: 'analyze' | 'details'; id: number };

function harness(parts = 2, idleSlices = 0) {
  const tasks: (() => void)[] = [];
  const log: string[] = [];
  let idleLeft = idleSlices;
  const s = createScheduler<Req>({
    replaces: (r) => r.kind === 'analyze',
    defer: (f) => tasks.push(f),
    run(req, newer): Continuation | null {
      log.push(`${req.kind}:${req.id}`);
      if (req.kind === 'details') return null;
      let left = parts;
      return () => {
        if (newer()) {
          log.push(`stop:${req.id}`);
          return 'stop';
        }
        log.push(`part:${req.id}`);
        return --left > 0 ? 'more' : 'stop';
      };
    },
    idle: idleSlices
      ? () => {
          log.push('idle');
          return --idleLeft <= 0;
        }
      : undefined,
  });
  const step = () => tasks.shift()?.();
  const drain = () => {
    for (let i = 0; i < 1000 && tasks.length; i++) step();
  };
  return { s, log, step, drain, tasks };
}

describe('analysis worker scheduling', () => {
  it('runs only the newest of several waiting analysis requests', () => {
    const h = harness(1);
    h.s.push({ kind: 'analyze', id: 1 });
    h.s.push({ kind: 'analyze', id: 2 });
    h.s.push({ kind: 'analyze', id: 3 });
    h.drain();
    expect(h.log).toEqual(['analyze:3', 'part:3']);
    expect(h.s.busy()).toBe(false);
  });

  it('drops the remaining parts of an analysis when a newer one arrives', () => {
    const h = harness(3);
    h.s.push({ kind: 'analyze', id: 1 });
    h.step(); // analyze:1 starts (its first message)
    h.step(); // part 1 of 3
    h.s.push({ kind: 'analyze', id: 2 });
    h.drain();
    expect(h.log).toEqual(['analyze:1', 'part:1', 'stop:1', 'analyze:2', 'part:2', 'part:2', 'part:2']);
  });

  it('answers details in order, after a waiting analysis, and between the parts of a running one', () => {
    const h = harness(2);
    h.s.push({ kind: 'details', id: 1 });
    h.s.push({ kind: 'analyze', id: 2 });
    h.s.push({ kind: 'details', id: 3 });
    h.drain();
    expect(h.log).toEqual(['analyze:2', 'details:1', 'details:3', 'part:2', 'part:2']);
  });

  it('does idle work only when nothing else waits, and stops when it reports done', () => {
    const h = harness(1, 3);
    h.s.push({ kind: 'analyze', id: 1 });
    h.step();
    h.step();
    h.step(); // first idle slice
    h.s.push({ kind: 'analyze', id: 2 });
    h.drain();
    expect(h.log).toEqual(['analyze:1', 'part:1', 'idle', 'analyze:2', 'part:2', 'idle', 'idle']);
    expect(h.tasks.length).toBe(0);
  });

  it('for any interleaving, the last analysis pushed is the last one started and it runs to the end', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom<'analyze' | 'details'>('analyze', 'details'), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 30 }), (ops) => {
        const h = harness(2);
        let id = 0;
        let lastAnalyze = 0;
        const details: number[] = [];
        for (const [kind, steps] of ops) {
          h.s.push({ kind, id: ++id });
          if (kind === 'analyze') lastAnalyze = id;
          else details.push(id);
          for (let i = 0; i < steps; i++) h.step();
        }
        h.drain();
        const started = h.log.filter((l) => l.startsWith('analyze:')).map((l) => Number(l.slice(8)));
        if (lastAnalyze) {
          expect(started[started.length - 1]).toBe(lastAnalyze);
          expect(h.log.filter((l) => l === `part:${lastAnalyze}`).length).toBe(2);
        }
        // Started analyses are in increasing order; details are all answered, in order.
        expect([...started].sort((a, b) => a - b)).toEqual(started);
        expect(h.log.filter((l) => l.startsWith('details:')).map((l) => Number(l.slice(8)))).toEqual(details);
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});
