/**
 * `fedsim worker`'s engine room: a BullMQ worker that takes runs off the queue
 * and hands each to a runner (threads, so this thread stays free to renew the
 * job's lock). Stopping gently finishes the runs in hand; stopping at once
 * puts them back on the queue for another worker. A worker that dies without
 * either (SIGKILL, a lost machine) loses nothing: its lock expires, and
 * BullMQ's stalled-job check gives the run to another worker.
 */
import type { Job } from 'bullmq';
import { hostname } from 'node:os';
import type { RunResult, RunSpec } from '../../engine/index';
import { UserError } from '../cli-context';
import { connectionOptions, watchRedis } from './redis-link';
import type { RedisAddress } from './redis-url';
import { within } from './within';
import { KEY_PREFIX, QUEUE_NAME, scenarioKey, type RunJobData } from './run-jobs';

/** Runs one run at a time per slot; what the queue's jobs are done with. */
export interface SpecRunner {
  run(spec: RunSpec): Promise<RunResult>;
  /** Stops, abandoning runs in progress. */
  close(): Promise<void>;
}

export interface QueueWorkerOptions {
  /** The fedsim version; a job enqueued by another version is refused. */
  fedsim: string;
  concurrency: number;
  runner: SpecRunner;
  /** How long a job's lock lasts unless renewed (BullMQ's lockDuration); a dead worker's job waits this long at most. */
  lockDurationMs?: number;
  /** How often this worker looks for jobs whose lock expired (BullMQ's stalledInterval). */
  stalledIntervalMs?: number;
}

export interface RunningWorker {
  /** Resolves once the worker has stopped; rejects with RedisUnavailable if Redis went away. */
  readonly stopped: Promise<void>;
  /** Takes no more jobs, finishes those in hand, then stops. */
  stop(): void;
  /** Takes no more jobs and puts those in hand back on the queue at once, then stops. */
  handBack(): void;
  /** Runs finished so far. */
  readonly completed: number;
}

/** Variant scenarios kept in memory: a sweep's runs come point after point, so a few suffice. */
const SCENARIO_CACHE_SIZE = 16;
/** How many times a run may lose its worker before it counts as failed (BullMQ's default is 1). */
const MAX_STALLED = 5;

export async function startQueueWorker(address: RedisAddress, options: QueueWorkerOptions): Promise<RunningWorker> {
  const watch = await watchRedis(address);
  // Loaded here, not at start-up: only the queue's commands need it.
  const { UnrecoverableError, WaitingError, Worker } = await import('bullmq');
  const scenarios = new Map<string, unknown>();
  const scenarioOf = async (hash: string): Promise<unknown> => {
    if (scenarios.has(hash)) return scenarios.get(hash);
    const text = await watch.client.get(scenarioKey(hash));
    if (text === null) throw new UnrecoverableError(`the scenario ${hash} is not in Redis (was it flushed?); run the sweep again`);
    const scenario: unknown = JSON.parse(text);
    if (scenarios.size >= SCENARIO_CACHE_SIZE) scenarios.delete(scenarios.keys().next().value as string);
    scenarios.set(hash, scenario);
    return scenario;
  };

  let handingBack = false;
  let handBackNow: () => void = () => {};
  const handedBack = new Promise<'hand back'>((resolve) => (handBackNow = () => resolve('hand back')));
  let completed = 0;
  const processJob = async (job: Job<RunJobData>, token?: string): Promise<RunResult> => {
    const data = job.data;
    if (data.fedsim !== options.fedsim) {
      throw new UnrecoverableError(`the worker runs fedsim ${options.fedsim}, the sweep was enqueued by fedsim ${data.fedsim}; run workers of the sweep's version`);
    }
    const spec: RunSpec = { pointIndex: data.pointIndex, replication: data.replication, seed: data.seed, scenario: await scenarioOf(data.scenarioHash), fileName: data.fileName };
    const outcome = await Promise.race([options.runner.run(spec), handedBack]);
    if (outcome === 'hand back' || handingBack) {
      await job.moveToWait(token);
      // Tells BullMQ the job has been moved by hand: neither completed nor failed.
      throw new WaitingError();
    }
    completed++;
    return outcome;
  };
  const worker = new Worker<RunJobData>(QUEUE_NAME, processJob, {
    connection: connectionOptions(address),
    prefix: KEY_PREFIX,
    name: `${hostname()}:${process.pid}`,
    concurrency: options.concurrency,
    maxStalledCount: MAX_STALLED,
    ...(options.lockDurationMs !== undefined ? { lockDuration: options.lockDurationMs } : {}),
    ...(options.stalledIntervalMs !== undefined ? { stalledInterval: options.stalledIntervalMs } : {}),
  });
  // A lost Redis is reported by the watch; BullMQ's own errors would only repeat it.
  worker.on('error', () => {});

  let stopRequested: () => void = () => {};
  const stopRequest = new Promise<void>((resolve) => (stopRequested = resolve));
  const stopped = (async () => {
    try {
      await Promise.race([stopRequest, watch.lost]);
      // Waits for the jobs in hand (all of them handed back, if that was asked).
      await Promise.race([worker.close(), watch.lost]);
    } catch (error) {
      if (error instanceof UserError) throw error;
      return await watch.blame(error);
    } finally {
      await within(worker.close(true).catch(() => {}), 1000, null);
      // No reconnect attempt may keep the process alive once the worker has stopped.
      await within(worker.disconnect().catch(() => {}), 1000, null);
      await options.runner.close();
      await watch.close();
    }
  })();
  // Awaited by the caller; a failure before it gets there must not count as unhandled.
  stopped.catch(() => {});
  await Promise.race([worker.waitUntilReady(), watch.lost]);
  return {
    stopped,
    stop: () => stopRequested(),
    handBack: () => {
      handingBack = true;
      handBackNow();
      stopRequested();
    },
    get completed() {
      return completed;
    },
  };
}
