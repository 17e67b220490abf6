// Task A does six steps; the value is bad only when no other task started before A's sixth.
// The first interleaving a DFS visits (A first, A again...) is exactly that one.
import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'rare',
  summary: 'a race only the first DFS interleavings reach',
  tasks: 8,
  setup: () => ({ started: 0, bad: 0 }),
  variants: {
    v: {
      races: 'forbidden',
      run: async (s, t) => {
        s.started++;
        if (t.id === 0) {
          for (let i = 0; i < 5; i++) await t.yield();
          if (s.started === 1) s.bad = 1;
        } else {
          await t.yield();
          await t.yield();
        }
      },
    },
  },
  observe: (s) => s.bad,
  outcomes: [{ value: 0, grade: 'correct', description: 'fine' }],
});
