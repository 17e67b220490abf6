import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'p3-handoff-timer-turn',
  summary: 'hand-off and timers in one turn',
  tasks: 3,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        const lock = t.lock;
        if (t.id === 0) {
          await lock.run(async () => {
            await t.sleep(1);
            s.log.push('A:woke');
          });
          s.log.push(`A:released locked=${lock.locked}`);
        } else if (t.id === 1) {
          s.log.push('B:req');
          await lock.run(async () => {
            s.log.push('B:in');
            await t.yield();
            s.log.push('B:out');
          });
        } else {
          await t.sleep(1);
          s.log.push(`C:woke locked=${lock.locked}`);
          await lock.run(async () => {
            s.log.push('C:in');
          });
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
