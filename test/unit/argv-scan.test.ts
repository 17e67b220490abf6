import { describe, expect, it } from 'vitest';
import { scanArgv } from '../../src/cli/argv-scan.js';
import { buildProgram, type Actions } from '../../src/cli/program.js';

const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: {} };
const none = async (): Promise<void> => {};
const actions: Actions = { run: none, list: none, check: none, init: none, help: none };

function scan(argv: string[]) {
  return scanArgv(argv, buildProgram(io, actions));
}

describe('scanArgv: the scenario word and the options lockdemo does not know, before loading', () => {
  it.each<[string[], string | undefined, string[]]>([
    [['counter', '--trials', '5'], 'counter', ['counter', '--trials', '5']],
    [['--trials', '5', 'counter'], 'counter', ['counter', '--trials', '5']],
    // A value of an option is not the scenario.
    [['--schedule', 'pct', 'counter'], 'counter', ['counter', '--schedule', 'pct']],
    // --variant takes every word up to the next option: its last word is the scenario only
    // when it can only be one (a built-in's name or a path).
    [['--variant', 'unlocked', 'counter'], 'counter', ['counter', '--variant', 'unlocked']],
    [['--variant', 'a', 'b', './mine.mjs', '--json'], './mine.mjs', ['./mine.mjs', '--variant', 'a', 'b', '--json']],
    [['--variant', 'unlocked', 'other'], undefined, ['--variant', 'unlocked', 'other']],
    [['--trace', '--', 'counter'], 'counter', ['counter', '--trace', '--']],
  ])('%j', (argv, scenario, reordered) => {
    const s = scan(argv);
    expect(s.scenario).toBe(scenario);
    expect(s.argv).toEqual(reordered);
    expect(s.unknown).toEqual([]);
  });

  it('sets unknown long options aside with their value, in every form', () => {
    const s = scan(['--size', '5', './mine.mjs', '--mode=fast', '--trials', '3', '--flag', '--json']);
    expect(s.scenario).toBe('./mine.mjs');
    expect(s.unknown).toEqual(['--size', '--mode', '--flag']);
    expect(s.known).toEqual(['./mine.mjs', '--trials', '3', '--json']);
    expect(s.argv).toEqual(['./mine.mjs', '--size', '5', '--mode=fast', '--trials', '3', '--flag', '--json']);
  });

  it('notices help wherever it is', () => {
    expect(scan(['counter', '-h']).help).toBe(true);
    expect(scan(['--help', 'cache']).help).toBe(true);
    expect(scan(['counter']).help).toBe(false);
  });
});
