import { readFileSync } from 'node:fs';
import { gradeVariant } from '../../src/core/grading.js';
import { HANG, stepLimitOutcome, type TrialValue } from '../../src/core/runner-outcomes.js';
import { describe, expect, it } from 'vitest';
import { defineScenario, ScenarioError } from '../../src/core/scenario.js';
import { replayTrial, RunOptionError, runScenario, type ReplayOptions, type RunOptions } from '../../src/core/run-scenario.js';

/** A two-task scenario whose `observe` returns `value` (cast: the types would refuse it). */
function observing(value: unknown) {
  return defineScenario({
    name: 'observes',
    summary: 'observe returns what the test gives',
    tasks: 2,
    trials: 5,
    setup: () => ({ n: 0 }),
    variants: {
      only: {
        races: 'allowed',
        run: async (s, t) => {
          await t.yield();
          s.n++;
        },
      },
    },
    observe: () => value as number,
    outcomes: [{ grade: 'correct', description: 'anything' }],
  });
}

describe('observe: the library refuses what the CLI refuses, in the same words', () => {
  const object = 'scenario "observes": "observe" must return a number or a string, got an object';
  it.each(['random', 'exhaustive', 'asyncio', 'event-loop', 'timers'] as const)('runScenario under %s', async (schedule) => {
    const run = runScenario(observing({ x: 2 }), { schedule, seed: 1, ...(schedule === 'exhaustive' ? {} : { trials: 5 }) });
    await expect(run).rejects.toThrow(ScenarioError);
    await expect(run).rejects.toThrow(object);
  });

  it('replayTrial', async () => {
    await expect(replayTrial(observing({ x: 2 }), { schedule: 'A A B B' })).rejects.toThrow(object);
  });

  it('a string over the length limit, and values that are neither numbers nor strings', async () => {
    await expect(runScenario(observing('x'.repeat(10_001)), { seed: 1 })).rejects.toThrow(
      'scenario "observes": "observe" must return a number or a string of at most 10,000 characters, got 10,001 characters',
    );
    await expect(runScenario(observing(undefined), { seed: 1 })).rejects.toThrow('must return a number or a string, got nothing');
    await expect(runScenario(observing(2n), { seed: 1 })).rejects.toThrow('got a BigInt (2n)');
  });

  it('numbers and strings still run', async () => {
    const report = await runScenario(observing('fine'), { seed: 1 });
    expect(report.variants[0]?.outcomes.map((o) => [o.value, o.count])).toEqual([['fine', 5]]);
  });
});

