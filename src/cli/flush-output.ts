/**
 * Waits until what was written to a stream has left the process, or failed to (a closed pipe, a
 * full disk). On Linux a write to a pipe whose buffer is full is queued and finished later, so
 * process.exit right after the last write would cut the output at the pipe's size (64 KB) and
 * still exit 0. An empty write's callback runs once every earlier write has finished, with the
 * error of a write that failed; a stream already destroyed answers at once. A reader that went
 * away fails the pending write (EPIPE), so this never waits for a reader that is gone.
 */
export function flushed(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    try {
      stream.write('', () => resolve());
    } catch {
      resolve();
    }
  });
}
