// Pair of event-already-set.py: t.wait on a settled promise is not a scheduling point.
import { defineScenario } from 'lockdemo';

export default defineScenario({
  name: 'parity-event-already-set',
  summary: 'awaiting a set event does not suspend',
  tasks: 2,
  setup: () => ({ log: [], event: Promise.resolve() }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        if (t.id === 0) {
          await t.wait(s.event);
          s.log.push('A:passed');
        } else {
          s.log.push('B:ran');
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'the event log' }],
});
