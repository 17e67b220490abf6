/**
 * A misspelt field is refused, naming it: an outcome written `vaule: 2` has neither `value` nor
 * `match`, so without this check it is the catch-all and grades every value as its own (a cold
 * tester's module passed `check` with a lock-free "locked" variant that way). An outcome that
 * can never match (two ways to match, after the catch-all, a repeated value) is refused too.
 */
import { describe, expect, it } from 'vitest';
import { defineScenario, ScenarioError } from '../../src/core/scenario.js';
import { runScenario } from '../../src/core/run-scenario.js';

const base = {
  name: 'fields',
  summary: 'a counter',
  setup: () => ({ v: 0 }),
  observe: (s: { v: number }) => s.v,
  outcomes: [
    { value: 2, grade: 'correct' as const, description: 'both kept' },
    { grade: 'race' as const, description: 'an update lost' },
  ],
  variants: {
    v: {
      races: 'allowed' as const,
      run: async (s: { v: number }, t: { yield: () => Promise<void> }) => {
        const c = s.v;
        await t.yield();
        s.v = c + 1;
      },
    },
  },
};

/** The spec with `patch` spread over it, past TypeScript's own check (as an .mjs module is). */
const define = (patch: Record<string, unknown>) => () => defineScenario({ ...base, ...patch } as never);

describe('fields a scenario does not have', () => {
  it('an outcome field: named, with what an outcome takes', () => {
    const typo = define({ outcomes: [{ vaule: 2, grade: 'correct', description: 'both kept' }] });
    expect(typo).toThrow(ScenarioError);
    expect(typo).toThrow(
      'scenario "fields": "outcomes[0].vaule" is not a field of an outcome; accepted: value, match, runner, grade, description',
    );
  });

  it('a field inherited through the prototype, as the checks read it (Object.create)', () => {
    const outcome = Object.assign(Object.create({ vaule: 2 }) as object, { grade: 'correct', description: 'x' });
    expect(define({ outcomes: [outcome] })).toThrow('"outcomes[0].vaule" is not a field of an outcome');
  });

  it('a scenario, a variant or an option field, with the near name where there is one', () => {
    expect(define({ timout: 10 })).toThrow('"timout" is not a field of a scenario (did you mean "timeout"?)');
    expect(define({ variants: { v: { ...base.variants.v, summmary: 'x' } } })).toThrow(
      '"variants.v.summmary" is not a field of a variant (did you mean "summary"?)',
    );
    expect(define({ options: { size: { description: 'a size', defualt: '1' } } })).toThrow(
      '"options.size.defualt" is not a field of an option (did you mean "default"?)',
    );
  });

  it('a schedule no one has, named by its place, with the near name', () => {
    expect(define({ schedules: ['random', 'exhastive'] })).toThrow(
      '"schedules[1]" must be one of random, pct, exhaustive, asyncio, event-loop, timers (did you mean exhaustive?), got "exhastive"',
    );
  });

  it('every field the types declare is accepted', () => {
    const scenario = defineScenario({
      ...base,
      unit: 'increments',
      setting: () => 'memory',
      tasks: 2,
      trials: 10,
      timeout: 1000,
      schedules: ['random', 'exhaustive'],
      options: { size: { description: 'a size', choices: ['1'], default: '1', env: 'SIZE', placeholder: 'n', secret: false } },
      open: () => undefined,
      close: () => {},
      outcomes: [
        { runner: 'deadlock', grade: 'forbidden', description: 'stuck' },
        { value: 2, grade: 'correct', description: 'both kept' },
        { match: (v) => v === 1, grade: 'race', description: 'one lost' },
        { grade: 'forbidden', description: 'anything else' },
      ],
      variants: { v: { ...base.variants.v, summary: 'read, yield, write', available: () => true } },
    });
    expect(scenario.name).toBe('fields');
  });
});

describe('an outcome that can never match', () => {
  it('one with two ways to match', () => {
    expect(define({ outcomes: [{ value: 2, match: () => true, grade: 'correct', description: 'x' }] })).toThrow(
      '"outcomes[0]" has both "value" and "match"',
    );
    expect(define({ outcomes: [{ runner: 'error', value: 2, grade: 'race', description: 'x' }] })).toThrow(
      '"outcomes[0]" has both "runner" and "value"',
    );
  });

  it('one after the catch-all; a runner entry after it still matches, by kind', () => {
    const late = define({
      outcomes: [
        { grade: 'correct', description: 'anything' },
        { value: 1, grade: 'race', description: 'an update lost' },
      ],
    });
    expect(late).toThrow('"outcomes[1]" comes after the catch-all "outcomes[0]"');
    expect(
      define({
        outcomes: [
          { grade: 'correct', description: 'anything' },
          { runner: 'deadlock', grade: 'forbidden', description: 'stuck' },
        ],
      }),
    ).not.toThrow();
  });

  it('a value declared twice is allowed (a computed list may give one): the first entry wins', async () => {
    const scenario = defineScenario({
      ...base,
      tasks: 1,
      outcomes: ({ tasks }) => [
        { value: tasks, grade: 'correct', description: 'the one task counted' },
        { value: 1, grade: 'race', description: 'never read' },
      ],
    });
    const report = await runScenario(scenario, { trials: 3, seed: 1 });
    expect(report.variants[0]?.outcomes.find((o) => o.value === 1)?.grade).toBe('correct');
  });

  it('an outcomes function is held to the same rules when the run asks it', async () => {
    const scenario = defineScenario({
      ...base,
      outcomes: () => [{ vaule: 2, grade: 'correct', description: 'x' }] as never,
    });
    await expect(runScenario(scenario, { trials: 1 })).rejects.toThrow('"outcomes[0].vaule" is not a field of an outcome');
  });
});
