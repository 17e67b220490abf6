/**
 * Pearson's chi-square goodness-of-fit test, for checking the random schedule's histogram
 * against the reference's exact probabilities. The p-value is the regularised upper incomplete
 * gamma function Q(df/2, x/2), computed by its series or continued fraction (Numerical Recipes
 * §6.2), with ln Γ by Lanczos; reference-self checks it against tabulated quantiles.
 */

export interface ChiSquare {
  statistic: number;
  df: number;
  pValue: number;
  /** Observed keys the model gives probability 0: any one is a failure by itself. */
  impossible: string[];
}

/**
 * @param observed counts per outcome key
 * @param probabilities the model's probability per key (summing to 1)
 * Bins whose expected count is below 5 are pooled, as the test's approximation needs.
 */
export function chiSquare(observed: Map<string, number>, probabilities: Map<string, number>): ChiSquare {
  const n = [...observed.values()].reduce((a, b) => a + b, 0);
  const impossible = [...observed.keys()].filter((key) => !(probabilities.get(key)! > 0));
  const bins: Array<{ observed: number; expected: number }> = [];
  let pooled = { observed: 0, expected: 0 };
  for (const [key, p] of probabilities) {
    const bin = { observed: observed.get(key) ?? 0, expected: n * p };
    if (bin.expected < 5) {
      pooled = { observed: pooled.observed + bin.observed, expected: pooled.expected + bin.expected };
    } else bins.push(bin);
  }
  if (pooled.expected > 0) bins.push(pooled);
  const statistic = bins.reduce((x, b) => x + (b.observed - b.expected) ** 2 / b.expected, 0);
  const df = Math.max(1, bins.length - 1);
  return { statistic, df, pValue: upperGammaQ(df / 2, statistic / 2), impossible };
}

/** Q(a, x) = Γ(a, x) / Γ(a). */
export function upperGammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x < a + 1) return 1 - lowerSeries(a, x);
  return upperFraction(a, x);
}

function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < 1000; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - lnGamma(a));
}

function upperFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h;
}

const LANCZOS = [76.18009172947146, -86.50532032941678, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5];

function lnGamma(x: number): number {
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let ser = 1.000000000190015;
  for (const c of LANCZOS) ser += c / ++y;
  return -tmp + Math.log((2.5066282746310007 * ser) / x);
}
