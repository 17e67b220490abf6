/**
 * processes — where an in-process lock stops helping.
 *
 *   npx lockdemo processes                                   # a counter in a file
 *   npx lockdemo processes --redis redis://127.0.0.1:6379    # a counter in Redis (or LOCKDEMO_REDIS_URL)
 *
 * Four child processes each increment one shared counter 20 times: read it, await, write it
 * back plus one. Each process is its own event loop, so lockdemo's Lock — which orders the
 * tasks of one event loop — cannot order them: the `in-process-lock` variant takes a lock
 * around every increment and **still loses updates**. That is the lesson. Across processes the
 * lock must live where all of them can see it:
 *
 *   variant           file backend                      Redis backend
 *   unlocked          loses updates (races allowed)     loses updates
 *   in-process-lock   still loses updates (allowed)     still loses updates
 *   os-lock           an exclusive lock file: exact     —
 *   redis-lock        —                                 SET NX PX + compare-and-delete: exact
 *   atomic            — (see below)                     INCR: exact, and fastest
 *
 * os-lock creates the lock file with the `wx` flag, which fails if it exists, so exactly one
 * process holds it; the holder writes its pid into it, and a waiter that has waited 500 ms
 * checks that pid: only a holder that died is taken over, never one that is merely slow
 * (taking a lock by its age would let two live processes in at once). redis-lock takes `SET key token NX PX 5000` (only one process gets it; it
 * expires if the holder dies) and releases it with a script that deletes the key only if it
 * still holds this process's token, so a process never releases a lock another now holds.
 * There is no `atomic` variant for the file: a file offers no increment, only a read and a
 * write, which is exactly the race; the store must do the increment itself, as Redis's INCR does.
 *
 * A lease-based lock like redis-lock is an efficiency lock, not a correctness guarantee: a
 * holder paused longer than its lease (a GC pause, a slow disk) still believes it holds the
 * lock after it expired and another process took it. Where that matters, the store must reject
 * stale writers with a fencing token (see Martin Kleppmann, "How to do distributed locking",
 * https://martin.kleppmann.com/2016/02/08/how-to-do-distributed-locking.html). INCR needs no lock.
 *
 * The processes are started once per run and reused; a trial resets the counter and sends each
 * process its work. It runs under the event-loop schedule only: lockdemo cannot interleave
 * other processes. With a file, a process can even read the counter between another's
 * truncate and its write, see it empty and start again from 0.
 *
 * Why 4 trials are enough. A trial is 80 read–write cycles, 20 from each of 4 processes that
 * get their work at the same moment. A cycle is not CPU work: its read and its write each go
 * through libuv's thread pool (open, read or truncate-and-write, close), and the process sleeps
 * in between, so the OS runs the other processes in those gaps even on one busy core. For an
 * unlocked trial to lose nothing, all 80 cycles would have to run strictly one after another,
 * no cycle starting while another process was between its read and its write — 79 gaps in a
 * row that no other process used. Measured: every unlocked and in-process-lock trial raced
 * (usually a reset, a read of the half-written file), quiet and with both cores busy, in every
 * run we made. The 4 trials are for the histogram; one would show the race. os-lock, which
 * serialises every cycle of every process through the lock file, costs the most (its waiters
 * poll the file), which is why the trials are few and the cycles 20.
 */
import type { ChildProcess } from 'node:child_process';
import { defineScenario, RunOptionError, type RunParams } from '../src/index.js';
import type { Backend, Job, Method } from './processes-child.js';

/** The counter's key expires after this long, should every process of the run be killed. */
const COUNTER_TTL_MS = 600_000;

/** Increments per process per trial. */
const INCREMENTS = 20;

/** The outcome of a trial in which a process read the file half-written and restarted from 0. */
const RESET = 'reset';

/** The child processes of a run, and the counter they share. */
class ProcessPool {
  private constructor(
    private readonly children: ChildProcess[],
    readonly backend: Backend,
    private readonly dir: string | undefined,
  ) {}

