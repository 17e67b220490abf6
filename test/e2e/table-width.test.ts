/**
 * "Tables, traces and lists fit the terminal's width (80 columns when unknown or 0)"
 * (DESIGN.md, "Output and exit codes"). An event log is a natural observed value (every CPython
 * parity case returns one), and its histogram row must fit too: the value wraps within its
 * column, or is shortened, rather than pushing the row past 80 columns.
 */
import { expect, it } from 'vitest';
import { lockdemoInProcess } from './run-built.js';

it('keeps the histogram of a long observed value within 80 columns', async () => {
  const r = await lockdemoInProcess(['test/parity/cases/event-wakes-in-order.mjs', '--schedule', 'asyncio']);
  expect(r.code).toBe(0);
  const wide = r.stdout.split('\n').filter((line) => line.length > 80);
  expect(wide).toEqual([]);
});