describe('runScenario and replayTrial refuse bad input with one sentence naming the option', () => {
  const scenario = observing(1);
  const refusal = async (run: () => Promise<unknown>): Promise<unknown> => {
    try {
      await run();
    } catch (error) {
      return error;
    }
    throw new Error('no error');
  };

  it('an unknown option, with the one meant when it is close', async () => {
    const error = await refusal(() => runScenario(scenario, { trails: 10 } as RunOptions));
    expect(error).toBeInstanceOf(RunOptionError);
    expect((error as Error).message).toBe('runScenario() has no option trails (did you mean trials?)');
    const far = await refusal(() => runScenario(scenario, { parallelism: 2 } as RunOptions));
    expect((far as Error).message).toMatch(/^runScenario\(\) has no option parallelism \(its options: trials, seed, schedule, variants, /);
    // A key of every object's prototype is not an option either.
    expect(await refusal(() => runScenario(scenario, JSON.parse('{"toString": 1}') as RunOptions))).toBeInstanceOf(RunOptionError);
  });

  it('variants as a string: an array of names is wanted', async () => {
    const error = await refusal(() => runScenario(scenario, { variants: 'only' } as unknown as RunOptions));
    expect(error).toBeInstanceOf(RunOptionError);
    expect((error as Error).message).toBe(`variants must be an array of variant names, such as ['locked'], got "only"`);
  });

  it('a number given as a string is shown as the string it is ("got 100" hid it)', async () => {
    const trials = await refusal(() => runScenario(scenario, { trials: '100' } as unknown as RunOptions));
    expect((trials as Error).message).toBe('trials must be an integer from 1 to 1e9, got "100"');
    const seed = await refusal(() => runScenario(scenario, { seed: '5' } as unknown as RunOptions));
    expect((seed as Error).message).toBe('seed must be an integer from 0 to 2^53 - 1, got "5"');
    const fraction = await refusal(() => runScenario(scenario, { trials: 1.5 }));
    expect((fraction as Error).message).toBe('trials must be an integer from 1 to 1e9, got 1.5');
  });

  it('something that defineScenario did not make', async () => {
    const error = await refusal(() => runScenario({ name: 'x' } as unknown as typeof scenario));
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as Error).message).toBe(`runScenario(): not a scenario made by defineScenario() from 'lockdemo' (got an object)`);
    const replay = await refusal(() => replayTrial(undefined as unknown as typeof scenario, { schedule: 'A B' }));
    expect((replay as Error).message).toBe(`replayTrial(): not a scenario made by defineScenario() from 'lockdemo' (got nothing)`);
  });

  it('options that are not an object', async () => {
    const error = await refusal(() => runScenario(scenario, null as unknown as RunOptions));
    expect(error).toBeInstanceOf(RunOptionError);
    expect((error as Error).message).toBe('runScenario() takes its options as an object (or none), got null');
  });

  it('replayTrial without a schedule, or with one of the wrong kind', async () => {
    for (const options of [{}, { schedule: 3 }, { schedule: [0, 'B'] }]) {
      const error = await refusal(() => replayTrial(scenario, options as ReplayOptions));
      expect(error).toBeInstanceOf(RunOptionError);
      expect((error as Error).message).toMatch(
        /^replayTrial\(\) needs schedule: a replay string such as "A B A B" or an array of task ids such as \[0, 1, 0, 1\], got /,
      );
    }
    const typo = await refusal(() => replayTrial(scenario, { schedule: 'A A B B', varaint: 'only' } as ReplayOptions));
    expect((typo as Error).message).toBe('replayTrial() has no option varaint (did you mean variant?)');
    // Both forms still replay.
    expect((await replayTrial(scenario, { schedule: 'A A B B' })).value).toBe(1);
    expect((await replayTrial(scenario, { schedule: [0, 0, 1, 1] })).value).toBe(1);
  });

  it('trials under exhaustive: refused, as RunOptions.trials documents', async () => {
    const error = await refusal(() => runScenario(scenario, { schedule: 'exhaustive', trials: 10 }));
    expect(error).toBeInstanceOf(RunOptionError);
    expect((error as Error).message).toMatch(/^trials does not apply to the exhaustive schedule/);
    const doc = readFileSync(new URL('../../src/core/run-options.ts', import.meta.url), 'utf8');
    expect(doc).not.toMatch(/Ignored by `exhaustive`/);
    expect(doc).toMatch(/`exhaustive` refuses it \(a RunOptionError\)/);
  });

  it('messages name the library option, not the CLI flag', async () => {
    const io = defineScenario({
      name: 'io-only',
      summary: 'awaits real I/O',
      tasks: 1,
      schedules: ['timers'],
      setup: () => ({}),
      variants: { only: { races: 'allowed', run: async () => {} } },
      observe: () => 1,
      outcomes: [{ grade: 'correct', description: 'anything' }],
    });
    const schedule = await refusal(() => runScenario(io, { schedule: 'random' }));
    // The scenario's reason is not lockdemo's to guess (it said "its tasks await real I/O" of any).
    expect((schedule as Error).message).toBe('io-only runs under the timers schedule only: its "schedules" does not list random');
    const replay = await refusal(() => replayTrial(io, { schedule: 'A' }));
    expect((replay as Error).message).toMatch(/^io-only runs under the timers schedule only with these options/);
    for (const message of [(schedule as Error).message, (replay as Error).message]) expect(message).not.toContain('--');
    const slow = defineScenario({
      name: 'slow',
      summary: 'never ends in time',
      tasks: 1,
      setup: () => ({}),
      variants: { only: { races: 'allowed', run: () => new Promise<void>((resolve) => setTimeout(resolve, 2000).unref()) } },
      observe: () => 1,
      outcomes: [{ grade: 'correct', description: 'anything' }],
    });
    const report = await runScenario(slow, { schedule: 'event-loop', timeoutMs: 20, trials: 1 });
    expect(report.variants[0]?.outcomes.filter((o) => o.count > 0).map((o) => String(o.value))).toEqual([
      'hang: no end within 20 ms (timeoutMs)',
    ]);
  });
});

describe("the runner's own outcomes, described for a library caller", () => {
  it('name maxSteps and timeoutMs, not the CLI flags', () => {
    const graded = gradeVariant(
      new Map<TrialValue, number>([
        [stepLimitOutcome(40), 1],
        [HANG, 1],
      ]),
      2,
      [],
      'allowed',
    );
    expect(graded.outcomes.map((o) => [String(o.value), o.description])).toEqual([
      ['hang', 'the trial did not finish within timeoutMs'],
      ['step-limit: more than 40 scheduling steps (maxSteps)', 'the trial did not end within maxSteps scheduling steps'],
    ]);
  });
});
