/** Counts and shares as every table and line of lockdemo writes them. */

/**
 * 1234567 → "1,234,567". Done by hand: the first toLocaleString() of a process initialises ICU,
 * which alone cost a third of lockdemo's start-up.
 */
export function formatCount(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  let grouped = '';
  for (let i = digits.length; i > 0; i -= 3) grouped = digits.slice(Math.max(0, i - 3), i) + (grouped ? `,${grouped}` : '');
  return (n < 0 ? '-' : '') + grouped;
}

/** One decimal, but never rounds a nonzero share to "0.0%" or a share below 1 to "100.0%". */
export function formatPercent(p: number, withSign = true): string {
  const sign = withSign ? '%' : '';
  if (p === 0 || p === 1) return `${(p * 100).toFixed(1)}${sign}`;
  const percent = p * 100;
  const fixed = percent.toFixed(1);
  // Decided on the rounded text, not on the share: 1,999 of 2,000 is 99.95%, which toFixed rounds up.
  if (fixed === '0.0') return `${Number(percent.toPrecision(2))}${sign}`;
  if (fixed === '100.0') return `${(100 - Number((100 - percent).toPrecision(2))).toString()}${sign}`;
  return `${fixed}${sign}`;
}
