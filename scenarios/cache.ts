/**
 * cache — check-then-act.
 *
 *   npx lockdemo cache --trials 1000
 *
 * Each task wants the title of one post: task i asks for post floor(i / 2) + 1, so the default
 * 3 tasks ask for posts [1, 1, 2], as in the original lesson. A post missing from the shared
 * cache is fetched from a simulated origin, which counts its fetches and takes time. What a
 * trial is judged by is that count: one fetch per distinct post is correct.
 *
 * A typical random-schedule run with 3 tasks (2 distinct posts):
 *
 *   unlocked       2 fetches ~50%, 3 fetches ~50%     races allowed
 *   locked         2 fetches 100%                     races forbidden
 *   split-lock     2 fetches ~50%, 3 fetches ~50%     races allowed: the lesson's code races
 *   single-flight  2 fetches 100%                     races forbidden
 *
 * The lesson: "if it is not in the cache, fetch it and put it there" is a check-then-act; when
 * the act awaits, two tasks can both pass the check. Holding a lock across check, fetch and
 * insert makes it atomic, but serialises every fetch; storing the in-flight promise before the
 * first await (single-flight) makes it atomic and still fetches different posts concurrently.
 */
import { defineScenario, type TaskContext } from '../src/index.js';

/** The simulated origin's latency. Short, because `event-loop` and `timers` really wait it. */
const LATENCY_MS = 1;

/** A server that counts how often it is asked. */
class Origin {
  fetches = 0;

  async fetch(post: number, t: TaskContext): Promise<string> {
    this.fetches++;
    await t.sleep(LATENCY_MS); // the network round trip: other tasks run meanwhile
    return titleOf(post);
  }
}

interface CacheState {
  cache: Map<number, string>;
  /** single-flight only: the fetch in progress per post. */
  inflight: Map<number, Promise<string>>;
  origin: Origin;
  /** What each task got back, checked by `observe`. */
  results: Array<string | undefined>;
}

export default defineScenario<CacheState>({
  name: 'cache',
  summary: 'tasks read posts through a shared cache; the check and the insert are split by a fetch',
  tasks: 3,
  setup: ({ tasks }) => ({
    cache: new Map(),
    inflight: new Map(),
    origin: new Origin(),
    results: new Array<string | undefined>(tasks).fill(undefined),
  }),
  variants: {
    unlocked: {
      races: 'allowed',
      summary: 'check, fetch, insert with no lock',
      run: async (state, t) => {
        const post = postFor(t.id);
        let title = state.cache.get(post);
        if (title === undefined) {
          // Between this miss and the insert below, another task can miss on the same post.
          title = await state.origin.fetch(post, t);
          state.cache.set(post, title);
        }
        state.results[t.id] = title;
      },
    },
    locked: {
      races: 'forbidden',
      summary: 'the lock held across check, fetch and insert (every fetch waits its turn)',
      run: (state, t) =>
        t.lock.run(async () => {
          const post = postFor(t.id);
          let title = state.cache.get(post);
          if (title === undefined) {
            title = await state.origin.fetch(post, t);
            state.cache.set(post, title);
          }
          state.results[t.id] = title;
        }),
    },
    'split-lock': {
      races: 'allowed',
      summary:
        "the lesson's code: a lock around the check and around the insert, the fetch outside. " +
        'It still fetches a post twice when two requests miss together: the original text says the ' +
        'second request "hits cache", but under asyncio it does not (the original program fetches post 1 twice)',
      run: async (state, t) => {
        const post = postFor(t.id);
        const cached = await t.lock.run(async () => state.cache.get(post));
        if (cached !== undefined) {
          state.results[t.id] = cached;
          return;
        }
        // The lock is free again here: a second task asking for this post also misses.
        const title = await state.origin.fetch(post, t);
        await t.lock.run(async () => {
          state.cache.set(post, title);
        });
        state.results[t.id] = title;
      },
    },
    'single-flight': {
      races: 'forbidden',
      summary: 'the in-flight fetch is stored before the first await; later requests wait for it',
      run: async (state, t) => {
        const post = postFor(t.id);
        const pending = state.inflight.get(post);
        if (pending !== undefined) {
          // Another task owns this fetch: wait for it instead of starting a second one.
          state.results[t.id] = await t.wait(pending);
          return;
        }
        // Call without awaiting, store, then await: no task can run between the check and
        // the store, because there is no await between them.
        const fetching = state.origin.fetch(post, t);
        state.inflight.set(post, fetching);
        state.results[t.id] = await fetching;
      },
    },
  },
  observe: (state) => (state.results.every((title, id) => title === titleOf(postFor(id))) ? state.origin.fetches : 'wrong title'),

  outcomes: ({ tasks }) => {
    const posts = distinctPosts(tasks);
    return [
      { value: posts, grade: 'correct', description: posts === 1 ? 'one fetch for the one post' : 'one fetch per post' },
      {
        match: (v) => typeof v === 'number' && v > posts && v <= tasks,
        grade: 'race',
        description: (v) => (Number(v) - posts === 1 ? '1 duplicate fetch' : `${Number(v) - posts} duplicate fetches`),
      },
      { value: 'wrong title', grade: 'forbidden', description: 'a task got a wrong title or none' },
    ];
  },
});

/** Task i asks for post floor(i / 2) + 1: every post twice, the last once when tasks is odd. */
function postFor(task: number): number {
  return Math.floor(task / 2) + 1;
}

function distinctPosts(tasks: number): number {
  return Math.ceil(tasks / 2);
}

/** Titles are made once per post, so checking them costs a comparison, not a string build. */
const titles: string[] = [];

function titleOf(post: number): string {
  return (titles[post] ??= `title of post ${post}`);
}
