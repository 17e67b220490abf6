import { defineScenario } from 'lockdemo';
const ev = () => {
  const e = {};
  e.p = new Promise((r) => (e.set = r));
  return e;
};
export default defineScenario({
  name: 'p3-wake-order-mixed',
  summary: 'lock and event wake-ups in one step',
  tasks: 5,
  setup: () => ({ log: [], e1: ev(), e2: ev() }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        const lock = t.lock;
        switch (t.id) {
          case 0:
            await lock.acquire();
            await t.yield();
            lock.release();
            s.e1.set();
            s.log.push('A:rel+set');
            await t.yield();
            s.log.push('A:2');
            await lock.acquire();
            await t.yield();
            s.e2.set();
            lock.release();
            s.log.push('A:set+rel');
            await t.yield();
            s.log.push('A:end');
            break;
          case 1:
            await lock.run(async () => {
              s.log.push('B:lock');
            });
            break;
          case 2:
            await t.wait(s.e1.p);
            s.log.push('C:e1');
            break;
          case 3:
            await t.wait(s.e2.p);
            s.log.push('D:e2');
            break;
          default:
            await t.yield();
            await t.yield();
            await t.yield();
            s.log.push('E:req');
            await lock.run(async () => {
              s.log.push('E:lock');
            });
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
