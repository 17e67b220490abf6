import { describe, expect, it } from 'vitest';
import { lockdemo } from './run-built.js';

// A scenario whose outcome depends on Math.random (one increment in two counts twice): lockdemo
// seeds it per trial from (seed, variant, trial), so each printed command repeats what it names.
// Before, every rerun drew other numbers: the reproduce line gave other counts (331/513/151/5,
// then 327/515/...), and exhaustive search's determinism sample found the program changing.
const F = 'test/fixtures/math-random.mjs';

interface Outcome {
  value: number;
  count: number;
}
interface Variant {
  outcomes: Outcome[];
  verdict: string;
  complete?: boolean;
  nondeterministic?: unknown;
  firstRace?: { trial: number; value: number; schedule: string };
  captured?: { trial: number; value: number; schedule: string };
}
interface Report {
  variants: Variant[];
  traces?: Array<{ trial: number; value: number; schedule: string; events: unknown[] }>;
}

function only(stdout: string): { report: Report; variant: Variant } {
  const report = JSON.parse(stdout) as Report;
  const variant = report.variants[0];
  if (variant === undefined) throw new Error('no variant in the report');
  return { report, variant };
}

/** The command of a printed `reproduce:` line (or a replay's), as argv: it holds no quoted word but the replay string. */
function argvOf(line: string): string[] {
  const replay = /--replay "([^"]*)"/.exec(line)?.[1];
  const words = line
    .replace(/--replay "[^"]*"/, '--replay @')
    .trim()
    .split(/\s+/)
    .map((w) => (w === '@' && replay !== undefined ? replay : w));
  expect(words[0]).toBe('lockdemo');
  return words.slice(1);
}

/** The printed line after `label` (joined where the line was wrapped with a backslash). */
function lineAfter(stdout: string, label: RegExp): string {
  const at = stdout.search(label);
  expect(at).toBeGreaterThanOrEqual(0);
  const rest = stdout.slice(at).replace(label, '');
  return rest.split(/(?<!\\)\n/)[0]?.replace(/\\\n\s*/g, ' ') ?? '';
}

const counts = (v: Variant): Array<[number, number]> => v.outcomes.filter((o) => o.count > 0).map((o) => [o.value, o.count]);

