import { describe, expect, inject, it } from 'vitest';
import { lockdemo } from './run-built.js';

interface Report {
  schedule: string;
  verdict: string;
  variants: Array<{ name: string; trials: number; raceCount: number; verdict: string; outcomes: Array<{ value: number | string; count: number }> }>;
  skipped?: Array<{ name: string; reason: string }>;
}

const run = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
  const r = await lockdemo([...args, '--json'], env);
  return { ...r, report: r.stdout ? (JSON.parse(r.stdout) as Report) : undefined };
};
const variant = (report: Report | undefined, name: string) => report!.variants.find((v) => v.name === name)!;
const only = (report: Report | undefined, name: string) =>
  Object.fromEntries(variant(report, name).outcomes.filter((o) => o.count > 0).map((o) => [o.value, o.count]));

describe('cache --origin http: a real node:http origin on 127.0.0.1', () => {
  it.each([['event-loop'], ['timers']])('under %s: duplicates unlocked and split-lock, one fetch per post locked and single-flight', async (schedule) => {
    const r = await run(['cache', '--origin', 'http', '--schedule', schedule, '--trials', '30', '--seed', '1']);
    expect(r.code).toBe(0);
    expect(variant(r.report, 'unlocked').raceCount).toBeGreaterThan(0);
    expect(variant(r.report, 'split-lock').raceCount).toBeGreaterThan(0);
    expect(only(r.report, 'locked')).toEqual({ 2: 30 });
    expect(only(r.report, 'single-flight')).toEqual({ 2: 30 });
  });

  it('defaults to fewer trials and an uncontrolled schedule, and refuses a controlled one', async () => {
    const r = await run(['cache', '--origin', 'http', '--variant', 'locked']);
    expect(r.report!.schedule).toBe('event-loop');
    expect(variant(r.report, 'locked').trials).toBe(100);
    const refused = await lockdemo(['cache', '--origin', 'http', '--schedule', 'random']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^lockdemo: cache runs under --schedule event-loop or timers only/);
    for (const args of [
      ['cache', '--origin', 'http', '--variant', 'locked', '--replay', 'A B C'],
      ['threads', '--variant', 'atomic', '--replay', 'A B C D'],
    ]) {
      const replay = await lockdemo(args);
      expect(replay.code).toBe(2);
      expect(replay.stderr).toMatch(/only with these options: there is no schedule lockdemo could replay/);
    }
  });
});

describe('threads: worker threads on a SharedArrayBuffer', () => {
  it('loses increments unlocked; Atomics.add and the Atomics mutex never do', async () => {
    const r = await run(['threads', '--trials', '60']);
    expect(r.code).toBe(0);
    expect(variant(r.report, 'unlocked').raceCount).toBeGreaterThan(0);
    expect(only(r.report, 'atomic')).toEqual({ 'none lost': 60 });
    expect(only(r.report, 'locked')).toEqual({ 'none lost': 60 });
  });
});

describe('processes: a counter shared by child processes', () => {
  it('file backend: unlocked and the in-process lock lose updates, the lock file never does', async () => {
    const r = await run(['processes', '--trials', '4']);
    expect(r.code).toBe(0);
    expect(variant(r.report, 'unlocked').raceCount).toBeGreaterThan(0);
    expect(variant(r.report, 'in-process-lock').raceCount).toBeGreaterThan(0);
    expect(only(r.report, 'os-lock')).toEqual({ 200: 4 });
    expect(r.report!.skipped!.map((s) => s.name)).toEqual(['redis-lock', 'atomic']);
  });

  it('Redis backend: the in-process lock still loses updates; the Redis lock and INCR never do', async () => {
    const redis = inject('redis');
    if ('missing' in redis) throw new Error(`this test needs Redis: ${redis.missing}`);
    const r = await run(['processes', '--redis', redis.url, '--trials', '4']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(variant(r.report, 'unlocked').raceCount).toBeGreaterThan(0);
    expect(variant(r.report, 'in-process-lock').raceCount).toBeGreaterThan(0);
    expect(only(r.report, 'redis-lock')).toEqual({ 200: 4 });
    expect(only(r.report, 'atomic')).toEqual({ 200: 4 });
    expect(r.report!.skipped!.map((s) => s.name)).toEqual(['os-lock']);
    // LOCKDEMO_REDIS_URL works as well as --redis.
    const byEnv = await run(['processes', '--variant', 'atomic', '--trials', '2'], { LOCKDEMO_REDIS_URL: redis.url });
    expect(only(byEnv.report, 'atomic')).toEqual({ 200: 2 });
  });

  it('an unreachable Redis is one line and exit 2 (an option that does not work), with nothing on stdout', async () => {
    const r = await lockdemo(['processes', '--redis', 'redis://:hunter2@127.0.0.1:1', '--trials', '1']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^lockdemo: cannot use Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1: connect ECONNREFUSED/);
    expect(r.stderr).not.toContain('hunter2');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
