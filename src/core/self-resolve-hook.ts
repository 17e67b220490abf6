/**
 * A module resolve hook, registered only when lockdemo loads a user's scenario file. When the
 * file's `import ... from 'lockdemo'` cannot be resolved where the file lives (a scenario
 * written outside any project that installed lockdemo, run with npx or a global install), it
 * resolves to the lockdemo that is running. Everything else resolves as usual.
 */
interface Resolved {
  url: string;
  shortCircuit?: boolean;
  format?: string | null;
}
type NextResolve = (specifier: string, context: unknown) => Promise<Resolved>;

let selfUrl = '';

export function initialize(data: { selfUrl: string }): void {
  selfUrl = data.selfUrl;
}

export async function resolve(specifier: string, context: unknown, nextResolve: NextResolve): Promise<Resolved> {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (specifier === 'lockdemo' && selfUrl !== '') return { url: selfUrl, shortCircuit: true, format: 'module' };
    throw error;
  }
}
