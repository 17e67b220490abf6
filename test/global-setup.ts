import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A Redis for the tests that need one, or why there is none. */
    redis: { url: string } | { missing: string; required: boolean };
    /** A Chromium for the browser test, or why there is none. */
    chromium: { path: string } | { missing: string; required: boolean };
  }
}

let server: ChildProcess | undefined;

/** The test files that need each service: a skip names them. */
const NEEDS = {
  browser: 'test/e2e/html-report.test.ts (in a real browser)',
  Redis: 'test/e2e/redis-interrupt.test.ts, and the Redis cases of test/e2e/hostile.test.ts and test/e2e/beyond-one-loop.test.ts',
};

/**
 * Skip lines said so far: vitest runs this setup once a project, each time in a fresh copy of
 * this module, so the record is the process's, and each line is said once.
 */
const said: Set<string> = ((globalThis as Record<symbol, Set<string> | undefined>)[Symbol.for('lockdemo.tests.skipsSaid')] ??= new Set());

function sayMissing(service: keyof typeof NEEDS, missing: string): void {
  if (underCi || said.has(service)) return;
  said.add(service);
  process.stderr.write(`skipping the ${service} tests of ${NEEDS[service]}: ${missing}\n`);
}

/** Whether this is a CI run (CI=true, as CI services and .ci/run set it): no test may be skipped. */
const underCi = (process.env.CI ?? '') !== '' && !['false', '0'].includes(process.env.CI ?? '');

/**
 * Gives the services some tests need. Redis: the one LOCKDEMO_REDIS_URL names (CI starts one), else a
 * throwaway redis-server on a free loopback port with no persistence, stopped after the run.
 * Where there is neither, the Redis tests are skipped and one line here says which service is
 * missing and how to get it; under CI=true they fail instead. They never pass silently.
 */
export async function setup(project: TestProject): Promise<void> {
  provideChromium(project);
  await provideRedis(project);
}

/**
 * Gives the browser test a Chromium: the one LOCKDEMO_CHROMIUM names, else `chromium` (or
 * `chromium-browser`) found on PATH. Without one the test is skipped, with one line here that
 * says so and how to get it; under CI=true it fails instead.
 */
function provideChromium(project: TestProject): void {
  const given = process.env.LOCKDEMO_CHROMIUM;
  const path = given ?? ['chromium', 'chromium-browser'].map(onPath).find((found) => found !== undefined);
  if (path !== undefined) {
    project.provide('chromium', { path });
    return;
  }
  const missing = 'chromium is not on PATH: apt-get install chromium, or set LOCKDEMO_CHROMIUM=/path/to/chromium';
  project.provide('chromium', { missing, required: underCi });
  sayMissing('browser', missing);
}

/** The executable `name` in a directory of PATH, as a shell would find it. */
function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

async function provideRedis(project: TestProject): Promise<void> {
  const given = process.env.LOCKDEMO_REDIS_URL;
  if (given) {
    project.provide('redis', { url: given });
    return;
  }
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    const missing =
      'redis-server is not installed: apt-get install redis-server, or run a Redis and set ' +
      'LOCKDEMO_REDIS_URL=redis://127.0.0.1:<port>';
    project.provide('redis', { missing, required: underCi });
    sayMissing('Redis', missing);
    return;
  }
  const port = await freePort();
  server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
    server!.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    server!.once('exit', (code) => reject(new Error(`redis-server exited with code ${code}:\n${output}`)));
  });
  project.provide('redis', { url: `redis://127.0.0.1:${port}` });
}

export async function teardown(): Promise<void> {
  if (server === undefined || server.exitCode !== null) return;
  const stopped = new Promise((resolve) => server!.once('exit', resolve));
  server.kill();
  await stopped;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
