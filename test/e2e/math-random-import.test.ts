/**
 * lockdemo's Math.random as a process that never had it sees it: a fresh Node.js that keeps the
 * built-in before it imports the built library. In the test process the built-in is gone by the
 * time a test file runs (lockdemo loaded first), so what the library does with it is tested here.
 */
import { execFile } from 'node:child_process';
import { expect, it } from 'vitest';
import { ROOT } from './run-built.js';

const SCRIPT = `
const builtin = Math.random;
const { defineScenario, runScenario } = await import('./dist/src/index.js');
const firstDraws = () => {
  const seen = new Map();
  const scenario = defineScenario({
    name: 'drawing', summary: 'setup draws', tasks: 2,
    setup: ({ trial }) => { seen.set(trial, Math.random()); return { v: 0 }; },
    variants: { only: { races: 'allowed', run: async (s, t) => { await t.yield(); s.v++; } } },
    observe: (s) => s.v,
    outcomes: [{ match: () => true, grade: 'correct', description: 'any' }],
  });
  return { seen, scenario };
};
const out = { replacedAtImport: Math.random !== builtin };
const a = firstDraws();
await runScenario(a.scenario, { trials: 20, seed: 7 });
// Outside runs: the built-in's numbers, which move on, and leave the runs' own numbers alone.
const outside = Array.from({ length: 1000 }, () => Math.random());
out.outsideDistinct = new Set(outside).size;
const b = firstDraws();
await runScenario(b.scenario, { trials: 20, seed: 7 });
out.sameNumbersAfterOutsideDraws = JSON.stringify([...a.seen]) === JSON.stringify([...b.seen]);
out.outsideNotTheRunsNumbers = !outside.some((x) => [...a.seen.values()].includes(x));
out.stillLockdemos = Math.random !== builtin;
// The built-in put back (a mock restored): a run puts the seeded one in place, and the built-in back after.
Math.random = builtin;
const c = firstDraws();
await runScenario(c.scenario, { trials: 20, seed: 7 });
out.seededOverBuiltin = JSON.stringify([...c.seen]) === JSON.stringify([...a.seen]);
out.builtinBack = Math.random === builtin;
process.stdout.write(JSON.stringify(out));
`;

it('replaces the built-in at import, returns its numbers outside runs, and seeds every run alike', async () => {
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: ROOT }, (error, out, err) =>
      error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out),
    );
  });
  expect(JSON.parse(stdout)).toEqual({
    replacedAtImport: true,
    outsideDistinct: 1000,
    sameNumbersAfterOutsideDraws: true,
    outsideNotTheRunsNumbers: true,
    stillLockdemos: true,
    seededOverBuiltin: true,
    builtinBack: true,
  });
});
