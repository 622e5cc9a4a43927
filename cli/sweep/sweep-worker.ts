/**
 * A sweep worker thread: loads the engine once, then runs the specs its pool sends,
 * one at a time, and answers each with the run's metrics (never its report, so
 * memory stays that of one run). A failure goes back as a message; the pool decides.
 */
import { parentPort } from 'node:worker_threads';
import { runSweepSpec, type RunSpec } from '../../engine/index';
import type { WorkerReply } from './worker-messages';

const port = parentPort;
if (port === null) throw new Error('sweep-worker.ts runs as a worker thread, started by the sweep worker pool');
port.on('message', (spec: RunSpec) => {
  let reply: WorkerReply;
  try {
    reply = { type: 'result', result: runSweepSpec(spec) };
  } catch (error) {
    reply = { type: 'error', message: (error as Error)?.message ?? String(error), stack: (error as Error)?.stack ?? '' };
  }
  port.postMessage(reply);
});
port.postMessage({ type: 'ready' } satisfies WorkerReply);
