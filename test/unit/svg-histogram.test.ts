import { expect, it } from 'vitest';
import { histogramSvg } from '../../src/cli/html/svg-histogram.js';
import type { ReportSection } from '../../src/cli/html/report-data.js';

const section = (unit: string, counts: number[]): ReportSection => ({
  heading: 'v',
  unit,
  lines: [],
  passed: true,
  traces: [],
  outcomes: counts.map((count, i) => ({
    value: `value ${i}`,
    label: `value ${i}`,
    count,
    grade: 'race',
    gradeText: 'race',
    description: 'd',
  })),
});

const titles = (svg: string): string[] => [...svg.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1] ?? '');

it('a bar says its count as the terminal does: thousands grouped, "1 trial", and no share below 1 as 100.0%', () => {
  expect(titles(histogramSvg(section('trials', [1999, 1])))).toEqual([
    'value 0: 1,999 trials (99.95%), race: d',
    'value 1: 1 trial (0.1%), race: d',
  ]);
  expect(titles(histogramSvg(section('interleavings', [1, 2])))).toEqual([
    'value 0: 1 interleaving (33.3%), race: d',
    'value 1: 2 interleavings (66.7%), race: d',
  ]);
});
