/**
 * The one place a sweep's executor is chosen from its options: `--queue URL` (a job
 * queue, added here by the queue's module), otherwise `--workers K` runs at once
 * (one per core by default): this thread and K − 1 worker threads, or this thread
 * alone for `--workers 1`.
 */
import { availableParallelism } from 'node:os';
import { packageVersion } from '../io/package-version';
import { createQueueExecutor } from '../queue/queue-executor';
import type { RunExecutor } from './executor';
import { createInProcessExecutor } from './in-process';
import { createWorkerPool } from './worker-pool';

export interface ExecutorOptions {
  /** `--workers`; one per core when left out. */
  workers?: number;
  /** `--queue redis://HOST:PORT`. */
  queue?: string;
}

/** Worker threads when `--workers` is left out: one per core. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

export function createExecutor(options: ExecutorOptions): RunExecutor {
  if (options.queue !== undefined) return createQueueExecutor(options.queue, packageVersion());
  const workers = options.workers ?? defaultWorkers();
  return workers <= 1 ? createInProcessExecutor() : createWorkerPool(workers);
}
