// Pair of counter-locked.py: the lesson's counter, locked: 3 under asyncio.
import { defineScenario } from 'lockdemo';

export default defineScenario({
  name: 'parity-counter-locked',
  summary: 'the lesson counter with a lock',
  tasks: 3,
  setup: () => ({ log: [], counter: 0 }),
  variants: {
    program: {
      races: 'allowed',
      run: (s, t) =>
        t.lock.run(async () => {
          const name = t.label.slice(5);
          const current = s.counter;
          s.log.push(`${name}:read=${current}`);
          await t.yield();
          s.counter = current + 1;
          s.log.push(`${name}:wrote=${current + 1}`);
        }),
    },
  },
  observe: (s) => [...s.log, `final=${s.counter}`].join(' '),
  outcomes: [{ grade: 'correct', description: 'the event log' }],
});
