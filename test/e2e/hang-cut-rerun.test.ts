/**
 * A variant stopped after ten hangs under several workers: which hangs came back first, and so
 * which trials were counted, depended on timing, so the run's command does not repeat it and
 * the footer says so instead of printing a `reproduce:` line (DESIGN: "A reproduce: line only
 * where the schedule reproduces; elsewhere say that it does not"). With one worker the hangs
 * come in trial order: the line is printed, and it repeats the run.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockdemoInProcess, ROOT } from './run-built.js';

const SPIN = 'test/fixtures/odd-trials-spin.mjs';
const TMP = join(ROOT, 'test/.tmp/hang-cut-rerun');
mkdirSync(TMP, { recursive: true });

/** The output with its wrapped lines joined, as one line of words. */
const flat = (stdout: string): string => stdout.replace(/ \\\n\s*/g, ' ').replace(/\s+/g, ' ');

const REASON =
  'not reproducible: v stopped after 10 hangs, and with 2 jobs which trials hung first depends on timing, ' +
  'so a rerun may count other trials (with --jobs 1 a run stops in trial order)';

describe('a variant stopped after 10 hangs', () => {
  it('under --jobs 2 gets no reproduce line, and the footer and the report say why', async () => {
    // Two chunks of trials (more than 65,536), so that both workers run trials.
    const file = join(TMP, 'jobs-2.html');
    const run = await lockdemoInProcess([SPIN, '--trials', '200000', '--seed', '1', '--timeout', '100', '--jobs', '2', '--html', file]);
    expect(run.stderr).toBe('');
    // Stopped before its end: no verdict, exit 1 (a variant could not finish).
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('stopped after 10 hangs');
    expect(run.stdout).not.toMatch(/^(reproduce|rerun):/m);
    expect(flat(run.stdout)).toContain(REASON);
    // The page shows the command that ran, with the same words beside it.
    expect(/<p class="command-note">([^<]*)<\/p>/.exec(readFileSync(file, 'utf8'))?.[1]).toBe(REASON);
  });

  it('under one worker keeps its rerun line, which repeats the run where the same trials hang again', async () => {
    // A longer bound than above: a trial that does not spin must never be taken for a hang here.
    const run = await lockdemoInProcess([SPIN, '--trials', '200000', '--seed', '1', '--timeout', '200']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('stopped after 10 hangs');
    expect(run.stdout).not.toContain('not reproducible');
    // Not `reproduce:`: whether a trial stopped at --timeout was about to come back is the
    // machine's doing (a cold tester saw 5 to 7 hangs of one run near the bound). These spin for good.
    expect(run.stdout).toContain('the same counts only if the same trials hang again');
    const line = /^rerun: lockdemo (.*)$/m.exec(run.stdout.replace(/ \\\n\s*/g, ' '))?.[1];
    expect(line).toBe(`${SPIN} --trials 200000 --seed 1 --timeout 200`);
    const again = await lockdemoInProcess((line ?? '').split(' '));
    expect(again.code).toBe(run.code);
    expect(again.stdout).toBe(run.stdout);
  });
});