  static async start(processes: number, redisUrl: string | undefined): Promise<ProcessPool> {
    const [{ fork }, { mkdtemp }, { tmpdir }, path] = await Promise.all([
      import('node:child_process'),
      import('node:fs/promises'),
      import('node:os'),
      import('node:path'),
    ]);
    // Reach Redis first: a wrong URL or password is one clear line (exit 2) before any fork.
    const redis = redisUrl === undefined ? undefined : await connect(redisUrl);
    let dir: string | undefined;
    let backend: Backend;
    if (redisUrl === undefined) {
      dir = await mkdtemp(path.join(tmpdir(), 'lockdemo-processes-'));
      backend = { kind: 'file', file: path.join(dir, 'counter'), lockFile: path.join(dir, 'counter.lock') };
    } else {
      const run = `lockdemo:${process.pid}:${Date.now()}`;
      backend = { kind: 'redis', url: redisUrl, key: `${run}:counter`, lockKey: `${run}:lock`, ttlMs: COUNTER_TTL_MS };
    }
    const script = new URL('./processes-child.js', import.meta.url);
    // The backend (with any password) goes by IPC, never in argv.
    // The temp directory (no secret) also goes in the environment, so that a child can remove
    // it should this process end (a second Ctrl-C) before the child has its backend.
    const env = dir === undefined ? {} : { env: { ...process.env, [DIR_VARIABLE]: dir } };
    // A process group of their own: a terminal's Ctrl-C, or a SIGTERM to lockdemo's group (GNU
    // `timeout`, a CI runner), is lockdemo's to answer, and it closes them. A child ignores the
    // signals from its first line, but booting Node.js comes first, and four children booting on
    // a busy machine took 150 to 300 ms, in which a Ctrl-C ended them. They still end when
    // lockdemo does, however it ends: each cleans up and exits as its IPC channel closes.
    const detached = process.platform !== 'win32';
    const children = Array.from({ length: processes }, () =>
      fork(script, [CHILD_FLAG], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], detached, ...env }),
    );
    for (const child of children) {
      // A child that died is reported by its job or by ready(); a send to it must not crash.
      child.on('error', () => {});
      child.send({ backend });
    }
    const pool = new ProcessPool(children, backend, dir);
    pool.redis = redis;
    try {
      await Promise.all(children.map((child) => ready(child)));
    } catch (error) {
      await pool.close();
      const reason = (error as Error).message;
      // With Redis, a child that said it could not start, or exited, is one that cannot reach it:
      // the option's service (exit 2). One that a signal ended (sent to it while Node.js booted,
      // before it ignores them) did not fail to reach anything: not the option's fault, and when
      // the run is stopping (Ctrl-C, SIGTERM) the run ends as interrupted (130).
      if (redisUrl !== undefined && !(error instanceof EndedBySignal)) {
        throw new RunOptionError(`cannot use Redis at ${shownUrl(redisUrl)} from a child process: ${reason}`);
      }
      throw new Error(`a child process failed to start: ${reason}`, { cause: error });
    }
    return pool;
  }

  /** Reads of this trial that found the file empty (mid-write) and so restarted from 0. */
  tornReads = 0;

  /** Process `index` increments the counter as `method` says; resolves when it is done. */
  increment(index: number, method: Method): Promise<void> {
    const child = this.children[index];
    if (child === undefined) throw new RangeError(`there is no process ${index + 1}`);
    return new Promise((resolve, reject) => {
      const onExit = (): void => reject(new Error(`process ${index + 1} ended in the middle of a trial`));
      child.once('exit', onExit);
      child.once('message', (reply: { done?: true; error?: string; tornReads?: number }) => {
        child.off('exit', onExit);
        this.tornReads += reply.tornReads ?? 0;
        if (reply.error) reject(new Error(reply.error));
        else resolve();
      });
      if (!child.connected) return onExit();
      child.send({ method, increments: INCREMENTS } satisfies Job);
    });
  }

  async reset(): Promise<void> {
    this.tornReads = 0;
    await this.withStore((store) => store.write(0));
  }

  async value(): Promise<number> {
    return this.withStore((store) => store.read());
  }

  async close(): Promise<void> {
    for (const child of this.children) if (child.connected) child.send('close');
    await Promise.all(this.children.map((child) => exited(child)));
    if (this.backend.kind === 'redis') {
      await this.withStore((store) => store.remove()).catch(() => {});
      await this.redis?.quit().catch(() => {});
    }
    if (this.dir !== undefined) await (await import('node:fs/promises')).rm(this.dir, { recursive: true, force: true });
  }

  /** The parent's own access to the counter, to reset it and read it back. */
  private async withStore<T>(
    use: (store: { read(): Promise<number>; write(v: number): Promise<void>; remove(): Promise<void> }) => Promise<T>,
  ): Promise<T> {
    const b = this.backend;
    if (b.kind === 'file') {
      const { readFile, writeFile, rm } = await import('node:fs/promises');
      return use({
        read: async () => Number(await readFile(b.file, 'utf8')),
        write: (v) => writeFile(b.file, String(v)),
        remove: () => rm(b.file, { force: true }),
      });
    }
    this.redis ??= await connect(b.url);
    const client = this.redis;
    try {
      return await use({
        read: async () => Number(await client.get(b.key)),
        // Every key of a run expires, should the run be killed before it deletes them.
        write: async (v) => void (await client.set(b.key, String(v), { PX: COUNTER_TTL_MS })),
        remove: async () => void (await client.del([b.key, b.lockKey])),
      });
    } catch (error) {
      // The server went away (or began refusing) during the run: the option's service failed,
      // as one that cannot be reached at the start does (exit 2), not the scenario's code (3).
      throw new RunOptionError(`Redis at ${shownUrl(b.url)} failed during the run: ${firstLine(error)}`);
    }
  }

  redis: Awaited<ReturnType<typeof connect>> | undefined;
}

