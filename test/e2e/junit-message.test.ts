/**
 * The JUnit failure message, the line CI dashboards show, counts the interleavings of every
 * forbidden outcome together and names the first one apart: it said "forbidden outcome 2 ...
 * in 84 of 90", when 2 is 36 of the 90 and 84 is all forbidden ones. The reference is the
 * histogram of an exhaustive run of the same module.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { lockdemoInProcess } from './run-built.js';

interface Outcome {
  value: unknown;
  count: number;
  grade: string;
  description: string;
}

it('the JUnit failure message counts all forbidden interleavings, and names the first outcome apart', async () => {
  const dir = join(tmpdir(), `lockdemo-junit-message-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'report.xml');
  try {
    const check = await lockdemoInProcess(['check', 'test/fixtures/broken-lock.mjs', '--junit', file]);
    expect(check.code).toBe(1);
    const run = await lockdemoInProcess(['test/fixtures/broken-lock.mjs', '--schedule', 'exhaustive', '--json']);
    const variant = (
      JSON.parse(run.stdout) as { variants: Array<{ trials: number; outcomes: Outcome[]; firstForbidden: { value: unknown } }> }
    ).variants[0];
    if (variant === undefined) throw new Error('no variant in the run');
    const forbidden = variant.outcomes.filter((o) => o.grade === 'forbidden').reduce((sum, o) => sum + o.count, 0);
    const first = variant.outcomes.find((o) => o.value === variant.firstForbidden.value);
    expect([forbidden, variant.trials, first?.value]).toEqual([84, 90, 2]);
    const message = /<failure type="forbidden" message="([^"]*)"/.exec(readFileSync(file, 'utf8'))?.[1];
    expect(message).toBe(
      `forbidden outcomes in ${forbidden} of ${variant.trials} interleavings (first: ${String(first?.value)}, ${first?.description})`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
