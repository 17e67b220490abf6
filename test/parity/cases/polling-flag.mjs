// Pair of polling-flag.py: a yield loop polling a flag that a sleeping task sets. Under asyncio
// the virtual clock advances each turn of the loop, so the sleeper wakes and the poll ends.
import { defineScenario } from 'lockdemo';

export default defineScenario({
  name: 'parity-polling-flag',
  summary: 'while not flag: await sleep(0), with a setter after sleep(1 ms)',
  tasks: 2,
  setup: () => ({ log: [], flag: false }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        if (t.id === 0) {
          s.log.push('poller:start');
          while (!s.flag) await t.yield();
          s.log.push('poller:saw');
        } else {
          s.log.push('setter:start');
          await t.sleep(1);
          s.flag = true;
          s.log.push('setter:set');
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'the event log' }],
});
