// t.wait on a native promise that has already settled, made by a Promise subclass.
// DESIGN: t.wait on a promise that has already settled is not a scheduling point.
// Model: 2 interleavings: "a1 a2 b" and "b a1 a2".
import { defineScenario } from 'lockdemo';
class Deferred extends Promise {}
export default defineScenario({
  name: 'subclass-done',
  summary: 'settled promise of a Promise subclass',
  tasks: 2,
  setup: () => {
    const s = { log: [] };
    s.p = Deferred.resolve(1);
    return s;
  },
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        if (t.id === 0) {
          s.log.push('a1');
          await t.wait(s.p);
          s.log.push('a2');
        } else s.log.push('b');
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
