/**
 * PCT as published (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS 2010), over the ready
 * sets of one run, written from the paper and sharing no code with src/core/schedules/pct.ts:
 * priorities d..d+n−1 in a random order, d−1 change points k_1..k_{d−1} drawn from [1, k]; the
 * enabled task of highest priority runs the next step, and after it runs the k_j-th step its
 * priority becomes j. lockdemo drops the task that ran before it picks step s, so its point s
 * is the paper's s−1, and its point 1 (nothing ran yet) the paper's point k (no step follows):
 * for k at least the run's length the two count the same trials.
 */

/** One step of a run: the tasks enabled before it, and the one that ran it. */
export interface Offer {
  ready: readonly number[];
  pick: number;
}

/** Every order of 0..n−1. */
function orders(n: number): number[][] {
  if (n === 0) return [[]];
  return orders(n - 1).flatMap((o) => Array.from({ length: n }, (_, at) => [...o.slice(0, at), n - 1, ...o.slice(at)]));
}

/** Every tuple of `length` values in 1..k. */
function tuples(length: number, k: number): number[][] {
  if (length === 0) return [[]];
  return tuples(length - 1, k).flatMap((t) => Array.from({ length: k }, (_, v) => [...t, v + 1]));
}

/** How many of the paper's n!·k^(d−1) equally likely trials run exactly the picks of `offers`. */
export function paperCount(offers: readonly Offer[], n: number, d: number, k: number): number {
  let count = 0;
  for (const order of orders(n)) {
    for (const points of tuples(d - 1, k)) {
      const priority = order.map((rank) => d + rank);
      const same = offers.every(({ ready, pick }, i) => {
        const runs = ready.reduce((best, t) => ((priority[t] ?? 0) > (priority[best] ?? 0) ? t : best));
        points.forEach((at, j) => {
          if (at === i + 1) priority[runs] = j + 1;
        });
        return runs === pick;
      });
      if (same) count++;
    }
  }
  return count;
}

/** The probability that one of the paper's trials at depth d runs exactly `offers`. */
export function paperOdds(offers: readonly Offer[], n: number, d: number, k: number): number {
  let all = 1;
  for (let i = 2; i <= n; i++) all *= i;
  return paperCount(offers, n, d, k) / (all * k ** (d - 1));
}
