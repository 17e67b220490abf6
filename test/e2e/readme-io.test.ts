import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockdemoInProcess, ROOT } from './run-built.js';

/**
 * The README's `t.io` example: its code is the fixture's, and its output block is what the
 * built CLI prints for it today, against the fixture's real HTTP server (an exhaustive search
 * is deterministic: the scheduler, not the server's timing, decides every order).
 */
const COMMAND = 'test/fixtures/http-visits.mjs --schedule exhaustive';

describe('the README example of t.io', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Your own code against a real service: `t.io`'));

  it('shows the fixture’s own code', () => {
    const fixture = readFileSync(join(ROOT, 'test', 'fixtures', 'http-visits.mjs'), 'utf8');
    const code = /```javascript\n([\s\S]*?)```/.exec(section)?.[1];
    expect(code).toBeDefined();
    const lines = fixture.split('\n').map((line) => line.trim());
    for (const line of code!.split('\n').map((l) => l.trim())) {
      if (line === '' || line.startsWith('//')) continue;
      expect(lines, `README line ${JSON.stringify(line)}`).toContain(line);
    }
  });

  it(`$ npx lockdemo ${COMMAND}`, async () => {
    const marker = `$ npx lockdemo ${COMMAND}\n`;
    const start = section.indexOf(marker);
    expect(start).toBeGreaterThan(0);
    const sample = section.slice(start + marker.length, section.indexOf('```', start));
    const r = await lockdemoInProcess(COMMAND.split(' '));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(sample);
  });
});
