import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'p3-single-flight-future',
  summary: 'single-flight with a deferred',
  tasks: 4,
  setup: () => ({ log: [], inflight: new Map() }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        const name = t.label.slice(5);
        const post = t.id === 2 ? 2 : 1;
        const fetch = async (p) => {
          s.log.push(`fetch${p}:start`);
          await t.sleep(1);
          s.log.push(`fetch${p}:end`);
          return `title${p}`;
        };
        let r;
        const pending = s.inflight.get(post);
        if (pending !== undefined) {
          s.log.push(`${name}:wait`);
          r = await t.wait(pending.p);
        } else {
          s.log.push(`${name}:miss`);
          const d = {};
          d.p = new Promise((res) => (d.resolve = res));
          s.inflight.set(post, d);
          r = await fetch(post);
          d.resolve(r);
        }
        s.log.push(`${name}:got=${r}`);
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
