/**
 * The HTML report shows the command that ran. Where running it again does not give the same
 * figures, the page says so in the terminal's words (DESIGN: "A reproduce: line only where the
 * schedule reproduces; elsewhere say that it does not"): the page is what gets shared.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { lockdemoInProcess, ROOT } from './run-built.js';

const TMP = join(ROOT, 'test/.tmp/html-command-note');
mkdirSync(TMP, { recursive: true });

it.each([
  ['timers', 'not reproducible: under timers real timers decide, so a rerun gives different counts'],
  ['event-loop', 'rerun: the same counts only for code without real timers or I/O (event-loop decides)'],
  ['random', undefined],
])('under %s: the note beside the command is the terminal’s', async (schedule, note) => {
  const file = join(TMP, `${schedule}.html`);
  const r = await lockdemoInProcess(['counter', '--schedule', schedule, '--trials', '20', '--seed', '1', '--html', file]);
  expect(r.code).toBe(0);
  const page = readFileSync(file, 'utf8');
  const shown = /<p class="command-note">([^<]*)<\/p>/.exec(page)?.[1];
  expect(shown).toBe(note);
  if (note !== undefined) expect(r.stdout.replace(/\s+/g, ' ')).toContain(note.replace(/^rerun: /, ''));
});

it('check --html of a scenario with open and close (cache): its races are replayed before it closes', async () => {
  // The report replays each shown interleaving in the scenario's workers; they used to be closed
  // (ended) by then, and the check crashed with exit 70.
  const file = join(TMP, 'check-cache.html');
  const r = await lockdemoInProcess(['check', 'cache', '--html', file]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(readFileSync(file, 'utf8')).toContain('cache › unlocked');
});

it('check --max-steps --html: the report replays a step-limit interleaving under that bound, and its lines carry it', async () => {
  const file = join(TMP, 'check-max-steps.html');
  const r = await lockdemoInProcess(['check', 'counter', '--max-steps', '3', '--html', file]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  expect(readFileSync(file, 'utf8')).toContain('--max-steps 3 --replay');
});

it('a timed run’s report shows the command that ran: its --duration, not the trial cap', async () => {
  const file = join(TMP, 'timed.html');
  const r = await lockdemoInProcess(['counter', '--duration', '0.1', '--seed', '1', '--html', file]);
  expect(r.code).toBe(0);
  expect(readFileSync(file, 'utf8')).toContain(`>lockdemo counter --duration 0.1 --seed 1 --html ${file}<`);
});
