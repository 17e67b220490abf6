import { expect, it } from 'vitest';
import { lockdemo } from './run-built.js';

// No line ends in spaces: a column padded to line up the next one, then wrapped at a narrow
// width, left its padding at the end of the line (check's names, commander's option terms).
it.each([
  [['check', 'counter', 'cache', 'deadlock']],
  [['--help']],
  [['help', 'counter']],
  [['help', 'test/fixtures/long-names.mjs']],
  [['counter', '--seed', '1', '--trace']],
])('COLUMNS=40 lockdemo %j: no line ends in a space', async (args) => {
  const r = await lockdemo(args, { COLUMNS: '40' });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout.split('\n').filter((line) => / $/.test(line))).toEqual([]);
});
