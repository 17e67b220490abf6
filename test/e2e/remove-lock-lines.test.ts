/**
 * Every command a run with `--remove-lock` prints for one variant runs as printed: a replay
 * line (first race, smallest race, the HTML report's) or a variant's reproduce line. A variant
 * that never asks for the lock is refused the flag on its own (exit 2), so its lines leave the
 * flag out; those of a variant that takes the lock keep it, and reproduce what the run recorded.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockdemoInProcess, ROOT } from './run-built.js';

const TMP = join(ROOT, 'test/.tmp/remove-lock-lines');
mkdirSync(TMP, { recursive: true });

interface Recorded {
  value: number | string;
  schedule: string;
}
interface JsonVariant {
  name: string;
  outcomes: Array<{ value: number | string; grade: string }>;
  firstRace?: Recorded;
  firstForbidden?: Recorded;
  /** The smallest race: its value may be one the sampled trials never gave (not in `outcomes`). */
  minimal?: Recorded & { found: boolean; target: string };
}

/** The printed commands, wrapped lines joined. */
const joined = (text: string): string => text.replace(/ \\\n\s*/g, ' ').replace(/(replay|reproduce):\n\s+/g, '$1: ');

/** The replay commands a run printed, each once. */
function replayCommands(text: string, scenario: string): string[] {
  const found = joined(text).match(new RegExp(`lockdemo ${scenario} --variant \\S+( --remove-lock t\\.lock)? --replay "[A-Z ]+"`, 'g'));
  return [...new Set(found ?? [])];
}

/** Splits a printed command into arguments (these quote only the replay string, in double quotes). */
const argsOf = (command: string): string[] =>
  (command.replace(/^lockdemo /, '').match(/"[^"]*"|\S+/g) ?? []).map((word) => word.replace(/^"(.*)"$/, '$1'));

/**
 * Runs every replay line and checks it against the run's JSON: the value recorded for that
 * interleaving, graded as the run graded it (exit 1 for a forbidden one, else 0).
 */
async function expectReplaysReproduce(commands: string[], variants: JsonVariant[]): Promise<void> {
  for (const command of commands) {
    const [, name, schedule] = /--variant (\S+) .*--replay "([A-Z ]+)"/.exec(command) ?? [];
    const variant = variants.find((v) => v.name === name);
    const recorded = [variant?.firstRace, variant?.firstForbidden, variant?.minimal].find((r) => r?.schedule === schedule);
    expect(recorded, command).toBeDefined();
    const grade =
      recorded === variant?.minimal ? variant?.minimal?.target : variant?.outcomes.find((o) => o.value === recorded?.value)?.grade;
    const replay = await lockdemoInProcess(argsOf(command));
    expect.soft(replay.stderr, command).toBe('');
    expect.soft(replay.code, command).toBe(grade === 'forbidden' ? 1 : 0);
    expect.soft(replay.stdout, command).toContain(`result ${String(recorded?.value)} — ${grade ?? '?'}`);
  }
}

describe('a run with --remove-lock over several variants', () => {
  it.each([
    ['counter', ['--seed', '3', '--trials', '200']],
    ['cache', ['--schedule', 'exhaustive']],
    ['lazy-init', ['--schedule', 'asyncio']],
  ])('%s %j: each replay line names the lock only for a variant that takes it, and runs as printed', async (scenario, args) => {
    const run = [scenario, ...args, '--remove-lock', 't.lock'];
    const [text, json] = await Promise.all([lockdemoInProcess(run), lockdemoInProcess([...run, '--json'])]);
    expect(text.stderr).toBe('');
    const variants = (JSON.parse(json.stdout) as { variants: JsonVariant[] }).variants;
    const commands = replayCommands(text.stdout, scenario);
    // unlocked takes no lock; locked takes t.lock (and races without it).
    expect(commands.filter((c) => c.includes('--variant unlocked ')).length).toBeGreaterThan(0);
    expect(commands.filter((c) => c.includes('--variant locked ')).length).toBeGreaterThan(0);
    for (const command of commands) {
      expect(command.includes('--remove-lock'), command).toBe(!command.includes('--variant unlocked '));
    }
    await expectReplaysReproduce(commands, variants);
  });

  it("the HTML report's replay lines run as printed too", async () => {
    const file = join(TMP, 'counter.html');
    const run = ['counter', '--seed', '3', '--trials', '200', '--remove-lock', 't.lock'];
    const [html, json] = await Promise.all([lockdemoInProcess([...run, '--html', file]), lockdemoInProcess([...run, '--json'])]);
    expect(html.code).toBe(1);
    const page = readFileSync(file, 'utf8').replaceAll('&#34;', '"');
    const commands = replayCommands(page, 'counter');
    expect(commands).toHaveLength(4);
    expect(commands.filter((c) => c.includes('--remove-lock'))).toHaveLength(2);
    await expectReplaysReproduce(commands, (JSON.parse(json.stdout) as { variants: JsonVariant[] }).variants);
  });

  it("a timed run's reproduce line of each variant runs as printed, and counts what the run counted", async () => {
    const run = await lockdemoInProcess(['counter', '--duration', '0.1', '--seed', '1', '--remove-lock', 't.lock']);
    const lines = [...joined(run.stdout).matchAll(/^reproduce: lockdemo (.*)$/gm)].map((m) => m[1] ?? '');
    expect(lines).toHaveLength(2);
    const [unlocked, locked] = lines;
    expect(unlocked).toMatch(/^counter --trials \d+ --seed 1 --variant unlocked$/);
    expect(locked).toMatch(/^counter --trials \d+ --seed 1 --remove-lock t\.lock --variant locked$/);
    // The race frequency of each variant, as the timed run printed it.
    const figures = [...run.stdout.matchAll(/race frequency .*\((\d[\d,]*\/\d[\d,]*),/g)].map((m) => m[1]);
    expect(figures).toHaveLength(2);
    for (const [i, line] of lines.entries()) {
      const again = await lockdemoInProcess(argsOf(line));
      expect.soft(again.stderr, line).toBe('');
      expect.soft(again.code, line).toBe(i === 0 ? 0 : 1);
      expect.soft(again.stdout, line).toContain(`(${figures[i] ?? '?'},`);
    }
  });
});

describe('--remove-lock given twice', () => {
  it('is refused with one line, exit 2: it removes one lock, and took the last one given in silence (a run that races passed)', async () => {
    const r = await lockdemoInProcess(['counter', '--remove-lock', 't.lock', '--remove-lock', 'other']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      "lockdemo: option '--remove-lock <name>' argument 'other' is invalid. Expected one lock: --remove-lock t.lock was given already (--ablate removes each lock in turn, then all at once).\n",
    );
  });
});
