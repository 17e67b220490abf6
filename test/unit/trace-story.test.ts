import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replayTrial } from '../../src/core/run-scenario.js';
import { tellStory } from '../../src/core/trace-story.js';
import { TEMPLATE } from '../../src/cli/init-command.js';
import counter from '../../scenarios/counter.js';
import lazyInit from '../../scenarios/lazy-init.js';
import { defineScenario } from '../../src/core/scenario.js';

/** Every distinct order of a multiset of letters: the interleavings of tasks with `steps` picks each. */
function interleavings(tasks: number, steps: number): string[] {
  const out: string[] = [];
  const left = new Array<number>(tasks).fill(steps);
  const walk = (prefix: string[]): void => {
    if (prefix.length === tasks * steps) return void out.push(prefix.join(' '));
    for (let t = 0; t < tasks; t++) {
      if (left[t] === 0) continue;
      left[t]!--;
      walk([...prefix, String.fromCharCode(65 + t)]);
      left[t]!++;
    }
  };
  walk([]);
  return out;
}

const marks = (events: Awaited<ReturnType<typeof replayTrial>>['events']) => events.reduce((n, e) => n + (e.lostCount ?? 0), 0);

describe('lost updates: one ✗ per update lost', () => {
  it('A B A C B C: one update lost, one ✗ (task_B over task_A), and both stale reads marked', async () => {
    const trial = await replayTrial(counter, { variant: 'unlocked', schedule: 'A B A C B C' });
    expect(trial.value).toBe(2);
    const marked = trial.events.filter((e) => e.lost);
    expect(marked.map((e) => [e.task, e.text, e.lost])).toEqual([[1, 'write value = 1', "overwrites task_A's 1"]]);
    expect(trial.events.filter((e) => e.stale).map((e) => [e.step, e.task])).toEqual([
      [2, 1],
      [4, 2],
    ]);
  });

  it('matches the counter itself for every interleaving of 3 and 4 tasks: ✗ marks = increments − final value', async () => {
    // The reference is the scenario's own observed value, not the tracker: n tasks each add 1.
    for (const tasks of [3, 4]) {
      for (const schedule of interleavings(tasks, 2)) {
        const trial = await replayTrial(counter, { variant: 'unlocked', tasks, schedule });
        expect(marks(trial.events), schedule).toBe(tasks - Number(trial.value));
      }
    }
  });

  it('marks nothing under the lock', async () => {
    const trial = await replayTrial(counter, { variant: 'locked', tasks: 2, schedule: 'A B A B B' });
    expect(trial.events.some((e) => e.lost || e.stale)).toBe(false);
    expect(tellStory(trial.events)).toBe('every write was based on the latest value: no read went stale, no update was lost');
  });
});

describe('the race in words', () => {
  it('tells the classic lost update as the issue words it', async () => {
    const trial = await replayTrial(counter, { variant: 'unlocked', schedule: 'C A C B A B' });
    expect(tellStory(trial.events)).toBe(
      "task_C and task_A both read 0 before either wrote; task_A's write of 1 overwrote task_C's 1: one update lost",
    );
  });

  it('counts two lost updates in one sentence', async () => {
    const trial = await replayTrial(counter, { variant: 'unlocked', schedule: 'C A B C A B' });
    // The readers in the order they read (C first), as the trace shows them, not the order of the writes.
    expect(tellStory(trial.events)).toMatch(/^task_C, task_A and task_B all read 0 before any of them wrote; .*: 2 updates lost$/);
  });

  it("shows the template's items.length check, and says the check went stale", async () => {
    // The template imports 'lockdemo'; inside this package that resolves to the build.
    mkdirSync(new URL('../.tmp/', import.meta.url), { recursive: true });
    const file = new URL('../.tmp/trace-story-template.mjs', import.meta.url);
    writeFileSync(file, TEMPLATE);
    const module = (await import(file.href)) as { default: Parameters<typeof replayTrial>[0] };
    const trial = await replayTrial(module.default, { variant: 'unlocked', schedule: 'A B A B' });
    const texts = trial.events.map((e) => `${e.task}: ${e.text}${e.stale ? ' (stale)' : ''}`);
    expect(texts).toContain('0: read items.length → 0');
    expect(texts).toContain('1: read items.length → 0 (stale)');
    expect(texts).toContain('0: items.push("task_A")');
    expect(tellStory(trial.events)).toBe('task_B read items.length → 0, then task_A changed items; task_B acted on the stale value');
  });

  it('does not show the `then` probes of await as reads', async () => {
    const trial = await replayTrial(lazyInit, { variant: 'unlocked', schedule: 'B A A C B' });
    expect(trial.events.filter((e) => e.text.includes('.then'))).toEqual([]);
    expect(trial.events.map((e) => e.text)).toContain('read db → undefined');
  });

  it('works on a user scenario with its own state: a Map and a nested object', async () => {
    const scenario = defineScenario({
      name: 'tally',
      summary: 'tasks add to a per-key tally',
      tasks: 2,
      setup: () => ({ tally: new Map([['k', 0]]), meta: { writes: 0 } }),
      variants: {
        unlocked: {
          races: 'allowed',
          run: async (s: { tally: Map<string, number>; meta: { writes: number } }, t) => {
            const n = s.tally.get('k')!;
            await t.yield();
            s.tally.set('k', n + 1);
            s.meta.writes++;
          },
        },
      },
      observe: (s) => s.tally.get('k')!,
      outcomes: [
        { value: 2, grade: 'correct', description: 'both kept' },
        { match: () => true, grade: 'race', description: 'lost' },
      ],
    });
    const trial = await replayTrial(scenario, { variant: 'unlocked', schedule: 'A B A B' });
    expect(trial.value).toBe(1);
    expect(marks(trial.events)).toBe(1);
    expect(tellStory(trial.events)).toContain('one update lost');
    // The state after the last row has the final tally, read from the raw state.
    const last = [...trial.events].reverse().find((e) => e.state)!.state!;
    expect(last).toEqual([
      ['tally["k"]', '1'],
      ['meta.writes', '2'],
    ]);
  });
});
