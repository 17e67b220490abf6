import type { Progress } from '../core/run-scenario.js';
import { formatCount } from './numbers.js';
import { screenWidth } from './text-width.js';

export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  /** The terminal's width, read at every redraw (a resized terminal is followed). */
  columns?: number;
}

/** What one progress line says, part by part, from the most to the least needed. */
export interface ProgressParts {
  scenario: string;
  variant: string;
  /** `1,048,575/3,000,000`, or a timed run's `5,000 trials`. */
  count: string;
  /** A timed run's clock: `2.0s of 5.0s`. */
  clock?: string;
  /** `631k trials/s`. */
  rate: string;
  /** `ETA 8s`, or a timed run's `8.0s left`. */
  remaining: string;
}

/** Only runs longer than this show a progress line: a quick run should not flicker. */
const SHOW_AFTER_MS = 1000;
const REDRAW_MS = 100;

/**
 * A one-line progress display on stderr (done/total, trials/s, ETA), drawn only on a terminal
 * and only once a run has lasted a second; `clear()` erases it before results are printed.
 */
export class ProgressLine {
  private readonly started: number;
  private lastDraw = 0;
  private visible = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly label: string,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.started = clock();
  }

  update(p: Progress): void {
    if (this.stream.isTTY !== true) return;
    const now = this.clock();
    const elapsed = now - this.started;
    if (elapsed < SHOW_AFTER_MS || now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const rate = p.doneAll / (elapsed / 1000);
    const names = { scenario: this.label, variant: p.variant, rate: `${formatRate(rate)} trials/s` };
    let parts: ProgressParts;
    if (p.timed !== undefined) {
      // A timed run: its clock, not a trial total it never planned.
      const { elapsedMs, durationMs, variantsAfter } = p.timed;
      const left = Math.max(0, durationMs - elapsedMs) + variantsAfter * durationMs;
      parts = {
        ...names,
        count: `${formatCount(p.done)} trials`,
        clock: `${formatClock(elapsedMs)} of ${formatClock(durationMs)}`,
        remaining: `${formatClock(left)} left`,
      };
    } else {
      const eta = rate > 0 && p.totalAll !== undefined ? (p.totalAll - p.doneAll) / rate : Infinity;
      parts = { ...names, count: `${formatCount(p.done)}/${formatCount(p.total ?? 0)}`, remaining: `ETA ${formatDuration(eta)}` };
    }
    this.stream.write(`\r\x1b[K${progressText(parts, screenWidth(this.stream.columns) - 1)}`);
    this.visible = true;
  }

  clear(): void {
    if (!this.visible) return;
    this.stream.write('\r\x1b[K');
    this.visible = false;
  }
}

/**
 * The progress line in at most `room` columns. `\r\x1b[K` erases only the row the cursor is on:
 * a line that wraps leaves its first rows on screen at every redraw, so it must never reach
 * the terminal's last column (room is the width less one). As room shrinks, the time left goes
 * first, then the rate, then the names are shortened (the scenario's first); the count stays.
 */
export function progressText(parts: ProgressParts, room: number): string {
  const { scenario, variant, count, clock, rate, remaining } = parts;
  const measures = [count, ...(clock !== undefined ? [clock] : [])];
  const line = (shown: readonly string[], s = scenario, v = variant) => `${s} › ${v} ${shown.join(' · ')}`;
  for (const shown of [[...measures, rate, remaining], [...measures, rate], measures]) {
    if (width(line(shown)) <= room) return line(shown);
  }
  // The names, shortened to what is left beside the measures: the scenario first, down to 8
  // columns, while the variant stays whole; then the variant, down to 4; then both, half each.
  const left = room - width(line(measures, '', ''));
  const keep = Math.min(width(scenario), 8);
  const sRoom =
    left - width(variant) >= keep
      ? left - width(variant)
      : left - keep >= Math.min(width(variant), 4)
        ? keep
        : Math.max(1, Math.floor(left / 2));
  const s = shorten(scenario, sRoom);
  const v = shorten(variant, Math.max(1, left - width(s)));
  return shorten(line(measures, s, v), room);
}

function width(text: string): number {
  return [...text].length;
}

/** `text` in at most `room` columns, cut with an ellipsis. */
function shorten(text: string, room: number): string {
  const chars = [...text];
  if (chars.length <= room) return text;
  return room <= 0 ? '' : `${chars.slice(0, room - 1).join('')}…`;
}

function formatRate(rate: number): string {
  if (rate >= 1e6) return `${(rate / 1e6).toFixed(1)}M`;
  if (rate >= 1e4) return `${Math.round(rate / 1e3)}k`;
  return formatCount(Math.round(rate));
}

/** A timed run's clock: tenths of a second below ten seconds, where whole seconds would round to nonsense. */
function formatClock(ms: number): string {
  return ms < 10_000 ? `${(Math.floor(ms / 100) / 10).toFixed(1)}s` : formatDuration(Math.floor(ms / 1000));
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
