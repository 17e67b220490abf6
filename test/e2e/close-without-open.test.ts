import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockdemo } from './run-built.js';

// `close` runs once after the trials whether or not the scenario declares `open`, with the
// resource undefined then: in a run, a replay, a check and each --jobs worker.
const dir = mkdtempSync(join(tmpdir(), 'lockdemo-close-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const commands: Array<[string, string[], number]> = [
  ['a run', ['--trials', '20'], 1],
  // Two chunks of work (65,536 trials each), so that two workers run.
  ['a run with --jobs 2', ['--trials', '70000', '--jobs', '2'], 2],
  ['a replay', ['--variant', 'locked', '--replay', 'A A B B'], 1],
];

describe.concurrent('close without open (the built CLI)', () => {
  for (const [label, args, workers] of commands) {
    it(`${label}: close is called once per worker, with undefined`, async () => {
      const log = join(dir, `${label.replaceAll(' ', '-')}.log`);
      const r = await lockdemo(['test/fixtures/close-only.mjs', ...args], { CLOSE_LOG: log });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(readFileSync(log, 'utf8')).toBe('undefined\n'.repeat(workers));
    });

    it(`${label}: a close that throws exits 3, naming close`, async () => {
      const r = await lockdemo(['test/fixtures/hostile/close-only-throws.mjs', ...args.map((a) => (a === 'locked' ? 'only' : a))]);
      expect(r.stderr).toBe('lockdemo: scenario "close-only-throws": "close" threw: cannot close\n');
      expect(r.code).toBe(3);
    });
  }

  it('a check: close is called once, and one that throws exits 3', async () => {
    const log = join(dir, 'check.log');
    const ok = await lockdemo(['check', 'test/fixtures/close-only.mjs'], { CLOSE_LOG: log });
    expect(ok.code).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe('undefined\n');
    const r = await lockdemo(['check', 'test/fixtures/hostile/close-only-throws.mjs']);
    expect(r.stderr).toBe('lockdemo: scenario "close-only-throws": "close" threw: cannot close\n');
    expect(r.code).toBe(3);
  });
});
