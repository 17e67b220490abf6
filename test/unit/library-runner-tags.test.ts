import { expect, it } from 'vitest';
import { checkScenario, defineScenario, runScenario } from '../../src/index.js';

// The library's report is the one --json prints: wherever a value is one of the runner's own
// outcomes, its object says so (`runner`), so that once serialized a task that threw, or a
// deadlock, is never read as a string the scenario's observe returned.

interface Tagged {
  value: unknown;
  runner?: string;
}
interface Serialized {
  firstRace?: Tagged;
  firstForbidden?: Tagged;
  randomOdds?: { outcomes: Tagged[] };
}
/** What a caller that writes the report to a file reads back. */
const serialized = <T>(value: unknown): T => JSON.parse(JSON.stringify(value)) as T;

const throwsAfterYield = defineScenario({
  name: 'throws-after-yield',
  summary: 'the second task to run throws',
  tasks: 2,
  setup: () => ({ n: 0 }),
  variants: {
    v: {
      races: 'forbidden',
      run: async (s, t) => {
        await t.yield();
        if (++s.n === 2) throw new Error('boom');
      },
    },
  },
  observe: (s) => s.n,
  outcomes: [{ value: 2, grade: 'correct', description: 'both ran' }],
});

// observe returns the string a runner's error would print as: it must stay untagged.
const saysBoom = defineScenario({
  name: 'says-boom',
  summary: 'observe returns the text of an error',
  tasks: 1,
  setup: () => ({}),
  variants: { v: { races: 'forbidden', run: async (_s, t) => t.yield() } },
  observe: () => 'error: boom',
  outcomes: [{ value: 'x', grade: 'correct', description: 'never' }],
});

it('runScenario tags firstRace, firstForbidden and randomOdds entries that hold a runner outcome', async () => {
  const [v] = serialized<{ variants: Serialized[] }>(await runScenario(throwsAfterYield, { schedule: 'exhaustive' })).variants;
  expect(v?.firstForbidden).toMatchObject({ value: 'error: boom', runner: 'error' });
  expect(v?.firstRace).toMatchObject({ value: 'error: boom', runner: 'error' });
  expect(v?.randomOdds?.outcomes).toContainEqual(expect.objectContaining({ value: 'error: boom', runner: 'error' }));
  const [own] = serialized<{ variants: Serialized[] }>(await runScenario(saysBoom, { schedule: 'exhaustive' })).variants;
  expect(own?.firstForbidden?.value).toBe('error: boom');
  expect(own?.firstForbidden).not.toHaveProperty('runner');
});

it('checkScenario results carry the same tags', async () => {
  // What onResult is given, as it is given (a caller may write it out then and there).
  const streamed: string[] = [];
  const [result] = serialized<Serialized[]>(await checkScenario(throwsAfterYield, { onResult: (r) => streamed.push(JSON.stringify(r)) }));
  expect(streamed.map((r) => JSON.parse(r) as Serialized)).toEqual([result]);
  expect(result?.firstForbidden ?? result?.firstRace).toMatchObject({ value: 'error: boom', runner: 'error' });
  const [own] = serialized<Serialized[]>(await checkScenario(saysBoom));
  expect(own?.firstForbidden ?? own?.firstRace).not.toHaveProperty('runner');
});
