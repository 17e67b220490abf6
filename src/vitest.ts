/**
 * `lockdemo/vitest`: importing it registers `toBeRaceFree` with vitest's `expect` and its
 * types, as `@testing-library/jest-dom/vitest` does; the matcher is also exported, for
 * `expect.extend({ toBeRaceFree })` by hand.
 *
 *   import 'lockdemo/vitest';
 *   await expect(scenario).toBeRaceFree();
 *
 * vitest is an optional peer dependency: only this entry point needs it.
 */
import { expect } from 'vitest';
import { checkRaceFree, type RaceFreeOptions, type RaceFreeResult } from './race-free.js';

export type { RaceFreeOptions } from './race-free.js';

/** The matcher: passes when no interleaving of any selected variant races (see RaceFreeOptions). */
export function toBeRaceFree(received: unknown, options?: RaceFreeOptions): Promise<RaceFreeResult> {
  return checkRaceFree(received, options);
}

expect.extend({ toBeRaceFree });

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a module augmentation must repeat vitest's own type parameters, `T = any` included
  interface Matchers<T = any> {
    /**
     * Every interleaving of every variant (or those in `options.variants`) ends without a race
     * or a forbidden outcome: exhaustive where feasible, else 10,000 seeded random trials. The
     * failure message traces the smallest racing interleaving and how to replay it. Await it.
     */
    toBeRaceFree(options?: RaceFreeOptions): Promise<T>;
  }
}
