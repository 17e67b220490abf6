import { spawn, type ChildProcess } from 'node:child_process';
import { fstatSync } from 'node:fs';

/**
 * Notices when nobody reads stdout any more (`lockdemo counter --trials 1e7 | head -1`), so the
 * work stops at once rather than at the next write, which may be many seconds away.
 *
 * A closed pipe shows only to a writer, as EPIPE, and Node.js offers no way to poll a write-only
 * pipe without writing to it. A tiny perl process that shares our stdout polls it instead: the
 * kernel reports POLLERR on a pipe's write end once its last reader is gone. The helper exits
 * then (and also when lockdemo itself goes away, so it never holds the pipe open on its own);
 * where perl is missing, nothing changes and the next write ends the run as before.
 */
const WATCHER = [
  'use IO::Poll qw(POLLERR POLLHUP);',
  'my $parent = getppid(); my $poll = IO::Poll->new; $poll->mask(\\*STDOUT => POLLERR);',
  'while (getppid() == $parent) { $poll->poll(0.2); exit 0 if $poll->events(\\*STDOUT) & (POLLERR | POLLHUP); }',
  'exit 1;',
].join(' ');

export interface ReaderWatch {
  /** Stop watching; the helper exits. */
  stop(): void;
}

/**
 * Calls `onGone` once stdout's reader has gone. Only for a pipe on a POSIX system; a terminal
 * or a file always has a reader. main() starts it only once a run has lasted a moment.
 */
export function watchReader(onGone: () => void): ReaderWatch {
  let isPipe: boolean;
  try {
    isPipe = process.platform !== 'win32' && fstatSync(1).isFIFO();
  } catch {
    isPipe = false;
  }
  if (!isPipe) return { stop: () => {} };
  let stopped = false;
  const child: ChildProcess = spawn('perl', ['-e', WATCHER], { stdio: ['ignore', 'inherit', 'ignore'] });
  child.on('error', () => {}); // no perl: keep the old behaviour
  child.on('exit', (code) => {
    if (code === 0 && !stopped) onGone();
  });
  child.unref();
  const kill = (): void => {
    stopped = true;
    child.kill();
  };
  process.once('exit', kill);
  return {
    stop: () => {
      process.off('exit', kill);
      kill();
    },
  };
}
