// Pair of cache-split-lock.py: the lesson's split-lock cache fetches post 1 twice (3 fetches).
import { defineScenario } from 'lockdemo';

export default defineScenario({
  name: 'parity-cache-split-lock',
  summary: 'the lesson cache with the fetch outside two locked sections',
  tasks: 3,
  setup: () => ({ log: [], cache: new Map(), fetches: 0 }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        const name = t.label.slice(5);
        const post = t.id < 2 ? 1 : 2;
        const cached = await t.lock.run(async () => s.cache.get(post));
        if (cached !== undefined) {
          s.log.push(`${name}:hit`);
          return;
        }
        s.log.push(`${name}:miss`);
        s.fetches++;
        await t.sleep(1);
        const title = `title ${post}`;
        await t.lock.run(async () => {
          s.cache.set(post, title);
        });
        s.log.push(`${name}:insert`);
      },
    },
  },
  observe: (s) => [...s.log, `fetches=${s.fetches}`].join(' '),
  outcomes: [{ grade: 'correct', description: 'the event log' }],
});
