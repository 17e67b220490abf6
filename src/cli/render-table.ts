import type { VariantReport } from '../core/run-scenario.js';
import { paintGrade, type Colors } from './colors.js';
import { shownGrade, splitRunnerMessage, valueLength, wrapShownValue } from './shown-value.js';
import { formatCount, formatPercent } from './numbers.js';
import { padStartVisible, padVisible, visibleWidth, wrapText } from './text-width.js';
import { visibleOutcomes, type NotesView } from './variant-notes.js';

/**
 * A variant's graded histogram: one row per outcome (its value, count, share, grade and
 * description) and a bar. It fits the width as far as its columns allow: the bar shrinks and
 * goes, then the description wraps at its spaces within its column; where that column could
 * not hold its longest word, each description goes on lines of its own under its row, and
 * the columns close up to one space apart if they must. No word of a description is cut
 * unless it is wider than the whole line.
 */

/** Width of a bar for an outcome seen in every trial. */
const BAR_WIDTH = 20;
const PARTIAL_BLOCKS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
/** The most lines a value takes in the table before it is cut (the JSON has it whole). */
const MAX_VALUE_LINES = 6;

export interface TableView {
  width: number;
  /** What the scenario's values count (`fetches`): the RESULT column's title. */
  unit?: string;
  notes?: NotesView;
}

