import { createColors } from './colors.js';
import type { Io } from './io.js';
import { BUILTIN_NAMES, loadScenario } from './load-scenario.js';

export interface ListOptions {
  /** Print one JSON document instead of the aligned list. */
  json?: boolean;
  color?: boolean;
}

/** `lockdemo list`: every built-in scenario, its summary and its variants. */
export async function listCommand(options: ListOptions, io: Io): Promise<number> {
  const scenarios = await Promise.all(BUILTIN_NAMES.map((name) => loadScenario(name)));
  const entries = scenarios.map((s) => ({
    name: s.name,
    summary: s.summary,
    tasks: s.tasks,
    variants: Object.entries(s.variants).map(([name, v]) => ({ name, races: v.races, ...(v.summary ? { summary: v.summary } : {}) })),
    ...(s.options ? { options: s.options } : {}),
  }));
  if (options.json) {
    io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    return 0;
  }
  const c = await createColors({ isTTY: io.stdout.isTTY, env: io.env, ...(options.color === false ? { flag: false } : {}) });
  const width = Math.max(...entries.map((e) => e.name.length));
  const lines: string[] = [];
  for (const e of entries) {
    lines.push(`${c.bold(e.name.padEnd(width))}  ${e.summary}`);
    const variants = e.variants.map((v) => (v.races === 'allowed' ? `${v.name} ${c.yellow('(races allowed)')}` : v.name));
    lines.push(`${' '.repeat(width)}  ${c.dim('variants:')} ${variants.join(', ')}`);
    for (const [name, option] of Object.entries(e.options ?? {})) {
      const values = option.choices ? ` <${option.choices.join('|')}>` : ' <value>';
      lines.push(`${' '.repeat(width)}  ${c.dim('option:')} --${name}${values}  ${c.dim(option.description)}`);
    }
  }
  lines.push('', c.dim('Run one with: lockdemo <name> [options]   ·   prove all with: lockdemo check'));
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
