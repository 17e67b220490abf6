/**
 * threads — true parallelism: worker threads on shared memory.
 *
 *   npx lockdemo threads
 *   npx lockdemo threads --tasks 2 --trials 200
 *
 * Every other scenario races on one thread: a task can only be interrupted at an `await`, so
 * code between two awaits is atomic. Here each task is a real worker thread, running at the
 * same time as the others on another core, and all of them increment one Int32 in a
 * SharedArrayBuffer 10,000 times. No `await` is needed for a race: `a[0] = a[0] + 1` is a load
 * and a store, and another core can store in between. A lockdemo `Lock` cannot help either — it
 * only orders tasks of one event loop. What helps is what the hardware offers:
 *
 *   unlocked  a[0] = a[0] + 1                       increments lost in some trials   races allowed
 *   atomic    Atomics.add(a, 0, 1)                  always 40,000 (4 threads)         races forbidden
 *   locked    a mutex: Atomics.compareExchange       always 40,000, and slower          races forbidden
 *             to take it, Atomics.wait to sleep
 *             on it, Atomics.notify to hand it on
 *
 * The worker pool is created once per run (starting a thread costs milliseconds), and a start
 * barrier in shared memory releases the threads of a trial together, so they really overlap.
 * A trial costs about a millisecond, so the default is 200 trials; it runs under the
 * event-loop schedule only, because lockdemo cannot interleave what other threads do.
 *
 * How often `unlocked` loses increments depends on the cores and the load, not on lockdemo:
 * the threads race only while two of them really run at once. On a shared 2-core machine
 * under load, 0–8% of trials lost increments (0/200 to 16/200 in runs of the default);
 * with idle cores to spare, most trials do. Both are the lesson: the race is real whenever the
 * hardware runs the threads together, and rare is not never.
 */
import { Worker } from 'node:worker_threads';
import { defineScenario } from '../src/index.js';

/** Increments per thread per trial. */
const INCREMENTS = 10_000;

// Slots of the shared Int32Array.
const COUNTER = 0;
const ARRIVED = 1;
const GO = 2;
const MUTEX = 3;

type Method = 'unlocked' | 'atomic' | 'locked';

/**
 * What each worker thread runs, once per trial. It is sent to the threads as source text, so it
 * uses nothing from outside its own body.
 */
function incrementInWorker(buffer: SharedArrayBuffer, method: Method, increments: number, threads: number): void {
  const a = new Int32Array(buffer);
  const [counter, arrived, go, mutex] = [0, 1, 2, 3];
  // Start barrier: the last thread to arrive releases everyone, so all start together.
  if (Atomics.add(a, arrived, 1) + 1 === threads) {
    Atomics.store(a, go, 1);
    Atomics.notify(a, go);
  } else {
    Atomics.wait(a, go, 0);
  }
  if (method === 'unlocked') {
    for (let i = 0; i < increments; i++) a[counter] = (a[counter] ?? 0) + 1; // load, add, store: not atomic
  } else if (method === 'atomic') {
    for (let i = 0; i < increments; i++) Atomics.add(a, counter, 1); // one indivisible read-modify-write
  } else {
    for (let i = 0; i < increments; i++) {
      // Take the mutex: swap 0 → 1; if another thread holds it, sleep until it is released.
      while (Atomics.compareExchange(a, mutex, 0, 1) !== 0) Atomics.wait(a, mutex, 1);
      a[counter] = (a[counter] ?? 0) + 1; // safe: only the holder gets here
      Atomics.store(a, mutex, 0);
      Atomics.notify(a, mutex, 1);
    }
  }
}

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
${incrementInWorker.toString()}
parentPort.on('message', ({ buffer, method, increments, threads }) => {
  incrementInWorker(buffer, method, increments, threads);
  parentPort.postMessage('done');
});
`;

/** One worker thread per task, created once per run. */
class ThreadPool {
  private readonly workers: Worker[];

  constructor(threads: number) {
    this.workers = Array.from({ length: threads }, () => new Worker(WORKER_SOURCE, { eval: true }));
  }

  /** Thread `index` increments the counter in `buffer`; resolves when it is done. */
  increment(index: number, buffer: SharedArrayBuffer, method: Method): Promise<void> {
    const worker = this.workers[index];
    if (worker === undefined) throw new RangeError(`there is no thread ${index + 1}`);
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => {
        worker.off('message', onDone);
        reject(error);
      };
      const onDone = (): void => {
        worker.off('error', onError);
        resolve();
      };
      worker.once('message', onDone);
      worker.once('error', onError);
      worker.postMessage({ buffer, method, increments: INCREMENTS, threads: this.workers.length });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

interface Shared {
  buffer: SharedArrayBuffer;
  pool: ThreadPool;
}

const variant = (method: Method, races: 'allowed' | 'forbidden', summary: string) => ({
  races,
  summary,
  run: (shared: Shared, t: { id: number }) => shared.pool.increment(t.id, shared.buffer, method),
});

export default defineScenario<Shared, ThreadPool>({
  name: 'threads',
  summary: 'worker threads increment one Int32 in shared memory at the same time; no await is needed to race',
  unit: 'increments',
  tasks: 4,
  trials: 200,
  schedules: ['event-loop'],
  open: ({ tasks }) => new ThreadPool(tasks),
  close: (pool) => pool.close(),
  setup: ({ resource }) => ({ buffer: new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT), pool: resource }),
  variants: {
    unlocked: variant('unlocked', 'allowed', 'a[0] = a[0] + 1: a load and a store, another core can store in between'),
    atomic: variant('atomic', 'forbidden', 'Atomics.add(a, 0, 1): one indivisible read-modify-write'),
    locked: variant('locked', 'forbidden', 'a mutex built on Atomics.compareExchange, Atomics.wait and Atomics.notify'),
  },
  // Nearly every racing trial ends at a different count, so the histogram groups the trials by
  // how many increments were lost, by order of magnitude.
  observe: (shared, { tasks }) => lostBucket(tasks * INCREMENTS - Atomics.load(new Int32Array(shared.buffer), COUNTER), tasks),
  outcomes: [
    { value: 'none lost', grade: 'correct', description: 'every increment kept' },
    { match: (v) => typeof v === 'string' && v.startsWith('lost '), grade: 'race', description: 'other threads stored in between' },
  ],
});

/**
 * "none lost", "lost 1–9", "lost 10–99", ... The last bucket ends at the largest possible loss:
 * every thread's last store writes what it read plus one, and n ≥ 2 threads of k increments
 * cannot end below 2, so at most n·k − 2 are lost ("lost 10,000–39,998" for 4 threads).
 */
export function lostBucket(lost: number, tasks: number): string {
  if (lost === 0) return 'none lost';
  if (lost < 0) return `${-lost} too many`;
  const low = 10 ** Math.floor(Math.log10(lost));
  const high = Math.min(low * 10 - 1, Math.max(low, tasks * INCREMENTS - 2));
  return `lost ${low.toLocaleString('en-US')}–${high.toLocaleString('en-US')}`;
}

// The slots are named once above for readers; the worker repeats them because it cannot import.
void [ARRIVED, GO, MUTEX];
