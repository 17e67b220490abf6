/**
 * threads — true parallelism: worker threads on shared memory.
 *
 *   npx lockdemo threads
 *   npx lockdemo threads --tasks 2 --trials 20
 *
 * Every other scenario races on one thread: a task can only be interrupted at an `await`, so
 * code between two awaits is atomic. Here each task is a real worker thread, running at the
 * same time as the others on another core, and all of them increment one Int32 in a
 * SharedArrayBuffer. No `await` is needed for a race: `a[0] = a[0] + 1` is a load and a store,
 * and another core can store in between. A lockdemo `Lock` cannot help either — it only orders
 * tasks of one event loop. What helps is what the hardware offers:
 *
 *   unlocked  a[0] = a[0] + 1                       increments lost, how often depends on load (below)  races allowed
 *   atomic    Atomics.add(a, 0, 1)                  every increment kept                    races forbidden
 *   locked    a mutex: Atomics.compareExchange       every increment kept, and slower        races forbidden
 *             to take it, Atomics.wait to sleep
 *             on it, Atomics.notify to hand it on
 *
 * Why 10 trials are enough. The threads do not stop after a fixed count: each increments until
 * every thread of the trial has done at least 20,000 (or it has done 2,000,000, should one
 * thread be starved), and counts what it did itself (the expected total is the sum of those
 * counts). So every thread is still incrementing while the
 * slowest one does its 20,000: the threads' loops overlap by construction, however late the
 * OS starts one of them. With a free second core they run at once and collide on nearly every
 * increment. With both cores busy they take turns, and a thread that loses its core between
 * its load and its store overwrites everything the others added meanwhile; a trial has several
 * such turns. Measured on a shared 2-core machine: 10 of 10 trials lost increments in six runs
 * at a quiet moment, 5 of 10 with other work running, and 2 to 9 of 10 with two busy loops
 * keeping both cores full; a cold tester, with test suites running beside it, saw 1 to 8 of 10,
 * and often 1 of 10 with `--tasks 2`. So 0 of 10 (a `FLAG` in `lockdemo check`) is rare on a
 * quiet machine and possible on a loaded one: the OS decides, and nothing here can. A trial costs a few
 * milliseconds, so 10 trials keep `lockdemo check` quick; `atomic` and `locked` face the same
 * overlap, so their clean trials are real evidence.
 *
 * The worker pool is created once per run (starting a thread costs milliseconds), and again
 * only after a trial that hit --timeout, so that no stray thread touches a later trial. It runs
 * under the event-loop schedule only, because lockdemo cannot interleave what other threads do.
 */
import { Worker } from 'node:worker_threads';
import { defineScenario } from '../src/index.js';

/** Each thread increments until every thread of the trial has done at least this many. */
const AT_LEAST = 20_000;

// Slots of the shared Int32Array.
const COUNTER = 0;
const SATISFIED = 1;
const MUTEX = 2;

type Method = 'unlocked' | 'atomic' | 'locked';

/**
 * What each worker thread runs, once per trial; returns how many increments it made. It is
 * sent to the threads as source text, so it uses nothing from outside its own body.
 */
