import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'p3-barrier',
  summary: 'a barrier of five',
  tasks: 5,
  setup: () => {
    const s = { log: [], n: 0 };
    s.ev = new Promise((r) => (s.set = r));
    return s;
  },
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        const i = t.id,
          name = String.fromCharCode(65 + i);
        for (let k = 0; k < (i * 2) % 5; k++) await t.yield();
        s.n++;
        s.log.push(`${name}:arrive${s.n}`);
        if (s.n === 5) s.set();
        await t.wait(s.ev);
        s.log.push(`${name}:go`);
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
