/**
 * A deadlock is shown as what it is. test/fixtures/holder-ends.mjs deadlocks without a cycle:
 * task_A ends holding the lock, task_B waits for it. The words must not describe a cycle that is
 * not there ("each waits for a lock another holds") nor a second blocked task ("neither").
 */
import { expect, it } from 'vitest';
import { lockdemoInProcess } from './run-built.js';

it('describes a deadlock on a lock whose holder has ended without a cycle or a second waiter', async () => {
  const r = await lockdemoInProcess(['test/fixtures/holder-ends.mjs', '--variant', 'leak', '--replay', 'A B B']);
  expect(r.stdout).toMatch(/result deadlock/);
  const words = r.stdout.replace(/\n +/g, ' ');
  expect(words).not.toContain('each waits for a lock another holds');
  expect(words).not.toContain('neither can go on');
});

it('never counts a deadlock in the odds of a race: it has odds of its own, text and JSON', async () => {
  // Two tasks take two locks in opposite orders. Under random, the first step takes one lock;
  // the deadlock comes exactly when the next step is the other task's (probability 1/2).
  const args = ['deadlock', '--schedule', 'exhaustive', '--variant', 'opposite-order'];
  const json = await lockdemoInProcess([...args, '--json']);
  const v = (JSON.parse(json.stdout) as { variants: Array<{ raceCount: number; randomOdds?: { race: number; deadlock?: number } }> })
    .variants[0];
  expect(v?.raceCount).toBe(0);
  expect(v?.randomOdds?.race).toBe(0);
  expect(v?.randomOdds?.deadlock).toBeCloseTo(0.5, 12);
  const text = await lockdemoInProcess(args);
  expect(text.stdout.replace(/\n +/g, ' ')).toContain(
    // 4 of 8 interleavings, and odds of 1/2: the same figure, so no "not equally likely" beside it.
    'deadlocks in 4 of 8 interleavings (50.0%), not counted as races a random trial deadlocks with probability 50.0%, as the share',
  );
  expect(text.stdout).not.toContain('races with probability');
});
