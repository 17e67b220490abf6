// Pair of producer-consumer.py: a woken waiter runs at the waker's next yield.
import { defineScenario } from 'lockdemo';

export default defineScenario({
  name: 'parity-producer-consumer',
  summary: 'a consumer woken by an event runs at the producer yield',
  tasks: 2,
  setup: () => {
    const s = { log: [], value: 0 };
    s.event = new Promise((resolve) => (s.set = resolve));
    return s;
  },
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        if (t.id === 0) {
          s.value = 1;
          s.set();
          s.log.push('P:set');
          await t.yield();
          s.value = 2;
          s.log.push('P:wrote=2');
        } else {
          await t.wait(s.event);
          s.log.push(`C:seen=${s.value}`);
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'the event log' }],
});
