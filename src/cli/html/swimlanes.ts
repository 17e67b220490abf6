import { taskLabel } from '../../core/scenario.js';
import type { TraceEvent } from '../../core/trace-event.js';
import { cellText, cellWords } from '../render-trace.js';
import { wrapWords } from '../text-width.js';
import { esc } from './escape.js';

/**
 * A trace as swimlanes (inline SVG): one lane per task, one row per event, rows grouped by
 * scheduling step. Drawn behind the events: each read→write window, lock hold spans and waits,
 * as one segment per row so the player can reveal them row by row. In front: an arrow from every
 * write that destroyed an update to the write it destroyed. Every element carries `data-step`,
 * the step at which the player shows it.
 */

const STEP_COLUMN = 56;
const LANE = 240;
const PAD = 6;
const LINE = 15;
/** Advance of one character at 12px in the monospace fonts browsers ship (7.2px), rounded up. */
const CHAR = 7.4;
const HEADER = 28;
/** Characters that fit on a line of a lane, leaving room for the lock bar. */
const COLUMNS = Math.floor((LANE - 4 * PAD - 14) / CHAR);

interface Row {
  event: TraceEvent;
  index: number;
  top: number;
  height: number;
  lines: string[];
}

export function swimlanesSvg(events: readonly TraceEvent[], tasks: number, id: string): string {
  const rows: Row[] = [];
  const rowOf = new Map<number, Row>();
  let y = HEADER;
  events.forEach((event, index) => {
    if (event.task < 0) return;
    const lines = wrapWords(cellWords(event), COLUMNS);
    const row = { event, index, top: y, height: PAD + lines.length * LINE + 2, lines };
    rows.push(row);
    rowOf.set(index, row);
    y += row.height;
  });
  const height = y + 8;
  const width = STEP_COLUMN + tasks * LANE + 8;
  const laneX = (task: number) => STEP_COLUMN + task * LANE;
  const back: string[] = [];
  const front: string[] = [];
  const segment = (cls: string, task: number, x: number, w: number, from: number, to: number, extra = '') => {
    for (const row of rows.slice(from, to + 1)) {
      back.push(
        `<rect class="${cls}" data-step="${row.event.step}" data-task="${task}" x="${x}" y="${row.top}" width="${w}" height="${row.height}"${extra}/>`,
      );
    }
  };
  const position = (index: number) => rows.findIndex((r) => r.index === index);

  // Steps: a band per step, its number once.
  let previous = -1;
  let band = 0;
  for (const row of rows) {
    if (row.event.step !== previous) {
      band++;
      const last = rows.filter((r) => r.event.step === row.event.step).at(-1) ?? row;
      back.push(
        `<rect class="step-band${band % 2 ? ' odd' : ''}" data-step="${row.event.step}" x="0" y="${row.top}" width="${width}" height="${last.top + last.height - row.top}"/>` +
          `<text class="step-number" data-step="${row.event.step}" x="${STEP_COLUMN - 12}" y="${row.top + PAD + 10}" text-anchor="end">${row.event.step}</text>`,
      );
      previous = row.event.step;
    }
  }

  rows.forEach((row, r) => {
    const e = row.event;
    // The window between a read and the write that used it: the race lives in this gap.
    if (e.kind === 'write' && e.basedOn !== undefined) {
      const from = position(e.basedOn);
      if (from >= 0 && from < r) segment(`window${events[e.basedOn]?.stale ? ' stale' : ''}`, e.task, laneX(e.task) + 2, LANE - 4, from, r);
    }
    if ((e.kind === 'acquire' || (e.kind === 'resume' && e.lock !== undefined)) && e.lock !== undefined) {
      const end = rows.findIndex((o, k) => k > r && o.event.task === e.task && o.event.kind === 'release' && o.event.lock === e.lock);
      segment('hold', e.task, laneX(e.task) + LANE - 10, 6, r, end < 0 ? rows.length - 1 : end, ` data-lock="${esc(e.lock)}"`);
    }
    if (e.kind === 'wait') {
      const end = rows.findIndex((o, k) => k > r && o.event.task === e.task && o.event.kind === 'resume');
      segment(
        'wait',
        e.task,
        laneX(e.task) + LANE - 20,
        6,
        r,
        end < 0 ? rows.length - 1 : end - 1,
        e.lock ? ` data-lock="${esc(e.lock)}"` : '',
      );
    }
  });

  for (const row of rows) front.push(eventBox(row, laneX(row.event.task)));

  for (const row of rows) {
    const e = row.event;
    if (!e.lost || e.replaced === undefined) continue;
    const target = rowOf.get(e.replaced);
    if (target === undefined) continue;
    front.push(lostArrow(row, target, laneX, id));
  }

  const lanes = Array.from(
    { length: tasks },
    (_, t) =>
      `<line class="lane" x1="${laneX(t)}" y1="0" x2="${laneX(t)}" y2="${height}"/>` +
      `<text class="lane-label" x="${laneX(t) + PAD}" y="18">${taskLabel(t)}</text>`,
  );
  return (
    `<svg class="swimlanes" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="trace as swimlanes">` +
    `<defs><marker id="${id}-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">` +
    `<path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>` +
    `<text class="lane-label" x="8" y="18">STEP</text>${lanes.join('')}${back.join('')}${front.join('')}</svg>`
  );
}

