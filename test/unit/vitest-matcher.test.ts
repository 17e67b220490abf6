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
      'expected counter to be race-free, but 84 of 90 interleavings of unlocked ended in a race or a forbidden outcome (every interleaving explored)',
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
    expect(result.message()).toContain(
      `but ${racing} of ${leaves.length} interleavings of withdraw ended in a race or a forbidden outcome`,
    );
    expect([racing, leaves.length]).toEqual([72, 90]);
  });

  it('says so when it was given something other than a scenario', async () => {
    const result = await toBeRaceFree({ name: 'not one' });
    expect(result).toMatchObject({ pass: false });
    expect(result.message()).toBe('toBeRaceFree() expects a scenario made by defineScenario()');
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
