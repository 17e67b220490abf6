import type { Command } from 'commander';
import type { Ending } from './exit-codes.js';
import type { Io } from './io.js';
import { Session } from './contain/session.js';
import { unknownScenario } from './load-scenario.js';
import { renderScenarioHelp } from './help-scenario.js';
import { terminalWidth } from './text-width.js';

/** How long loading a module for its help may take before it counts as a hang at import. */
const HELP_LOAD_TIMEOUT_MS = 5000;

/**
 * `lockdemo help [topic]`: the whole help, a command's (`help check`) or a scenario's
 * (`help counter`, `help ./mine.mjs`), on stdout with exit 0.
 */
export async function helpCommand(topic: string | undefined, program: Command, io: Io): Promise<Ending> {
  if (topic === undefined || topic === 'help') {
    program.outputHelp();
    return 'ok';
  }
  const command = program.commands.find((c) => c.name() === topic);
  if (command !== undefined) {
    command.outputHelp();
    return 'ok';
  }
  return scenarioHelp(topic, io);
}

/**
 * A scenario's help, built-in or a user's module alike: the module is loaded in a supervised
 * worker, as for a run, and its defaults are resolved there.
 */
export async function scenarioHelp(arg: string, io: Io, argv: readonly string[] = []): Promise<Ending> {
  const unknown = unknownScenario(arg);
  if (unknown !== undefined) throw unknown;
  const session = await Session.start(arg, HELP_LOAD_TIMEOUT_MS, io.signal);
  try {
    const info = session.info;
    // Its defaults as they are with the scenario's own options given beside --help
    // (`cache --origin http --help`: 100 trials, not the 1,000 of the simulated origin).
    const resolved = await session.ask(0, { type: 'resolve', options: { options: givenOptions(argv, Object.keys(info.options)) } });
    io.stdout.write(
      renderScenarioHelp(
        {
          arg,
          name: info.name,
          summary: info.summary,
          tasks: resolved.tasks,
          variants: info.variants,
          options: info.options,
          schedules: resolved.schedules,
          trials: resolved.trials,
        },
        terminalWidth(io.stdout.columns),
      ),
    );
    return 'ok';
  } finally {
    await session.abandon();
  }
}

/** The values of a scenario's own options on a command line: `--name value` or `--name=value`. */
function givenOptions(argv: readonly string[], names: readonly string[]): Record<string, string> {
  const given: Record<string, string> = {};
  for (const name of names) {
    const flag = `--${name}`;
    const at = argv.findIndex((word) => word === flag || word.startsWith(`${flag}=`));
    const word = argv[at];
    if (word === undefined) continue;
    const value = word === flag ? argv[at + 1] : word.slice(flag.length + 1);
    if (value !== undefined && !value.startsWith('-')) given[name] = value;
  }
  return given;
}
