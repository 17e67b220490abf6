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
import { expect, onTestFinished } from 'vitest';
import { checkRaceFree, type RaceFreeOptions, type RaceFreeResult } from './race-free.js';

export type { RaceFreeOptions } from './race-free.js';

/**
 * The matcher: passes when no interleaving of any selected variant races (see RaceFreeOptions).
 * Called by vitest's `expect`, it also answers for a missing `await` (see holdTestOpen).
 */
export function toBeRaceFree(this: unknown, received: unknown, options?: RaceFreeOptions): Promise<RaceFreeResult> {
  const stop = new AbortController();
  const result = checkRaceFree(received, options, stop.signal);
  // Called by hand (no matcher state), there is no test to hold open.
  if (isMatcherState(this)) holdTestOpen(hookOf(this), result, isNot(this), stop);
  return result;
}

/** What vitest's runner gives a test that lockdemo uses: its state, and hooks run after it. */
interface RunningTest {
  result?: { state?: string };
  onFinished?: Array<() => unknown>;
}

/**
 * Where the hold goes: the running test the matcher state names (vitest 4.1 on: the test of the
 * context's `expect`, or the current one for the global `expect`), so that a concurrent test is
 * never held for a neighbour's assertion; otherwise (older vitest, or a hook such as afterEach
 * whose test has ended) the current test, through vitest's own onTestFinished, when there is one.
 */
function hookOf(state: object): (hook: (context?: unknown) => Promise<void>) => void {
  const task = (state as { task?: unknown }).task;
  const test = typeof task === 'object' && task !== null ? (task as RunningTest) : undefined;
  if (test?.result?.state === 'run') return (hook) => void (test.onFinished ??= []).push(hook);
  return (hook) => {
    try {
      onTestFinished(hook);
    } catch {
      // No current test (a beforeAll hook, or the global expect in a concurrent test that
      // outlived the others): nothing to hold open; an awaited assertion is unaffected.
    }
  };
}

/**
 * `expect(x).toBeRaceFree()` without `await` let a racing scenario pass: vitest does not wait
 * for a custom matcher's promise (it does for `.resolves`), so the test ended, the file ended,
 * and the failing verdict was never delivered. The test is held open until the verdict is in:
 * one still pending when the test's body ended was not awaited, and a failing one fails the
 * test then, saying so. A verdict in before the end was awaited, or its rejection is reported
 * as unhandled by vitest itself: nothing more to do. `hold` registers the hook (see hookOf).
 */
function holdTestOpen(
  hold: (hook: (context?: unknown) => Promise<void>) => void,
  result: Promise<RaceFreeResult>,
  negated: boolean,
  stop: AbortController,
): void {
  let settled = false;
  const ownThen = result.then.bind(result);
  void ownThen(
    () => (settled = true),
    () => (settled = true),
  );
  // What vitest makes of the verdict (a promise that rejects with the assertion's error) is
  // the user's to await; when they did not, this hook's error says it once, so that one is
  // marked handled rather than reported again as an unhandled rejection.
  const derived: Array<PromiseLike<unknown>> = [];
  void Object.defineProperty(result, 'then', {
    value: (...args: Parameters<Promise<RaceFreeResult>['then']>) => {
      const next = ownThen(...args);
      derived.push(next);
      return next;
    },
  });
  hold(async (context?: unknown) => {
    if (settled) return;
    // Still running when its test has already failed (its timeout, most often, though it was
    // awaited): nothing it finds could change that, so it is stopped rather than search on for
    // minutes, and says so.
    const test = typeof context === 'object' && context !== null ? (context as { task?: RunningTest }).task : undefined;
    if (test?.result?.state === 'fail') {
      stop.abort();
      for (const next of derived) void Promise.resolve(next).catch(() => {});
      await ownThen().catch(() => undefined);
      throw new Error(
        "toBeRaceFree() was still running when its test failed (did it time out? raise the test's timeout, or lower maxInterleavings or trials): it was stopped, and proved nothing",
      );
    }
    for (const next of derived) void Promise.resolve(next).catch(() => {});
    let verdict: RaceFreeResult;
    try {
      verdict = await ownThen();
    } catch (error) {
      throw new Error(`toBeRaceFree() was not awaited, and it threw: ${String(error)}`, { cause: error });
    }
    if (verdict.pass === negated) {
      throw new Error(`toBeRaceFree() was not awaited (await expect(…).toBeRaceFree()), and it failed:\n${verdict.message()}`);
    }
  });
}

/** Whether `this` is vitest's matcher state (the matcher was called through `expect`). */
function isMatcherState(state: unknown): state is object {
  return typeof state === 'object' && state !== null && 'isNot' in state;
}

/** Whether vitest called the matcher under `.not` (its `this` is the matcher state). */
function isNot(state: unknown): boolean {
  return typeof state === 'object' && state !== null && (state as { isNot?: unknown }).isNot === true;
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
