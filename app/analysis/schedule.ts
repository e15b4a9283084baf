// The analysis worker's request queue, apart from the Worker API so it can be tested in Node. One unit of
// work per task, so new messages are read between units:
//   1. the newest analysis request (older waiting ones are dropped: coalescing);
//   2. other requests (object details), in arrival order;
//   3. the next part of the running analysis (it is told when a newer analysis waits, and stops);
//   4. idle work (warming caches) in short slices, until it reports it is done.

export type Continuation = () => 'more' | 'stop';

export interface SchedulerOptions<R> {
  /** True for requests where only the newest matters (analysis); others are kept in order. */
  replaces(req: R): boolean;
  /** Handles a request; an analysis may return the rest of its work as a continuation. `newer()` is
   *  true once a newer replacing request is waiting. */
  run(req: R, newer: () => boolean): Continuation | null;
  /** Idle work; returns true when there is nothing left to do. */
  idle?(): boolean;
  /** Runs `f` in a later task (default: a MessageChannel message, which timers' 4 ms clamp does not delay). */
  defer?(f: () => void): void;
}

export interface Scheduler<R> {
  push(req: R): void;
  /** For tests: is anything queued or running? */
  busy(): boolean;
}

function defaultDefer(): (f: () => void) => void {
  if (typeof MessageChannel === 'function') {
    const ch = new MessageChannel();
    const queue: (() => void)[] = [];
    ch.port1.onmessage = () => queue.shift()?.();
    return (f) => {
      queue.push(f);
      ch.port2.postMessage(null);
    };
  }
  return (f) => setTimeout(f, 0);
}

export function createScheduler<R>(opts: SchedulerOptions<R>): Scheduler<R> {
  const defer = opts.defer ?? defaultDefer();
  let latest: R | null = null;
  const others: R[] = [];
  let current: Continuation | null = null;
  let idleDone = true;
  let scheduled = false;
  /** Bumped by every replacing request: a continuation compares it with its own. */
  let generation = 0;

  const kick = () => {
    if (scheduled) return;
    scheduled = true;
    defer(tick);
  };

  function tick(): void {
    scheduled = false;
    if (latest !== null) {
      const req = latest;
      latest = null;
      if (current) current(); // it sees the newer request and stops (posting what it holds)
      current = null;
      const mine = generation;
      current = opts.run(req, () => generation !== mine);
      idleDone = false;
    } else if (others.length) {
      opts.run(others.shift() as R, () => false);
    } else if (current) {
      if (current() === 'stop') current = null;
    } else if (!idleDone && opts.idle) {
      idleDone = opts.idle();
    } else {
      idleDone = true;
      return;
    }
    kick();
  }

  return {
    push(req) {
      if (opts.replaces(req)) {
        latest = req;
        generation++;
      } else others.push(req);
      kick();
    },
    busy() {
      return scheduled || latest !== null || others.length > 0 || current !== null;
    },
  };
}
