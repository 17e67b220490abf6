/**
 * The bench's report as text (bench.mjs prints it; `--json` prints the rows instead): two lines
 * per row, so that it fits 80 columns like everything else lockdemo prints. The first line says
 * what was measured, the figure the target is judged on, and the target's verdict; the second
 * line says what the figure was made from: both rates or times, and the reference's name.
 *
 *   counter locked, random, 3 tasks          0.61× (CPU 0.60×)  ≥ 0.6× met
 *     656,831/s, hand-written loop 1,091,108/s
 *
 * A first line that would be wider than 80 columns puts its figure and verdict on a line of
 * their own, under the name.
 */

/** The widest line the table prints. */
const WIDTH = 80;

/**
 * `n` to `decimals` places; to more where those would read as the bound itself, so that a
 * 0.599× that missed a 0.6× target does not print as 0.60×, nor 19.96 MB against 20 MB as 20.0.
 */
function fixed(n, decimals, bound) {
  let places = decimals;
  while (bound !== undefined && n !== bound && Number(n.toFixed(places)) === bound && places < 12) places++;
  return n.toFixed(places);
}

/** A rate, a time or a size, as the row's unit says; `bound`, a target it is judged against. */
export function formatValue(n, unit, bound) {
  if (unit === 'ms') return `${fixed(n, 1, bound)} ms`;
  if (unit === 'MB growth') return `${fixed(n, 1, bound)} MB`;
  if (unit === 'interleavings/s') return `${Math.round(n).toLocaleString('en-US')} interleavings/s`;
  return `${Math.round(n).toLocaleString('en-US')}/s`;
}

/** The target and its verdict: `≥ 0.6× met`, `< 20 MB MISSED`. */
function targetText(t, met) {
  const op = t.op === '>=' ? '≥' : t.op === '<=' ? '≤' : '<';
  return `${op} ${t.absolute !== undefined ? `${t.absolute} MB` : `${t.ratio}×`} ${met ? 'met' : 'MISSED'}`;
}

/** What the target is judged on: the ratio when there is one, else the value itself. */
function headline(r) {
  if (r.ratio === undefined) return formatValue(r.value, r.unit, r.target?.absolute);
  const notes = [];
  if (r.ratioOfFastest !== undefined) notes.push(`fastest ${r.ratioOfFastest.toFixed(2)}×`);
  if (r.ratioCpu !== undefined) notes.push(`CPU ${r.ratioCpu.toFixed(2)}×`);
  return `${fixed(r.ratio, 2, r.target?.ratio)}×${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
}

/** The second line: the figures the ratio was made of, and a limit's verdict. */
function detail(r) {
  const parts = [];
  if (r.reference !== undefined) {
    parts.push(`${formatValue(r.value, r.unit)}, ${r.referenceName} ${formatValue(r.reference, r.unit)}`);
  } else if (r.detail !== undefined) {
    parts.push(r.detail);
  }
  if (r.limit !== undefined) {
    parts.push(`limit ${r.limit.ratio}× + ${r.limit.plusMs} ms = ${r.limit.ms.toFixed(1)} ms ${r.limit.met ? 'met' : 'MISSED'}`);
  }
  return parts.join('; ');
}

/**
 * The report's lines, without newlines: the heading, two lines per measured row (one for a
 * skipped row, which says why), and the peer's distribution check when there is one.
 */
export function benchTable(heading, rows) {
  const lines = [heading];
  const heads = rows.map((r) => (r.skipped !== undefined ? 'skipped' : headline(r)));
  const targets = rows.map((r) => (r.skipped === undefined && r.target !== undefined ? targetText(r.target, r.met) : ''));
  // Three columns: names, the judged figures right-aligned, the targets. A figure of a row with
  // no target may run on into the targets' column.
  const split = new Set();
  const widthOf = (pick) => Math.max(0, ...rows.map((r, i) => (split.has(i) ? 0 : pick(r, i))));
  const columns = () => ({
    name: widthOf((r) => r.name.length),
    head: widthOf((_, i) => (targets[i] !== '' ? heads[i].length : 0)),
    target: widthOf((_, i) => targets[i].length),
  });
  const firstLine = (r, i, w) => {
    const figure = heads[i].length <= w.head ? heads[i].padStart(w.head) : heads[i];
    return `${r.name.padEnd(w.name)}  ${figure}${targets[i] !== '' ? `  ${targets[i]}` : ''}`;
  };
  // While a line is too wide, the row that needs the most room of its own goes on two lines.
  const own = (i) => rows[i].name.length + heads[i].length + targets[i].length;
  for (;;) {
    const w = columns();
    if (rows.every((r, i) => split.has(i) || [...firstLine(r, i, w)].length <= WIDTH)) break;
    const rest = rows.map((_, i) => i).filter((i) => !split.has(i));
    split.add(rest.reduce((a, b) => (own(b) > own(a) ? b : a)));
  }
  const w = columns();
  rows.forEach((r, i) => {
    if (split.has(i)) lines.push(r.name, `  ${heads[i]}${targets[i] !== '' ? `  ${targets[i]}` : ''}`);
    else lines.push(firstLine(r, i, w));
    const second = r.skipped !== undefined ? r.skipped : detail(r);
    if (second !== '') lines.push(`  ${second}`);
  });
  const peer = rows.find((r) => r.distribution !== undefined);
  if (peer !== undefined) {
    const d = peer.distribution;
    lines.push(
      `fc.scheduler drew 1/2/3 = ${d.counts[1] ?? 0}/${d.counts[2] ?? 0}/${d.counts[3] ?? 0} (expected 1/3, 1/2, 1/6;`,
      `  chi-square ${d.chiSquare}: ${d.matches ? 'same distribution' : 'DIFFERENT distribution'})`,
    );
  }
  return lines;
}
