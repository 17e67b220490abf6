// bg's first yield stands for create_task's turn (as test/parity/cases/unawaited-turns.mjs does).
import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'p3-unawaited-timer-after-return',
  summary: 'unawaited work with a timer after return',
  tasks: 1,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        const bg = async () => {
          await t.yield();
          await t.sleep(0.001);
          s.log.push('bg:1');
          await t.yield();
          s.log.push('bg:2');
          await t.yield();
          s.log.push('bg:3');
        };
        void bg();
        s.log.push('A:return');
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
