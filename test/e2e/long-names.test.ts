import { expect, it } from 'vitest';
import { visibleWidth } from '../../src/cli/text-width.js';
import { lockdemo } from './run-built.js';

const NAME = 'unlocked-with-a-retry-loop-and-some-backoff';

it.each([40, 45, 60, 80])('at %i columns every line fits, and the trace title keeps the variant name whole', async (columns) => {
  const r = await lockdemo(['test/fixtures/long-names.mjs', '--trials', '100', '--seed', '1', '--trace'], { COLUMNS: String(columns) });
  expect(r.code, r.stderr).toBe(0);
  // A name is kept whole, as a path is, where it can be pasted (a command, the variant's heading):
  // only a line that holds the whole name may be wider.
  for (const line of r.stdout.split('\n')) if (!line.includes(NAME)) expect(visibleWidth(line), line).toBeLessThanOrEqual(columns);
  // The title's lines, put back together: the name is there, whole, with no space inside it.
  const lines = r.stdout.split('\n');
  const from = lines.findIndex((l) => l.startsWith('trace of'));
  const to = lines.findIndex((l, i) => i > from && l.trimStart().startsWith('replay: "'));
  const title = lines
    .slice(from, to)
    .map((l) => l.trim())
    .join('\n');
  expect(title.replace(/\n/g, ''), title).toContain(NAME);
  expect(title.replace(/\n/g, ' '), title).not.toMatch(/unlocked-with-\S* \S*backoff/);
  // The summary's long word, cut to fit, is all there.
  expect(lines.slice(0, 6).join('').replace(/\s/g, '')).toContain(
    'supercalifragilisticexpialidocious_antidisestablishmentarianism_pneumonoultramicroscopic',
  );
});
