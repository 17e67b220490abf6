/** Where the CLI writes and what it knows of its surroundings; tests pass their own. */
export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  env: NodeJS.ProcessEnv;
  /**
   * Aborted on Ctrl-C (or SIGTERM): a run then stops after the trials in flight. Aborted with
   * the reason {@link READER_GONE} when nobody reads stdout any more (`| head -1`).
   */
  signal?: AbortSignal;
}

/** The abort reason of a run whose stdout lost its reader: not a Ctrl-C, and nothing to say. */
export const READER_GONE = 'nobody reads stdout';
