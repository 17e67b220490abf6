/**
 * The texts a scenario gives (its summary, a variant's summary and name, a description, its
 * setting) are printed whole and wrapped: a megabyte of setting was 12,500 header lines and a
 * minute of wrapping, in which Ctrl-C went unanswered. Each is bounded, as a contract.
 */
import { describe, expect, it } from 'vitest';
import { defineScenario, ScenarioError, MAX_TEXT } from '../../src/core/scenario.js';
import { gradeVariant } from '../../src/core/grading.js';

const base = {
  name: 'texts',
  summary: 'bounded texts',
  setup: () => ({}),
  observe: () => 1,
  outcomes: [{ grade: 'correct' as const, description: 'any' }],
  variants: { v: { races: 'allowed' as const, run: async () => {} } },
};

describe('the texts a scenario gives', () => {
  it(`are at most ${MAX_TEXT} characters, or the scenario is refused naming the field`, () => {
    expect(MAX_TEXT).toBe(1000);
    const long = 'x'.repeat(MAX_TEXT + 1);
    expect(() => defineScenario({ ...base, summary: 'x'.repeat(MAX_TEXT) })).not.toThrow();
    expect(() => defineScenario({ ...base, summary: long })).toThrow(/"summary" must be a non-empty string of at most 1000 characters/);
    expect(() => defineScenario({ ...base, variants: { v: { ...base.variants.v, summary: long } } })).toThrow(
      /"variants\.v\.summary" must be a string of at most 1000 characters/,
    );
    expect(() => defineScenario({ ...base, outcomes: [{ grade: 'correct', description: long }] })).toThrow(
      /"outcomes\[0\]\.description" must be a string of at most 1000 characters or a function/,
    );
    expect(() => defineScenario({ ...base, variants: { ['v'.repeat(61)]: base.variants.v } })).toThrow(
      'a variant name must be at most 60 characters, got 61',
    );
  });

  it('a description computed per value is bounded when it is computed', () => {
    const outcomes = [{ grade: 'correct' as const, description: () => 'y'.repeat(MAX_TEXT + 1) }];
    expect(() => gradeVariant(new Map([[1, 1]]), 1, outcomes, 'allowed')).toThrow(ScenarioError);
    expect(() => gradeVariant(new Map([[1, 1]]), 1, outcomes, 'allowed')).toThrow(
      '"outcomes[0].description" must return at most 1000 characters, got 1,001',
    );
  });
});

describe("an outcome's match", () => {
  it('must return true or false: a promise (an async match) or a number is the scenario’s mistake, not a quiet no', () => {
    for (const [returned, what] of [
      [Promise.resolve(true), 'a promise (an async match)'],
      [1, 'number'],
      ['yes', 'string'],
    ] as const) {
      const outcomes = [{ grade: 'correct' as const, description: 'any', match: () => returned as unknown as boolean }];
      expect(() => gradeVariant(new Map([[2, 1]]), 1, outcomes, 'forbidden')).toThrow(
        new ScenarioError(`"outcomes[0].match" must return true or false, got ${what}`),
      );
    }
    const fine = [{ grade: 'correct' as const, description: 'two', match: (v: unknown) => v === 2 }];
    expect(gradeVariant(new Map([[2, 1]]), 1, fine, 'forbidden').verdict).toBe('pass');
  });
});
