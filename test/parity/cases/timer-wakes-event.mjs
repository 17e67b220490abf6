import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'p3-timer-wakes-event',
  summary: 'a timer-woken task sets an event',
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
          await t.sleep(1);
          s.set();
          s.log.push('A:set');
          await t.yield();
          s.log.push('A:end');
        } else if (t.id === 1) {
          await t.sleep(1);
          s.log.push('B:woke');
          await t.yield();
          s.log.push('B:end');
        } else {
          s.log.push('C:wait');
          await t.wait(s.ev);
          s.log.push('C:woke');
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
