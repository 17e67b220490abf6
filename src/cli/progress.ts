import type { Progress } from '../core/run-scenario.js';
import { formatCount } from './render.js';

export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
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
    let text: string;
    if (p.timed !== undefined) {
      // A timed run: its clock, not a trial total it never planned.
      const { elapsedMs, durationMs, variantsAfter } = p.timed;
      const left = Math.max(0, durationMs - elapsedMs) + variantsAfter * durationMs;
      text =
        `${this.label} › ${p.variant} ${formatCount(p.done)} trials · ${formatClock(elapsedMs)} of ` +
        `${formatClock(durationMs)} · ${formatRate(rate)} trials/s · ${formatClock(left)} left`;
    } else {
      const eta = rate > 0 && p.totalAll !== undefined ? (p.totalAll - p.doneAll) / rate : Infinity;
      text =
        `${this.label} › ${p.variant} ${formatCount(p.done)}/${formatCount(p.total ?? 0)}` +
        ` · ${formatRate(rate)} trials/s · ETA ${formatDuration(eta)}`;
    }
    this.stream.write(`\r\x1b[K${text}`);
    this.visible = true;
  }

  clear(): void {
    if (!this.visible) return;
    this.stream.write('\r\x1b[K');
    this.visible = false;
  }
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
