import { allowTypeScript } from '../core/typescript-loader.js';
import { CliError } from './exit-codes.js';

/** Before a `.ts`/`.mts` scenario is imported: make it loadable, or say in one line what to install. */
export async function prepareTypeScript(arg: string, file: string): Promise<void> {
  const ready = await allowTypeScript(file);
  if (ready !== true) throw new CliError('scenario', `cannot load ${arg}: ${ready}`);
}
