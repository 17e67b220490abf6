import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'p3-lock-sleep-holder',
  summary: 'a holder sleeps while others queue',
  tasks: 4,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        const lock = t.lock;
        switch (t.id) {
          case 0:
            await lock.run(async () => {
              s.log.push('A:in');
              await t.sleep(2);
              s.log.push('A:woke');
            });
            s.log.push('A:out');
            break;
          case 1:
            s.log.push('B:req');
            await lock.run(async () => {
              s.log.push('B:in');
              await t.sleep(1);
              s.log.push('B:woke');
            });
            break;
          case 2:
            await t.yield();
            s.log.push('C:req');
            await lock.run(async () => {
              s.log.push('C:in');
            });
            break;
          default:
            await t.sleep(1);
            s.log.push(`D:req locked=${lock.locked}`);
            await lock.run(async () => {
              s.log.push('D:in');
            });
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
