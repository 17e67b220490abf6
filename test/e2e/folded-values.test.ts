import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockdemoInProcess, ROOT } from './run-built.js';

const FIXTURE = 'test/fixtures/folded-grades.mjs';
const TMP = join(ROOT, 'test/.tmp/folded-values');
mkdirSync(TMP, { recursive: true });

type Grade = 'correct' | 'race' | 'forbidden';

/**
 * Independent reference: every order of A, B and C's three steps each, graded as the fixture
 * declares, with its probability under `random` (each pick uniform among the tasks not done).
 */
function referenceOrders(): Map<string, { grade: Grade; probability: number }> {
  const orders = new Map<string, { grade: Grade; probability: number }>();
  const walk = (log: string, left: Record<string, number>, probability: number): void => {
    if (log.length === 9) {
      const grade: Grade = log.startsWith('CCCB')
        ? 'forbidden'
        : log === 'CBACBACBA'
          ? 'correct'
          : log.startsWith('C')
            ? 'race'
            : 'correct';
      orders.set(log, { grade, probability });
      return;
    }
    const ready = ['A', 'B', 'C'].filter((task) => (left[task] ?? 0) > 0);
    for (const task of ready) walk(log + task, { ...left, [task]: (left[task] ?? 0) - 1 }, probability / ready.length);
  };
  walk('', { A: 3, B: 3, C: 3 }, 1);
  return orders;
}

function referenceGrades(): Record<Grade, number> {
  const totals: Record<Grade, number> = { correct: 0, race: 0, forbidden: 0 };
  for (const { grade } of referenceOrders().values()) totals[grade]++;
  return totals;
}

interface Row {
  value: string;
  count: number;
  grade: Grade;
  description: string;
  other?: boolean;
}

describe('values over the cap fold into one row per grade, each row with one true grade', () => {
  const reference = referenceGrades();

  it('the reference has 1,680 orders, 10 forbidden', () => {
    expect(reference).toEqual({ correct: 1121, race: 549, forbidden: 10 });
  });

  it('--json: each folded row has its own grade and count, and the counts add up per grade', async () => {
    const r = await lockdemoInProcess([FIXTURE, '--schedule', 'exhaustive', '--json']);
    expect(r.code).toBe(1);
    const v = (
      JSON.parse(r.stdout) as {
        variants: Array<{
          trials: number;
          forbiddenCount: number;
          raceCount: number;
          outcomes: Row[];
          randomOdds: { outcomes: Array<{ value: string; probability: number }> };
        }>;
      }
    ).variants[0]!;
    expect(v.trials).toBe(1680);
    expect(v.forbiddenCount).toBe(10);
    expect(v.raceCount).toBe(549);
    const sum = (rows: Row[]) => rows.reduce((n, row) => n + row.count, 0);
    expect(sum(v.outcomes)).toBe(1680);
    for (const grade of ['correct', 'race', 'forbidden'] as const) {
      expect(sum(v.outcomes.filter((row) => row.grade === grade))).toBe(reference[grade]);
    }
    const folded = v.outcomes.filter((row) => row.other === true);
    expect(folded.map((row) => row.value)).toEqual(['other values', 'other values', 'other values']);
    expect(folded.map((row) => row.grade)).toEqual(['correct', 'race', 'forbidden']);
    expect(folded.find((row) => row.grade === 'forbidden')).toMatchObject({
      count: 9,
      description: '9 more distinct values, over the first 1,003',
    });
    // Every order is a value of its own: the folded rows name as many distinct values as trials.
    const listed = v.outcomes.filter((row) => row.other !== true && row.count > 0).length;
    // 1,000, the value declared by itself, and the first race's and first forbidden trial's values.
    expect(listed).toBe(1003);
    const named = folded.map((row) => Number(/^([\d,]+) more distinct/.exec(row.description)?.[1]?.replaceAll(',', '')));
    expect(named).toEqual(folded.map((row) => row.count));
    expect(sum(folded)).toBe(1680 - listed);
    // The value declared by itself is counted in its own row, though it came after the cap, and
    // so is the first forbidden one, which the summary names with its description.
    expect(v.outcomes.find((row) => row.value === 'CBACBACBA')).toMatchObject({ count: 1, grade: 'correct' });
    expect(v.outcomes.find((row) => row.value === 'CCCBBBAAA')).toMatchObject({
      count: 1,
      grade: 'forbidden',
      description: 'C ran, then B',
    });
  });

  it('the text table and the HTML report show the same rows', async () => {
    const html = join(TMP, 'folded.html');
    const r = await lockdemoInProcess([FIXTURE, '--schedule', 'exhaustive', '--html', html]);
    expect(r.code).toBe(1);
    const rows = r.stdout.split('\n').filter((line) => line.trimStart().startsWith('other values'));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^ {2}other values\s+120\s+7\.1%\s+correct\s+120 more distinct values, over$/);
    expect(rows[1]).toMatch(/^ {2}other values\s+548\s+32\.6%\s+race\s+548 more distinct values, over$/);
    expect(rows[2]).toMatch(/^ {2}other values\s+9\s+0\.5%\s+forbidden\s+9 more distinct values, over$/);
    expect(r.stdout).toMatch(/races in 549 of 1,680 interleavings {2}FAIL: 10 forbidden interleavings/);
    expect(r.stdout).not.toMatch(/also declared/);
    const page = readFileSync(html, 'utf8');
    const bars = [...page.matchAll(/<g class="bar grade-(\w+)" data-value="other values" data-count="(\d+)">/g)].map((m) => [
      m[1],
      Number(m[2]),
    ]);
    expect(bars).toEqual([
      ['correct', 120],
      ['race', 548],
      ['forbidden', 9],
    ]);
  });

  it('check names the first forbidden value with its description, though it came after the cap', async () => {
    const r = await lockdemoInProcess(['check', FIXTURE]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('first forbidden: CCCBBBAAA (C ran, then B)');
  });
});
