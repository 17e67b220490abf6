/**
 * A `reproduce:` line only where the run repeats: controlled schedules, from the seed. Under
 * event-loop only code without real timers or I/O repeats; a scenario of real threads or
 * processes never does; a secret stands as a variable the user sets; and every flag that shapes
 * the output (--all-outcomes) is in the line.
 */
import { describe, expect, it } from 'vitest';
import { lockdemoInProcess } from './run-built.js';

const joined = (stdout: string): string => stdout.replace(/ \\\n\s*/g, ' ');

describe('the line that repeats a run', () => {
  it('under event-loop is a rerun that repeats only code without real timers or I/O, and claims no determinism', async () => {
    const run = await lockdemoInProcess(['test/fixtures/real-sleep.mjs', '--schedule', 'event-loop', '--trials', '12']);
    expect(run.code).toBe(0);
    const out = joined(run.stdout);
    expect(out).not.toContain('reproduce:');
    expect(out).toContain('rerun: lockdemo test/fixtures/real-sleep.mjs --trials 12 --schedule event-loop');
    expect(out).toContain('the same counts only for code without real timers or I/O (event-loop decides)');
    // The locked variant's trials all end at 3, yet its real timers fire in a different order each time.
    expect(out).toContain('no race: all 12 trials gave one result');
    expect(out).not.toContain('deterministic');
    expect(out).not.toContain('ran the same way');
  });

  it('is refused to a scenario of real threads: it says the run does not reproduce', async () => {
    const run = await lockdemoInProcess(['threads', '--trials', '2', '--variant', 'atomic']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/^(reproduce|rerun):/m);
    expect(run.stdout.replace(/\s+/g, ' ')).toContain(
      'not reproducible: this scenario runs real threads, processes or I/O, which event-loop does not control, so a rerun gives different counts',
    );
  });

  it('keeps --all-outcomes, which changes the rows printed', async () => {
    const run = await lockdemoInProcess(['counter', '--trials', '20', '--seed', '4', '--all-outcomes', '--variant', 'locked']);
    const line = /^reproduce: lockdemo (.*)$/m.exec(run.stdout)?.[1] ?? '';
    expect(line).toBe('counter --trials 20 --seed 4 --all-outcomes --variant locked');
    const again = await lockdemoInProcess(line.split(' '));
    expect(again.stdout).toBe(run.stdout);
  });
});
