/**
 * One process of the `processes` scenario (see processes.ts), started with fork(). It holds a
 * connection to the shared counter — a file, or a key in Redis — and on every message from the
 * parent increments it N times the way the message's variant says, then answers.
 */
import { rmSync } from 'node:fs';
import { open, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
// The lock module alone: each process starts faster than with the whole library.
import { Lock } from '../src/core/lock.js';

/**
 * Where the counter lives. It reaches the process by IPC, never in its argv, where `ps` would
 * show a Redis password to every user of the machine.
 */
export type Backend =
  { kind: 'file'; file: string; lockFile: string } | { kind: 'redis'; url: string; key: string; lockKey: string; ttlMs: number };
export type Method = 'unlocked' | 'in-process-lock' | 'os-lock' | 'redis-lock' | 'atomic';
export interface Job {
  method: Method;
  increments: number;
}

/** A waiter looks for a dead holder of the lock file after waiting this long, and as often. */
const STALE_CHECK_AFTER_MS = 500;

/** A Redis lock expires after this long, should its holder die. */
export const LEASE_MS = 5_000;

/** Release a Redis lock only if this process still holds it (its token), atomically. */
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a process with this pid exists (signal 0 tests without sending anything). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface Counter {
  read(): Promise<number>;
  write(value: number): Promise<void>;
  /** A lock that all processes see. */
  withSharedLock<T>(fn: () => Promise<T>): Promise<T>;
  /** An increment the store does itself, atomically (Redis only). */
  increment?(): Promise<void>;
  /** Removes what the run left (at its end, or when the parent went away without closing) and closes. */
  cleanUp(): Promise<void>;
}

/** Reads that found the file empty, mid-write (between another process's truncate and write). */
let tornReads = 0;

function fileCounter(b: Extract<Backend, { kind: 'file' }>): Counter {
  return {
    read: async () => {
      const text = await readFile(b.file, 'utf8');
      if (text === '') tornReads++; // Number('') is 0: this increment starts again from 0
      return Number(text);
    },
    write: (value) => writeFile(b.file, String(value)),
    async withSharedLock(fn) {
      // An exclusive lock file: open with 'wx' fails if it exists, and creating it is atomic.
      // Waiters poll: open is one syscall, and a poll every 1–2 ms hands the lock on quickly on
      // a quiet machine. The pause grows to 5 ms as a wait goes on, and a dead holder is looked
      // for at most twice a second: on a machine whose cores are busy, waiters polling harder
      // only take the CPU the holder needs to finish (we saw a trial pass 30 s that way).
      let attempts = 0;
      let staleCheckAt = Date.now() + STALE_CHECK_AFTER_MS;
      for (;;) {
        try {
          const handle = await open(b.lockFile, 'wx');
          await handle.writeFile(`${process.pid}\n`);
          await handle.close();
          break;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          // Stale-lock handling: a holder that died leaves its file behind; take it over. Dead,
          // not old: a live holder on a loaded machine may hold the lock for seconds, and taking
          // a live holder's lock by age (a lease) would let two processes in at once.
          if (Date.now() >= staleCheckAt) {
            staleCheckAt = Date.now() + STALE_CHECK_AFTER_MS;
            const holder = Number((await readFile(b.lockFile, 'utf8').catch(() => '')).trim());
            if (holder > 0 && !isAlive(holder)) {
              await rm(b.lockFile, { force: true });
              continue;
            }
          }
          await pause(Math.min(1 + attempts++ / 8, 5) + Math.random());
        }
      }
      try {
        return await fn();
      } finally {
        await rm(b.lockFile, { force: true });
      }
    },
    cleanUp: () => rm(dirname(b.file), { recursive: true, force: true }),
  };
}

async function redisCounter(b: Extract<Backend, { kind: 'redis' }>): Promise<Counter> {
  const { createClient } = await import('redis');
  // Fail at once if Redis is not there, rather than retrying forever.
  const client = createClient({ url: b.url, socket: { reconnectStrategy: false, connectTimeout: 3_000 } });
  client.on('error', () => {}); // reported through the failing command instead
  await client.connect();
  return {
    read: async () => Number(await client.get(b.key)),
    write: async (value) => {
      await client.set(b.key, String(value), { PX: b.ttlMs });
    },
    async withSharedLock(fn) {
      // SET key token NX PX: only one process gets it, and it expires if the holder dies.
      const token = `${process.pid}-${Math.random()}`;
      while ((await client.set(b.lockKey, token, { NX: true, PX: LEASE_MS })) !== 'OK') await pause(Math.random());
      try {
        return await fn();
      } finally {
        await client.eval(RELEASE_SCRIPT, { keys: [b.lockKey], arguments: [token] });
      }
    },
    increment: async () => {
      await client.incr(b.key);
    },
    cleanUp: async () => {
      await client.del([b.key, b.lockKey]);
      await client.quit();
    },
  };
}

// The parent says where the counter is, then every later message is a job.
// Imported by anything but the processes scenario's fork (a test loading every module of
// scenarios/), this module must not wait for a message that will never come.
if (process.argv[2] !== '--lockdemo-processes-child') throw new Error('processes-child runs only as a child of the processes scenario');
// lockdemo decides when its processes stop, and they clean up as they stop (on 'close', or once
// the parent has gone: see below). They run in a process group of their own (processes.ts), out
// of reach of a terminal's Ctrl-C and of a SIGTERM sent to lockdemo's group (`timeout`, a CI
// runner); a signal that reaches one anyway (lockdemo's SIGTERM to its descendants on a second
// Ctrl-C, or where there is no group of their own) is ignored, from the first line, before the
// connection to the store: one that ended on it while it started made the run say that it could
// not use Redis (exit 2), and one that ended mid-trial counted a forbidden error.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
// A parent that ends before this process has its backend (a second Ctrl-C as the run starts)
// would leave the run's temp directory behind: it came in the environment, and goes now.
const leftBehind = (): never => {
  const dir = process.env.LOCKDEMO_PROCESSES_DIR;
  if (dir !== undefined && dir !== '') rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.once('disconnect', leftBehind);
if (!process.connected) leftBehind();
const backend = await new Promise<Backend>((resolve) =>
  process.once('message', (message: { backend: Backend }) => resolve(message.backend)),
);
process.off('disconnect', leftBehind);
let counter: Counter;
try {
  counter = backend.kind === 'file' ? fileCounter(backend) : await redisCounter(backend);
} catch (error) {
  process.send?.({ error: describe(error) });
  process.exit(1);
}
const lock = new Lock('in-process lock');

/** One line for any error, safe against odd thrown values. */
function describe(error: unknown): string {
  try {
    const message = error instanceof Error ? error.message : String(error);
    return message.split('\n')[0] || (error instanceof Error ? error.name : 'an error');
  } catch {
    return 'an unreadable error';
  }
}

async function incrementOnce(method: Method): Promise<void> {
  const readThenWrite = async () => {
    const value = await counter.read(); // another process may read the same value now...
    await counter.write(value + 1); // ...and this write then erases its increment
  };
  if (method === 'unlocked') return readThenWrite();
  // lockdemo's Lock orders the tasks of this process only: the other processes never see it.
  if (method === 'in-process-lock') return lock.run(readThenWrite);
  if (method === 'os-lock' || method === 'redis-lock') return counter.withSharedLock(readThenWrite);
  if (method === 'atomic' && counter.increment) return counter.increment();
  throw new Error(`${method} is not available with the ${backend.kind} backend`);
}

/** The job in flight; once the parent has gone, no further increment starts. */
let running: Promise<void> = Promise.resolve();
let parentGone = false;

process.on('message', (message: Job | 'close') => {
  running = (async () => {
    if (message === 'close') {
      // The run is over: remove what it left here, not only in the parent, which a second
      // Ctrl-C can end between closing its processes and deleting the keys (left for 10 min).
      await counter.cleanUp();
      process.disconnect?.();
      return;
    }
    try {
      tornReads = 0;
      for (let i = 0; i < message.increments && !parentGone; i++) await incrementOnce(message.method);
      if (process.connected) process.send?.({ done: true, tornReads });
    } catch (error) {
      if (process.connected) process.send?.({ error: describe(error) });
    }
  })();
});
// If the parent goes away without closing (SIGTERM, a second Ctrl-C, a stopped worker), this
// process removes what the run left (the temp directory, the Redis keys) and ends.
process.on('disconnect', () => {
  parentGone = true;
  const done = (): never => process.exit(0);
  setTimeout(done, 2_000).unref();
  // A write (or an INCR, which has no expiry) still in flight would recreate the counter after
  // the delete: the increment under way ends first (if it ends soon), then everything is removed.
  void Promise.race([running.catch(() => {}), pause(1_000)])
    .then(() => counter.cleanUp())
    .then(done, done);
});
process.send?.({ ready: true });