function eventBox(row: Row, x: number): string {
  const e = row.event;
  const classes = ['ev', `kind-${e.kind}`, ...(e.lost ? ['lost'] : []), ...(e.stale ? ['stale'] : [])];
  const text = row.lines.map((line, k) => `<tspan x="${x + 2 * PAD}" y="${row.top + PAD + 10 + k * LINE}">${esc(line)}</tspan>`).join('');
  return (
    `<g class="${classes.join(' ')}" data-step="${e.step}" data-task="${e.task}" data-event="${row.index}">` +
    `<title>${esc(cellText(e))}</title>` +
    `<rect x="${x + PAD}" y="${row.top + 2}" width="${LANE - 3 * PAD - 10}" height="${row.height - 4}" rx="3"/>` +
    `<text>${text}</text></g>`
  );
}

/** From the overwriting write to the write it destroyed, leaving and entering at the facing edges. */
function lostArrow(from: Row, to: Row, laneX: (task: number) => number, id: string): string {
  const boxWidth = LANE - 3 * PAD - 10;
  const fromTask = from.event.task;
  const toTask = to.event.task;
  const leftward = toTask < fromTask;
  const x1 = laneX(fromTask) + PAD + (leftward ? 0 : boxWidth);
  const x2 = laneX(toTask) + PAD + (leftward ? boxWidth : 0);
  const y1 = from.top + from.height / 2;
  const y2 = to.top + to.height / 2;
  const bend = Math.max(30, Math.abs(x2 - x1) / 3) * (leftward ? -1 : 1);
  return (
    `<g class="lost-arrow" data-step="${from.event.step}" data-from-event="${from.index}" data-to-event="${to.index}" ` +
    `data-from-task="${fromTask}" data-to-task="${toTask}">` +
    `<path d="M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}" marker-end="url(#${id}-arrowhead)"/>` +
    `<text x="${x1 + (leftward ? -14 : 4)}" y="${y1 - 4}">✗</text></g>`
  );
}

/**
 * A deadlock's wait cycle as a cycle: each task a node on a circle, an arrow from each waiting
 * task to the task that holds the lock it waits for. Parsed from the engine's words
 * ("task_A holds lock1 and waits for lock2; task_B holds lock2 and waits for lock1").
 */
export function waitCycleSvg(waitCycle: string, step: number, id: string): string {
  const links = [...waitCycle.matchAll(/(task_[A-Z]+) holds (.+?) and waits for (.+?)(?:;|$)/g)].map(
    ([, task = '', holds = '', waits = '']) => ({
      task,
      holds,
      waits: waits.trim(),
    }),
  );
  if (links.length === 0) return '';
  const size = 340;
  const radius = links.length === 1 ? 0 : 110;
  const centre = size / 2;
  const at = (k: number) => {
    const angle = Math.PI + (2 * Math.PI * k) / links.length;
    return { x: centre + radius * Math.cos(angle), y: centre + radius * Math.sin(angle) };
  };
  const parts: string[] = [];
  links.forEach((link, k) => {
    const holder = links.findIndex((o) => o.holds.split(/, | and /).includes(link.waits));
    const holderLink = links[holder];
    if (holderLink === undefined) return;
    const a = at(k);
    const b = at(holder);
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const length = Math.hypot(dx, dy) || 1;
    const [ux, uy] = [dx / length, dy / length];
    const [sx, sy, ex, ey] = [a.x + ux * 44, a.y + uy * 44, b.x - ux * 44, b.y - uy * 44];
    // Bow each arrow to its left, so the two arrows between a pair of tasks do not overlap.
    const [mx, my] = [(sx + ex) / 2 + uy * 40, (sy + ey) / 2 - ux * 40];
    parts.push(
      `<g class="cycle-arrow" data-from="${link.task}" data-to="${holderLink.task}"><path d="M${sx},${sy} Q${mx},${my} ${ex},${ey}" marker-end="url(#${id}-cyclehead)"/>` +
        `<text x="${mx + uy * 12}" y="${my - ux * 12 + 4}" text-anchor="middle">waits for ${esc(link.waits)}</text></g>`,
    );
  });
  links.forEach((link, k) => {
    const { x, y } = at(k);
    parts.push(
      `<g class="cycle-node"><circle cx="${x}" cy="${y}" r="42"/><text x="${x}" y="${y - 2}" text-anchor="middle">${link.task}</text>` +
        `<text class="holds" x="${x}" y="${y + 13}" text-anchor="middle">holds ${esc(link.holds)}</text></g>`,
    );
  });
  return (
    `<svg class="wait-cycle" data-step="${step}" viewBox="0 0 ${size} ${size}" width="${size}" height="${size}" role="img" aria-label="the wait cycle">` +
    `<defs><marker id="${id}-cyclehead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">` +
    `<path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>${parts.join('')}</svg>`
  );
}
