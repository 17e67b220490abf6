import type { OutStream } from './io.js';

/**
 * stdout that can be held back. A run's tables are written as each variant finishes; when
 * whether the run is a usage mistake is known only at its end (`--trace-trial K` past every
 * search's last interleaving), they are held, then written, or dropped so that the mistake
 * leaves stdout empty (DESIGN: errors are one line on stderr, nothing on stdout).
 */
export class HeldOutput implements OutStream {
  private held: string[] | undefined;

  constructor(private readonly out: OutStream) {}

  get isTTY(): boolean | undefined {
    return this.out.isTTY;
  }

  get columns(): number | undefined {
    return this.out.columns;
  }

  /** From now on, keep what is written until {@link release} or {@link discard}. */
  hold(): void {
    this.held ??= [];
  }

  write(chunk: string): unknown {
    if (this.held === undefined) return this.out.write(chunk);
    this.held.push(chunk);
    return true;
  }

  /** Writes what was held, and stops holding. */
  release(): void {
    const held = this.held;
    this.held = undefined;
    if (held !== undefined && held.length > 0) this.out.write(held.join(''));
  }

  /** Drops what was held, and stops holding. */
  discard(): void {
    this.held = undefined;
  }
}
