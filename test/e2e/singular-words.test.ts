import { expect, it } from 'vitest';
import { lockdemoInProcess } from './run-built.js';

// One of a thing is said in the singular, wherever a count can be 1.

it('a step limit of 1 is "more than 1 scheduling step"', async () => {
  const r = await lockdemoInProcess(['counter', '--max-steps', '1', '--trials', '2', '--seed', '1', '--variant', 'locked']);
  expect(r.stdout).toContain('more than 1 scheduling step');
  expect(r.stdout).not.toContain('1 scheduling steps');
});

it('a search cut after 1 interleaving says "1 interleaving"', async () => {
  const r = await lockdemoInProcess(['counter', '--schedule', 'exhaustive', '--max-interleavings', '1', '--variant', 'unlocked']);
  expect(r.stdout.replace(/\s+/g, ' ')).toContain('search cut short after 1 interleaving: the verdict covers only those');
});

it('--variant locked,locked runs locked once, and its reproduce line names it once', async () => {
  const r = await lockdemoInProcess(['counter', '--variant', 'locked,locked', '--trials', '10', '--seed', '1']);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('reproduce: lockdemo counter --trials 10 --seed 1 --variant locked\n');
});
