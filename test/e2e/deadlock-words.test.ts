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
