/**
 * `outcomes: 'serializable'` with work a task leaves running (a `void audit()`): the model
 * observes once every task has returned, before that work lands or after any step of it (README:
 * "observing then is one more choice"). A serial order observed that early is still a serial
 * run, so what it gives is allowed; it was once called "no serial order gives this: a race",
 * a false FAIL (a cold tester's L3). The allowed values below are worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/core/run-scenario.js';
import { defineScenario } from '../../src/core/scenario.js';
import type { VariantReport } from '../../src/core/run-report.js';

/** Each value the search saw, with its grade. */
function grades(v: VariantReport | undefined): Record<string, string> {
  return Object.fromEntries((v?.outcomes ?? []).map((o) => [String(o.value), o.grade]));
}

/** x starts at 1; task_A leaves an audit that doubles x and returns; task_B reads, yields, writes read + 1. */
const doubled = defineScenario<{ x: number }>({
  name: 'ser-left',
  summary: 'serializable with work left running',
  tasks: 2,
  setup: () => ({ x: 1 }),
  variants: {
    v: {
      races: 'forbidden',
      run: async (s, t) => {
        if (t.id === 0) {
          void (async () => {
            await t.yield();
            s.x = s.x * 2;
          })();
        } else {
          const c = s.x;
          await t.yield();
          s.x = c + 1;
        }
      },
    },
  },
  observe: (s) => s.x,
  outcomes: 'serializable',
});

/** Both tasks add 1 to x (from 0) with a read, a yield and a write; task_A then leaves an audit that adds 100. */
const audited = defineScenario<{ x: number }>({
  name: 'audited',
  summary: 'a lost update, and an audit left running',
  tasks: 2,
  setup: () => ({ x: 0 }),
  variants: {
    v: {
      races: 'forbidden',
      run: async (s, t) => {
        const c = s.x;
        await t.yield();
        s.x = c + 1;
        if (t.id === 0) {
          void (async () => {
            await t.yield();
            s.x += 100;
          })();
        }
      },
    },
  },
  observe: (s) => s.x,
  outcomes: 'serializable',
});

describe('serial orders with work left running', () => {
  it('the serial order B A observed before A’s audit lands (2) is allowed, as are A B (3) and B A with the audit (4)', async () => {
    // By hand. A B: A's audit is A's own work, so it runs before B starts: x = 2, then B: 3.
    // B A: B ends with x = 2; A returns with its audit ready; observing now gives 2, after it 4.
    const report = await runScenario(doubled, { schedule: 'exhaustive' });
    const v = report.variants[0];
    expect(grades(v)).toEqual({ '2': 'correct', '3': 'correct', '4': 'correct' });
    expect(v?.outcomes.find((o) => o.value === 2)?.description).toBe('serial order B A, observed early');
    expect(v?.outcomes.find((o) => o.value === 4)?.description).toBe('serial order B A');
    expect(report.verdict).toBe('pass');
  });

  it('a lost update is still a race, with or without the audit; the serial values with and without it are not', async () => {
    // By hand. A B: A writes 1, its audit makes 101, B writes 102. B A: B writes 1, A writes 2
    // and returns with its audit ready: observing now gives 2, after it 102. Both read 0 and
    // write 1 (a lost update): 1 before the audit lands, 101 after; neither is serial.
    const report = await runScenario(audited, { schedule: 'exhaustive' });
    const v = report.variants[0];
    expect(grades(v)).toEqual({ '1': 'forbidden', '2': 'correct', '101': 'forbidden', '102': 'correct' });
    expect(v?.outcomes.find((o) => o.value === 1)?.description).toBe('no serial order gives this: a race');
    expect(v?.outcomes.find((o) => o.value === 102)?.description).toBe('serial order A B, and 1 more');
    expect(report.verdict).toBe('fail');
  });
});
