import type { Sfc32 } from '../prng.js';
import type { Picker } from './strategy.js';

/** `random`: uniform among the ready tasks, from a seeded stream. */
export class RandomPicker implements Picker {
  /** A task had strands ready at once, whose other orders no pick here can choose (see Picker.strandsTogether). */
  strandOrdersUnexplored = false;

  constructor(public rng: Sfc32) {}

  strandsTogether(): void {
    this.strandOrdersUnexplored = true;
  }

  pick(_ready: readonly number[], count: number): number {
    return count === 1 ? 0 : this.rng.below(count);
  }
}
