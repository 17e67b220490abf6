import { describe, expect, it } from 'vitest';
import { ProgressLine } from '../../src/cli/progress.js';

const progress = (done: number) => ({ variant: 'unlocked', done, total: 1000, doneAll: done, totalAll: 2000 });

function terminal(isTTY: boolean) {
  const writes: string[] = [];
  return { stream: { isTTY, write: (s: string) => writes.push(s) }, writes };
}

describe('ProgressLine', () => {
  it('stays silent for the first second, then draws done/total, rate and ETA', () => {
    let now = 0;
    const { stream, writes } = terminal(true);
    const line = new ProgressLine(stream, 'counter', () => now);
    now = 900;
    line.update(progress(100));
    expect(writes).toEqual([]);
    now = 2000;
    line.update(progress(500));
    expect(writes).toEqual(['\r\x1b[Kcounter › unlocked 500/1,000 · 250 trials/s · ETA 6s']);
    line.clear();
    expect(writes.at(-1)).toBe('\r\x1b[K');
  });

  it('shows a timed run by its clock: elapsed of the duration, and the time left over all variants', () => {
    let now = 0;
    const { stream, writes } = terminal(true);
    const line = new ProgressLine(stream, 'counter', () => now);
    now = 2000;
    line.update({ variant: 'unlocked', done: 5000, doneAll: 5000, timed: { elapsedMs: 2000, durationMs: 5000, variantsAfter: 1 } });
    expect(writes).toEqual(['\r\x1b[Kcounter › unlocked 5,000 trials · 2.0s of 5.0s · 2,500 trials/s · 8.0s left']);
  });

  it('redraws at most ten times a second', () => {
    let now = 0;
    const { stream, writes } = terminal(true);
    const line = new ProgressLine(stream, 'counter', () => now);
    now = 1500;
    line.update(progress(1));
    line.update(progress(2));
    now += 50;
    line.update(progress(3));
    expect(writes).toHaveLength(1);
    now += 100;
    line.update(progress(4));
    expect(writes).toHaveLength(2);
  });

  it('never draws when stderr is not a terminal, and clear() then writes nothing', () => {
    let now = 0;
    const { stream, writes } = terminal(false);
    const line = new ProgressLine(stream, 'counter', () => now);
    now = 5000;
    line.update(progress(500));
    line.clear();
    expect(writes).toEqual([]);
  });
});