/**
 * The parent's connection. Any failure (nothing listening, a wrong password, a server that is
 * not Redis) is one line with the cause and the URL without its password: an option that
 * does not work, exit 2.
 */
async function connect(url: string) {
  const { createClient } = await import('redis');
  // The URL as shownUrl masks it; what was wrong is said without the value: whether it has a
  // scheme, and its length.
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(url);
  const shown = shownUrl(url);
  let client;
  try {
    client = createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 3_000 } });
  } catch (error) {
    throw new RunOptionError(
      `${process.env['LOCKDEMO_REDIS_URL'] === url ? 'LOCKDEMO_REDIS_URL' : '--redis'} ${shown} is not a Redis URL (expected redis://host:port, with user:password@ before the host if it needs one): ${firstLine(error)}${hasScheme ? '' : ` (the value, ${url.length} characters, has no scheme such as redis://)`}`,
    );
  }
  let failure: unknown;
  client.on('error', (error: unknown) => (failure ??= error));
  try {
    await withTimeout(client.connect(), 4_000);
    await withTimeout(client.ping(), 4_000);
  } catch (error) {
    try {
      client.destroy();
    } catch {
      // already closed by the failure
    }
    throw new RunOptionError(`cannot use Redis at ${shown}: ${firstLine(failure ?? error)}`);
  }
  return client;
}

/**
 * The URL as output may show it: its password masked. Without a scheme (`:pw@host:6379`,
 * `user:pw@host`), or a URL that does not parse (`redis:/:pw@host`, a bare password), there is no
 * telling the password from the rest: such a value is shown as *** whole.
 */
