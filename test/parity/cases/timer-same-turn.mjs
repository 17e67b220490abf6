import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'timer-same-turn',
  summary: 'two 10 ms timers started one turn apart',
  tasks: 2,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        if (t.id === 0) {
          await t.sleep(10);
          s.log.push('A1');
          await t.yield();
          s.log.push('A2');
        } else {
          await t.yield();
          await t.sleep(10);
          s.log.push('B1');
          await t.yield();
          s.log.push('B2');
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'the event log' }],
});
