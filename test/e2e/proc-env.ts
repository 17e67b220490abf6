import { existsSync, readdirSync, readFileSync } from 'node:fs';

/**
 * Pids of the processes whose environment holds `entry`, or `entry` followed by a path below it
 * (`TMPDIR=/tmp/x` finds TMPDIR=/tmp/x/lockdemo-run-…, the run's own, see run-temp.ts) (Linux
 * /proc; none elsewhere).
 */
export function processesWithEnv(entry: string): string[] {
  if (!existsSync('/proc')) return [];
  return readdirSync('/proc').filter((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      return readFileSync(`/proc/${pid}/environ`, 'latin1')
        .split('\0')
        .some((e) => e === entry || e.startsWith(`${entry}/`));
    } catch {
      return false;
    }
  });
}
