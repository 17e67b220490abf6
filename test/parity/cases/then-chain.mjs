import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'p3-then-chain',
  summary: 't.wait on a promise derived by .then',
  tasks: 3,
  setup: () => {
    const s = { log: [] };
    s.f = new Promise((r) => (s.set = r));
    s.g = s.f.then((v) => v + 1);
    return s;
  },
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        if (t.id === 0) {
          await t.yield();
          s.set(1);
          s.log.push('A:set');
          await t.yield();
          s.log.push('A:1');
          await t.yield();
          s.log.push('A:2');
        } else if (t.id === 1) {
          s.log.push('B:wait');
          await t.wait(s.g);
          s.log.push('B:woke');
        } else {
          s.log.push('C:wait');
          await t.wait(s.f);
          s.log.push('C:woke');
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
