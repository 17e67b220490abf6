import { describe, expect, it } from 'vitest';
import { defineScenario, runScenario, type Lock, type TaskContext } from '../../src/index.js';
import { withoutLock } from '../../src/core/ablate.js';

/**
 * `t.lockNamed(name)` returns the trial's shared lock of that name; `t.newLock(name)` is its
 * deprecated old name and must behave the same. Counts are checked against arithmetic: three
 * tasks with a read, an await and a write give 3 exactly when one lock orders them.
 */
type Pick = (t: TaskContext, name: string) => Lock;
const byNewName: Pick = (t, name) => t.lockNamed(name);
const byOldName: Pick = (t, name) => t.newLock(name);

function counter(pick: Pick, nameOf: (t: TaskContext) => string, checkSame = true) {
  return defineScenario({
    name: 'named-counter',
    summary: 'three tasks increment a counter under a lock picked by name',
    setup: () => ({ value: 0, same: true }),
    variants: {
      locked: {
        races: 'forbidden',
        run: async (state, t) => {
          const lock = pick(t, nameOf(t));
          // Asked twice in one task, the same lock: it is looked up, not made anew.
          if (checkSame && pick(t, nameOf(t)) !== lock) state.same = false;
          await lock.run(async () => {
            const current = state.value;
            await t.yield();
            state.value = current + 1;
          });
        },
      },
    },
    observe: (state) => (state.same ? state.value : 'a second lock'),
    outcomes: [
      { value: 3, grade: 'correct', description: 'every increment counted' },
      { match: (v) => typeof v === 'number' && v < 3, grade: 'race', description: 'lost updates' },
    ],
  });
}

async function values(scenario: ReturnType<typeof counter>): Promise<Map<string, number>> {
  const report = await runScenario(scenario, { schedule: 'exhaustive' });
  const variant = report.variants[0];
  if (variant === undefined) throw new Error('no variant ran');
  return new Map(variant.outcomes.map((o) => [String(o.value), o.count]));
}

describe.each([
  ['t.lockNamed', byNewName],
  ['t.newLock (deprecated alias)', byOldName],
])('%s(name)', (_, pick) => {
  it('is one lock for every task that gives the same name: no update is lost', async () => {
    const seen = await values(counter(pick, () => 'shared'));
    expect([...seen.keys()]).toEqual(['3']);
  });

  it('is a different lock for a different name: the tasks race', async () => {
    const seen = await values(counter(pick, (t) => t.label));
    expect(seen.has('3')).toBe(true);
    expect(seen.has('1')).toBe(true);
    expect(seen.has('a second lock')).toBe(false);
  });

  it('is the lock that --remove-lock removes by its name', async () => {
    // A removed lock excludes nobody (and is a new stand-in at each call, hence no identity check).
    const seen = await values(
      withoutLock(
        counter(pick, () => 'shared', false),
        'shared',
      ),
    );
    expect(seen.has('1')).toBe(true);
    expect(seen.has('3')).toBe(true);
  });
});

describe('the name t.lock', () => {
  it('is the shared lock’s, as --remove-lock and --ablate name it: t.lockNamed("t.lock") throws, naming it', async () => {
    const report = await runScenario(
      defineScenario({
        name: 'named-like-shared',
        summary: 'a named lock called t.lock',
        tasks: 2,
        setup: () => ({ value: 0 }),
        variants: { v: { races: 'forbidden', run: (_, t) => t.lockNamed('t.lock').run(async () => t.yield()) } },
        observe: (s) => s.value,
        outcomes: [{ value: 0, grade: 'correct', description: 'ran' }],
      }),
      { trials: 3, seed: 1 },
    );
    const seen = report.variants[0]!.outcomes.filter((o) => o.count > 0);
    expect(seen).toHaveLength(1);
    expect(String(seen[0]?.value)).toBe('error: t.lockNamed("t.lock"): that name is the shared t.lock\'s; give the lock another name');
    expect(report.verdict).toBe('fail');
  });
});
