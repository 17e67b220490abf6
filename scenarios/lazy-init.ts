/**
 * lazy-init — initialise a shared resource on first use.
 *
 *   npx lockdemo lazy-init --trials 1000
 *
 * Every task needs a database connection and creates it if there is none yet; connecting
 * takes time (an await). What a trial is judged by is how many connections were opened:
 * exactly one is correct. A 1000-trial random-schedule run with 3 tasks (seed 1):
 *
 *   unlocked        1 connection 34%, 2: 43%, 3: 23%     races allowed
 *   locked          1 connection 100%                    races forbidden
 *   stored-promise  1 connection 100%                    races forbidden
 *
 * Under `--schedule exhaustive`, 60 of the 66 interleavings of `unlocked` connect more than once,
 * yet a random trial opens 1, 2 or 3 connections with probability exactly 1/3, 4/9 and 2/9:
 * interleavings are not equally likely.
 *
 * The lesson: "if (!db) db = await connect()" is a check-then-act with the await inside the
 * act, so every task that checks before the first connection finishes connects again. Either
 * hold a lock across the check and the connect, or store the promise of the connection before
 * the first await, so later tasks find it and wait for it.
 */
import { defineScenario, type TaskContext } from '../src/index.js';

interface Connection {
  id: number;
}

interface Lazy {
  connectionsOpened: number;
  db: Connection | undefined;
  /** stored-promise only: the connection being opened. */
  connecting: Promise<Connection> | undefined;
  /** The connection each task ended up using. */
  used: Array<Connection | undefined>;
}

async function connect(state: Lazy, t: TaskContext): Promise<Connection> {
  const id = ++state.connectionsOpened;
  await t.sleep(1); // the handshake: other tasks run meanwhile
  return { id };
}

export default defineScenario<Lazy>({
  name: 'lazy-init',
  summary: 'tasks open a shared connection on first use; the check and the connect are split by an await',
  unit: 'connections',
  tasks: 3,
  setup: ({ tasks }) => ({
    connectionsOpened: 0,
    db: undefined,
    connecting: undefined,
    used: new Array<Connection | undefined>(tasks).fill(undefined),
  }),
  variants: {
    unlocked: {
      races: 'allowed',
      summary: 'if (!db) db = await connect()',
      run: async (state, t) => {
        if (state.db === undefined) state.db = await connect(state, t);
        state.used[t.id] = state.db;
      },
    },
    locked: {
      races: 'forbidden',
      summary: 'the check and the connect inside lock.run()',
      run: async (state, t) => {
        await t.lock.run(async () => {
          if (state.db === undefined) state.db = await connect(state, t);
        });
        state.used[t.id] = state.db;
      },
    },
    'stored-promise': {
      races: 'forbidden',
      summary: 'connecting ??= connect() before any await; later tasks wait for that promise',
      run: async (state, t) => {
        if (state.connecting !== undefined) {
          state.used[t.id] = await t.wait(state.connecting); // another task's connection
          return;
        }
        state.connecting = connect(state, t); // stored before this task's first await
        state.used[t.id] = state.db = await state.connecting;
      },
    },
  },
  observe: (state) => (state.used.includes(undefined) ? 'a task got no connection' : state.connectionsOpened),
  outcomes: ({ tasks }) => [
    { value: 1, grade: 'correct', description: 'one, shared by every task' },
    {
      match: (v) => typeof v === 'number' && v > 1 && v <= tasks,
      grade: 'race',
      description: (v) => `initialised ${Number(v) - 1} extra time${Number(v) === 2 ? '' : 's'}`,
    },
  ],
});
