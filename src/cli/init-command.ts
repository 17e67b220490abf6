import { existsSync, linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { shellQuote } from './command-line.js';
import { CliError, type Ending } from './exit-codes.js';
import type { Io } from './io.js';
import { printable } from './text-width.js';

/** A scenario that runs as it is and explains every part of the contract in its comments. */
export const TEMPLATE = `/**
 * NAME — a template from \`lockdemo init\`. Run it:
 *
 *   npx lockdemo ./FILE --trials 1000
 *   npx lockdemo ./FILE --schedule exhaustive --trace
 *   npx lockdemo check ./FILE
 *
 * Two tasks each add an item to a list that must hold at most one: "if it is empty, add
 * mine". The check and the add are split by an await, so both tasks can find the list empty.
 * Replace the state, the variants and the outcomes with your own race and its fix.
 */
import { defineScenario } from 'lockdemo';

export default defineScenario({
  // Shown in the output; letters, digits and dashes.
  name: 'NAME',
  // One line: what the tasks do and where the race is.
  summary: 'tasks add to a list that must hold at most one item; the check and the add are split by an await',
  // How many tasks run at once in each trial (--tasks overrides).
  tasks: 2,
  // Fresh shared state for every trial.
  setup: () => ({ items: [] }),
  // Each variant is one way to write the tasks' code; every task of a trial runs it.
  variants: {
    unlocked: {
      races: 'allowed', // the broken version: races are expected here, they are the lesson
      run: async (state, t) => {
        if (state.items.length === 0) {
          await t.yield(); // a scheduling point: another task may run here and pass the same check
          state.items.push(t.label);
        }
      },
    },
    locked: {
      races: 'forbidden', // the fix: a race here is a failure (exit code 1)
      run: (state, t) =>
        t.lock.run(async () => {
          if (state.items.length === 0) {
            await t.yield();
            state.items.push(t.label);
          }
        }),
    },
  },
  // What a finished trial is judged by: a number or a short string.
  observe: (state) => state.items.length,
  // The declared outcomes: the first match grades the value; anything unmatched is forbidden.
  outcomes: [
    { value: 1, grade: 'correct', description: 'exactly one item' },
    { match: (v) => typeof v === 'number' && v > 1, grade: 'race', description: (v) => \`\${v} items: the check went stale\` },
  ],
});
`;

/** `lockdemo init <file>`: writes the template; never overwrites a file. */
export function initCommand(file: string, io: Io): Ending {
  if (/^\.(?:m?js|m?ts)$/.test(basename(file))) {
    throw new CliError('usage', `cannot create ${file}: give the module a name before its extension, such as my-scenario.mjs`);
  }
  if (!/\.(?:m?js|m?ts)$/.test(file)) {
    throw new CliError('usage', `cannot create ${file}: a scenario module must end in .mjs, .js, .mts or .ts`);
  }
  if (existsSync(file)) {
    throw new CliError('usage', `${file} already exists; choose another name (init never overwrites a file)`);
  }
  if (file.endsWith('.js')) {
    const pkg = nearestPackageJson(dirname(resolve(file)));
    if (pkg?.type !== 'module') {
      const where = pkg === undefined ? 'no package.json above it says' : `${pkg.path} does not say`;
      throw new CliError(
        'usage',
        `cannot create ${file}: the template is an ES module, and ${where} "type": "module", so Node.js would load it as CommonJS: name it ${basename(file).replace(/\.js$/, '.mjs')}`,
      );
    }
  }
  const runnable = shellQuote(file.includes('/') ? file : `./${file}`);
  // Written whole under a temporary name, then linked into place, which fails if a file has
  // appeared there since: a full disk leaves nothing behind (an empty module would block the
  // retry), and nothing is ever overwritten.
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    // A function, not a string: a replacement string reads `$'` (shellQuote's quoting for control
    // characters) as "the text after the match", which pasted the template's rest into it.
    writeFileSync(
      temporary,
      templateFor(file).replaceAll('./FILE', () => runnable),
      { flag: 'wx' },
    );
    linkInto(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOSPC') throw new CliError('output', `cannot create ${file}: the disk is full`);
    // Node's own words ("ENOENT: no such file or directory, open '…'") name no cause a user acts on.
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? `the folder ${dirname(file)} does not exist`
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? `the folder ${dirname(file)} is not writable`
          : code === 'EEXIST'
            ? 'it already exists (init never overwrites a file)'
            : (error as Error).message;
    throw new CliError('usage', `cannot create ${file}: ${why}`);
  } finally {
    rmSync(temporary, { force: true });
  }
  // The name as the user gave it, with any control character escaped: printed raw, it would drive the terminal.
  io.stdout.write(`wrote ${printable(file)}\nrun it: lockdemo ${runnable}\n`);
  return 'ok';
}

/**
 * Links `temporary` to `file`, failing with EEXIST if `file` exists. A file system without hard
 * links (vfat, some FUSE mounts) gets a rename instead, after a last look that nothing is there.
 */
function linkInto(temporary: string, file: string): void {
  try {
    linkSync(temporary, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    if (existsSync(file)) throw Object.assign(new Error(`${file} exists`), { code: 'EEXIST' });
    renameSync(temporary, file);
  }
}

/** The package.json that decides how Node.js loads a .js file in `dir`, and its `type`. */
function nearestPackageJson(dir: string): { path: string; type: unknown } | undefined {
  for (let at = dir; ; at = dirname(at)) {
    const path = join(at, 'package.json');
    if (existsSync(path)) {
      try {
        return { path, type: (JSON.parse(readFileSync(path, 'utf8')) as { type?: unknown }).type };
      } catch {
        return { path, type: undefined };
      }
    }
    if (dirname(at) === at) return undefined;
  }
}

/**
 * The template for this file: the scenario is named after the file (`bounded-list.mjs` makes
 * `bounded-list`), and a TypeScript file gets its state's type, so that tsc accepts it as is.
 */
export function templateFor(file: string): string {
  const text = TEMPLATE.replaceAll('NAME', scenarioNameFor(file));
  if (!/\.m?ts$/.test(file)) return text;
  return text.replace('export default defineScenario({', 'export default defineScenario<{ items: string[] }>({');
}

/** A scenario name from a file name: letters, digits and dashes, as defineScenario accepts. */
export function scenarioNameFor(file: string): string {
  const base = basename(file).replace(/\.(?:m?js|m?ts)$/, '');
  const name = base
    // Letters with accents keep their letter (Ünïcode → Unicode), not a dash.
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^a-z0-9-]+/gi, '-')
    .replace(/^[^a-z0-9]+/i, '')
    .replace(/-+$/, '');
  return name.length > 0 ? name : 'my-scenario';
}