function shownUrl(url: string): string {
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(url);
  return hasScheme && URL.canParse(url) && new URL(url).host !== '' ? url.replace(/(\/\/[^/@:]*):[^/@]*@/, '$1:***@') : '***';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s (is it a Redis server?)`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.trim() || 'unknown error';
}

/** A child that a signal ended before it was ready: it said nothing of its store. */
class EndedBySignal extends Error {
  constructor(signal: NodeJS.Signals) {
    super(`it was ended by ${signal}`);
  }
}

/** Resolves when the child says it is ready; rejects with its reason if it fails or exits first. */
function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('message', (message: { error?: string }) => (message.error ? reject(new Error(message.error)) : resolve()));
    child.once('exit', (code, signal) => {
      // A child ignores SIGINT and SIGTERM from its first line, but one that gets a signal while
      // Node.js boots still ends (code null): that is the signal, whatever its store.
      if (signal !== null) return reject(new EndedBySignal(signal));
      // The error line Node prints ("TypeError: ..."), not a line of source code around it.
      const reason = stderr.split('\n').find((line) => /^\w*Error\b.*:/.test(line.trim())) ?? `exited with code ${code}`;
      reject(new Error(reason.trim()));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    // SIGKILL: a child ignores SIGTERM (see processes-child.ts), and one still connecting to its
    // store has not seen the 'close' sent to it. What it leaves, close() then removes itself.
    const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

const redisUrl = (params: RunParams) => params.options.redis;
const onFile = (params: RunParams): true | string => (redisUrl(params) === undefined ? true : 'uses a lock file: file backend only');
const onRedis = (params: RunParams): true | string =>
  redisUrl(params) !== undefined ? true : 'needs Redis: give --redis <url> or set LOCKDEMO_REDIS_URL';

const variant = (method: Method, races: 'allowed' | 'forbidden', summary: string, available?: (params: RunParams) => true | string) => ({
  races,
  summary,
  ...(available ? { available } : {}),
  run: (pool: ProcessPool, t: { id: number }) => pool.increment(t.id, method),
});

/** The variable that tells a child the run's temp directory (see processes-child.ts). */
const DIR_VARIABLE = 'LOCKDEMO_PROCESSES_DIR';

/** Marks the processes this scenario forks: its child module does nothing when imported otherwise. */
const CHILD_FLAG = '--lockdemo-processes-child';

export default defineScenario<ProcessPool, ProcessPool>({
  name: 'processes',
  summary: 'child processes increment one counter in a file or in Redis; an in-process lock cannot order them',
  unit: 'count',
  setting: (params) => (redisUrl(params) === undefined ? 'counter in a file' : `counter in Redis at ${redisUrl(params)}`),
  tasks: 4,
  trials: 4,
  // A trial's work grows with the processes (os-lock serialises every increment of every one).
  // A hang detector, not a speed claim: an os-lock trial takes a tenth of a second on a quiet
  // machine, but took over 5 s with every core busy, where each hand-over of the lock file
  // waits for a descheduled process.
  timeout: ({ tasks }) => 10_000 + 5_000 * tasks,
  schedules: ['event-loop'],
  options: {
    redis: {
      description: 'keep the counter in Redis at this URL instead of a file',
      env: 'LOCKDEMO_REDIS_URL',
      placeholder: 'url',
      // A password in the URL is masked in every output, and never put in a child's argv.
      secret: true,
    },
  },
  open: (params) => ProcessPool.start(params.tasks, redisUrl(params)),
  close: (pool) => pool.close(),
  setup: async ({ resource }) => {
    await resource.reset();
    return resource;
  },
  variants: {
    unlocked: variant('unlocked', 'allowed', 'read, await, write: another process can write in between'),
    'in-process-lock': variant(
      'in-process-lock',
      'allowed',
      "lockdemo's Lock around each increment: it orders this process's tasks only, so updates are still lost",
    ),
    'os-lock': variant('os-lock', 'forbidden', "an exclusive lock file created with 'wx', taken over only from a dead holder", onFile),
    'redis-lock': variant('redis-lock', 'forbidden', 'SET lock token NX PX 5000, released by a compare-and-delete script', onRedis),
    atomic: variant('atomic', 'forbidden', 'INCR: Redis increments atomically, no lock needed', onRedis),
  },
  // Two kinds of loss, kept apart: a trial in which some process read the file mid-write (empty,
  // so it went on from 0) is a reset, whatever the count; any other shortfall is updates lost
  // to interleaving (two processes read the same value and both wrote it plus one).
  observe: async (pool) => {
    const value = await pool.value();
    return pool.tornReads > 0 ? RESET : value;
  },
  outcomes: ({ tasks }) => [
    { value: tasks * INCREMENTS, grade: 'correct', description: 'every increment kept' },
    {
      match: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < tasks * INCREMENTS,
      grade: 'race',
      description: (v) => `${tasks * INCREMENTS - Number(v)} lost to interleaving`,
    },
    { value: RESET, grade: 'race', description: 'a read saw the file mid-write: back to 0' },
  ],
});
