import type { Sfc32 } from '../prng.js';
import type { Picker } from './strategy.js';

/** `random`: uniform among the ready tasks, from a seeded stream. */
export class RandomPicker implements Picker {
  constructor(public rng: Sfc32) {}

  pick(_ready: readonly number[], count: number): number {
    return count === 1 ? 0 : this.rng.below(count);
  }
}
