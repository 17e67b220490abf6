import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'p3-wait-settled-later',
  summary: 'waits before and after the event is set',
  tasks: 3,
  setup: () => {
    const s = { log: [], isSet: false };
    s.p = new Promise(
      (r) =>
        (s.set = () => {
          s.isSet = true;
          r();
        }),
    );
    return s;
  },
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        if (t.id === 0) {
          await t.yield();
          await t.yield();
          s.set();
          s.log.push('A:set');
          s.log.push('A:end');
        } else if (t.id === 1) {
          s.log.push('B:wait');
          await t.wait(s.p);
          s.log.push('B:woke');
          await t.yield();
          s.log.push('B:end');
        } else {
          for (let i = 0; i < 3; i++) {
            s.log.push(`C:${i}`);
            await t.yield();
          }
          s.log.push(`C:wait set=${s.isSet}`);
          await t.wait(s.p);
          s.log.push('C:passed');
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
