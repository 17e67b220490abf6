import { readdirSync, readFileSync } from 'node:fs';

/**
 * Ends this process's descendants, wherever a thread of it started them: all of them, since a
 * shell's child keeps the pipe an execSync reads open after the shell has gone. Linux lists
 * each thread's children in /proc; where that list is not to be had, nothing is done. SIGTERM
 * leaves a child that handles it (processes' children clean up once lockdemo has gone) to end by
 * itself.
 */
export function killChildProcesses(signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const pid of descendants()) {
    try {
      process.kill(pid, signal);
    } catch {
      // Gone already.
    }
  }
}

/**
 * Every process of this machine whose environment holds `entry`, or `entry` followed by a path below
 * it (`TMPDIR=/tmp/lockdemo-run-x`: what a run's scenario code started, see run-temp.ts), wherever
 * it now belongs: one that a shell started and left (the shell gone, it is no descendant any
 * more), or that detached itself. It reads the whole of /proc.
 */
export function processesWithEnv(entry: string): number[] {
  let all: string[];
  try {
    all = readdirSync('/proc');
  } catch {
    return [];
  }
  return all
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .map(Number)
    .filter((pid) => hasEnv(pid, entry));
}

function hasEnv(pid: number, entry: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1')
      .split('\0')
      .some((e) => e === entry || e.startsWith(`${entry}/`));
  } catch {
    return false;
  }
}

/** Every descendant of this process, found through the children of each of its threads, at once. */
function descendants(): number[] {
  const found: number[] = [];
  const visit = (pid: number | 'self'): void => {
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      return;
    }
    for (const task of tasks) {
      let children = '';
      try {
        children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8');
      } catch {
        // Gone, or no such list.
      }
      for (const word of children.split(' ')) {
        const child = Number(word);
        if (word.trim() === '' || !Number.isSafeInteger(child) || found.includes(child)) continue;
        found.push(child);
        visit(child);
      }
    }
  };
  visit('self');
  return found;
}
