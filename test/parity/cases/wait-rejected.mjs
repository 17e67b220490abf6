import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'p3-wait-rejected',
  summary: 'waiting on a rejected promise',
  tasks: 3,
  setup: () => {
    const s = { log: [] };
    s.p = new Promise((_, rej) => (s.fail = rej));
    s.p.catch(() => {});
    return s;
  },
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        if (t.id === 0) {
          await t.yield();
          s.fail(new Error('nope'));
          s.log.push('A:failed');
          await t.yield();
          s.log.push('A:end');
        } else if (t.id === 1) {
          s.log.push('B:wait');
          try {
            await t.wait(s.p);
          } catch (e) {
            s.log.push(`B:caught=${e.message}`);
          }
        } else {
          await t.yield();
          await t.yield();
          s.log.push('C:wait');
          try {
            await t.wait(s.p);
          } catch (e) {
            s.log.push(`C:caught=${e.message}`);
          }
          s.log.push('C:end');
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
