import type { Ending } from './exit-codes.js';
import { createColors } from './colors.js';
import type { Io } from './io.js';
import { BUILTIN_NAMES, loadScenario } from './load-scenario.js';
import { fitLines, terminalWidth, visibleWidth, wrapText, wrapWords } from './text-width.js';

export interface ListOptions {
  /** Print one JSON document instead of the aligned list. */
  json?: boolean;
  color?: boolean;
}

/** `lockdemo list`: every built-in scenario, its summary and its variants. */
export async function listCommand(options: ListOptions, io: Io): Promise<Ending> {
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
    return 'ok';
  }
  const c = await createColors({ isTTY: io.stdout.isTTY, env: io.env, ...(options.color === false ? { flag: false } : {}) });
  const width = Math.max(...entries.map((e) => e.name.length));
  const columns = terminalWidth(io.stdout.columns);
  // Everything after the name column wraps within it, at spaces: no word is cut.
  const room = Math.max(20, columns - width - 2);
  const indent = ' '.repeat(width + 2);
  const lines: string[] = [];
  const block = (first: string, text: string, paint: (line: string) => string = (l) => l) =>
    wrapWords(keepWhereFits(text.split(' '), room), room).forEach((line, k) => lines.push(`${k === 0 ? first : indent}${paint(line)}`));
  for (const e of entries) {
    block(`${c.bold(e.name.padEnd(width))}  `, e.summary);
    const variants = e.variants.map((v) => (v.races === 'allowed' ? `${v.name}\u00a0(races\u00a0allowed)` : v.name));
    block(indent, `variants: ${variants.join(', ')}`, (line) =>
      line
        .replace(/^variants:/, c.dim('variants:'))
        .replace(/\(races\u00a0allowed\)/g, c.yellow('(races allowed)'))
        .replaceAll('\u00a0', ' '),
    );
    for (const [name, option] of Object.entries(e.options ?? {})) {
      const values = option.choices ? ` <${option.choices.join('|')}>` : ` <${option.placeholder ?? 'value'}>`;
      block(indent, `option: --${name}${values}`, (line) => line.replace(/^option:/, c.dim('option:')));
      wrapText(option.description, room - 2).forEach((line) => lines.push(`${indent}  ${c.dim(line)}`));
    }
  }
  lines.push('', ...fitLines([c.dim('Run one with: lockdemo <name> [options]   ·   check all with: lockdemo check')], columns));
  io.stdout.write(`${lines.join('\n')}\n`);
  return 'ok';
}

/**
 * A variant and its `(races allowed)` are one word (joined by a no-break space) where they fit
 * a line, so that the words never part; a pair wider than the line parts between the name and
 * the parenthesis, which still stays whole.
 */
function keepWhereFits(words: readonly string[], room: number): string[] {
  return words.flatMap((word) => {
    const at = word.indexOf('\u00a0');
    return at < 0 || visibleWidth(word) <= room ? [word] : [word.slice(0, at), word.slice(at + 1)];
  });
}
