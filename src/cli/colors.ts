import { Chalk, type ChalkInstance } from 'chalk';
import type { Grade } from '../core/scenario.js';

/**
 * The only module that decides about colour. Colour is on when stdout is a terminal, unless
 * NO_COLOR is set (https://no-color.org) or `--no-color` is given; FORCE_COLOR turns it on
 * for a pipe. Tests and pipes get a colourless instance, so output is plain text.
 */
export function createColors(options: { isTTY: boolean | undefined; env: NodeJS.ProcessEnv; flag?: boolean }): ChalkInstance {
  return new Chalk({ level: colorEnabled(options) ? 1 : 0 });
}

function colorEnabled({ isTTY, env, flag }: { isTTY: boolean | undefined; env: NodeJS.ProcessEnv; flag?: boolean }): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return isTTY === true && env.TERM !== 'dumb';
}

export function paintGrade(c: ChalkInstance, grade: Grade, text: string = grade): string {
  if (grade === 'correct') return c.green(text);
  if (grade === 'race') return c.yellow(text);
  return c.red.bold(text);
}
