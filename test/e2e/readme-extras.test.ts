import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockdemoInProcess, ROOT } from './run-built.js';

/**
 * The README's samples of the smallest race, coverage, --ablate and serializable outcomes are
 * real runs: each is run again and must print exactly what the README shows. Its samples of
 * `counter --schedule exhaustive --variant unlocked` and `check counter
 * test/fixtures/broken-lock.mjs` show these too; readme-examples.test.ts compares them.
 */
const SAMPLES = [
  'counter --variant unlocked --trace --seed 12345',
  'counter --schedule pct --tasks 5 --trials 3000 --seed 1 --variant unlocked',
  'counter --variant locked --ablate --seed 1',
  'read-only --variant locked --ablate --seed 1',
  'read-only --tasks 6 --variant locked --ablate --trials 100 --seed 1',
  'check --ablate counter read-only',
  'test/fixtures/serializable.mjs --schedule exhaustive',
];

describe('the README samples of issue 14', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  for (const args of SAMPLES) {
    it(`lockdemo ${args}`, async () => {
      const marker = `$ npx lockdemo ${args}\n`;
      const start = readme.indexOf(marker);
      expect(start).toBeGreaterThan(0);
      const sample = readme.slice(start + marker.length, readme.indexOf('```', start));
      const r = await lockdemoInProcess(args.split(' '));
      expect(r.stdout).toBe(sample);
    });
  }
});