/** The table's lines (none when no trial came back), each fitted to the width already. */
export function renderTable(c: Colors, v: VariantReport, view: TableView): string[] {
  const { width } = view;
  const rows = visibleOutcomes(v.outcomes, view.notes ?? {}).map((o) => ({
    ...splitRunnerMessage(o),
    raw: o.value,
    count: formatCount(o.count),
    share: formatPercent(v.trials > 0 ? o.count / v.trials : 0),
    grade: o.grade,
    share01: v.trials > 0 ? o.count / v.trials : 0,
    // A declared deadlock is shown as one (its RESULT), allowed here, not as a race.
    gradeText: shownGrade(o),
  }));
  // No row (stopped before any trial came back): no header over an empty table.
  if (rows.length === 0) return [];
  const countTitle = v.interleavings !== undefined ? 'INTERLEAVINGS' : 'TRIALS';
  const valueTitle = (view.unit ?? 'result').toUpperCase();
  const w = {
    value: Math.max(valueTitle.length, ...rows.map((r) => visibleWidth(r.value))),
    count: Math.max(countTitle.length, ...rows.map((r) => r.count.length)),
    share: Math.max(6, ...rows.map((r) => r.share.length)),
    grade: Math.max(9, ...rows.map((r) => r.gradeText.length)),
    description: Math.max(11, ...rows.map((r) => visibleWidth(r.description))),
  };
  // The widest word of any description: a column narrower than it would cut it.
  const longestWord = Math.max(1, ...rows.flatMap((r) => r.description.split(' ').map((word) => visibleWidth(word))));
  // Room for the value column, with a description column of 12 beside it.
  const valueRoom = width - (2 + 2 + w.count + 2 + w.share + 2 + w.grade + 2) - 12;
  // A title of several words (WIDGETS RESERVED) that does not fit goes on two lines or more,
  // each as wide as its longest word or the widest value, whichever is wider.
  const titleLines =
    w.value > valueRoom && valueTitle.includes(' ')
      ? wrapText(valueTitle, Math.max(valueRoom, ...valueTitle.split(' ').map((word) => visibleWidth(word))))
      : [valueTitle];
  // In columns: a unit in CJK takes two a character, as the values under it do.
  const titleWidth = Math.max(...titleLines.map((line) => visibleWidth(line)));
  const widestValue = Math.max(titleWidth, ...rows.map((r) => visibleWidth(r.value)));
  // A long value (an event log) wraps within its column, so that the row still fits the width
  // with room for a description column of 12.
  w.value = Math.min(widestValue, Math.max(titleWidth, 12, valueRoom));
  const fixed = 2 + w.value + 2 + w.count + 2 + w.share + 2 + w.grade + 2;
  // Beside the row, a description column down to its longest word or its title; narrower, under the row.
  const under = width - fixed < Math.max(longestWord, 'DESCRIPTION'.length);
  // Under the row, the row ends at its grade: the value column may take what the description left.
  const widestGrade = Math.max(...rows.map((r) => visibleWidth(r.gradeText)));
  const rowWidth = (value: number, gap: number): number => 2 + value + gap + w.count + gap + w.share + gap + widestGrade;
  // Still too wide for one word of a title over narrow values (CONNECTIONS over 1, 2, 3 in 40
  // columns): the title goes on a line of its own above the others, and the column is the values'.
  const widestRowValue = Math.max(1, ...rows.map((r) => visibleWidth(r.value)));
  const titleAbove = under && rowWidth(titleWidth, 1) > width && widestRowValue < titleWidth;
  const shownValueWidth = titleAbove ? widestRowValue : titleWidth;
  // Two spaces between columns only where a bar of 4 still fits beside the row: the bar comes first.
  const gap = under && rowWidth(shownValueWidth, 2) + 2 + 4 > width ? 1 : 2;
  const rest = rowWidth(0, gap);
  if (titleAbove) w.value = Math.min(widestRowValue, Math.max(1, width - rest));
  else if (under) w.value = Math.max(titleWidth, Math.min(widestValue, width - rest));
  const sep = ' '.repeat(gap);
  const head = (value: string, count: string, share: string): string => `  ${value}${sep}${count}${sep}${share}${sep}`;
  const lines: string[] = [];
  const shownTitles = titleAbove ? [...titleLines, ''] : titleLines;
  for (const [i, title] of shownTitles.entries()) {
    const last = i === shownTitles.length - 1;
    const titles = `${head(padStartVisible(title, w.value), countTitle.padStart(w.count), 'SHARE'.padStart(w.share))}${'GRADE'.padEnd(w.grade)}`;
    lines.push(c.dim(!last ? `  ${padStartVisible(title, w.value)}` : under ? titles.trimEnd() : `${titles}${sep}DESCRIPTION`));
  }
  // Where a row's grade ends, and what is left for the bar (and, beside it, the description).
  const rowEnd = 2 + w.value + gap + w.count + gap + w.share + gap + (under ? widestGrade : w.grade) + gap;
  const described = under ? 0 : Math.min(w.description, width - rowEnd);
  const barWidth = Math.min(BAR_WIDTH, width - rowEnd - (under ? 0 : described + gap));
  // A description under its row starts where the counts do, or further left where that leaves too little.
  const indent = width - (2 + w.value + gap) >= Math.min(longestWord, w.description) ? 2 + w.value + gap : 4;
  for (const r of rows) {
    const wrapped = wrapShownValue(r.raw, r.value, w.value);
    // A value of thousands of characters (an event log) shows its start, and how long it is.
    const values =
      wrapped.length > MAX_VALUE_LINES
        ? [
            ...wrapped.slice(0, MAX_VALUE_LINES - 1),
            ...wrapText(`… ${formatCount(valueLength(r.raw))} characters in all (--json has the whole value)`, w.value),
          ]
        : wrapped;
    const shown = barWidth >= 4 ? paintGrade(c, r.grade, bar(r.share01, barWidth)) : '';
    const start = head(padStartVisible(values[0] ?? '', w.value), r.count.padStart(w.count), r.share.padStart(w.share));
    const grade = paintGrade(c, r.grade, r.gradeText.padEnd(under ? widestGrade : w.grade));
    const valueLine = (i: number): string => `  ${padStartVisible(values[i] ?? '', w.value)}`;
    if (under) {
      lines.push(`${start}${grade}${sep}${shown}`.trimEnd());
      for (let i = 1; i < values.length; i++) lines.push(valueLine(i).trimEnd());
      for (const line of wrapText(r.description, width - indent)) lines.push(`${' '.repeat(indent)}${line}`);
      continue;
    }
    const [first = '', ...rest] = wrapText(r.description, described);
    lines.push(`${start}${grade}${sep}${padVisible(first, described)}${sep}${shown}`.trimEnd());
    for (let i = 0; i < Math.max(values.length - 1, rest.length); i++) {
      lines.push(`${valueLine(i + 1)}${' '.repeat(rowEnd - 2 - w.value)}${rest[i] ?? ''}`.trimEnd());
    }
  }
  return lines;
}

/** A bar proportional to the share, in eighths of a character; anything seen gets a sliver. */
export function bar(share: number, width = BAR_WIDTH): string {
  if (share <= 0) return '';
  const eighths = Math.max(1, Math.round(share * width * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + PARTIAL_BLOCKS[eighths % 8];
}
