/**
 * Errors carry a kind, one table turns kinds into exit statuses, and main.ts alone reads it;
 * in the worker, who is at fault is decided where the error was thrown.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CliError, EXIT_STATUS, withSuggestion, type Ending } from '../../src/cli/exit-codes.js';
import { containScenario } from '../../src/cli/contain/contained-scenario.js';
import { HostError, StoppedWorker } from '../../src/cli/contain/host-worker.js';
import { thrownByLockdemo, toWire, uncaughtToWire } from '../../src/cli/contain/wire-error.js';
import { workerFailure } from '../../src/cli/contain/worker-failure.js';
import { Phase } from '../../src/core/heartbeat.js';
import { RunOptionError } from '../../src/core/resolve-run.js';
import { ControlledTrial } from '../../src/core/controlled-trial.js';
import { runScenario } from '../../src/core/run-scenario.js';
import { defineScenario, ScenarioError } from '../../src/core/scenario.js';
import { ReplayError } from '../../src/core/schedules/replay.js';

const ROOT = new URL('../../', import.meta.url);

describe('the one table of exit statuses', () => {
  it('says what the README promises, code for code', () => {
    // The README's table, an independent statement of the contract: `| 2 | bad usage ... |`.
    const readme = readFileSync(new URL('README.md', ROOT), 'utf8');
    const section = readme.slice(readme.indexOf('## Exit codes'), readme.indexOf('## Writing a scenario'));
    const documented = [...section.matchAll(/^\| (\d+) \| (.+) \|$/gm)].map((m) => Number(m[1]));
    expect(documented.length).toBeGreaterThan(5);
    expect(Object.values(EXIT_STATUS).sort((a, b) => a - b)).toEqual(documented.sort((a, b) => a - b));
  });

  it.each<[Ending, number]>([
    ['ok', 0],
    ['failed', 1],
    ['usage', 2],
    ['scenario', 3],
    ['internal', 70],
    ['output', 74],
    ['interrupted', 130],
  ])('%s → %i (DESIGN: exit codes)', (ending, code) => {
    expect(EXIT_STATUS[ending]).toBe(code);
  });

  it('is read only by main.ts: no other module of src/ picks a number', () => {
    const readers: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (path.endsWith('.ts') && /EXIT_STATUS|process\.exit\(\d/.test(readFileSync(path, 'utf8'))) readers.push(path);
      }
    };
    walk(new URL('src', ROOT).pathname);
    expect(readers.map((p) => p.slice(p.indexOf('src/'))).sort()).toEqual(['src/cli/exit-codes.ts', 'src/cli/main.ts']);
  });
});

describe('"did you mean", worded in one place', () => {
  it('inside the sentence of an unknown name, after the message of a core choice', () => {
    const unknown = CliError.unknown({ what: 'variant', given: 'lockd', accepted: ['unlocked', 'locked'] });
    expect(withSuggestion(unknown.message, unknown.choice!, 'locked')).toBe(
      'unknown variant "lockd". Available: unlocked, locked. Did you mean "locked"?',
    );
    expect(withSuggestion('--mode must be one of a, b', { given: 'aa', accepted: ['a', 'b'] }, 'a')).toBe(
      '--mode must be one of a, b. Did you mean "a"?',
    );
    expect(withSuggestion('--mode must be one of a, b', { given: 'zz', accepted: ['a', 'b'] }, undefined)).toBe(
      '--mode must be one of a, b',
    );
  });
});

describe('toWire: an error thrown while the worker answers a request crosses with its kind', () => {
  it.each<[string, unknown, string, RegExp]>([
    // The bug this replaced: a CliError of any kind but 3 was sent as usage (2).
    ['a CliError of kind internal', new CliError('internal', 'lost'), 'internal', /^lost$/],
    [
      'a CliError of kind scenario (a module that cannot load)',
      new CliError('scenario', 'cannot load x.mjs: boom'),
      'scenario',
      /^cannot load x\.mjs: boom$/,
    ],
    ['a CliError of kind usage', new CliError('usage', '--remove-lock z: no such lock'), 'usage', /^--remove-lock z/],
    ['a ScenarioError (a broken contract)', new ScenarioError('"trials" threw: no'), 'scenario', /^scenario "demo": "trials" threw: no$/],
    [
      'a ScenarioError that names the scenario',
      new ScenarioError('scenario "demo": setup threw: x'),
      'scenario',
      /^scenario "demo": setup threw: x$/,
    ],
    ['a RunOptionError', new RunOptionError('timeoutMs must be an integer', { option: 'timeoutMs' }), 'usage', /^--timeout must be/],
    ['a ReplayError', new ReplayError('step 3 picks C'), 'usage', /^--replay does not fit demo: step 3 picks C$/],
    ['a TypeError of lockdemo', new TypeError("reading 'x' of undefined"), 'internal', /^internal error in the worker: reading 'x'/],
    ['a thrown string', 'plain', 'internal', /^internal error in the worker: plain$/],
    [
      'a Proxy that traps everything',
      new Proxy(
        {},
        {
          get: () => {
            throw new Error('trap');
          },
          getPrototypeOf: () => {
            throw new Error('trap');
          },
        },
      ),
      'internal',
      /^internal error in the worker: /,
    ],
  ])('%s', (_, thrown, kind, message) => {
    const wire = toWire(thrown, 'demo');
    expect(wire.kind).toBe(kind);
    expect(wire.message).toMatch(message);
    expect(() => structuredClone(wire)).not.toThrow();
  });

  it('a core error that says what was given and accepted carries them for "did you mean"', () => {
    const error = new RunOptionError('unknown schedule "rando"', { option: 'schedule', given: 'rando', accepted: ['random', 'pct'] });
    expect(toWire(error, 'demo').choice).toEqual({ given: 'rando', accepted: ['random', 'pct'] });
    // A given value that is accepted (a schedule an option does not apply to) is no typo.
    const applies = new RunOptionError('depth does not apply', { option: 'depth', given: 'pct', accepted: ['pct'] });
    expect(toWire(applies, 'demo').choice).toBeUndefined();
  });
});

describe('uncaughtToWire: an exception nobody caught, by where its frames are', () => {
  const own = 'file:///opt/lockdemo/dist/src/';
  const frames = (...files: string[]): string => ['Error: x', ...files.map((f, i) => `    at fn${i} (${f}:1:2)`)].join('\n');
  it.each<[string, string | undefined, boolean]>([
    ['only lockdemo and Node.js', frames(`${own}core/controlled-trial.js`, 'node:internal/process/task_queues'), true],
    ['a scenario module on the stack', frames(`${own}core/lock.js`, 'file:///home/me/mine.mjs'), false],
    ['a built-in scenario', frames('file:///opt/lockdemo/dist/scenarios/cache.js', `${own}core/x.js`), false],
    ['a path, not a URL', frames('/opt/lockdemo/dist/src/core/x.js'), true],
    ['Node.js alone', frames('node:internal/timers'), false],
    ['no stack', undefined, false],
    ['an anonymous async frame of a scenario', `Error: x\n    at ${own}core/a.js:1:2\n    at async file:///home/me/mine.mjs:3:4`, false],
  ])('%s → lockdemo: %s', (_, stack, lockdemo) => {
    expect(thrownByLockdemo(stack, own)).toBe(lockdemo);
  });

  it('classifies: lockdemo frames → internal; a scenario timer → scenario; a value that is not an Error → scenario', () => {
    const bug = new TypeError('engine');
    bug.stack = frames(`${own}core/controlled-trial.js`);
    expect(uncaughtToWire(bug, 'demo', own).kind).toBe('internal');
    const timer = new Error('late');
    timer.stack = frames('file:///home/me/mine.mjs', 'node:internal/timers');
    const wire = uncaughtToWire(timer, 'demo', own);
    expect(wire.kind).toBe('scenario');
    expect(wire.message).toMatch(/^scenario "demo": .*: late$/);
    expect(uncaughtToWire('a string', 'demo', own).kind).toBe('scenario');
    // What lockdemo attributed already (a `match` called from the engine) keeps its kind.
    expect(uncaughtToWire(new ScenarioError('"outcomes[0].match" threw: x'), 'demo', own).kind).toBe('scenario');
  });
});

describe('workerFailure: a worker that stopped, or reported an error, as a CliError of its kind', () => {
  const scenario = { name: 'demo', target: './demo.mjs', timeoutMs: 500 };
  const stopped = (
    reason: StoppedWorker['reason'],
    phase: Phase = Phase.Idle,
    exitCode?: number,
    fatal?: HostError['wire'],
  ): StoppedWorker => new StoppedWorker(reason, phase, 0, [], exitCode, 'its worker ended with code 1', fatal);
  const kindOf = (error: unknown): string | undefined => (error instanceof CliError ? error.kind : undefined);

  it.each<[string, unknown, string | undefined, RegExp]>([
    ['process.exit from scenario code', stopped('exit', Phase.Tasks, 0), 'scenario', /^\.\/demo\.mjs called process\.exit\(0\)/],
    [
      'an exception nobody caught, that the worker said was lockdemo’s',
      stopped('exit', Phase.Idle, undefined, { kind: 'internal', message: 'internal error in the worker: x' }),
      'internal',
      /^internal error in the worker: x$/,
    ],
    [
      'an exception nobody caught, from a scenario’s timer',
      stopped('exit', Phase.Idle, undefined, { kind: 'scenario', message: 'scenario "demo": late' }),
      'scenario',
      /late$/,
    ],
    ['the worker’s own crash (its module failed)', stopped('crash'), 'internal', /^internal error: /],
    ['Ctrl-C', stopped('interrupt'), 'interrupted', /^interrupted/],
    ['a loop in setup', stopped('hang', Phase.Setup), 'scenario', /within 500 ms in "setup" \(trial 1\)$/],
    ['a reported error keeps its kind', new HostError({ kind: 'usage', message: '--tasks must be' }), 'usage', /^--tasks must be$/],
  ])('%s', (_, error, kind, message) => {
    const failure = workerFailure(error, scenario);
    expect(kindOf(failure)).toBe(kind);
    expect((failure as Error).message).toMatch(message);
  });

  it('leaves an error of the main thread as it is (main reports it as internal)', () => {
    const own = new TypeError('main thread');
    expect(workerFailure(own, scenario)).toBe(own);
  });
});

describe('the trial loop blames setup only for what setup threw', () => {
  const scenario = (setup: () => { n: number }) =>
    defineScenario({
      name: 'blame',
      summary: 'who threw',
      tasks: 2,
      trials: 3,
      setup,
      variants: { only: { races: 'allowed', run: async (s, t) => void (await t.yield(), s.n++) } },
      observe: (s) => s.n,
      outcomes: [{ grade: 'correct', description: 'any' }],
    });

  it('a setup that throws is the scenario’s: a ScenarioError naming setup', async () => {
    const run = runScenario(
      scenario(() => {
        throw new RangeError('no state');
      }),
      { seed: 1 },
    );
    await expect(run).rejects.toThrow(ScenarioError);
    await expect(run).rejects.toThrow('scenario "blame": setup threw: no state');
  });

  it('a throw of the engine while a trial starts is its own, not "setup threw"', async () => {
    // A stand-in for a bug in lockdemo: the trial's start fails after a setup that works.
    const start = vi.spyOn(ControlledTrial.prototype, 'start').mockImplementation(() => {
      throw new TypeError('engine bug');
    });
    try {
      const run = runScenario(
        scenario(() => ({ n: 0 })),
        { seed: 1 },
      );
      await expect(run).rejects.toThrow(TypeError);
      await expect(run).rejects.not.toThrow(ScenarioError);
    } finally {
      start.mockRestore();
    }
  });
});

describe('containScenario: what a field throws is the scenario’s, whatever was thrown', () => {
  const throwing = (value: unknown) =>
    containScenario(
      // State `unknown`: what containScenario takes; the trials never run here.
      defineScenario<unknown, unknown>({
        name: 'fields',
        summary: 'fields that throw',
        trials: () => {
          throw value;
        },
        setup: () => ({}),
        variants: { only: { races: 'allowed', run: async (_, t) => t.yield() } },
        observe: () => 0,
        outcomes: [{ grade: 'correct', description: 'any' }],
      }),
    );
  const trials = (value: unknown): unknown => {
    try {
      const { trials: count } = throwing(value);
      return typeof count === 'function' ? count({ tasks: 2, options: {} }) : count;
    } catch (error) {
      return error;
    }
  };
  const trap = (): never => {
    throw new Error('trap');
  };

  it('an Error, or a Proxy whose every trap throws: a ScenarioError naming the field', () => {
    for (const value of [new Error('no trials'), new Proxy({}, { get: trap, getPrototypeOf: trap })]) {
      const error = trials(value);
      expect(error).toBeInstanceOf(ScenarioError);
      expect((error as Error).message).toMatch(/^scenario "fields": "trials" threw: /);
      expect(toWire(error, 'fields').kind).toBe('scenario');
    }
  });

  it('a RunOptionError, even from another copy of lockdemo (matched by name): usage', () => {
    const foreign = Object.assign(new Error('--redis is down'), { name: 'RunOptionError' });
    const error = trials(foreign);
    expect(error).toBeInstanceOf(RunOptionError);
    expect(toWire(error, 'fields')).toMatchObject({ kind: 'usage', message: '--redis is down' });
  });
});
