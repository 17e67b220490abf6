import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { lockdemoInProcess, ROOT } from './run-built.js';

it('a FAIL on forbidden values that are no races says how many interleavings they were, in text and JUnit', async () => {
  const junit = join(ROOT, 'test/.tmp', `forbidden-count-${process.pid}.xml`);
  const r = await lockdemoInProcess(['check', 'test/fixtures/undeclared-forbidden.mjs', '--junit', junit]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(
    'FAIL  wallet › withdraw  exhaustive  races 0/90 interleavings (races forbidden)\n      forbidden outcomes in 72 of 90 interleavings\n',
  );
  expect(readFileSync(junit, 'utf8')).toContain(
    'exhaustive: races 0/90 interleavings (races forbidden)\nforbidden outcomes in 72 of 90 interleavings',
  );
});
