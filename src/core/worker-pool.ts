import { Worker } from 'node:worker_threads';
import type { PctInfo } from './run-scenario.js';
import type { ChunkResult, Tally } from './tally.js';
import { CHUNK_TRIALS } from './trial-loop.js';
import { ScenarioError } from './scenario.js';
import { RunOptionError } from './resolve-run.js';
import { WORKER_YOUNG_GENERATION_MB } from './limits.js';

/** What every worker is told once: the scenario to import and the run's fixed choices. */
export interface PoolInit {
  moduleUrl: string;
  /** The scenario the caller passed, which the module must default-export: its name and variants. */
  scenario: { name: string; variants: readonly string[] };
  tasks: number;
  seed: number;
  schedule: 'random' | 'pct';
  /** The scenario's own options, resolved. */
  options: Readonly<Record<string, string | undefined>>;
  captureTrial?: number;
  /** The step bound of each trial (--max-steps). */
  maxSteps?: number;
}

/** One request: trials [first, first + count) of a variant; always a whole seeding chunk. */
export interface ChunkRequest {
  variant: string;
  first: number;
  count: number;
  pct?: PctInfo;
}

/** A failed chunk: `option` when the run's options were at fault (a moduleUrl of another module). */
type Reply = { ok: ChunkResult; strands?: true } | { error: string; option?: true };

/**
 * Spreads a variant's trials over worker threads, one seeding chunk at a time, in order.
 * Every chunk is seeded from (seed, variant, chunk index) wherever it runs, so the merged
 * histogram is the same for any number of workers. When told to stop, the pool hands out no
 * further chunk and waits for those in flight: the trials run are always trials 1..n.
 */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  /** The variant last run had a task with strands ready at once in some chunk (see VariantReport.strandOrdersUnexplored). */
  strandOrdersUnexplored = false;

  constructor(jobs: number, init: PoolInit) {
    for (let i = 0; i < jobs; i++) {
      this.workers.push(
        new Worker(new URL('./trial-worker.js', import.meta.url), {
          workerData: init,
          resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
        }),
      );
    }
  }

  async runVariant(
    variant: string,
    trials: number,
    pct: PctInfo | undefined,
    tally: Tally,
    stop: () => boolean,
    progress: (done: number) => void,
  ): Promise<number> {
    const chunks = Math.ceil(trials / CHUNK_TRIALS);
    this.strandOrdersUnexplored = false;
    const results: ChunkResult[] = [];
    let next = 0;
    let done = 0;
    await Promise.all(
      this.workers.map(async (worker) => {
        while (next < chunks && !stop()) {
          const chunk = next++;
          const first = chunk * CHUNK_TRIALS;
          const count = Math.min(CHUNK_TRIALS, trials - first);
          results[chunk] = await this.request(worker, { variant, first, count, ...(pct ? { pct } : {}) });
          done += count;
          progress(done);
        }
      }),
    );
    for (const result of results) if (result !== undefined) tally.merge(result);
    return done;
  }

  /** Lets every worker close what it opened (bounded: 2 s), then ends them. */
  async close(): Promise<void> {
    await Promise.all(
      this.workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            const done = (): void => {
              clearTimeout(timer);
              resolve();
            };
            const timer = setTimeout(done, 2_000);
            worker.once('message', done);
            worker.once('exit', done);
            worker.postMessage({ close: true });
          }),
      ),
    );
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private request(worker: Worker, request: ChunkRequest): Promise<ChunkResult> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: Reply): void => {
        cleanup();
        if ('ok' in reply) {
          if (reply.strands === true) this.strandOrdersUnexplored = true;
          resolve(reply.ok);
        } else reject(reply.option ? new RunOptionError(reply.error, { option: 'moduleUrl' }) : new ScenarioError(reply.error));
      };
      const onError = (error: Error): void => {
        cleanup();
        reject(new ScenarioError(`a worker failed: ${error.message}`));
      };
      const onExit = (code: number): void => {
        cleanup();
        reject(new ScenarioError(`a worker exited with code ${code}`));
      };
      const cleanup = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(request);
    });
  }
}
