import type { ReportSection } from './report-data.js';
import { esc } from './escape.js';
import { formatCount, formatPercent } from '../numbers.js';

const ROW = 26;
const LABEL = 120;
const BAR = 300;
const WIDTH = 900;

/** The variant's histogram as inline SVG: one bar per outcome, its length the share, coloured by grade. */
export function histogramSvg(section: ReportSection): string {
  const total = section.outcomes.reduce((n, o) => n + o.count, 0);
  const height = ROW * section.outcomes.length + 8;
  const bars = section.outcomes.map((o, i) => {
    const y = 4 + i * ROW;
    const share = total > 0 ? o.count / total : 0;
    const length = o.count > 0 ? Math.max(2, Math.round(share * BAR)) : 0;
    const percent = formatPercent(share);
    // "1 trial", "2 interleavings": the unit is plural.
    const counted = `${formatCount(o.count)} ${o.count === 1 ? section.unit.replace(/s$/, '') : section.unit}`;
    return (
      `<g class="bar grade-${o.grade}" data-value="${esc(o.value)}" data-count="${o.count}">` +
      `<title>${esc(`${o.value}: ${counted} (${percent}), ${o.gradeText}: ${o.description}`)}</title>` +
      `<text x="${LABEL - 8}" y="${y + 17}" text-anchor="end" class="value">${esc(o.label)}</text>` +
      `<rect x="${LABEL}" y="${y + 4}" width="${BAR}" height="${ROW - 8}" class="track"/>` +
      `<rect x="${LABEL}" y="${y + 4}" width="${length}" height="${ROW - 8}" class="fill"/>` +
      `<text x="${LABEL + BAR + 8}" y="${y + 17}" class="count">${formatCount(o.count)} · ${percent} · ${esc(o.gradeText)} · ${esc(clip(o.description, 44))}</text>` +
      `</g>`
    );
  });
  return (
    `<svg class="histogram" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" ` +
    `aria-label="${esc(`histogram of ${section.heading}`)}">${bars.join('')}</svg>`
  );
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
