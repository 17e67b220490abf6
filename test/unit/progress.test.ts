import { describe, expect, it } from 'vitest';
import { ProgressLine, progressText, type ProgressParts } from '../../src/cli/progress.js';

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

describe('progressText: the line fits the terminal, less its last column', () => {
  const parts: ProgressParts = {
    scenario: 'counter',
    variant: 'unlocked',
    count: '1,048,575/3,000,000',
    rate: '631k trials/s',
    remaining: 'ETA 8s',
  };
  const long: ProgressParts = { ...parts, scenario: 'a-rather-long-scenario-name', variant: 'unlocked-without-any-lock' };

  it('drops the ETA, then the rate, then shortens the names, the scenario first', () => {
    expect(progressText(parts, 79)).toBe('counter › unlocked 1,048,575/3,000,000 · 631k trials/s · ETA 8s');
    // A 60-column terminal: the whole line took 63 columns and wrapped at every redraw.
    expect(progressText(parts, 59)).toBe('counter › unlocked 1,048,575/3,000,000 · 631k trials/s');
    expect(progressText(parts, 40)).toBe('counter › unlocked 1,048,575/3,000,000');
    expect(progressText(parts, 35)).toBe('counter › unlo… 1,048,575/3,000,000');
    expect(progressText(long, 79)).toBe('a-rather-long-scenario-name › unlocked-without-any-lock 1,048,575/3,000,000');
    expect(progressText(long, 59)).toBe('a-rather-l… › unlocked-without-any-lock 1,048,575/3,000,000');
    expect(progressText(long, 40)).toBe('a-rathe… › unlocked… 1,048,575/3,000,000');
    // Narrower still, both names give way before the count is cut.
    expect(progressText(long, 30)).toBe('a-… › unl… 1,048,575/3,000,000');
  });

  it('a timed run keeps its count and clock longest', () => {
    const timed: ProgressParts = { ...parts, count: '5,000 trials', clock: '2.0s of 5.0s', rate: '2,500 trials/s', remaining: '8.0s left' };
    expect(progressText(timed, 79)).toBe('counter › unlocked 5,000 trials · 2.0s of 5.0s · 2,500 trials/s · 8.0s left');
    expect(progressText(timed, 59)).toBe('counter › unlocked 5,000 trials · 2.0s of 5.0s');
  });

  it('is never wider than its room, at any width', () => {
    for (const p of [parts, long]) {
      for (let room = 1; room <= 120; room++) expect([...progressText(p, room)].length, `room ${room}`).toBeLessThanOrEqual(room);
    }
  });

  it('ProgressLine draws within the stream’s columns less one', () => {
    let now = 0;
    const writes: string[] = [];
    const stream = { isTTY: true, columns: 60, write: (s: string) => writes.push(s) };
    const line = new ProgressLine(stream, 'a-rather-long-scenario-name', () => now);
    now = 2000;
    line.update({ variant: 'unlocked-without-any-lock', done: 1_048_575, total: 3_000_000, doneAll: 1_048_575, totalAll: 6_000_000 });
    expect(writes).toHaveLength(1);
    const text = (writes[0] ?? '').replace('\r\x1b[K', '');
    expect([...text].length).toBeLessThanOrEqual(59);
    expect(text).toMatch(/ 1,048,575\/3,000,000$/);
  });
});
