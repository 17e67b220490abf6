/**
 * The smallest forbidden outcome, when it is one of the runner's own (a step limit here), is
 * worded whole, and wraps at its spaces within the width: it was cut like a long scenario value,
 * "step-limit: more than 3 schedul… (54 characters)".
 */
import { expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';

it.each([
  [['counter', '--variant', 'unlocked', '--max-steps', '3', '--seed', '1', '--trials', '10']],
  [['counter', '--variant', 'unlocked', '--max-steps', '3', '--schedule', 'exhaustive']],
])('%j words a step limit whole within 60 columns', async (argv) => {
  let out = '';
  const io: Io = {
    stdout: { write: (s: string) => (out += s), isTTY: false, columns: 60 },
    stderr: { write: () => true, isTTY: false },
    env: { NO_COLOR: '1' },
  };
  expect(await runCli(argv, io)).toBe(1);
  expect(out.split('\n').filter((line) => [...line].length > 60)).toEqual([]);
  // Its lines joined again at their wraps.
  const joined = out.replace(/\n {4}(?!replay:)/g, ' ');
  expect(joined).toContain(
    '  smallest forbidden outcome: step limit (more than 3 scheduling steps (--max-steps)), needs 0 preemptions (no preemption needed)\n',
  );
  expect(out).not.toMatch(/characters\)|schedul…/);
});
