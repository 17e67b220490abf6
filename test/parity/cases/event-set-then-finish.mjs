import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'p3-event-set-then-finish',
  summary: 'an event set by a task that returns',
  tasks: 4,
  setup: () => {
    const s = { log: [] };
    s.ev = new Promise((r) => (s.set = r));
    return s;
  },
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        const n = t.label.slice(5);
        if (t.id === 0) {
          await t.yield();
          await t.yield();
          s.set();
          s.log.push('A:set-and-return');
        } else if (t.id < 3) {
          s.log.push(`${n}:wait`);
          await t.wait(s.ev);
          s.log.push(`${n}:woke`);
          await t.yield();
          s.log.push(`${n}:end`);
        } else {
          for (let i = 0; i < 5; i++) {
            s.log.push(`D:${i}`);
            await t.yield();
          }
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
