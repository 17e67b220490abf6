import { expect, it } from 'vitest';
import { defineScenario, runScenario } from '../../src/index.js';

// Handing code under test `{ sleep: t.sleep }` type-checks, but the method loses its context:
// the error said "Cannot read properties of undefined (reading 'generation')".
it('a door called without its task context says so in the error outcome', async () => {
  const scenario = defineScenario({
    name: 'detached',
    summary: 'a task calls a detached t.sleep',
    tasks: 1,
    setup: () => ({}),
    variants: {
      v: {
        races: 'forbidden',
        run: async (_s, t) => {
          // eslint-disable-next-line @typescript-eslint/unbound-method -- the mistake under test
          const io = { sleep: t.sleep };
          await io.sleep.call(undefined, 1);
        },
      },
    },
    observe: () => 0,
    outcomes: [{ value: 0, grade: 'correct', description: 'ran' }],
  });
  const report = await runScenario(scenario, { schedule: 'exhaustive' });
  expect(String(report.variants[0]?.firstForbidden?.value)).toBe(
    'error: t.sleep was called without its task context (a detached method): pass (...args) => t.sleep(...args), or t itself',
  );
});
