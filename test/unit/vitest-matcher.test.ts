import { describe, expect, it } from 'vitest';
import '../../src/vitest.js';
import { toBeRaceFree } from '../../src/vitest.js';
import counter from '../../scenarios/counter.js';
import readOnly from '../../scenarios/read-only.js';
import { defineScenario } from '../../src/index.js';

describe('lockdemo/vitest: toBeRaceFree', () => {
  it('passes for a variant that never races under any interleaving', async () => {
    await expect(counter).toBeRaceFree({ variants: ['locked'] });
    await expect(readOnly).toBeRaceFree();
  });

  it('fails for a racing variant with the smallest interleaving traced and its replay', async () => {
    const result = await toBeRaceFree(counter, { variants: ['unlocked'], file: 'scenarios/counter.mjs' });
    expect(result.pass).toBe(false);
    const message = result.message();
    expect(message).toContain(
      'expected counter to be race-free, but 84 of 90 interleavings of unlocked ended in a race (every interleaving explored)',
    );
    expect(message).toContain('the smallest racing interleaving needs 1 preemption:');
    expect(message).toContain('replay: "A A C B B C"');
    expect(message).toMatch(/write\s+value\s+=\s+2\s+✗\s+overwrites\s+task_B's\s+2/);
    expect(message).toContain('replay: lockdemo scenarios/counter.mjs --variant unlocked --replay "A A C B B C"');
    expect(message).toContain(`replay in code: await replayTrial(scenario, { variant: "unlocked", schedule: "A A C B B C" })`);
  });

  it('is registered: .not passes for a racing scenario, and a failing assertion throws the message', async () => {
    await expect(counter).not.toBeRaceFree({ variants: ['unlocked'] });
    await expect(expect(counter).toBeRaceFree()).rejects.toThrow(/84 of 90 interleavings of unlocked ended in a race/);
  });

  it('counts the racing interleavings of an unguarded wallet as a brute-force model does', async () => {
    // The model: a task checks balance >= 10; if so it parks (a scheduling point) and then
    // subtracts 10, else it ends at once. Every order of the steps, counted, with its final balance.
    const leaves: number[] = [];
    const walk = (pc: number[], balance: number): void => {
      const ready = pc.flatMap((p, task) => (p < 2 ? [task] : []));
      if (ready.length === 0) return void leaves.push(balance);
      for (const task of ready) {
        const next = [...pc];
        if (pc[task] === 0) next[task] = balance >= 10 ? 1 : 2;
        else next[task] = 2;
        walk(next, pc[task] === 1 ? balance - 10 : balance);
      }
    };
    walk([0, 0, 0], 20);
    const racing = leaves.filter((b) => b !== 0).length;
    const wallet = defineScenario({
      name: 'wallet',
      summary: 'three withdrawals of 10 from 20',
      tasks: 3,
      setup: () => ({ balance: 20 }),
      variants: {
        withdraw: {
          races: 'forbidden',
          run: async (w, t) => {
            if (w.balance >= 10) {
              await t.sleep(5);
              w.balance -= 10;
            }
          },
        },
      },
      observe: (w) => w.balance,
      outcomes: [{ value: 0, grade: 'correct', description: 'two paid, one refused' }],
    });
    const result = await toBeRaceFree(wallet);
    expect(result.message()).toContain(`but ${racing} of ${leaves.length} interleavings of withdraw ended in a forbidden outcome`);
    expect([racing, leaves.length]).toEqual([72, 90]);
  });

  it('throws when it was given something other than a scenario, so that .not fails too', async () => {
    const message = 'toBeRaceFree() expects a scenario made by defineScenario() (the default export of its module)';
    await expect(toBeRaceFree({ name: 'not one' })).rejects.toThrow(message);
    await expect(expect({ name: 'not one' }).not.toBeRaceFree()).rejects.toThrow(message);
  });

  it('keeps a race that a search cut short found, instead of passing on random trials that miss it', async () => {
    const first = (await import('../fixtures/first-interleavings.mjs')).default;
    const result = await toBeRaceFree(first, { maxInterleavings: 1000, file: 'first.mjs' });
    expect(result.pass).toBe(false);
    expect(result.message()).toContain(
      'but 1000 of 1000 interleavings of v ended in a forbidden outcome (the first 1000 interleavings only: the search stopped at maxInterleavings 1000)',
    );
    expect(result.message()).toContain('replay: lockdemo first.mjs --variant v --replay "A A A A A A');
  });

  it("never calls trial 1's program a proof for the others: a setup that reads its trial index is sampled", async () => {
    const dependent = defineScenario({
      name: 'trial-dependent',
      summary: 'racy only after the first trial',
      tasks: 2,
      setup: ({ trial }) => ({ x: 0, racy: trial > 0 }),
      variants: {
        v: {
          races: 'forbidden',
          run: async (s, t) => {
            const step = async () => {
              const c = s.x;
              await t.yield();
              s.x = c + 1;
            };
            await (s.racy ? step() : t.lock.run(step));
          },
        },
      },
      observe: (s) => s.x,
      outcomes: [{ value: 2, grade: 'correct', description: 'both kept' }],
    });
    const result = await toBeRaceFree(dependent, { trials: 200, file: 'dep.mjs' });
    expect(result.pass).toBe(false);
    expect(result.message()).toMatch(
      /of 200 trials of v ended in a forbidden outcome \(200 random trials, seed 1: a sample, not a proof, after every interleaving of trial 1's program only/,
    );
    // The trial is replayed as the trial it was: its index reaches setup.
    expect(result.message()).toMatch(/--replay "[AB ]+" --replay-trial \d+/);
  });

  it('fails on a deadlock, even one the scenario declares allowed', async () => {
    const crossed = defineScenario({
      name: 'crossed',
      summary: 'two locks taken in opposite orders',
      tasks: 2,
      setup: () => ({}),
      variants: {
        v: {
          races: 'allowed',
          run: async (_s, t) => {
            const [a, b] = t.id === 0 ? ['x', 'y'] : ['y', 'x'];
            await t.lockNamed(a).run(async () => {
              await t.yield(); // the other task may take its first lock here
              await t.lockNamed(b).run(() => t.yield());
            });
          },
        },
      },
      observe: () => 'done',
      outcomes: [
        { value: 'done', grade: 'correct', description: 'both finished' },
        { runner: 'deadlock', grade: 'race', description: 'each holds what the other needs' },
      ],
    });
    const result = await toBeRaceFree(crossed);
    expect(result.pass).toBe(false);
    expect(result.message()).toMatch(/ended in a deadlock \(every interleaving explored\)/);
  });

  it('throws when no variant could run, rather than pass having checked nothing', async () => {
    const unavailable = defineScenario({
      name: 'unavailable',
      summary: 'a variant that never runs here',
      tasks: 2,
      setup: () => ({}),
      variants: { v: { races: 'forbidden', available: () => 'needs a service', run: async (_s, t) => t.yield() } },
      observe: () => 1,
      outcomes: [{ value: 1, grade: 'correct', description: 'fine' }],
    });
    await expect(toBeRaceFree(unavailable)).rejects.toThrow(
      /no variant of unavailable could run, so nothing was checked \(v: needs a service\)/,
    );
    await expect(expect(unavailable).not.toBeRaceFree()).rejects.toThrow(/nothing was checked/);
  });

  it('replays with the tasks and options it checked', async () => {
    const sized = defineScenario({
      name: 'sized',
      summary: 'read-modify-write, size times',
      tasks: 2,
      options: { size: { description: 'increments per task', default: '1' } },
      setup: ({ options }) => ({ x: 0, size: Number(options.size) }),
      variants: {
        racy: {
          races: 'forbidden',
          run: async (s, t) => {
            for (let i = 0; i < s.size; i++) {
              const c = s.x;
              await t.yield();
              s.x = c + 1;
            }
          },
        },
      },
      observe: (s) => s.x,
      outcomes: 'serializable',
    });
    const message = (await toBeRaceFree(sized, { tasks: 3, options: { size: '2' }, file: 'sized.mjs' })).message();
    const schedule = /--replay "([A-C ]+)"/.exec(message)?.[1];
    expect(message).toContain(`replay: lockdemo sized.mjs --size 2 --variant racy --tasks 3 --replay "${schedule}"`);
    expect(message).toContain(
      `replay in code: await replayTrial(scenario, { variant: "racy", schedule: "${schedule}", tasks: 3, options: { size: "2" } })`,
    );
  });

  it("says a search that left one task's strand orders out is no proof, and fails it under proof", async () => {
    const strands = (await import('../fixtures/strands/parallel-io-proof.mjs')).default;
    const result = await toBeRaceFree(strands);
    expect(result.pass).toBe(true);
    expect(result.message()).toContain(
      "every order of the tasks explored, but not every order of one task's own strands ready at once: not a proof",
    );
    const proof = await toBeRaceFree(strands, { proof: true });
    expect(proof.pass).toBe(false);
    // No budget reaches a strand order: the advice does not send the user to raise one.
    expect(proof.message()).toContain('no bound changes that: drop proof to accept what was checked');
    expect(proof.message()).not.toContain('raise maxInterleavings');
  });

  it('counts each bad interleaving once, where a variant that forbids races counts a race as forbidden too', async () => {
    const rmw = defineScenario({
      name: 'rmw',
      summary: 'read-modify-write',
      tasks: 2,
      setup: () => ({ x: 0 }),
      variants: {
        racy: {
          races: 'forbidden',
          run: async (s, t) => {
            const c = s.x;
            await t.yield();
            s.x = c + 1;
          },
        },
      },
      observe: (s) => s.x,
      outcomes: [
        { value: 2, grade: 'correct', description: 'both kept' },
        { value: 1, grade: 'race', description: 'one lost' },
      ],
    });
    const message = (await toBeRaceFree(rmw)).message();
    expect(message).toContain('but 4 of 6 interleavings of racy ended in a race or a forbidden outcome');
  });

  it('refuses a misspelt option rather than ignore it', async () => {
    await expect(toBeRaceFree(counter, { trails: 10 } as never)).rejects.toThrow(
      'toBeRaceFree() has no option trails (did you mean trials?)',
    );
  });

  it('with proof, fails where it could only sample', async () => {
    const result = await toBeRaceFree(counter, { variants: ['locked'], tasks: 6, maxInterleavings: 100, trials: 100, proof: true });
    expect(result.pass).toBe(false);
    expect(result.message()).toMatch(/^expected a proof that counter is race-free, but locked was not explored completely/);
    expect((await toBeRaceFree(counter, { variants: ['locked'], proof: true })).pass).toBe(true);
  });

  it('samples, and says so, when there are too many interleavings to explore', async () => {
    const wide = defineScenario({
      name: 'wide',
      summary: 'six tasks increment under a lock',
      tasks: 6,
      setup: () => ({ n: 0 }),
      variants: {
        locked: {
          races: 'forbidden',
          run: (s, t) =>
            t.lock.run(async () => {
              const c = s.n;
              await t.yield();
              s.n = c + 1;
            }),
        },
      },
      observe: (s) => s.n,
      outcomes: [{ value: 6, grade: 'correct', description: 'all kept' }],
    });
    const result = await toBeRaceFree(wide, { maxInterleavings: 100, trials: 200 });
    expect(result.pass).toBe(true);
    expect(result.message()).toContain('200 random trials, seed 1: a sample, not a proof');
  });
});
