import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'p3-many-tasks-lock',
  summary: '12 tasks through one lock',
  tasks: 12,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        const i = t.id,
          name = String.fromCharCode(65 + i);
        if (i % 3 === 0) await t.yield();
        s.log.push(`${name}r`);
        await t.lock.run(async () => {
          s.log.push(`${name}+`);
          await t.yield();
          if (i % 2) await t.yield();
        });
        s.log.push(`${name}-`);
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
