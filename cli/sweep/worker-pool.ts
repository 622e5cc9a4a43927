/**
 * The `--workers K` executor: K worker threads, each loading the engine once and
 * running one spec at a time; the next spec goes to whichever worker is free. Only
 * metrics come back, and each worker holds one run, so memory stays K runs' worth
 * whatever the sweep's size.
 */
import { Worker } from 'node:worker_threads';
import type { RunResult, RunSpec } from '../../engine/index';
import type { RunExecutor } from './executor';
import { sweepWorkerEntry } from './worker-entry';
import type { WorkerReply } from './worker-messages';

/** A run failed in a worker (an engine invariant, or the worker died). */
export class WorkerFailure extends Error {
  override name = 'WorkerFailure';
  constructor(message: string, readonly workerStack = '') {
    super(message);
  }
}

export function createWorkerPool(size: number): RunExecutor {
  const workers: Worker[] = [];
  let closed = false;

  const start = (): Worker => {
    const worker = new Worker(sweepWorkerEntry().url);
    workers.push(worker);
    return worker;
  };

  return {
    parallelism: size,
    run(specs: readonly RunSpec[], onResult: (result: RunResult) => void): Promise<void> {
      if (closed) return Promise.reject(new WorkerFailure('the worker pool is closed'));
      return new Promise<void>((resolve, reject) => {
        let next = 0;
        let done = 0;
        let settled = false;
        const detach: Array<() => void> = [];
        const finish = (error?: Error): void => {
          if (settled) return;
          settled = true;
          for (const undo of detach) undo();
          if (error) reject(error);
          else resolve();
        };
        if (specs.length === 0) {
          finish();
          return;
        }
        const feed = (worker: Worker): void => {
          if (!settled && next < specs.length) worker.postMessage(specs[next++]);
        };
        const wanted = Math.min(size, specs.length);
        while (workers.length < wanted) start();
        for (const worker of workers.slice(0, wanted)) {
          const onMessage = (reply: WorkerReply): void => {
            if (settled || reply.type === 'ready') return;
            if (reply.type === 'error') {
              finish(new WorkerFailure(reply.message, reply.stack));
              return;
            }
            onResult(reply.result);
            if (++done === specs.length) finish();
            else feed(worker);
          };
          const onError = (error: Error): void => finish(new WorkerFailure(`a sweep worker thread failed: ${error.message}`, error.stack ?? ''));
          const onExit = (code: number): void => {
            if (!closed) finish(new WorkerFailure(`a sweep worker thread stopped (exit code ${code}) before the sweep ended`));
          };
          worker.on('message', onMessage);
          worker.on('error', onError);
          worker.on('exit', onExit);
          detach.push(() => {
            worker.off('message', onMessage);
            worker.off('error', onError);
            worker.off('exit', onExit);
          });
          feed(worker);
        }
      });
    },
    async close() {
      closed = true;
      await Promise.all(workers.splice(0).map((w) => w.terminate()));
    },
  };
}
