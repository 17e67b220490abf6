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
export async function scenarioHelp(arg: string, io: Io): Promise<Ending> {
  const unknown = unknownScenario(arg);
  if (unknown !== undefined) throw unknown;
  const session = await Session.start(arg, HELP_LOAD_TIMEOUT_MS, io.signal);
  try {
    const info = session.info;
    const resolved = await session.ask(0, { type: 'resolve', options: {} });
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
