/**
 * How the runner's own outcomes name the run's options: by the library's option names
 * (`maxSteps`, `timeoutMs`) where a caller of the library reads them, by the command line's
 * flags (`--max-steps`, `--timeout`) in the CLI's worker, which says so once as it starts. A
 * setting of the thread, not of the run: the CLI's worker runs nothing but the CLI's runs.
 */
let flags = false;

/** Called once by the CLI's worker: its outcomes name the flags a user typed. */
export function nameOptionsAsFlags(): void {
  flags = true;
}

const FLAGS = { maxSteps: '--max-steps', timeoutMs: '--timeout' } as const;

/** The option's name as the reader of this thread's reports knows it. */
export function optionWord(option: keyof typeof FLAGS): string {
  return flags ? FLAGS[option] : option;
}
