import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as LibraryTypes from '../../src/index.js';
import { lockdemoInProcess as lockdemo, ROOT } from './run-built.js';

// One task runs a Promise.all of a 50 ms request that sets the user and a 1 ms one that reads it.
// Its strands are ready at once and resume oldest first under every controlled schedule, so a
// sample never runs the order where the fast request ends first ("hello nobody", forbidden),
// which the model allows and Node.js gives. A sample must say so, and claim no coverage total.
const PIO = 'test/fixtures/strands/parallel-io-proof.mjs';

interface Variant {
  strandOrdersUnexplored?: true;
  coverage?: { distinct: number; total?: number };
  outcomes: Array<{ value: string; count: number }>;
}

function variantOf(stdout: string): Variant {
  const variant = (JSON.parse(stdout) as { variants: Variant[] }).variants[0];
  if (variant === undefined) throw new Error('no variant in the report');
  return variant;
}

describe('random and pct over a task whose own strands are ready at once', () => {
  it('Node.js itself gives the value the sample never ran (the reference)', async () => {
    const node = await lockdemo([PIO, '--schedule', 'event-loop', '--trials', '5', '--json']);
    expect(
      variantOf(node.stdout)
        .outcomes.filter((o) => o.count > 0)
        .map((o) => o.value),
    ).toEqual(['hello nobody']);
  });

  it.each([
    ['random', []],
    ['pct', ['--schedule', 'pct']],
  ])('%s carries the caveat in its JSON and text, and no "of all N" coverage', async (_name, schedule) => {
    const args = [PIO, ...schedule, '--trials', '200', '--seed', '1'];
    const json = await lockdemo([...args, '--json']);
    const variant = variantOf(json.stdout);
    // What the sample ran: the oldest-first order only.
    expect(variant.outcomes.filter((o) => o.count > 0).map((o) => o.value)).toEqual(['hello ann']);
    expect(variant.strandOrdersUnexplored).toBe(true);
    expect(variant.coverage?.total).toBeUndefined();
    const text = await lockdemo(args);
    expect(text.stdout).toMatch(/a task's own strands \(its async functions\) were ready at once/);
    expect(text.stdout).toMatch(/their other orders, which the model allows, were never\s+run/);
    expect(text.stdout).not.toMatch(/of all \d/);
    expect(text.stdout).not.toMatch(/^pass: every variant met its declaration$/m);
  });

  it('a program whose tasks have one strand each carries no caveat', async () => {
    const json = await lockdemo(['counter', '--variant', 'unlocked', '--trials', '200', '--seed', '1', '--json']);
    expect(variantOf(json.stdout).strandOrdersUnexplored).toBeUndefined();
  });
});

describe('the library, whose jobs import the built trial worker', () => {
  it.each([1, 2])('runScenario with jobs: %i carries the caveat for random and pct', async (jobs) => {
    const library = (await import(pathToFileURL(join(ROOT, 'dist/src/index.js')).href)) as typeof LibraryTypes;
    const moduleUrl = pathToFileURL(join(ROOT, PIO)).href;
    const scenario = ((await import(moduleUrl)) as { default: Parameters<typeof library.runScenario>[0] }).default;
    for (const schedule of ['random', 'pct'] as const) {
      const report = await library.runScenario(scenario, { schedule, trials: 200, seed: 1, jobs, moduleUrl });
      expect(report.variants[0]?.strandOrdersUnexplored).toBe(true);
    }
  });
});
