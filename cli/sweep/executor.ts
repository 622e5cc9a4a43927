/**
 * How a sweep's runs get run: an executor takes run specs (plain JSON, see
 * engine RunSpec) and reports each run's result as it finishes, in any order. The
 * sweep aggregates in point/replication order, so executors need not keep order.
 * Implementations: in this process, a worker_threads pool, and (added beside them in
 * executors.ts) a job queue.
 */
import type { RunResult, RunSpec } from '../../engine/index';

export interface RunExecutor {
  /**
   * Runs every spec and calls `onResult` once per spec as it finishes (a repeat of
   * the same spec is harmless: the aggregate keeps one). Resolves when all are done;
   * rejects on the first failure, after which the executor is unusable but must
   * still be closed.
   */
  run(specs: readonly RunSpec[], onResult: (result: RunResult) => void): Promise<void>;
  /** Releases threads, connections and the like; safe to call twice and after a failure. */
  close(): Promise<void>;
  /** How many runs go on at once (reported in sweep.json's `timing.workers`). */
  readonly parallelism: number;
}
