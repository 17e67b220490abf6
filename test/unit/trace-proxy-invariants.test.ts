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

const privateField = defineScenario({
  name: 'private-field',
  summary: 'a counter kept in a private class field',
  tasks: 3,
  setup: () => ({ account: new Account() }),
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

const inherited = defineScenario({
  ...privateField,
  name: 'inherited',
  setup: () => ({ account: new SavingsAccount() }),
});

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
});
