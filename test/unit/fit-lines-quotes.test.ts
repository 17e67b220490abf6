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

  it("a path quoted as $'...' with an escaped apostrophe in it ends where bash ends it: the rest of the command still wraps", () => {
    const steps = 'A A Z Z Y Y X X W W V V U U T T S S R R Q Q P P O O N N M M L L K K J J I I H H G G F F E E D D C C B B';
    const line = `    replay: lockdemo $'dir\\x1b[31mred/it\\'s.mjs' --variant locked --tasks 26 --replay "${steps}"`;
    const lines = fitLines([line], 80);
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(bashArgs(lines)).toEqual(["dir\u001b[31mred/it's.mjs", '--variant', 'locked', '--tasks', '26', '--replay', expect.any(String)]);
    expect(bashArgs(lines)[6]?.split(/ +/)).toEqual(steps.split(' '));
  });
});
