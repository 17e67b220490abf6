/**
 * The main thread's check of a variant's figures (tally-check.ts): the worker counts in the
 * scenario's realm, so figures that do not add up must end the run as the scenario's error,
 * never become a verdict. The figures here are written by hand.
 */
import { describe, expect, it } from 'vitest';
import { checkTally } from '../../src/cli/contain/tally-check.js';
import { tallyMismatch, type Figures } from '../../src/core/figures.js';
import { CliError } from '../../src/cli/exit-codes.js';
import { gradeVariant } from '../../src/core/grading.js';

const row = (value: number, count: number, grade: 'correct' | 'race' | 'forbidden') => ({ value, count, grade, description: '' });
const figures = (over: Partial<Figures> = {}): Figures => ({
  outcomes: [row(2, 7, 'correct'), row(1, 3, 'forbidden')],
  raceCount: 3,
  deadlockCount: 0,
  forbiddenCount: 3,
  verdict: 'fail',
  ...over,
});

describe('the figures of a variant', () => {
  it('agree when they add up to the trials, as the grading of real counts does', () => {
    expect(tallyMismatch(figures(), 10)).toBeUndefined();
    const graded = gradeVariant(
      new Map([
        [1, 3],
        [2, 7],
      ]),
      10,
      [{ value: 2, grade: 'correct', description: 'kept' }],
      'forbidden',
    );
    expect(tallyMismatch(graded, 10)).toBeUndefined();
  });

  it('do not agree when a first forbidden trial stands beside rows that forbid nothing (grades relabelled)', () => {
    const relabelled = figures({ outcomes: [row(2, 7, 'correct'), row(1, 3, 'correct')], forbiddenCount: 0, verdict: 'pass' });
    expect(tallyMismatch(relabelled, 10)).toBeUndefined();
    expect(tallyMismatch({ ...relabelled, firstForbidden: { trial: 2, value: 1 } }, 10)).toBe(
      'a first forbidden trial, and no forbidden one',
    );
  });

  it('do not agree when the rows count fewer trials than ran (a Map.prototype.set stub counted none)', () => {
    expect(
      tallyMismatch(figures({ outcomes: [row(2, 0, 'correct'), row(1, 0, 'race')], forbiddenCount: 0, raceCount: 0, verdict: 'pass' }), 20),
    ).toBe('20 trials ran, 0 counted');
  });

  it('do not agree when a total or the verdict contradicts the rows', () => {
    expect(tallyMismatch(figures({ forbiddenCount: 0 }), 10)).toBe('3 forbidden in its rows, 0 in its total');
    expect(tallyMismatch(figures({ verdict: 'pass' }), 10)).toBe('a verdict of pass with 3 forbidden');
    expect(tallyMismatch(figures({ raceCount: 11 }), 10)).toBe('11 races in 10 trials');
    expect(tallyMismatch(figures({ deadlockCount: 1 }), 10)).toBe('0 deadlocks in its rows, 1 in its total');
    expect(tallyMismatch(figures({ outcomes: [row(2, 12, 'correct'), row(1, -2, 'forbidden')] }), 10)).toBe('a count of -2');
  });

  it('that do not agree end the run as the scenario’s error (exit 3), naming the variant', () => {
    const broken = figures({ outcomes: [], forbiddenCount: 0, raceCount: 0, verdict: 'pass' });
    expect(() => checkTally('ff', 'only', broken, 20)).toThrow(CliError);
    expect(() => checkTally('ff', 'only', broken, 20)).toThrow(
      'scenario "ff": the counts of only do not add up (20 trials ran, 0 counted)',
    );
    try {
      checkTally('ff', 'only', broken, 20);
    } catch (error) {
      expect((error as CliError).kind).toBe('scenario');
    }
  });
});

describe('figures that do not add up, on the library path', () => {
  it('end the run as the scenario’s error there too: checkScenario passed a stubbed Map.prototype.set', async () => {
    const { checkScenario } = await import('../../src/core/check.js');
    const { defineScenario, ScenarioError } = await import('../../src/core/scenario.js');
    const set = Object.getOwnPropertyDescriptor(Map.prototype, 'set')!;
    // The stub is in place from `observe` (just before lockdemo counts the value) to the next
    // `setup`: the counting of every trial sees it, and nothing else in this test does.
    const stubbed = defineScenario({
      name: 'stubbed-counting',
      summary: 'replaces Map.prototype.set while its values are counted',
      tasks: 2,
      setup: () => {
        Object.defineProperty(Map.prototype, 'set', set);
        return { value: 0 };
      },
      variants: {
        only: {
          races: 'forbidden',
          run: async (s, t) => {
            const v = s.value;
            await t.yield();
            s.value = v + 1;
          },
        },
      },
      observe: (s) => {
        Map.prototype.set = function stub(this: Map<unknown, unknown>) {
          return this;
        };
        return s.value;
      },
      outcomes: [{ value: 2, grade: 'correct', description: 'both kept' }],
    });
    try {
      await expect(checkScenario(stubbed)).rejects.toThrow(ScenarioError);
    } finally {
      Object.defineProperty(Map.prototype, 'set', set);
    }
  });
});
