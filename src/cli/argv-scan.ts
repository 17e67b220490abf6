import type { Command } from 'commander';
import { BUILTIN_NAMES, looksLikePath } from './load-scenario.js';

/**
 * What the command line of a run says before any scenario is loaded: which word is the
 * scenario, whether help is asked for, and which options lockdemo does not know (they may be
 * the scenario's own, which only its module declares). Commander cannot tell these apart by
 * itself: it rejects an option it does not know, and `--variant <name...>` would swallow a
 * scenario written after it (`lockdemo --variant unlocked counter`).
 */
export interface ScannedArgv {
  /** The scenario word (a built-in's name or a module's path), if there is one. */
  scenario?: string;
  /** argv with the scenario word moved to the front, so that commander reads it as such. */
  argv: string[];
  /** `-h` or `--help` was given. */
  help: boolean;
  /** The long options lockdemo does not know, as written (`--size`), in order. */
  unknown: string[];
  /** argv without those unknown options and their values: what lockdemo alone can parse. */
  known: string[];
}

interface OptionShape {
  /** Takes a value (`--trials <n>`). */
  value: boolean;
  /** Takes every following word up to the next option (`--variant <name...>`). */
  variadic: boolean;
}

/**
 * Scans argv the way commander will parse it. A long option lockdemo does not know is taken
 * to carry a value, as every scenario option does (`--size 5` or `--size=5`). For `check`,
 * `run` is the program of a run: a run's option given to check is unknown to check, but
 * takes a value only if it does in a run (`check --trace counter` checks counter).
 */
export function scanArgv(argv: readonly string[], program: Command, run?: Command): ScannedArgv {
  const shapes = shapesOf(program);
  const runShapes = run === undefined ? new Map<string, OptionShape>() : shapesOf(run);
  let help = false;
  let scenarioAt: number | undefined;
  /** Where the words of the last `--variant` are, for a scenario written after them. */
  let lastVariadic: { option: string; at: number } | undefined;
  const unknown: string[] = [];
  const dropped = new Set<number>();
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] ?? '';
    if (word === '--') {
      scenarioAt ??= i + 1 < argv.length ? i + 1 : undefined;
      break;
    }
    if (word === '-h' || word === '--help') {
      help = true;
      continue;
    }
    if (!word.startsWith('-') || word === '-') {
      scenarioAt ??= i;
      continue;
    }
    const name = word.startsWith('--') ? (word.split('=')[0] ?? word) : word.slice(0, 2);
    const inline = word.startsWith('--') ? word.includes('=') : word.length > 2;
    const shape = shapes.get(name);
    if (shape === undefined) {
      const runShape = runShapes.get(name);
      // An unknown short option that is no run's either: commander names it.
      if (!word.startsWith('--') && runShape === undefined) continue;
      unknown.push(name);
      dropped.add(i);
      const takesValue = runShape?.value ?? true;
      if (takesValue && !inline && i + 1 < argv.length && !(argv[i + 1] ?? '').startsWith('-')) dropped.add(++i);
      continue;
    }
    if (!shape.value || inline) continue;
    if (shape.variadic) {
      const first = i + 1;
      while (i + 1 < argv.length && !(argv[i + 1] ?? '-').startsWith('-')) i++;
      if (i >= first) lastVariadic = { option: name, at: i };
    } else {
      i++;
    }
  }
  // No scenario word of its own: the last word taken by `--variant` is the scenario when it
  // can only be one (a built-in's name or a path), as in `lockdemo --variant unlocked counter`.
  if (scenarioAt === undefined && lastVariadic !== undefined) {
    const word = argv[lastVariadic.at] ?? '';
    if (BUILTIN_NAMES.includes(word) || looksLikePath(word)) scenarioAt = lastVariadic.at;
  }
  const scenario = scenarioAt === undefined ? undefined : argv[scenarioAt];
  const front = (words: readonly string[], keep: (i: number) => boolean): string[] => {
    const rest = words.filter((_, i) => i !== scenarioAt && keep(i));
    return scenario === undefined ? rest : [scenario, ...rest];
  };
  return {
    ...(scenario !== undefined ? { scenario } : {}),
    argv: front(argv, () => true),
    help,
    unknown,
    known: front(argv, (i) => !dropped.has(i)),
  };
}

/** Each option of `program` by its long and short flag: whether it takes a value, and how many. */
function shapesOf(program: Command): Map<string, OptionShape> {
  const shapes = new Map<string, OptionShape>();
  for (const option of program.options) {
    const shape = { value: option.required || option.optional, variadic: option.variadic };
    if (option.long !== undefined) shapes.set(option.long, shape);
    if (option.short !== undefined) shapes.set(option.short, shape);
  }
  return shapes;
}
