// Checked by `npm run typecheck` (CI): a bare `Scenario` is the type of any scenario, so that a
// helper over a list of them takes every one without a cast. With S defaulting to `unknown`,
// every concrete scenario was refused (its `run` takes its own state, not any state).
import { expect, it } from 'vitest';
import { defineScenario, isScenario, type Scenario } from '../../src/index.js';
import counter from '../../scenarios/counter.js';

const items = defineScenario({
  name: 'items',
  summary: 'a list',
  tasks: 2,
  setup: () => ({ items: [] as string[] }),
  variants: {
    v: {
      races: 'allowed',
      run: async (s, t) => {
        await t.yield();
        s.items.push(t.label);
      },
    },
  },
  observe: (s) => s.items.length,
  outcomes: [{ value: 2, grade: 'correct', description: 'both' }],
});

function names(all: readonly Scenario[]): string[] {
  return all.map((scenario) => scenario.name);
}

it('a bare Scenario takes every scenario, and isScenario narrows to it', () => {
  const list: Scenario[] = [counter, items];
  expect(names(list)).toEqual(['counter', 'items']);
  const loaded: unknown = items;
  if (!isScenario(loaded)) throw new Error('not a scenario');
  const one: Scenario = loaded;
  expect(one.tasks).toBe(2);
});
