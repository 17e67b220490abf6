import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Pids of the processes whose environment holds `entry` (Linux /proc; none elsewhere). */
export function processesWithEnv(entry: string): string[] {
  if (!existsSync('/proc')) return [];
  return readdirSync('/proc').filter((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(entry);
    } catch {
      return false;
    }
  });
}