function incrementInWorker(buffer: SharedArrayBuffer, method: Method, atLeast: number, threads: number): number {
  const a = new Int32Array(buffer);
  const [counter, satisfied, mutex] = [0, 1, 2];
  // Keep going until every thread has done its share, so that all of them overlap, but never
  // past 100 shares: a thread the OS starves for long must not make the others spin without
  // end (and 64 threads of 100 shares still fit the Int32).
  const cap = 100 * atLeast;
  let done = 0;
  if (method === 'unlocked') {
    while (Atomics.load(a, satisfied) < threads && done < cap) {
      // a[0] = a[0] + 1, with this thread's own counting between the load and the store: a
      // thread that loses its core in there erases, with its store, what others added since.
      const seen = a[counter] ?? 0; // load
      if (++done === atLeast) Atomics.add(a, satisfied, 1);
      a[counter] = seen + 1; // store: not atomic with the load
    }
  } else if (method === 'atomic') {
    while (Atomics.load(a, satisfied) < threads && done < cap) {
      Atomics.add(a, counter, 1); // one indivisible read-modify-write
      if (++done === atLeast) Atomics.add(a, satisfied, 1);
    }
  } else {
    while (Atomics.load(a, satisfied) < threads && done < cap) {
      // Take the mutex: swap 0 → 1; if another thread holds it, sleep until it is released.
      while (Atomics.compareExchange(a, mutex, 0, 1) !== 0) Atomics.wait(a, mutex, 1);
      a[counter] = (a[counter] ?? 0) + 1; // safe: only the holder gets here
      Atomics.store(a, mutex, 0);
      Atomics.notify(a, mutex, 1);
      if (++done === atLeast) Atomics.add(a, satisfied, 1);
    }
  }
  return done;
}

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
${incrementInWorker.toString()}
parentPort.on('message', ({ buffer, method, atLeast, threads }) => {
  parentPort.postMessage(incrementInWorker(buffer, method, atLeast, threads));
});
`;

/** One worker thread per task, created once per run. */
class ThreadPool {
  private readonly workers: Worker[];

  constructor(threads: number) {
    this.workers = Array.from({ length: threads }, () => new Worker(WORKER_SOURCE, { eval: true }));
  }

  /** Thread `index` increments the counter in `buffer`; resolves with how many times it did. */
  increment(index: number, buffer: SharedArrayBuffer, method: Method): Promise<number> {
    const worker = this.workers[index];
    if (worker === undefined) throw new RangeError(`there is no thread ${index + 1}`);
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => {
        worker.off('message', onDone);
        reject(error);
      };
      const onDone = (done: number): void => {
        worker.off('error', onError);
        resolve(done);
      };
      worker.once('message', onDone);
      worker.once('error', onError);
      worker.postMessage({ buffer, method, atLeast: AT_LEAST, threads: this.workers.length });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

interface Shared {
  buffer: SharedArrayBuffer;
  pool: ThreadPool;
  /** The increments the threads made, by their own count: what the counter should read. */
  expected: number;
}

const variant = (method: Method, races: 'allowed' | 'forbidden', summary: string) => ({
  races,
  summary,
  run: async (shared: Shared, t: { id: number }) => {
    const done = await shared.pool.increment(t.id, shared.buffer, method);
    shared.expected += done;
  },
});

export default defineScenario<Shared, ThreadPool>({
  name: 'threads',
  summary: 'worker threads increment one Int32 in shared memory at the same time; no await is needed to race',
  unit: 'increments',
  tasks: 4,
  trials: 10,
  schedules: ['event-loop'],
  open: ({ tasks }) => new ThreadPool(tasks),
  close: (pool) => pool.close(),
  setup: ({ resource }) => ({ buffer: new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT), pool: resource, expected: 0 }),
  variants: {
    unlocked: variant('unlocked', 'allowed', 'a[0] = a[0] + 1: a load and a store, another core can store in between'),
    atomic: variant('atomic', 'forbidden', 'Atomics.add(a, 0, 1): one indivisible read-modify-write'),
    locked: variant('locked', 'forbidden', 'a mutex built on Atomics.compareExchange, Atomics.wait and Atomics.notify'),
  },
  // Nearly every racing trial ends at a different count, so the histogram groups the trials by
  // how many increments were lost, by order of magnitude.
  observe: (shared) => lostBucket(shared.expected - Atomics.load(new Int32Array(shared.buffer), COUNTER)),
  outcomes: [
    { value: 'none lost', grade: 'correct', description: 'every increment kept' },
    { match: (v) => typeof v === 'string' && v.startsWith('lost '), grade: 'race', description: 'stale stores erased them' },
  ],
});

/**
 * "none lost", "lost 1–9", "lost 10–99", ...: decades, the same labels in every trial (a
 * trial's total, and so its largest possible loss, depends on how long the threads overlapped).
 */
export function lostBucket(lost: number): string {
  if (lost === 0) return 'none lost';
  if (lost < 0) return `${(-lost).toLocaleString('en-US')} too many`;
  const low = 10 ** Math.floor(Math.log10(lost));
  return `lost ${low.toLocaleString('en-US')}–${(low * 10 - 1).toLocaleString('en-US')}`;
}

// The slots are named once above for readers; the worker repeats them because it cannot import.
void [SATISFIED, MUTEX];
