import { describe, expect, it } from 'vitest';
import { benchTable, type BenchRow } from '../../bench/table.mjs';

// Rows shaped as bench.mjs makes them, with the widest names and figures it prints.
const rows: BenchRow[] = [
  {
    name: 'counter locked, random, 3 tasks',
    value: 656_831,
    unit: 'trials/s',
    reference: 1_091_108,
    referenceName: 'hand-written loop',
    ratio: 0.5996,
    ratioCpu: 0.6,
    target: { op: '>=', ratio: 0.6 },
    met: false,
  },
  { name: 'exhaustive, 4-task counter', value: 640_415, unit: 'interleavings/s' },
  {
    name: 'start-up: lockdemo counter --trials 1000',
    value: 153.6,
    unit: 'ms',
    reference: 54,
    referenceName: 'node -e 0',
    ratio: 2.844,
    ratioOfFastest: 2.59,
    target: { op: '<=', ratio: 2 },
    limit: { ratio: 2.5, plusMs: 10, ms: 145, met: false },
    met: false,
  },
  { name: 'vs CPython asyncio (counter)', skipped: 'python3 is not available on this machine' },
  {
    name: 'vs fast-check fc.scheduler (counter)',
    value: 1_073_371,
    unit: 'trials/s',
    reference: 139_095,
    referenceName: 'fc.scheduler',
    ratio: 7.72,
    target: { op: '>=', ratio: 20 },
    met: false,
    distribution: { counts: { 1: 6686, 2: 10057, 3: 3257 }, chiSquare: 2.13, matches: true },
  },
  {
    name: 'memory: CLI max RSS, 1e5 → 1e7 trials',
    value: 19.996,
    unit: 'MB growth',
    detail: '68.8 → 88.8 MB',
    target: { op: '<', absolute: 20 },
    met: true,
  },
  {
    name: 'start-up, on a machine ten times slower',
    value: 612.3,
    unit: 'ms',
    reference: 49.6,
    referenceName: 'node -e 0',
    ratio: 12.345,
    ratioOfFastest: 11.5,
    target: { op: '<=', ratio: 2 },
    limit: { ratio: 2.5, plusMs: 10, ms: 134, met: false },
    met: false,
  },
  { name: 'floor: the same trials alone, in a worker', value: 136.9, unit: 'ms', reference: 54, referenceName: 'node -e 0', ratio: 2.53 },
  {
    name: 'memory: library max RSS, 1e5 → 1e7 trials',
    value: 18.8,
    unit: 'MB growth',
    detail: '55.5 → 74.3 MB',
    target: { op: '<', absolute: 20 },
    met: true,
  },
];

describe("the bench's text report", () => {
  const lines = benchTable('node v20.20.2, 2 cores, median of 5; ratio, then target', rows);

  it('fits 80 columns', () => {
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(80);
  });

  it('puts the judged figure (three decimals where two would read as the bound) and the verdict first, the figures it was made of second', () => {
    const at = lines.findIndex((l) => l.startsWith('counter locked'));
    expect(lines[at]).toMatch(/0\.5996× \(CPU 0\.60×\) {2}≥ 0\.6× MISSED$/);
    expect(lines[at + 1]).toBe('  656,831/s, hand-written loop 1,091,108/s');
  });

  it('says the start-up limit, in milliseconds, with its own verdict', () => {
    const at = lines.findIndex((l) => l.startsWith('start-up'));
    expect(lines[at]).toMatch(/2\.84× \(fastest 2\.59×\) {2}≤ 2× MISSED$/);
    expect(lines[at + 1]).toBe('  153.6 ms, node -e 0 54.0 ms; limit 2.5× + 10 ms = 145.0 ms MISSED');
  });

  it('names a skipped row and says why', () => {
    const at = lines.findIndex((l) => l.startsWith('vs CPython'));
    expect(lines[at]).toMatch(/ skipped$/);
    expect(lines[at + 1]).toBe('  python3 is not available on this machine');
  });

  it('prints a size that met its bound with the decimals that show it is below', () => {
    expect(lines.find((l) => l.startsWith('memory: CLI'))).toMatch(/ 19\.996 MB {2}< 20 MB met$/);
  });

  it('puts a figure and verdict that do not fit beside the name on a line of their own', () => {
    const at = lines.indexOf('start-up, on a machine ten times slower');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe('  12.35× (fastest 11.50×)  ≤ 2× MISSED');
    expect(lines[at + 2]).toBe('  612.3 ms, node -e 0 49.6 ms; limit 2.5× + 10 ms = 134.0 ms MISSED');
  });

  it("gives a row without a reference its value, and the peer's draw its counts", () => {
    expect(lines.find((l) => l.startsWith('exhaustive'))).toMatch(/ 640,415 interleavings\/s$/);
    expect(lines.find((l) => l.startsWith('memory: library'))).toMatch(/ 18\.8 MB {2}< 20 MB met$/);
    expect(lines.join('\n')).toContain('fc.scheduler drew 1/2/3 = 6686/10057/3257');
    expect(lines.at(-1)).toBe('  chi-square 2.13: same distribution)');
  });
});
