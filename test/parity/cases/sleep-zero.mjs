// Pair of sleep-zero.py: t.sleep(0) is the same as t.yield().
import { defineScenario } from 'lockdemo';

export default defineScenario({
  name: 'parity-sleep-zero',
  summary: 'sleep(0) is a plain yield',
  tasks: 2,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        if (t.id === 0) {
          await t.sleep(0);
          s.log.push('A:after-sleep0');
        } else {
          s.log.push('B:1');
          await t.yield();
          s.log.push('B:2');
          await t.yield();
          s.log.push('B:3');
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'the event log' }],
});
