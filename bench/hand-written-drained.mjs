/**
 * A second reference, reported beside the hand-written loop and never in its place: the same
 * trials as bench/hand-written.mjs, with one change: every pick waits until the microtask
 * queue has drained, as lockdemo's model requires (DESIGN "wake-ups": whatever a segment
 * settles is seen before the next pick). The wait is a process.nextTick queued from the
 * segment's microtask, which Node.js runs only once the queue is empty. The gap between the
 * two references is what that soundness costs a minimal loop, one trial at a time.
 */
function makeScheduler(rng, tasks, onAllDone) {
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
  // Called from task code, so from a microtask: the tick runs once the queue has drained.
  const drainThenDispatch = () => process.nextTick(dispatch);
  return {
    runnable,
    dispatch: drainThenDispatch,
    park: () =>
      new Promise((resolve) => {
        runnable.push(resolve);
        drainThenDispatch();
      }),
    gate: () => new Promise((resolve) => runnable.push(resolve)),
    finished: () => {
      done++;
      drainThenDispatch();
    },
  };
}

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

export function counterTrialDrained(rng, tasks, locked, onEnd) {
  const state = { value: 0 };
  const s = makeScheduler(rng, tasks, () => onEnd(state.value));
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
  // The first pick: from a microtask, like every other.
  void Promise.resolve().then(s.dispatch);
}
