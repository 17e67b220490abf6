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
  /** Aborted on Ctrl-C: a run then stops after the trials in flight. */
  signal?: AbortSignal;
}
