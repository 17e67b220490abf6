import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'p3-locked-points',
  summary: 'locked at many points',
  tasks: 3,
  setup: () => ({ log: [], lock: undefined }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        const lock = t.lock;
        s.lock = lock;
        if (t.id === 0) {
          s.log.push(`A:before=${lock.locked}`);
          await lock.acquire();
          s.log.push(`A:held=${lock.locked}`);
          lock.release();
          s.log.push(`A:free=${lock.locked}`);
          await lock.acquire();
          await t.yield();
          await t.yield();
          lock.release();
          s.log.push(`A:handoff=${lock.locked}`);
          await t.yield();
          s.log.push(`A:later=${lock.locked}`);
        } else if (t.id === 1) {
          await t.yield();
          s.log.push(`B:req=${lock.locked}`);
          await lock.acquire();
          s.log.push(`B:got=${lock.locked}`);
          await t.yield();
          lock.release();
          s.log.push(`B:rel=${lock.locked}`);
        } else {
          await t.yield();
          await t.yield();
          for (let i = 1; i <= 4; i++) {
            s.log.push(`C:${i}=${lock.locked}`);
            if (i < 4) await t.yield();
          }
        }
      },
    },
  },
  observe: (s) => [...s.log, `end=${s.lock.locked}`].join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
