import type { ScenarioOption } from '../core/scenario.js';
import { CONTROLLED_SCHEDULES, SCHEDULE_TABLE, type ScheduleName } from '../core/schedules/table.js';
import { shellQuote } from './command-line.js';
import { fitLines, printable, wrapText } from './text-width.js';

/** What a scenario's help shows: what the worker's load and a default resolve told. */
export interface ScenarioHelpFacts {
  /** The scenario as written on the command line (`counter`, `./mine.mjs`). */
  arg: string;
  name: string;
  summary: string;
  tasks: number;
  variants: ReadonlyArray<{ name: string; races: 'allowed' | 'forbidden'; summary?: string }>;
  options: Readonly<Record<string, ScenarioOption>>;
  /** The schedules it runs under with its default options, its default first. */
  schedules: readonly ScheduleName[];
  /** Trials per variant with its default options and schedule. */
  trials: number;
}

/**
 * `lockdemo <scenario> --help` and `lockdemo help <scenario>`: the scenario itself (its
 * summary, its variants and what each shows, its defaults, its schedules) and its own options;
 * the options every run has are in `lockdemo help`, not repeated here.
 */
export function renderScenarioHelp(f: ScenarioHelpFacts, width: number): string {
  const arg = shellQuote(f.arg);
  const lines: string[] = [`Usage: lockdemo ${arg} [options]`, ''];
  // The summaries are the scenario's text: their control characters are shown escaped.
  lines.push(...wrapText(`${f.name}: ${printable(f.summary)}`, width), '');
  lines.push('Variants (each is run in turn; --variant picks some):');
  const nameWidth = Math.max(...f.variants.map((v) => v.name.length));
  const policyWidth = 'races forbidden'.length;
  for (const v of f.variants) {
    lines.push(...block(`  ${v.name.padEnd(nameWidth)}  ${`races ${v.races}`.padEnd(policyWidth)}  `, printable(v.summary ?? ''), width));
  }
  lines.push('');
  const schedule: ScheduleName = f.schedules[0] ?? 'random';
  const trials =
    SCHEDULE_TABLE[schedule].unit === 'interleavings' ? 'every interleaving' : `${f.trials} trial${f.trials === 1 ? '' : 's'} per variant`;
  lines.push(...fitLines([`Runs by default: ${f.tasks} tasks · ${trials} · schedule ${schedule}`], width));
  lines.push(...fitLines([`Schedules it runs under: ${f.schedules.join(', ')}`], width), '');
  const options = Object.entries(f.options);
  if (options.length === 0) {
    lines.push(`Options of ${f.name}: none of its own.`);
  } else {
    lines.push(`Options of ${f.name}:`);
    const flags = options.map(([name, o]) => `--${name} <${o.placeholder ?? 'value'}>`);
    const flagWidth = Math.min(Math.max(...flags.map((s) => s.length)), 24);
    options.forEach(([, o], k) => {
      const flag = flags[k] ?? '';
      const head = flag.length > flagWidth ? [`  ${flag}`] : [];
      const first = flag.length > flagWidth ? ' '.repeat(flagWidth + 4) : `  ${flag.padEnd(flagWidth)}  `;
      lines.push(...head, ...block(first, [printable(o.description), printable(facts(o))].filter((s) => s !== '').join('\n'), width));
    });
  }
  lines.push('', ...fitLines(['All run options (--trials, --seed, --schedule, ...): lockdemo help'], width), '');
  lines.push('Examples:', ...examples(arg, f).map((e) => `  ${e}`));
  return `${fitLines(lines, width).join('\n')}\n`;
}

/** The facts of an option under its description: its choices, default, variable, secrecy. */
function facts(o: ScenarioOption): string {
  const parts: string[] = [];
  if (o.choices !== undefined) parts.push(`choices: ${o.choices.join(', ')}`);
  if (o.default !== undefined) parts.push(`default: ${o.default}`);
  if (o.env !== undefined) parts.push(`also from ${o.env}`);
  if (o.secret === true) parts.push('secret: masked in every output');
  return parts.join(' · ');
}

/** `first` then `text` wrapped in the columns left, the continuation lines under the text. */
function block(first: string, text: string, width: number): string[] {
  if (width - first.length < 20) {
    // Too narrow for a column beside `first` (a 40-column terminal): the text goes under it.
    const under = '      ';
    return [first.trimEnd(), ...wrapText(text, Math.max(20, width - under.length)).map((line) => `${under}${line}`.trimEnd())];
  }
  const indent = ' '.repeat(first.length);
  const wrapped = wrapText(text, width - first.length);
  return wrapped.map((line, k) => `${k === 0 ? first : indent}${line}`.trimEnd());
}

function examples(arg: string, f: ScenarioHelpFacts): string[] {
  const out = [`lockdemo ${arg}`];
  const first = f.schedules[0];
  if (first !== undefined && (CONTROLLED_SCHEDULES as readonly string[]).includes(first)) out.push(`lockdemo ${arg} --trace`);
  if (f.schedules.includes('exhaustive')) out.push(`lockdemo ${arg} --schedule exhaustive`);
  const [name, option] = Object.entries(f.options)[0] ?? [];
  if (name !== undefined && option !== undefined) {
    // A secret option's example names its value only by its placeholder.
    const other = option.secret === true ? undefined : option.choices?.find((c) => c !== option.default);
    out.push(`lockdemo ${arg} --${name} ${other !== undefined ? shellQuote(other) : `<${option.placeholder ?? 'value'}>`}`);
  }
  return out;
}
