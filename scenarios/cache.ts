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
 * Under `--schedule exhaustive`, 60 of the 80 interleavings of `unlocked` fetch a post twice,
 * yet a random trial does so with probability exactly 1/2: interleavings are not equally likely.
 *
 * The lesson: "if it is not in the cache, fetch it and put it there" is a check-then-act; when
 * the act awaits, two tasks can both pass the check. Holding a lock across check, fetch and
 * insert makes it atomic, but serialises every fetch; storing the in-flight promise before the
 * first await (single-flight) makes it atomic and still fetches different posts concurrently.
 *
 * With `--origin http` the origin is real: a node:http server on 127.0.0.1 (an ephemeral port),
 * started once per run (once per worker thread with --jobs) and closed after it, which answers after 1 ms and counts the requests
 * for each post itself; the tasks use the global fetch, each request and its body inside one
 * `t.io`. The variants and the grades are the same, and the server's own count is what a trial
 * is judged by:
 *
 *   npx lockdemo cache --origin http --schedule exhaustive
 *
 * Under the controlled schedules the scheduler waits for every request in flight to finish and
 * then decides which task resumes, so a fetch is one scheduling point, as the simulated one's
 * `t.sleep` is: `exhaustive` explores the same 80 interleavings of `unlocked`, with the same
 * outcomes, against the real server. A trial makes real requests, so the default is 100 trials.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineScenario, type TaskContext } from '../src/index.js';

/** The origin's latency. Short, because `event-loop` and `timers` (and the real server) really wait it. */
const LATENCY_MS = 1;

/** Where titles come from: it counts how often it is asked. */
interface Origin {
  readonly fetches: number;
  fetch(post: number, t: TaskContext): Promise<string>;
}

/** The default origin: an object in memory whose round trip is a `t.sleep`. */
class SimulatedOrigin implements Origin {
  fetches = 0;

  async fetch(post: number, t: TaskContext): Promise<string> {
    this.fetches++;
    await t.sleep(LATENCY_MS); // the network round trip: other tasks run meanwhile
    return titleOf(post);
  }
}

/** `--origin http`: a real HTTP server on loopback that counts the requests of every trial. */
class HttpServer {
  /** The next trial's own path: every trial (every interleaving) counts under a fresh one. */
  private nextTrial = 0;

  private constructor(
    private readonly server: Server,
    readonly base: string,
    /** trial → post → requests. */
    private readonly requests: Map<number, Map<number, number>>,
  ) {}

  static async start(): Promise<HttpServer> {
    const { createServer } = await import('node:http');
    const requests = new Map<number, Map<number, number>>();
    const server = createServer((request, response) => {
      const match = /^\/trials\/(\d+)\/posts\/(\d+)$/.exec(request.url ?? '');
      if (match === null) {
        response.writeHead(404).end();
        return;
      }
      const [trial, post] = [Number(match[1]), Number(match[2])];
      const perPost = requests.get(trial) ?? new Map<number, number>();
      requests.set(trial, perPost.set(post, (perPost.get(post) ?? 0) + 1));
      setTimeout(() => response.writeHead(200, { 'content-type': 'text/plain' }).end(titleOf(post)), LATENCY_MS);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = server.address() as AddressInfo;
    return new HttpServer(server, `http://127.0.0.1:${port}`, requests);
  }

  /**
   * A fresh path for a trial's requests. Not the trial's index, which every interleaving of an
   * exhaustive search shares: a request still in flight from a trial that ended early (an
   * error, a hang) must not count in the next one.
   */
  newTrial(): number {
    return this.nextTrial++;
  }

  /** The requests the server saw for one trial, all posts together; forgotten once read. */
  take(trial: number): number {
    let total = 0;
    for (const count of this.requests.get(trial)?.values() ?? []) total += count;
    this.requests.delete(trial);
    return total;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections(); // fetch keeps connections alive; do not wait for them
    });
  }
}

/** One trial's view of the HTTP server: its requests go to, and are counted under, its own path. */
class HttpOrigin implements Origin {
  /** A function, not fields: a trace shows the tasks' reads of the state, not of the URL's parts. */
  private readonly url: (post: number) => string;

  constructor(
    private readonly server: HttpServer,
    private readonly trial: number,
  ) {
    const base = `${server.base}/trials/${trial}/posts/`;
    this.url = (post) => `${base}${post}`;
  }

  get fetches(): number {
    return this.server.take(this.trial);
  }

  /** The request and its body are one real operation, so one scheduling point, as a `t.sleep` is. */
  fetch(post: number, t: TaskContext): Promise<string> {
    return t.io(async () => {
      const response = await fetch(this.url(post));
      return response.text();
    });
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

const http = (params: { options: Readonly<Record<string, string | undefined>> }): boolean => params.options.origin === 'http';

export default defineScenario<CacheState, HttpServer | undefined>({
  name: 'cache',
  summary: 'tasks read posts through a shared cache; the check and the insert are split by a fetch',
  unit: 'fetches',
  tasks: 3,
  options: {
    origin: {
      description: 'where titles come from: "simulated" (an object that sleeps) or "http" (a real server on 127.0.0.1)',
      choices: ['simulated', 'http'],
      default: 'simulated',
      placeholder: 'kind',
    },
  },
  trials: (params) => (http(params) ? 100 : 1000),
  schedules: ['random', 'pct', 'exhaustive', 'event-loop', 'timers'],
  open: async (params) => (http(params) ? HttpServer.start() : undefined),
  close: (server) => server?.close(),
  setup: ({ tasks, resource }) => ({
    cache: new Map(),
    inflight: new Map(),
    origin: resource ? new HttpOrigin(resource, resource.newTrial()) : new SimulatedOrigin(),
    results: new Array<string | undefined>(tasks).fill(undefined),
  }),
  variants: {
    unlocked: {
      races: 'allowed',
      summary: 'check, fetch, insert with no lock',
      run: getThroughCache,
    },
    locked: {
      races: 'forbidden',
      summary: 'the same steps with the lock held across check, fetch and insert (every fetch waits its turn)',
      run: (state, t) => t.lock.run(() => getThroughCache(state, t)),
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

/** Check the cache; on a miss fetch the title and insert it: the check-then-act of the lesson. */
async function getThroughCache(state: CacheState, t: TaskContext): Promise<void> {
  const post = postFor(t.id);
  let title = state.cache.get(post);
  if (title === undefined) {
    // Between this miss and the insert below, another task can miss on the same post.
    title = await state.origin.fetch(post, t);
    state.cache.set(post, title);
  }
  state.results[t.id] = title;
}

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
