/**
 * A pass that random trials decided is a sample, not a proof, and `check` says so in each of its
 * outputs: before, its text, JSON and JUnit read exactly as a proof's, save the word `random`
 * (a cold tester's module with a lost update that 10,000 trials missed passed so). And a JUnit
 * report counts a variant's deadlocks, as the terminal's line does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockdemoInProcess, ROOT } from './run-built.js';

const TMP = join(ROOT, 'test/.tmp');

describe('check of a variant it had to sample', () => {
  it('says "a sample, not a proof" and why, in the text, the JSON and the JUnit report', async () => {
    const junit = join(TMP, `sampled-${process.pid}.xml`);
    // 36 interleavings, more than 10: the search is cut short, finds nothing forbidden, and random trials decide.
    const args = ['check', 'counter', '--variant', 'locked', '--max-interleavings', '10', '--trials', '500'];
    const [text, json] = await Promise.all([lockdemoInProcess([...args, '--junit', junit]), lockdemoInProcess([...args, '--json'])]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      'PASS  counter › locked    random      races 0/500 trials (races forbidden)\n' +
        '      a sample, not a proof: more interleavings than --max-interleavings, so 500\n' +
        '      trials decided\n',
    );
    const [result] = (JSON.parse(json.stdout) as { results: Array<Record<string, unknown>> }).results;
    expect(result).toMatchObject({ status: 'pass', schedule: 'random', sampled: 'maxInterleavings' });
    expect(readFileSync(junit, 'utf8')).toContain(
      '<system-out>random: races 0/500 trials (races forbidden)\n' +
        'a sample, not a proof: more interleavings than --max-interleavings, so 500 trials decided</system-out>',
    );
  });

  it('says so under asyncio too, where a program that draws from Math.random is run as a sample of programs', async () => {
    // Each asyncio trial of such a program may be another program: 20 of them decided, not the loop's one answer.
    const args = ['check', 'test/fixtures/random-locked.mjs', '--schedule', 'asyncio', '--trials', '20'];
    const [text, json] = await Promise.all([lockdemoInProcess(args), lockdemoInProcess([...args, '--json'])]);
    expect(text.stdout).toContain('a sample, not a proof: it draws from Math.random, so 20 trials decided');
    const [result] = (JSON.parse(json.stdout) as { results: Array<Record<string, unknown>> }).results;
    expect(result).toMatchObject({ schedule: 'asyncio', sampled: 'drewRandom', explored: 20 });
  });

  it('says nothing of a sample where every interleaving was explored', async () => {
    const r = await lockdemoInProcess(['check', 'counter', '--variant', 'locked', '--json']);
    const [result] = (JSON.parse(r.stdout) as { results: Array<Record<string, unknown>> }).results;
    expect(result).toMatchObject({ status: 'pass', schedule: 'exhaustive', complete: true });
    expect(result).not.toHaveProperty('sampled');
  });
});

it('a JUnit report counts the deadlocks of a variant, which are no races', async () => {
  const junit = join(TMP, `deadlocks-${process.pid}.xml`);
  const r = await lockdemoInProcess(['check', 'deadlock', '--variant', 'opposite-order', '--junit', junit]);
  expect(r.stdout).toContain('deadlocks in 4 of 8 interleavings, not counted as races');
  expect(readFileSync(junit, 'utf8')).toContain(
    '<system-out>exhaustive: races 0/8 interleavings (races allowed)\ndeadlocks in 4 of 8 interleavings, not counted as races',
  );
});
