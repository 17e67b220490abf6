// Pair of event-set-clear.py: clear replaces the event's promise, so a waiter woken by set still
// resumes, and the next wait is on the new, pending promise.
import { defineScenario } from 'lockdemo';
const event = () => {
  const e = { set: false };
  e.p = new Promise((r) => (e.resolve = r));
  return e;
};
export default defineScenario({
  name: 'parity-event-set-clear',
  summary: 'set then clear wakes the waiters anyway',
  tasks: 3,
  setup: () => ({ log: [], ev: event() }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        const n = t.label.slice(5);
        const set = () => {
          s.ev.set = true;
          s.ev.resolve();
        };
        const clear = () => {
          if (s.ev.set) s.ev = event();
        };
        if (t.id === 0) {
          await t.yield();
          set();
          clear();
          s.log.push('A:set-clear');
          await t.yield();
          s.log.push('A:2');
          set();
          s.log.push('A:set');
        } else {
          s.log.push(`${n}:wait1`);
          await t.wait(s.ev.p);
          s.log.push(`${n}:woke1`);
          await t.wait(s.ev.p);
          s.log.push(`${n}:woke2`);
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'the event log' }],
});
