import { describe, expect, it } from 'vitest';
import { gradeVariant, matchOutcome } from '../../src/core/grading.js';
import { DEADLOCK, errorOutcome, RunnerOutcome, stepLimitOutcome, type TrialValue } from '../../src/core/runner-outcomes.js';
import type { Outcome } from '../../src/core/scenario.js';

const outcomes: Outcome[] = [
  { value: 3, grade: 'correct', description: 'all kept' },
  { match: (v) => v === 2, grade: 'race', description: 'one lost' },
  { value: 'boom', grade: 'forbidden', description: 'declared forbidden' },
  { grade: 'race', description: (v) => `other: ${v}` },
];

function counts(entries: Array<[TrialValue, number]>): Map<TrialValue, number> {
  return new Map(entries);
}

describe('matchOutcome', () => {
  it('takes the first match: by value, by match(), then the catch-all', () => {
    expect(matchOutcome(3, outcomes)?.description).toBe('all kept');
    expect(matchOutcome(2, outcomes)?.description).toBe('one lost');
    expect(matchOutcome('boom', outcomes)?.grade).toBe('forbidden');
    expect(matchOutcome(1, outcomes)?.grade).toBe('race');
  });

  it('matches a declared NaN (SameValueZero, as the Maps that count values): it was "not declared"', () => {
    const declared: Outcome[] = [{ value: NaN, grade: 'correct', description: 'not a number' }];
    expect(matchOutcome(NaN, declared)?.description).toBe('not a number');
    const graded = gradeVariant(counts([[NaN, 4]]), 4, declared, 'forbidden');
    expect(graded.outcomes).toEqual([{ value: NaN, count: 4, grade: 'correct', description: 'not a number' }]);
    expect(graded.forbiddenCount).toBe(0);
  });

  it('never lets the catch-all swallow what the runner reports', () => {
    for (const v of [
      DEADLOCK,
      RunnerOutcome.of('hang', 'x'),
      errorOutcome(new Error('x')),
      RunnerOutcome.of('stalled', 'task_A ...'),
      stepLimitOutcome(5),
    ]) {
      expect(matchOutcome(v, outcomes)).toBeUndefined();
    }
    expect(matchOutcome(DEADLOCK, [{ runner: 'deadlock', grade: 'race', description: 'd' }])?.grade).toBe('race');
  });

  it('keeps the runner outcomes apart from any value a scenario can return', () => {
    const declared: Outcome[] = [
      { value: 'deadlock', grade: 'correct', description: 'the scenario says "deadlock"' },
      { runner: 'deadlock', grade: 'race', description: 'a real deadlock' },
    ];
    expect(matchOutcome('deadlock', declared)?.description).toBe('the scenario says "deadlock"');
    expect(matchOutcome(DEADLOCK, declared)?.description).toBe('a real deadlock');
    const g = gradeVariant(
      counts([
        ['deadlock', 2],
        [DEADLOCK, 3],
      ]),
      5,
      declared,
      'allowed',
    );
    expect(g.outcomes.map((o) => [String(o.value), o.runner, o.count])).toEqual([
      ['deadlock', undefined, 2],
      ['deadlock', 'deadlock', 3],
    ]);
    // A deadlock is shown as a deadlock, never counted as a race.
    expect([g.raceCount, g.deadlockCount, g.verdict]).toEqual([0, 3, 'pass']);
    expect(JSON.parse(JSON.stringify(g.outcomes[1]))).toMatchObject({ value: 'deadlock', runner: 'deadlock' });
  });

  it('describes any thrown value safely, first line only', () => {
    expect(String(errorOutcome(new Error('boom\nat x')))).toBe('error: boom');
    expect(String(errorOutcome(null))).toBe('error: null');
    const hostile = {
      toString: () => {
        throw new Error('no');
      },
    };
    expect(String(errorOutcome(hostile))).toBe('error: a thrown object');
    expect(errorOutcome(new Error('same'))).toBe(errorOutcome(new Error('same'))); // interned
  });

  it('does not confuse the number 3 with the string "3"', () => {
    const outcome = matchOutcome('3', outcomes)!;
    expect(outcome.description).not.toBe('all kept');
    const rows = gradeVariant(counts([['3', 1]]), 1, outcomes, 'allowed').outcomes;
    expect(rows.find((row) => row.value === '3')?.description).toBe('other: 3');
    expect(rows.find((row) => row.value === 3)?.count).toBe(0);
  });
});

describe('gradeVariant', () => {
  it('grades a variant that allows races', () => {
    const g = gradeVariant(
      counts([
        [3, 50],
        [2, 30],
        [1, 20],
      ]),
      100,
      outcomes,
      'allowed',
    );
    expect(g.outcomes.map((o) => [o.value, o.count, o.grade])).toEqual([
      [1, 20, 'race'],
      [2, 30, 'race'],
      [3, 50, 'correct'],
      ['boom', 0, 'forbidden'],
    ]);
    expect(g.outcomes[0]!.description).toBe('other: 1');
    expect(g.raceCount).toBe(50);
    expect(g.forbiddenCount).toBe(0);
    expect(g.raceFrequency).toBe(0.5);
    expect(g.verdict).toBe('pass');
  });

  it('turns a race into forbidden where the variant forbids races', () => {
    const g = gradeVariant(
      counts([
        [3, 99],
        [2, 1],
      ]),
      100,
      outcomes,
      'forbidden',
    );
    expect(g.outcomes.find((o) => o.value === 2)?.grade).toBe('forbidden');
    expect(g.raceCount).toBe(1);
    expect(g.forbiddenCount).toBe(1);
    expect(g.verdict).toBe('fail');
  });

  it('grades unmatched results forbidden, runner outcomes included', () => {
    const strict: Outcome[] = [{ value: 1, grade: 'correct', description: 'one' }];
    const g = gradeVariant(
      counts([
        [1, 7],
        [5, 2],
        [errorOutcome(new Error('boom')), 1],
      ]),
      10,
      strict,
      'allowed',
    );
    expect(g.outcomes.map((o) => [String(o.value), o.grade, o.description])).toEqual([
      ['1', 'correct', 'one'],
      ['5', 'forbidden', 'not declared by the scenario'],
      ['error: boom', 'forbidden', 'a task threw'],
    ]);
    expect(g.forbiddenCount).toBe(3);
    expect(g.verdict).toBe('fail');
  });

  it('counts add up and the interval brackets the frequency', () => {
    const g = gradeVariant(
      counts([
        [3, 900],
        [2, 100],
      ]),
      1000,
      outcomes,
      'allowed',
    );
    expect(g.outcomes.reduce((sum, o) => sum + o.count, 0)).toBe(1000);
    expect(g.interval95[0]).toBeLessThan(0.1);
    expect(g.interval95[1]).toBeGreaterThan(0.1);
  });
});

describe('naturalCompare', () => {
  it('orders numbers inside strings by value, commas included', async () => {
    const { naturalCompare } = await import('../../src/core/grading.js');
    const labels = ['none lost', 'lost 10,000–99,999', 'lost 1–9', 'lost 1,000–9,999', 'lost 100–999', 'lost 10–99'];
    expect([...labels].sort(naturalCompare)).toEqual([
      'lost 1–9',
      'lost 10–99',
      'lost 100–999',
      'lost 1,000–9,999',
      'lost 10,000–99,999',
      'none lost',
    ]);
    expect(naturalCompare('error: a', 'error: a')).toBe(0);
  });
});
