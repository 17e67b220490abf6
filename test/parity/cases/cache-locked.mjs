// Pair of cache-locked.py: the lock across check, fetch and insert: 2 fetches.
import { defineScenario } from 'lockdemo';

export default defineScenario({
  name: 'parity-cache-locked',
  summary: 'the lesson cache with one lock across check, fetch and insert',
  tasks: 3,
  setup: () => ({ log: [], cache: new Map(), fetches: 0 }),
  variants: {
    program: {
      races: 'allowed',
      run: (s, t) =>
        t.lock.run(async () => {
          const name = t.label.slice(5);
          const post = t.id < 2 ? 1 : 2;
          if (s.cache.has(post)) {
            s.log.push(`${name}:hit`);
            return;
          }
          s.log.push(`${name}:miss`);
          s.fetches++;
          await t.sleep(1);
          s.cache.set(post, `title ${post}`);
          s.log.push(`${name}:insert`);
        }),
    },
  },
  observe: (s) => [...s.log, `fetches=${s.fetches}`].join(' '),
  outcomes: [{ grade: 'correct', description: 'the event log' }],
});
