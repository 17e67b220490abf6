import type { Ending } from './exit-codes.js';
import type { Command } from 'commander';
import type { ScannedArgv } from './argv-scan.js';
import { checkCommand, type CheckCommandOptions } from './check-command.js';
import { Session } from './contain/session.js';
import type { Io } from './io.js';
import { BUILTIN_NAMES, unknownScenario } from './load-scenario.js';
import type { Actions } from './program.js';
import { addScenarioFlags, takeScenarioFlags, type Declared } from './scenario-flags.js';

/** How long loading a target may take, as check-command.ts bounds its own loads. */
const LOAD_TIMEOUT_MS = 5000;

/**
 * `lockdemo check <targets> --size 5`: options lockdemo does not know may be options of the
 * targets. check's own options are parsed first, the targets are loaded in their workers, and
 * the command line is parsed again with every option the targets declare as a flag; each
 * target then gets the options it declares.
 */
export async function checkWithScenarioFlags(
  scan: ScannedArgv,
  io: Io,
  build: (actions: Pick<Actions, 'check'>) => Command,
): Promise<Ending> {
  let first: { targets: string[]; options: CheckCommandOptions } | undefined;
  await build({ check: async (targets, options) => void (first = { targets, options }) }).parseAsync(['check', ...scan.known], {
    from: 'user',
  });
  if (first === undefined) return 'ok';
  const loaded: Array<{ arg: string; session: Session }> = [];
  let parsed: { targets: string[]; options: CheckCommandOptions } | undefined;
  try {
    for (const arg of first.targets.length > 0 ? [...new Set(first.targets)] : BUILTIN_NAMES) {
      const unknown = unknownScenario(arg);
      if (unknown !== undefined) throw unknown;
      loaded.push({ arg, session: await Session.start(arg, LOAD_TIMEOUT_MS, io.signal) });
    }
    const declared = mergeDeclared(loaded.map((l) => l.session.info.options));
    const program = build({ check: async (targets, options) => void (parsed = { targets, options }) });
    const check = program.commands.find((command) => command.name() === 'check');
    if (check === undefined) throw new Error('the program has no check command');
    // A run's flags, long and short; --version is lockdemo's own, no run's.
    const runFlags = program.options.filter((o) => o.long !== '--version').flatMap((o) => [o.long, o.short].filter((f) => f !== undefined));
    addScenarioFlags(check, loaded.map((l) => l.session.info.name).join(', '), declared, { targets: loaded.length, runFlags });
    await program.parseAsync(['check', ...scan.argv], { from: 'user' });
    if (parsed === undefined) return 'ok';
    parsed.options.scenarioOptions = takeScenarioFlags(check, declared);
  } catch (error) {
    await Promise.all(loaded.map(({ session }) => session.abandon()));
    throw error;
  }
  return checkCommand(parsed.targets, parsed.options, io, loaded);
}

/** Every option the targets declare; one declared with different choices is checked by each target. */
function mergeDeclared(all: readonly Declared[]): Declared {
  const merged: Record<string, Declared[string]> = {};
  for (const declared of all) {
    for (const [name, option] of Object.entries(declared)) {
      const before = merged[name];
      if (before === undefined) merged[name] = option;
      else if (before.choices?.join('\n') !== option.choices?.join('\n')) {
        const { choices: _, ...rest } = before;
        merged[name] = rest;
      }
    }
  }
  return merged;
}
