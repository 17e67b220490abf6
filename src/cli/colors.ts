import type { ChalkInstance } from 'chalk';
import type { Grade } from '../core/scenario.js';

/**
 * The only module that decides about colour. Colour is on when stdout is a terminal, unless
 * NO_COLOR is set (https://no-color.org) or `--no-color` is given; FORCE_COLOR turns it on
 * for a pipe, and FORCE_COLOR=0 off for a terminal. Without colour, chalk is not even loaded: pipes, CI and tests get a painter that
 * returns its text unchanged, and `lockdemo counter | ...` starts faster.
 */
export type Colors = ChalkInstance;

export interface ColorChoice {
  isTTY: boolean | undefined;
  env: NodeJS.ProcessEnv;
  /** `--no-color` makes this false. */
  flag?: boolean;
}

export async function createColors(choice: ColorChoice): Promise<Colors> {
  if (!colorEnabled(choice)) return plain;
  const { Chalk } = await import('chalk');
  return new Chalk({ level: 1 });
}

export function colorEnabled({ isTTY, env, flag }: ColorChoice): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  // FORCE_COLOR=0 (or false) asks for none, as Node.js and chalk read it; any other value for some.
  if (env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false') return false;
  if (env.FORCE_COLOR !== undefined) return true;
  return isTTY === true && env.TERM !== 'dumb';
}

/**
 * chalk's chainable shape (`c.red.bold(text)`) with every style a no-op. It has no `then`, or
 * `await createColors()` would take it for a promise and wait forever.
 */
const plain: Colors = new Proxy(((text: unknown) => String(text)) as unknown as Colors, {
  get: (target, key) => {
    if (key === 'then') return undefined;
    if (key === 'level') return 0;
    const own: unknown = key in Function.prototype ? Reflect.get(target, key) : plain;
    return own;
  },
});

export function paintGrade(c: Colors, grade: Grade, text: string = grade): string {
  if (grade === 'correct') return c.green(text);
  if (grade === 'race') return c.yellow(text);
  return c.red.bold(text);
}
