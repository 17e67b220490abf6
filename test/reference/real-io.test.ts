// `t.io` against the reference model (ref-trial.ts: before a pick, every operation in flight is
// awaited, then its task is woken like a settled t.wait, in start order): the interleaving
// total and the count of every outcome must be exactly the model's, for small programs run
// in-process and for `cache --origin http` through the built CLI against its real server.
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, test } from 'vitest';
import { ROOT } from '../e2e/run-built.js';
import { runScenario } from '../../src/core/run-scenario.js';
import { defineScenario, type TaskContext } from '../../src/core/scenario.js';
import { enumerate, loadScenario } from './enumerator.js';
import { runEngineJson, variantsOf } from './engine-json.js';
import type { RefContext, RefScenario } from './ref-trial.js';

/** A real operation of `ms` milliseconds. */
const after = <T>(ms: number, value: T): Promise<T> => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

/** The door both sides share; each side passes its own context. */
type Doors = Pick<RefContext, 'id' | 'label' | 'yield' | 'io'> & { lock: { run<T>(fn: () => Promise<T>): Promise<T> } };

interface Program {
  name: string;
  tasks: number;
  run: (state: { log: string[]; value: number }, t: Doors) => Promise<void>;
}

const programs: Program[] = [
  {
    // The counter with real I/O between its read and its write: the counter's 1/2/3 counts.
    name: 'read, real I/O, write',
    tasks: 3,
    run: async (s, t) => {
      const read = s.value;
      await t.io(after(t.id === 0 ? 8 : 1, null));
      s.value = read + 1;
    },
  },
  {
    // Two operations in a row, of different lengths, and a yield between them.
    name: 'I/O, yield, I/O',
    tasks: 2,
    run: async (s, t) => {
      s.log.push(await t.io(after(t.id === 0 ? 6 : 1, `${t.label.slice(5)}1`)));
      await t.yield();
      s.log.push(await t.io(() => after(t.id === 0 ? 1 : 6, `${t.label.slice(5)}2`)));
    },
  },
  {
    // I/O while holding the lock: the others queue behind it, whatever the I/O takes.
    name: 'I/O under the lock',
    tasks: 3,
    run: async (s, t) => {
      s.log.push(t.label.slice(5));
      await t.lock.run(async () => {
        const read = s.value;
        await t.io(after(3 - t.id, null));
        s.value = read + 1;
      });
      s.log.push(String(s.value));
    },
  },
];

const observe = (s: { log: string[]; value: number }): string => `${s.log.join(' ')} | ${s.value}`;

/** Runs the built CLI's exhaustive search and the model on the same module, variant by variant. */
async function compareWithModel(path: string, args: string[], tasks: number, options?: Record<string, string>): Promise<string[]> {
  const scenario = await loadScenario(path);
  const variants = Object.keys(scenario.variants);
  // The engine (in its worker, with its servers) and the model (here, with its own) at the same
  // time: both wait on real I/O for most of their time, and neither's counts depend on timing.
  const [run, models] = await Promise.all([
    runEngineJson([...args, '--schedule', 'exhaustive', '--tasks', String(tasks)], 120_000),
    (async () => {
      const done = [];
      for (const variant of variants) {
        done.push({ variant, model: await enumerate(scenario, variant, { tasks, ...(options ? { options } : {}) }) });
      }
      return done;
    })(),
  ]);
  const engine = variantsOf(run, `${args.join(' ')} --tasks ${tasks}`);
  const mismatches: string[] = [];
  for (const { variant, model } of models) {
    const got = engine.get(variant);
    const want = { interleavings: model.interleavings, complete: model.complete, counts: Object.fromEntries(model.counts) };
    const have = got && { interleavings: got.interleavings, complete: got.complete, counts: Object.fromEntries(got.counts) };
    if (!isDeepStrictEqual(have, want)) mismatches.push(`${variant}: model ${JSON.stringify(want)}, lockdemo ${JSON.stringify(have)}`);
  }
  return mismatches;
}

// Side by side: every test waits on real timers and servers for most of its time, and what it
// asserts (interleavings and counts) does not depend on how long any operation takes.
describe.concurrent('t.io against the model', () => {
  describe.each(programs.map((p) => [p.name, p] as const))('%s', (_name, program) => {
    test('exhaustive matches the model', async () => {
      const reference: RefScenario = {
        name: 'inline',
        tasks: program.tasks,
        setup: () => ({ log: [], value: 0 }),
        variants: { v: { run: (state, t) => program.run(state as { log: string[]; value: number }, t) } },
        observe: (state) => observe(state as { log: string[]; value: number }),
      };
      const engine = defineScenario({
        name: 'inline',
        summary: 'a program with real I/O',
        tasks: program.tasks,
        setup: () => ({ log: [] as string[], value: 0 }),
        variants: { v: { races: 'allowed', run: (state, t: TaskContext) => program.run(state, t) } },
        observe,
        outcomes: [{ match: () => true, grade: 'correct', description: 'seen' }],
      });
      const model = await enumerate(reference, 'v');
      const report = await runScenario(engine, { schedule: 'exhaustive' });
      const v = report.variants[0]!;
      const counts = Object.fromEntries(v.outcomes.filter((o) => o.count > 0).map((o) => [JSON.stringify(o.value), o.count]));
      expect(model.complete).toBe(true);
      expect({ interleavings: v.trials, complete: v.complete, counts }).toEqual({
        interleavings: model.interleavings,
        complete: true,
        counts: Object.fromEntries(model.counts),
      });
    });
  });

  test('the model itself: the counter with t.io for its yield has the counter’s 90 interleavings and counts', async () => {
    // t.io is one point per task, as t.yield is: 2 steps per task, 6!/(2!)^3 = 90 interleavings,
    // and the counts reference-self.test.ts derives for the yielding counter.
    const reference: RefScenario = {
      name: 'inline',
      tasks: 3,
      setup: () => ({ value: 0 }),
      variants: {
        v: {
          run: async (state, t) => {
            const s = state as { value: number };
            const read = s.value;
            await t.io(after(1, null));
            s.value = read + 1;
          },
        },
      },
      observe: (state) => (state as { value: number }).value,
    };
    const model = await enumerate(reference, 'v');
    expect(model.interleavings).toBe(90);
    expect(Object.fromEntries(model.counts)).toEqual({ 1: 48, 2: 36, 3: 6 });
  });

  describe('real servers, through the built CLI, against the model (on the same servers)', () => {
    test.for([2, 3])('cache --origin http, %d tasks: exhaustive matches the model', async (tasks) => {
      const path = join(ROOT, 'dist', 'scenarios', 'cache.js');
      expect(await compareWithModel(path, ['cache', '--origin', 'http'], tasks, { origin: 'http' })).toEqual([]);
    });

    test('the README example, test/fixtures/http-visits.mjs: exhaustive matches the model', async () => {
      const path = join(ROOT, 'test', 'fixtures', 'http-visits.mjs');
      expect(await compareWithModel(path, ['test/fixtures/http-visits.mjs'], 2)).toEqual([]);
    });
  });
});
