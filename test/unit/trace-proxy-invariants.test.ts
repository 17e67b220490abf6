/**
 * Tracing (`--trace`, `--replay`, the HTML report) wraps the state in recording proxies. They
 * must not change what the program does: a class instance with private fields, and a frozen
 * object, behave under a trace exactly as they do untraced. Each interleaving's value is
 * checked against a direct simulation of the counter (each task reads at its first step and
 * writes what it read plus one at its second), not against the engine's untraced run.
 */
import { describe, expect, it } from 'vitest';
import { replayTrial } from '../../src/core/run-scenario.js';
import { defineScenario } from '../../src/core/scenario.js';
import { isRunnerOutcome } from '../../src/core/runner-outcomes.js';
import { tellStory } from '../../src/core/trace-story.js';

class Account {
  #value = 0;
  read(): number {
    return this.#value;
  }
  write(value: number): void {
    this.#value = value;
  }
  get balance(): number {
    return this.#value;
  }
}

/** A subclass that declares nothing private itself: its parent's code still needs the instance. */
class SavingsAccount extends Account {}

/** A class with no private members: its methods may see the proxy, so their reads are traced. */
class Tally {
  count = 0;
  bump(): void {
    this.count++;
  }
}

/** The counter on an account: each task reads the balance, yields, and writes it plus one. */
const accountCounter = (name: string, open: () => Account) =>
  defineScenario({
    name,
    summary: 'a counter kept in a private class field',
    tasks: 3,
    setup: () => ({ account: open() }),
    variants: {
      unlocked: {
        races: 'allowed',
        run: async (s, t) => {
          const c = s.account.read();
          await t.yield();
          s.account.write(c + 1);
        },
      },
    },
    observe: (s) => s.account.balance,
    outcomes: [{ grade: 'correct', description: 'any' }],
  });

const privateField = accountCounter('private-field', () => new Account());
const inherited = accountCounter('inherited', () => new SavingsAccount());

const frozen = defineScenario({
  name: 'frozen',
  summary: 'a frozen nested configuration read by each task',
  tasks: 3,
  setup: () => ({ cfg: Object.freeze({ limits: Object.freeze({ step: 1 }) }), value: 0 }),
  variants: {
    unlocked: {
      races: 'allowed',
      run: async (s, t) => {
        const c = s.value;
        await t.yield();
        s.value = c + s.cfg.limits.step;
      },
    },
  },
  observe: (s) => s.value,
  outcomes: [{ grade: 'correct', description: 'any' }],
});

/** Every order of 3 tasks with 2 picks each (A A B B C C and the 89 others). */
function interleavings(): string[] {
  const out: string[] = [];
  const walk = (prefix: string[], left: number[]): void => {
    if (prefix.length === 6) return void out.push(prefix.join(' '));
    left.forEach((n, t) => {
      if (n > 0)
        walk(
          [...prefix, 'ABC'[t]!],
          left.map((m, u) => (u === t ? m - 1 : m)),
        );
    });
  };
  walk([], [2, 2, 2]);
  return out;
}

/** The counter's final value for one interleaving, simulated directly. */
function simulate(schedule: string): number {
  let value = 0;
  const read = new Map<string, number>();
  for (const task of schedule.split(' ')) {
    if (!read.has(task)) read.set(task, value);
    else value = read.get(task)! + 1;
  }
  return value;
}

describe('a traced trial behaves as the untraced program', () => {
  const all = interleavings();
  it.each([
    ['a class instance with a private field', privateField],
    ['a frozen object in the state', frozen],
    ['an instance of a subclass of a class with a private field', inherited],
  ])('%s: every interleaving replays to the simulated value, with no error', async (_, scenario) => {
    expect(all).toHaveLength(90);
    for (const schedule of all) {
      const trial = await replayTrial(scenario as typeof frozen, { variant: 'unlocked', schedule });
      expect(isRunnerOutcome(trial.value), `${schedule}: ${JSON.stringify(trial.value)}`).toBe(false);
      expect(trial.value, schedule).toBe(simulate(schedule));
      expect(trial.schedule).toBe(schedule);
    }
  });

  it('a story never claims that nothing was lost when the trace saw no write', async () => {
    const trial = await replayTrial(privateField, { variant: 'unlocked', schedule: 'A B C A B C' });
    expect(trial.value).toBe(1);
    expect(tellStory(trial.events)).not.toMatch(/nothing could be lost|no update was lost/);
  });

  it('a class without private members is still traced inside its own methods', async () => {
    const tally = defineScenario({
      name: 'tally',
      summary: 'a count kept by a class method',
      tasks: 2,
      setup: () => ({ tally: new Tally() }),
      variants: {
        v: {
          races: 'allowed',
          run: async (s, t) => {
            await t.yield();
            s.tally.bump();
          },
        },
      },
      observe: (s) => s.tally.count,
      outcomes: [{ grade: 'correct', description: 'any' }],
    });
    const trial = await replayTrial(tally, { variant: 'v', schedule: 'A B A B' });
    expect(trial.value).toBe(2);
    expect(trial.events.map((e) => e.text)).toContain('write tally.count = 1');
  });

  it('a state object used as a Map key: the same key under a trace, and the trial traced', async () => {
    const visits = defineScenario({
      name: 'visits',
      summary: 'visits counted per user object',
      tasks: 3,
      setup: () => {
        const user = { name: 'ann' };
        return { user, visits: new Map([[user, 0]]), seen: new Set([user]) };
      },
      variants: {
        unlocked: {
          races: 'allowed',
          run: async (s, t) => {
            const v = s.visits.get(s.user) ?? -100;
            await t.yield();
            s.visits.set(s.user, s.seen.has(s.user) ? v + 1 : -100);
          },
        },
      },
      observe: (s) => [...s.visits.values()].join(','),
      outcomes: [{ grade: 'correct', description: 'any' }],
    });
    for (const schedule of interleavings()) {
      const trial = await replayTrial(visits, { variant: 'unlocked', schedule });
      expect(trial.value, schedule).toBe(String(simulate(schedule)));
      expect(trial.untraced).toBeUndefined();
      expect(trial.events.length).toBeGreaterThan(0);
    }
  });

  it('a trial the trace cannot follow (structuredClone of the state): the untraced result, no steps, and why', async () => {
    const clone = defineScenario({
      name: 'clone',
      summary: 'tasks snapshot the shared profile',
      tasks: 3,
      setup: () => ({ profile: { visits: 0 } }),
      variants: {
        unlocked: {
          races: 'allowed',
          run: async (s, t) => {
            const copy = structuredClone(s.profile);
            await t.yield();
            s.profile = { visits: copy.visits + 1 };
          },
        },
      },
      observe: (s) => s.profile.visits,
      outcomes: [{ grade: 'correct', description: 'any' }],
    });
    for (const schedule of ['A A B B C C', 'A B C A B C', 'B A A C B C']) {
      const trial = await replayTrial(clone, { variant: 'unlocked', schedule });
      expect(trial.value, schedule).toBe(simulate(schedule));
      expect(trial.events).toEqual([]);
      expect(trial.untraced).toMatch(/^no trace: the traced run did not repeat this run/);
      expect(tellStory(trial.events)).not.toBe(trial.untraced);
    }
  });
});
