/**
 * The physical limit: the same trials as lockdemo's `random` schedule, hand-written in plain
 * JavaScript with no harness. One task runs at a time; at every scheduling point the next task
 * is drawn uniformly among the runnable ones; the baton passes by resolving the promise the
 * chosen task awaits. Trials chain through callbacks, counts go into a Map.
 */

/** The same generator lockdemo uses (sfc32), so both loops pay for the same randomness. */
export function sfc32(a, b, c, d) {
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/**
 * A scheduler for one trial: runnable continuations, uniform pick, baton by promise. With
 * `drained`, every pick first waits until the microtask queue has drained, as lockdemo's model
 * requires (DESIGN "wake-ups"): a process.nextTick queued from task code, which Node.js runs only
 * once the queue is empty. That is the second reference of the bench, never the first.
 */
function makeScheduler(rng, tasks, onAllDone, drained = false) {
  const runnable = [];
  let done = 0;
  const dispatch = () => {
    const n = runnable.length;
    if (n === 0) {
      if (done === tasks) onAllDone();
      return;
    }
    const i = n === 1 ? 0 : (rng() * n) | 0;
    const resume = runnable[i];
    runnable[i] = runnable[n - 1];
    runnable.pop();
    resume();
  };
  const pick = drained ? () => process.nextTick(dispatch) : dispatch;
  return {
    runnable,
    dispatch: pick,
    park: () =>
      new Promise((resolve) => {
        runnable.push(resolve);
        pick();
      }),
    gate: () => new Promise((resolve) => runnable.push(resolve)),
    finished: () => {
      done++;
      pick();
    },
  };
}

/** A FIFO lock that hands off to the oldest waiter, which becomes runnable. */
function makeLock(s) {
  let held = false;
  const waiters = [];
  return {
    async run(fn) {
      if (held) {
        await new Promise((resolve) => {
          waiters.push(resolve);
          s.dispatch();
        });
      } else held = true;
      try {
        return await fn();
      } finally {
        const next = waiters.shift();
        if (next) s.runnable.push(next);
        else held = false;
      }
    },
  };
}

export function counterTrial(rng, tasks, locked, onEnd, drained = false) {
  const state = { value: 0 };
  const s = makeScheduler(rng, tasks, () => onEnd(state.value), drained);
  const lock = locked ? makeLock(s) : undefined;
  const body = async () => {
    const current = state.value;
    await s.park();
    state.value = current + 1;
  };
  for (let k = 0; k < tasks; k++) {
    s.gate()
      .then(() => (lock ? lock.run(body) : body()))
      .then(s.finished);
  }
  s.dispatch();
}

/** The counter trial with the drain before each pick (see makeScheduler). */
export function counterTrialDrained(rng, tasks, locked, onEnd) {
  counterTrial(rng, tasks, locked, onEnd, true);
}

export function cacheTrial(rng, tasks, locked, onEnd) {
  const cache = new Map();
  let fetches = 0;
  const s = makeScheduler(rng, tasks, () => onEnd(fetches));
  const lock = locked ? makeLock(s) : undefined;
  const fetchTitle = async (post) => {
    fetches++;
    await s.park();
    return `title of post ${post}`;
  };
  const body = (id) => async () => {
    const post = (id >> 1) + 1;
    let title = cache.get(post);
    if (title === undefined) {
      title = await fetchTitle(post);
      cache.set(post, title);
    }
    return title;
  };
  for (let k = 0; k < tasks; k++) {
    const run = body(k);
    s.gate()
      .then(() => (lock ? lock.run(run) : run()))
      .then(s.finished);
  }
  s.dispatch();
}

/** Runs `trials` trials back to back; resolves with the histogram. */
export function loop(trial, trials, tasks, locked, seed = 1) {
  const rng = sfc32(seed, 0x9e3779b9, 0x85ebca6b, 1);
  const counts = new Map();
  return new Promise((resolve) => {
    let i = 0;
    const next = (value) => {
      counts.set(value, (counts.get(value) ?? 0) + 1);
      if (++i < trials) trial(rng, tasks, locked, next);
      else resolve(counts);
    };
    trial(rng, tasks, locked, next);
  });
}
