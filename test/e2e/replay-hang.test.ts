import { describe, expect, it } from 'vitest';
import { lockdemo } from './run-built.js';

const F = 'test/fixtures/hostile';

// A replay that reaches a hang grades it as the scenario declares, as a run does: a hang
// declared allowed (`{ runner: 'hang', grade: 'correct' }`) exits 0, an undeclared one 1.
describe.concurrent('a replay that hangs (the built CLI)', () => {
  const allowed = [`${F}/hang-allowed.mjs`, '--timeout', '200', '--replay', 'A B A'];
  const undeclared = [`${F}/loop-in-task.mjs`, '--timeout', '200', '--replay', 'B A B', '--replay-trial', '2'];

  it('a hang the scenario allows: exit 0, the declared grade said', async () => {
    const r = await lockdemo(allowed);
    expect(r.stdout).toMatch(/stopped from outside: a\s+hang \(declared correct\)\n/);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = await lockdemo([...allowed, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ value: 'hang', runner: 'hang', grade: 'correct' });
    expect(json.code).toBe(0);
  });

  it('a hang the scenario does not declare: forbidden, exit 1', async () => {
    const r = await lockdemo(undeclared);
    expect(r.stdout).toMatch(/stopped from outside: a\s+hang\n/);
    // Its rerun line runs it again under the same bound (it had none, and dropped --timeout). Not
    // `reproduce:`: whether it hangs again depends on time, and the line under it says so.
    expect(r.stdout.replace(/ \\\n\s*/g, ' ').replace(/\n {4}/g, ' ')).toMatch(
      /\nrerun: lockdemo test\/fixtures\/hostile\/loop-in-task\.mjs --timeout 200 --variant only --replay "B A B" --replay-trial 2\n {2}the same result only if the trial hangs again \(one near --timeout may come back\)\n$/,
    );
    expect(r.stdout).not.toContain('reproduce:');
    expect(r.code).toBe(1);
    const json = await lockdemo([...undeclared, '--json']);
    // `runner` tells lockdemo's hang from a string "hang" that observe returned, as in a run's JSON.
    expect(JSON.parse(json.stdout)).toMatchObject({ value: 'hang', runner: 'hang', grade: 'forbidden', options: {} });
    expect(json.code).toBe(1);
  });
});

describe('a replay’s reproduce line', () => {
  it('carries --timeout: a trial that needs longer than the default would hang when run as printed', async () => {
    const r = await lockdemo(['counter', '--variant', 'locked', '--replay', 'A A B B C C', '--timeout', '9000']);
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('reproduce: lockdemo counter --timeout 9000 --variant locked --replay "A A B B C C"');
  });
});
