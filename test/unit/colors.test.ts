import { describe, expect, it } from 'vitest';
import { colorEnabled, createColors, paintGrade } from '../../src/cli/colors.js';

describe('colours', () => {
  it('are on for a terminal, off for NO_COLOR, --no-color, TERM=dumb and pipes; FORCE_COLOR wins over a pipe', () => {
    expect(colorEnabled({ isTTY: true, env: {} })).toBe(true);
    expect(colorEnabled({ isTTY: true, env: { NO_COLOR: '1' } })).toBe(false);
    expect(colorEnabled({ isTTY: true, env: {}, flag: false })).toBe(false);
    expect(colorEnabled({ isTTY: true, env: { TERM: 'dumb' } })).toBe(false);
    expect(colorEnabled({ isTTY: false, env: {} })).toBe(false);
    expect(colorEnabled({ isTTY: false, env: { FORCE_COLOR: '1' } })).toBe(true);
    expect(colorEnabled({ isTTY: false, env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).toBe(false);
    // FORCE_COLOR=0 asks for none, as Node.js and chalk read it, on a terminal too (it kept colour).
    expect(colorEnabled({ isTTY: true, env: { FORCE_COLOR: '0' } })).toBe(false);
    expect(colorEnabled({ isTTY: true, env: { FORCE_COLOR: 'false' } })).toBe(false);
  });

  it('without colour, paint returns the text unchanged through any chain of styles', async () => {
    const c = await createColors({ isTTY: false, env: {} });
    expect(c.red.bold('x')).toBe('x');
    expect(c.dim(`${1}`)).toBe('1');
    expect(paintGrade(c, 'forbidden')).toBe('forbidden');
  });

  it('with colour, paints with ANSI escapes', async () => {
    const c = await createColors({ isTTY: true, env: {} });
    expect(paintGrade(c, 'race')).toBe('\u001b[33mrace\u001b[39m');
  });
});
