/**
 * The queue worker's runner: up to `size` worker threads, the same sweep worker
 * script the `--workers` pool starts (the engine loaded once per thread), each
 * running one spec at a time. Runs happen off the main thread so it stays free
 * to renew the jobs' locks and to answer signals while a long run goes on.
 */
import { Worker } from 'node:worker_threads';
import type { RunResult, RunSpec } from '../../engine/index';
import { sweepWorkerEntry } from '../sweep/worker-entry';
import type { WorkerReply } from '../sweep/worker-messages';
import type { SpecRunner } from './queue-worker';

/** A SpecRunner whose threads are started at once; `ready` resolves when every one has loaded the engine. */
export interface ThreadRunner extends SpecRunner {
  readonly ready: Promise<void>;
}

export function createThreadRunner(size: number): ThreadRunner {
  const threads: Worker[] = [];
  const idle: Worker[] = [];
  const waiting: ((thread: Worker) => void)[] = [];
  let closed = false;
  // Started now rather than at the first run: loading the engine in a thread takes
  // a good part of a second, which a worker should spend before it takes a job.
  const loaded: Promise<void>[] = [];
  for (let i = 0; i < size; i++) {
    const thread = new Worker(sweepWorkerEntry().url);
    threads.push(thread);
    idle.push(thread);
    loaded.push(
      new Promise<void>((resolve) => {
        const onReady = (reply: WorkerReply): void => {
          if (reply.type !== 'ready') return;
          thread.off('message', onReady);
          resolve();
        };
        thread.on('message', onReady);
        // A thread that fails to load is reported by the run that uses it.
        thread.once('error', () => resolve());
        thread.once('exit', () => resolve());
      }),
    );
  }

  const acquire = (): Promise<Worker> => {
    const free = idle.pop();
    if (free) return Promise.resolve(free);
    if (threads.length < size) {
      const thread = new Worker(sweepWorkerEntry().url);
      threads.push(thread);
      return Promise.resolve(thread);
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (thread: Worker): void => {
    const next = waiting.shift();
    if (next) next(thread);
    else idle.push(thread);
  };
  const discard = (thread: Worker): void => {
    threads.splice(threads.indexOf(thread), 1);
    void thread.terminate();
  };

  return {
    ready: Promise.all(loaded).then(() => {}),
    async run(spec: RunSpec): Promise<RunResult> {
      if (closed) throw new Error('the worker is stopping');
      const thread = await acquire();
      return new Promise<RunResult>((resolve, reject) => {
        const detach = (): void => {
          thread.off('message', onMessage);
          thread.off('error', onError);
          thread.off('exit', onExit);
        };
        const onMessage = (reply: WorkerReply): void => {
          if (reply.type === 'ready') return;
          detach();
          release(thread);
          if (reply.type === 'result') resolve(reply.result);
          else reject(new Error(reply.message));
        };
        const onError = (error: Error): void => {
          detach();
          discard(thread);
          reject(new Error(`the run's thread failed: ${error.message}`));
        };
        const onExit = (code: number): void => {
          detach();
          if (threads.includes(thread)) threads.splice(threads.indexOf(thread), 1);
          reject(new Error(`the run's thread stopped (exit code ${code})`));
        };
        thread.on('message', onMessage);
        thread.on('error', onError);
        thread.on('exit', onExit);
        thread.postMessage(spec);
      });
    },
    async close() {
      closed = true;
      await Promise.all(threads.splice(0).map((thread) => thread.terminate()));
    },
  };
}