describe('a scenario that draws from Math.random', () => {
  it('its reproduce line repeats the run byte for byte, and the numbers were drawn (values past 3 need a double count)', async () => {
    const first = await lockdemo([F, '--trials', '300', '--seed', '3']);
    expect(first.code).toBe(0);
    // Three tasks that each add 1 or 2: 5 and 6 only when Math.random said so at least twice.
    expect(first.stdout).toMatch(/^\s+5\s+\d+\s/m);
    const again = await lockdemo(argvOf(lineAfter(first.stdout, /^reproduce: /m)));
    expect(again.stdout).toBe(first.stdout);
    expect(again.code).toBe(0);
  });

  it('--jobs 2: the same output twice, and the same counts as one job (the numbers go by trial, not by worker)', async () => {
    const args = [F, '--trials', '140000', '--seed', '3', '--json'];
    const [one, twoA, twoB] = [await lockdemo(args), await lockdemo([...args, '--jobs', '2']), await lockdemo([...args, '--jobs', '2'])];
    expect(twoB.stdout).toBe(twoA.stdout);
    expect(counts(only(twoA.stdout).variant)).toEqual(counts(only(one.stdout).variant));
  });

  it("exhaustive: every interleaving sees trial 1's numbers, so the determinism sample passes, but it proves trial 1's program only", async () => {
    const first = await lockdemo([F, '--schedule', 'exhaustive', '--json']);
    const { variant } = only(first.stdout);
    expect(variant.nondeterministic).toBeUndefined();
    expect(variant.complete).toBe(true);
    expect(variant.verdict).toBe('pass');
    // The search saw one draw of the numbers: other draws take other paths (see random-race.mjs).
    expect(variant).toMatchObject({ drewRandom: true });
    expect(variant).not.toHaveProperty('randomOdds');
    // 3 tasks of 2 steps: 6!/(2!·2!·2!) = 90 interleavings, each counted once.
    expect(variant.outcomes.reduce((sum, o) => sum + o.count, 0)).toBe(90);
    // The JSON names the run's fresh seed, which exhaustive draws nothing from: the text repeats.
    const text = await lockdemo([F, '--schedule', 'exhaustive']);
    expect(text.stdout).toMatch(/every interleaving of trial 1 explored: the verdict holds for trial 1's\s+program only/);
    expect(text.stdout).toMatch(/\(it draws from Math\.random, so other numbers may take a path this search\s+never\s+ran\)/);
    expect(text.stdout).not.toMatch(/every interleaving explored: the verdict holds for all of them/);
    expect((await lockdemo([F, '--schedule', 'exhaustive'])).stdout).toBe(text.stdout);
  });

  it('a race that only other numbers take: exhaustive proves nothing, and check finds it with random trials (it said PASS)', async () => {
    const R = 'test/fixtures/random-race.mjs';
    const search = await lockdemo([R, '--schedule', 'exhaustive']);
    expect(search.code).toBe(0);
    expect(search.stdout).toMatch(/pass: every variant met its declaration, within the bounds above/);
    expect(search.stdout).toMatch(/it draws from Math\.random/);
    const check = await lockdemo(['check', R]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^FAIL {2}random-race › v {2}random {6}races [\d,]+\/10,000 trials/m);
    const json = JSON.parse((await lockdemo(['check', R, '--json'])).stdout) as { results: Array<{ status: string; schedule: string }> };
    expect(json.results[0]).toMatchObject({ status: 'fail', schedule: 'random' });
  });

  it("the first race's replay line carries the seed, and replays the value the trial had", async () => {
    const text = await lockdemo([F, '--trials', '300', '--seed', '3']);
    const replay = lineAfter(text.stdout, /first race: trial \d+, replay:\s*/);
    expect(replay).toMatch(/ --seed 3$/);
    const json = only((await lockdemo([F, '--trials', '300', '--seed', '3', '--json'])).stdout).variant;
    const replayed = await lockdemo([...argvOf(replay), '--json']);
    expect(replayed.code).toBe(0);
    expect((JSON.parse(replayed.stdout) as { value: number }).value).toBe(json.firstRace?.value);
  });

  it('--trace-trial K traces the value trial K had in the run, for several K', async () => {
    for (const k of [7, 11, 19, 23, 42]) {
      const { report, variant } = only(
        (await lockdemo([F, '--trials', '300', '--seed', '3', '--trace-trial', String(k), '--json'])).stdout,
      );
      const trace = report.traces?.[0];
      expect(variant.captured?.trial).toBe(k);
      expect(trace?.trial).toBe(k);
      expect(trace?.value).toBe(variant.captured?.value);
      // Traced faithfully (a replay that ran another program shows no steps).
      expect(trace?.events.length).toBeGreaterThan(0);
    }
  });

  it("check: the first forbidden trial's replay line carries the seed of the check's trials, and replays its value", async () => {
    const check = await lockdemo(['check', 'test/fixtures/math-random-check.mjs']);
    expect(check.code).toBe(1);
    const value = Number(/first forbidden: (\d+) /.exec(check.stdout)?.[1]);
    // Three digits or so: Math.random's, not the 1 or 2 of the trials that draw nothing.
    expect(value).toBeGreaterThan(2);
    const replay = lineAfter(check.stdout, /replay:\s*/);
    expect(replay).toMatch(/ --replay-trial \d+ --seed 1$/);
    const replayed = await lockdemo([...argvOf(replay), '--json']);
    expect((JSON.parse(replayed.stdout) as { value: number }).value).toBe(value);
  });
});

it('check of a scenario with a generator of its own sees it draw: random trials decide, and find its race', async () => {
  // Before, its draws went unseen in the worker, and check passed it by a complete exhaustive search.
  const r = await lockdemo(['check', 'test/fixtures/own-random.mjs', '--json']);
  const [result] = (JSON.parse(r.stdout) as { results: Array<Record<string, unknown>> }).results;
  expect(result).toMatchObject({ status: 'fail', schedule: 'random' });
  expect(r.code).toBe(1);
});
