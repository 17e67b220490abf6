/**
 * A small, fast, seeded PRNG (sfc32 by Chris Doty-Humphrey, from PractRand) and the seed
 * derivation that makes every stream reproducible from (run seed, variant, chunk).
 */

export interface Random {
  /** A uniform float in [0, 1). */
  next(): number;
  /** A uniform integer in [0, n). */
  below(n: number): number;
}

export class Sfc32 implements Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(a: number, b: number, c: number, d = 1) {
    this.a = this.b = this.c = this.d = 0;
    this.reseed(a, b, c, d);
  }

  /** Starts the stream over from this state, as a new generator would (no allocation). */
  reseed(a: number, b: number, c: number, d: number): void {
    this.a = a >>> 0;
    this.b = b >>> 0;
    this.c = c >>> 0;
    this.d = d >>> 0;
    // Discard the first outputs: they are poorly mixed for similar seeds.
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.u32() / 4294967296;
  }

  below(n: number): number {
    // Multiply-shift: the bias is below n / 2^32, under 1.5e-8 for the 64 tasks allowed.
    return Math.floor((this.u32() / 4294967296) * n);
  }
}

/** A 32-bit avalanche mix (murmur3's finaliser). */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hashString(s: string, h = 0x811c9dc5): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix32(h);
}

/**
 * The PRNG for one chunk of trials of one variant. Seeding per (seed, variant, chunk) means
 * `--variant locked` reproduces the locked half of a full run, and chunks can run anywhere.
 */
export function streamFor(seed: number, variant: string, chunk: number): Sfc32 {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  const v = hashString(variant);
  return new Sfc32(mix32(lo ^ 0x9e3779b9), mix32(hi + v), mix32(v ^ Math.imul(chunk + 1, 0x27d4eb2f)), mix32(chunk ^ lo));
}

/**
 * A fresh seed for a run that was not given one: 0 to 2^32 − 1, short enough to retype. Drawn
 * from crypto, never from Math.random, which is seeded while scenario code runs (trial-random.ts).
 */
export function freshSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
}
