import { MAX_TASKS } from './limits.js';

/** The names tasks go by in every output: `task_A`, `task_B`… */

const LABELS = Array.from({ length: MAX_TASKS }, (_, id) => `task_${taskLetters(id)}`);

/** `task_A`, `task_B`, ... `task_Z`, `task_AA`, ... */
export function taskLabel(id: number): string {
  return LABELS[id] ?? `task_${taskLetters(id)}`;
}

/** The letters of a task label: `A` for 0, `Z` for 25, `AA` for 26 (spreadsheet columns). */
export function taskLetters(id: number): string {
  let n = id + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
