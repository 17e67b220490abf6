import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'p3-wait-inside-lock',
  summary: 'waiting on an event while holding the lock',
  tasks: 3,
  setup: () => {
    const s = { log: [] };
    s.ev = new Promise((r) => (s.set = r));
    return s;
  },
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        if (t.id === 0) {
          await t.lock.run(async () => {
            s.log.push('A:in-wait');
            await t.wait(s.ev);
            s.log.push('A:event');
          });
          s.log.push('A:out');
        } else if (t.id === 1) {
          s.log.push('B:req');
          await t.lock.run(async () => {
            s.log.push('B:in');
          });
        } else {
          await t.yield();
          s.log.push(`C:set locked=${t.lock.locked}`);
          s.set();
          await t.yield();
          s.log.push('C:after');
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
