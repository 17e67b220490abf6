// Pair of event-wakes-in-order.py: settling one promise that three tasks wait on.
import { defineScenario } from 'lockdemo';

export default defineScenario({
  name: 'parity-event-wakes-in-order',
  summary: 'one event set wakes every waiter in order',
  tasks: 4,
  setup: () => {
    const s = { log: [] };
    s.event = new Promise((resolve) => (s.set = resolve));
    return s;
  },
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        const name = t.label.slice(5);
        if (t.id === 0) {
          await t.yield();
          s.set();
          s.log.push('A:set');
          await t.yield();
          s.log.push('A:end');
        } else {
          s.log.push(`${name}:wait`);
          await t.wait(s.event);
          s.log.push(`${name}:woke`);
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'the event log' }],
});
