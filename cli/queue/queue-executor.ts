/**
 * `fedsim sweep … --queue redis://HOST:PORT`: the sweep's runs as BullMQ jobs on
 * Redis, run by `fedsim worker`s on any machines. An executor like the thread
 * pool: results come back in any order, the sweep aggregates them in
 * point/replication order, so the report is the same bits as with `--workers`.
 */
import type { RunExecutor } from '../sweep/executor';
import { parseRedisUrl } from './redis-url';

export function createQueueExecutor(url: string, fedsim: string): RunExecutor {
  // A malformed URL is a usage error before anything runs.
  const address = parseRedisUrl(url);
  let workersSeen = 0;
  return {
    /** The workers connected to the queue when the sweep ended (reported as `timing.workers`). */
    get parallelism() {
      return workersSeen;
    },
    async run(specs, onResult) {
      // BullMQ and ioredis load only when a queue is used: together they are about
      // three times the rest of the command's start-up.
      const { runOnQueue } = await import('./queue-sweep');
      ({ workers: workersSeen } = await runOnQueue(address, specs, { fedsim, onResult }));
    },
    async close() {},
  };
}
