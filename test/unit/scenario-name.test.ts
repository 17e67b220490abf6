/** defineScenario's error for a name that is not one: one line, the name escaped (it cut the line at a newline in it). */
import { describe, expect, it } from 'vitest';
import { defineScenario } from '../../src/index.js';

const spec = (name: string) => ({
  name,
  summary: 'a scenario',
  tasks: 2,
  setup: () => ({}),
  variants: { only: { races: 'forbidden' as const, run: async () => {} } },
  observe: () => 1,
  outcomes: [{ value: 1, grade: 'correct' as const, description: 'one' }],
});

describe('a scenario name that is not a word', () => {
  it('is refused in one line that quotes it escaped, never raw', () => {
    expect(() => defineScenario(spec('Bad Name\n\u001b[31m'))).toThrow(
      'scenario: "name" must be a word of letters, digits and dashes, got "Bad Name\\n\\u001b[31m"',
    );
    expect(() => defineScenario(spec('Bad Name\n'))).not.toThrow(/\n/);
  });
});
