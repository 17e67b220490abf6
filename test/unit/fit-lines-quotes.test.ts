import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fitLines } from '../../src/cli/text-width.js';

/** The arguments bash gives a command pasted as these lines (continuations joined by bash). */
function bashArgs(lines: readonly string[]): string[] {
  const command = lines.join('\n').replace(/^.*?lockdemo /s, '');
  const out = execFileSync('bash', ['-c', `printf '%s\\0' ${command}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('fitLines never breaks a command inside a quoted word', () => {
  const line = `  first race: trial 2, replay: lockdemo /tmp/h2/bad/spacevariant.mjs --variant 'un locked' --replay "A B A B" --replay-trial 2`;
  for (let width = 30; width <= 130; width++) {
    it(`at ${width} columns the pasted command gives bash the same arguments`, () => {
      const lines = fitLines([line], width);
      expect(bashArgs(lines)).toEqual([
        '/tmp/h2/bad/spacevariant.mjs',
        '--variant',
        'un locked',
        '--replay',
        'A B A B',
        '--replay-trial',
        '2',
      ]);
    });
  }

  it('an apostrophe in prose before the command quotes nothing: the prose still wraps', () => {
    const lines = fitLines([`task_A's write overwrote task_B's value, and this line is long enough to wrap twice over`], 30);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.every((l) => l.length <= 30)).toBe(true);
  });
});
