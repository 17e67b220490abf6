/**
 * A flag of a run given to `check` is said to be one, however it is written: `--trace-trial=3`
 * and `-j2` read as unknown options with nothing more, and `check --trace counter` took
 * `counter` for the value of --trace, checked every built-in and named their options.
 */
import { describe, expect, it } from 'vitest';
import { lockdemoInProcess } from './run-built.js';

const runOnly = (flag: string, own = 'counter has no options of its own'): string =>
  `(${flag} applies to lockdemo <scenario>, not to check; ${own})\n`;

describe('a run-only flag given to check', () => {
  // The run's flags that take a value and that check does not take (README, "Options of a run").
  it.each([
    ['--trace-trial=3', '--trace-trial'],
    ['--replay=A B', '--replay'],
    ['--replay-trial=2', '--replay-trial'],
    ['--remove-lock=t.lock', '--remove-lock'],
    ['--duration=1', '--duration'],
    ['--depth=2', '--depth'],
    ['--preemptions=1', '--preemptions'],
    ['--jobs=2', '--jobs'],
    ['-j2', '-j'],
  ])('%s is named as a run flag, exit 2, nothing on stdout', async (written, flag) => {
    const r = await lockdemoInProcess(['check', 'counter', written]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`lockdemo: unknown option '${written}' ${runOnly(flag)}`);
  });

  it('-j with its value apart is named as a run flag', async () => {
    const r = await lockdemoInProcess(['check', 'counter', '-j', '2']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`lockdemo: unknown option '-j' ${runOnly('-j')}`);
  });

  it.each([['--trace'], ['--all-outcomes']])('%s before the target does not take the target for its value', async (flag) => {
    const r = await lockdemoInProcess(['check', flag, 'counter']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    // counter's own words: the target was read as one, not as the flag's value.
    expect(r.stderr).toBe(`lockdemo: unknown option '${flag}' ${runOnly(flag)}`);
  });

  it('several targets without options of their own: said without a double negative', async () => {
    const r = await lockdemoInProcess(['check', 'counter', 'deadlock', '--trace']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`lockdemo: unknown option '--trace' ${runOnly('--trace', 'none of the targets has options of its own')}`);
  });

  it('--version is not said to apply to a run', async () => {
    const r = await lockdemoInProcess(['check', 'counter', '--version']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("lockdemo: unknown option '--version' (counter has no options of its own)\n");
  });
});
