/** The types of table.mjs, for the tests that check its layout. */

export interface BenchRow {
  name: string;
  skipped?: string;
  value?: number;
  unit?: string;
  reference?: number;
  referenceName?: string;
  ratio?: number;
  ratioCpu?: number;
  ratioOfFastest?: number;
  detail?: string;
  target?: { op: '>=' | '<=' | '<'; ratio?: number; absolute?: number };
  limit?: { ratio: number; plusMs: number; ms: number; met: boolean };
  met?: boolean;
  distribution?: { counts: Record<number, number>; chiSquare: number; matches: boolean };
}

export function formatValue(n: number, unit: string | undefined, bound?: number): string;
export function benchTable(heading: string, rows: readonly BenchRow[]): string[];
