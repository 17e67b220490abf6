import { describe, expect, it } from 'vitest';
import { lockdemoInProcess } from './run-built.js';

describe.concurrent('error messages are one line (the built CLI)', () => {
  it('a name given with a newline in it (a command pasted across lines) shows it escaped', async () => {
    const variant = await lockdemoInProcess(['counter', '--variant', 'un\nlocked', '--trials', '1']);
    expect(variant.stderr).toBe(
      'lockdemo: unknown variant "un\\nlocked" for scenario "counter". Available: unlocked, locked. Did you mean "unlocked"?\n',
    );
    expect(variant.code).toBe(2);
    const option = await lockdemoInProcess(['counter', '--tri\nals', '3']);
    expect(option.stderr).toBe("lockdemo: unknown option '--tri\\nals'. Did you mean --trials?\n");
    expect(option.code).toBe(2);
    const value = await lockdemoInProcess(['counter', '--trials', '3\n4']);
    expect(value.stderr).toMatch(/^lockdemo: option '-t, --trials <n>' argument '3\\n4' is invalid\. [^\n]*\n$/);
    expect(value.code).toBe(2);
  });
});
