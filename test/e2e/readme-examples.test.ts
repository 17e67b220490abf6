import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockdemo, lockdemoInProcess, ROOT } from './run-built.js';

/**
 * The README's sample outputs are real runs. Every block that starts with one of these
 * commands must be exactly what the built CLI prints for it today (they are deterministic:
 * a fixed seed, a replay, an exhaustive search). Regenerate a block by running its command.
 */
const DETERMINISTIC = [
  'counter --trials 1000 --seed 12345',
  'counter --variant unlocked --replay "C A B C A B"',
  'counter --schedule exhaustive --variant unlocked',
  'deadlock --variant opposite-order --replay "A B B A"',
  'counter --schedule event-loop',
  'counter --seed 7 --variant locked --trace',
  'check counter test/fixtures/broken-lock.mjs',
  'help cache',
];

/** The README's blocks: the command after `$ npx lockdemo ` and the text printed below it. */
export function readmeSamples(readme: string): Map<string, string> {
  const samples = new Map<string, string>();
  for (const match of readme.matchAll(/```\n\$ npx lockdemo (.*)\n([\s\S]*?)```/g)) samples.set(match[1]!, match[2]!);
  return samples;
}

/** Splits a command line as a POSIX shell would for these simple cases (double quotes only). */
function argv(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

describe('the README sample outputs', () => {
  const samples = readmeSamples(readFileSync(join(ROOT, 'README.md'), 'utf8'));

  it.each(DETERMINISTIC)('$ npx lockdemo %s', async (command) => {
    const sample = samples.get(command);
    expect(sample, `the README has no sample of "${command}"`).toBeDefined();
    const run = await lockdemoInProcess(argv(command));
    expect(run.stdout).toBe(sample);
  });
});

/**
 * Samples of real concurrency (threads, processes) differ from run to run: their counts are
 * not repeatable, but everything else is. Every line of such a sample without a count in it
 * (the header, the variant titles, the column titles, skipped variants, the footer) must be
 * exactly what the CLI prints today.
 */
const REAL_CONCURRENCY = ['threads', 'processes'];

function fixedLines(text: string): string[] {
  return (
    text
      .split('\n')
      .filter((line) => line !== '...' && !line.includes('%') && !line.startsWith('  also declared'))
      // Column widths follow the values seen, so spacing is not compared.
      .map((line) => line.trim().replace(/\s+/g, ' '))
  );
}

describe('the README samples of real concurrency', () => {
  const samples = readmeSamples(readFileSync(join(ROOT, 'README.md'), 'utf8'));

  it.each(REAL_CONCURRENCY)(
    '$ npx lockdemo %s: every line without a count is as printed',
    async (command) => {
      const sample = samples.get(command);
      expect(sample, `the README has no sample of "${command}"`).toBeDefined();
      const run = await lockdemo(argv(command));
      const printed = new Set(fixedLines(run.stdout));
      for (const line of fixedLines(sample!)) expect(printed, `README line: ${JSON.stringify(line)}`).toContain(line);
    },
    120_000,
  );
});
