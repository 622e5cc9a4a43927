/**
 * The `--workers K` executor: K runs at once, one in this thread and K − 1 in worker
 * threads, each of which loads the engine once. This thread starts running at once
 * and a worker gets specs only once it has loaded (its start costs about as much as
 * a few runs, and a small sweep may be over before then); from then on it is kept
 * two specs ahead so it never waits for this thread, which is busy simulating
 * between messages. Only metrics come back and each thread holds at
 * most two runs' specs, so memory stays K runs' worth whatever the sweep's size.
 */
import { Worker } from 'node:worker_threads';
import { runSweepSpec, type RunResult, type RunSpec } from '../../engine/index';
import type { RunExecutor } from './executor';
import { sweepWorkerEntry } from './worker-entry';
import type { WorkerReply } from './worker-messages';

/** Specs a worker holds at a time while many remain: the one it runs and the next. */
const IN_FLIGHT = 2;

/** A run failed in a worker (an engine invariant, or the worker died). */
export class WorkerFailure extends Error {
  override name = 'WorkerFailure';
  constructor(message: string, readonly workerStack = '') {
    super(message);
  }
}

export interface WorkerPoolOptions {
  /** Whether this thread runs specs too (default true); false leaves every run to the worker threads (`size` of them). */
  hereToo?: boolean;
}

export function createWorkerPool(size: number, options: WorkerPoolOptions = {}): RunExecutor {
  const hereToo = options.hereToo ?? true;
  const workers: Worker[] = [];
  /** Workers that have loaded the engine; a spec is sent only to these, so none waits on a loading thread. */
  const ready = new WeakSet<Worker>();
  let closed = false;

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
        const accept = (result: RunResult): void => {
          onResult(result);
          if (++done === specs.length) finish();
        };
        if (specs.length === 0) {
          finish();
          return;
        }
        const threads = hereToo ? Math.min(size - 1, specs.length - 1) : Math.min(size, specs.length);
        while (workers.length < threads) {
          const worker = new Worker(sweepWorkerEntry().url);
          worker.once('message', () => ready.add(worker));
          workers.push(worker);
        }
        for (const worker of workers.slice(0, threads)) {
          let held = 0;
          // Two ahead while there is plenty left; near the end one, so no thread sits
          // on a spec another could run while it finishes its current one.
          const feed = (): void => {
            while (ready.has(worker) && !settled && next < specs.length && held < (specs.length - next > IN_FLIGHT * size ? IN_FLIGHT : 1)) {
              worker.postMessage(specs[next++]);
              held++;
            }
          };
          const onMessage = (reply: WorkerReply): void => {
            if (settled) return;
            if (reply.type === 'ready') {
              ready.add(worker);
              feed();
              return;
            }
            if (reply.type === 'error') {
              finish(new WorkerFailure(reply.message, reply.stack));
              return;
            }
            held--;
            accept(reply.result);
            feed();
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
          feed();
        }
        // This thread's share: one spec at a time, yielding between runs so the
        // workers' results and their next specs get through.
        const runHere = async (): Promise<void> => {
          while (!settled && next < specs.length) {
            const spec = specs[next++] as RunSpec;
            accept(runSweepSpec(spec));
            await new Promise<void>((go) => setImmediate(go));
          }
        };
        if (hereToo) runHere().catch((error: unknown) => finish(error instanceof Error ? error : new Error(String(error))));
      });
    },
    async close() {
      closed = true;
      await Promise.all(workers.splice(0).map((w) => w.terminate()));
    },
  };
}
