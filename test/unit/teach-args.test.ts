import { describe, expect, it } from 'vitest';
import type { CheckCommandOptions } from '../../src/cli/check-command.js';
import { buildProgram, type Actions } from '../../src/cli/program.js';
import type { RunCommandOptions } from '../../src/cli/run-command-options.js';

const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: {} };
const noActions: Actions = { run: async () => {}, list: async () => {}, check: async () => {}, init: async () => {}, help: async () => {} };

describe('argv → options for the teaching flags', () => {
  it('--all-outcomes reaches the run command', async () => {
    let options: RunCommandOptions | undefined;
    await buildProgram(io, { ...noActions, run: async (_s, o) => void (options = o) }).parseAsync(['counter', '--all-outcomes'], {
      from: 'user',
    });
    expect(options?.allOutcomes).toBe(true);
  });

  it('check --variant takes one or more names, comma-separated or repeated', async () => {
    let options: CheckCommandOptions | undefined;
    const program = buildProgram(io, { ...noActions, check: async (_t, o) => void (options = o) });
    await program.parseAsync(['check', 'counter', '--variant', 'locked,unlocked'], { from: 'user' });
    expect(options?.variant).toEqual(['locked', 'unlocked']);
  });
});

describe('the scenario contract: unit and setting', () => {
  const base = {
    name: 'x',
    summary: 'y',
    setup: () => ({}),
    variants: { v: { races: 'allowed' as const, run: async () => {} } },
    observe: () => 1,
    outcomes: [],
  };

  it('accepts a short unit and a setting function, and names a malformed one', async () => {
    const { defineScenario, ScenarioError } = await import('../../src/core/scenario.js');
    expect(defineScenario({ ...base, unit: 'MB/s', setting: () => 'in memory' }).unit).toBe('MB/s');
    expect(() => defineScenario({ ...base, unit: 5 as unknown as string })).toThrow(ScenarioError);
    expect(() => defineScenario({ ...base, unit: 'a unit far too long to title a column' })).toThrow(/"unit" must be a word or two/);
    expect(() => defineScenario({ ...base, setting: 'file' as unknown as () => string })).toThrow(/"setting" must be a function/);
  });
});
