/**
 * The sweep's side of the queue: store each variant scenario once, enqueue one
 * job per run, and hand on each result as it arrives (the sweep aggregates in
 * point/replication order, whatever order they come in). Jobs are added with ids
 * that name the run, so a run already finished by an earlier sweep against the
 * same Redis is read back instead of run again, and a failed one from an earlier
 * sweep is retried.
 */
import type { Job, Queue, QueueEvents } from 'bullmq';
import type { RunResult, RunSpec } from '../../engine/index';
import { EXIT_FAILED, UserError } from '../cli-context';
import { connectionOptions, RedisUnavailable, watchRedis, type RedisWatch } from './redis-link';
import type { RedisAddress } from './redis-url';
import { within } from './within';
import { KEY_PREFIX, QUEUE_NAME, runJobId, runLabel, scenarioKey, sha256, type RunJobData } from './run-jobs';

export interface QueueSweepOptions {
  /** The fedsim version, part of every job id. */
  fedsim: string;
  /** Called once per run as its result arrives (or is found finished already). */
  onResult: (result: RunResult) => void;
}

/** How many jobs go to Redis in one round trip. */
const BATCH = 500;
/**
 * With no event for this long, outstanding runs are looked up directly (an event
 * can be missed while the listener starts). Each look-up that finds nothing new
 * doubles the wait, up to the maximum, so a big sweep of slow runs is not looked
 * over every few seconds.
 */
const RECONCILE_AFTER_MS = 2000;
const RECONCILE_AT_MOST_EVERY_MS = 60_000;

/** A run that failed on a worker: the sweep cannot be aggregated without it. */
export class RunFailed extends UserError {
  constructor(label: string, reason: string) {
    super(`run ${label} failed on a worker: ${reason}`, EXIT_FAILED);
  }
}

/**
 * Runs every spec through the queue at `address`, calling `onResult` once per run
 * as its result arrives. Rejects with RedisUnavailable (exit 1) when Redis cannot
 * be reached or goes away, and with RunFailed when a run fails.
 */
export async function runOnQueue(address: RedisAddress, specs: readonly RunSpec[], options: QueueSweepOptions): Promise<{ workers: number }> {
  const watch = await watchRedis(address);
  // Loaded here, not at start-up: only the queue's commands need it.
  const { Queue, QueueEvents } = await import('bullmq');
  const connection = connectionOptions(address);
  const queue = new Queue<RunJobData, unknown, string, RunJobData, unknown, string>(QUEUE_NAME, { connection, prefix: KEY_PREFIX });
  // Blocking reads of a second, not BullMQ's ten: each read arms a timer of its length
  // plus one second that outlives a lost connection and would hold the process open.
  const events = new QueueEvents(QUEUE_NAME, { connection, prefix: KEY_PREFIX, blockingTimeout: 1000 });
  // The watch reports a lost Redis; BullMQ's own errors would only repeat it.
  queue.on('error', () => {});
  events.on('error', () => {});
  const work = collect(queue, events, watch.client, specs, options);
  let redisGone = false;
  try {
    await Promise.race([work, watch.lost]);
    return { workers: await countWorkers(queue) };
  } catch (error) {
    redisGone = error instanceof RedisUnavailable;
    if (error instanceof UserError) throw error;
    return await watch.blame(error);
  } finally {
    work.catch(() => {});
    await closeAll([events, queue], !redisGone);
    await watch.close();
  }
}

type RunQueue = Queue<RunJobData, unknown, string, RunJobData, unknown, string>;

async function collect(
  queue: RunQueue,
  events: QueueEvents,
  redis: RedisWatch['client'],
  specs: readonly RunSpec[],
  options: QueueSweepOptions,
): Promise<void> {
  const indexOfJob = new Map<string, number>();
  const jobs: { id: string; data: RunJobData }[] = [];
  // Each variant scenario once, and never replaced: its key is its hash. A point's
  // runs share one variant object, so each is serialised once.
  const texts = new Map<string, string>();
  const hashOf = new Map<unknown, string>();
  for (const [index, spec] of specs.entries()) {
    let hash = hashOf.get(spec.scenario);
    if (hash === undefined) {
      const text = JSON.stringify(spec.scenario);
      hash = sha256(text);
      hashOf.set(spec.scenario, hash);
      texts.set(hash, text);
    }
    const data: RunJobData = { fedsim: options.fedsim, scenarioHash: hash, pointIndex: spec.pointIndex, replication: spec.replication, seed: spec.seed, fileName: spec.fileName };
    const id = runJobId(data);
    jobs.push({ id, data });
    indexOfJob.set(id, index);
  }
  const entries = [...texts];
  for (let i = 0; i < entries.length; i += BATCH) {
    const pipeline = redis.pipeline();
    for (const [hash, text] of entries.slice(i, i + BATCH)) pipeline.set(scenarioKey(hash), text, 'NX');
    await pipeline.exec();
  }

  let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  // A failure can come while jobs are still being added; it is awaited below.
  done.catch(() => {});
  const outstanding = new Set(indexOfJob.keys());
  let lastEventAt = Date.now();
  const record = (id: string, result: RunResult): void => {
    if (!outstanding.delete(id)) return;
    const { data } = jobs[indexOfJob.get(id)!]!;
    // The result is the run's whatever job brought it; its place in the sweep is the spec's.
    options.onResult({ ...result, pointIndex: data.pointIndex, replication: data.replication, seed: data.seed });
    if (outstanding.size === 0) settle!.resolve();
  };
  const failed = (id: string, reason: string): void => {
    if (outstanding.has(id)) settle!.reject(new RunFailed(runLabel(jobs[indexOfJob.get(id)!]!.data), reason));
  };
  events.on('completed', ({ jobId, returnvalue }) => {
    lastEventAt = Date.now();
    record(jobId, returnvalue as unknown as RunResult);
  });
  events.on('failed', ({ jobId, failedReason }) => {
    lastEventAt = Date.now();
    failed(jobId, failedReason);
  });
  await events.waitUntilReady();

  for (let i = 0; i < jobs.length; i += BATCH) {
    await queue.addBulk(
      jobs.slice(i, i + BATCH).map(({ id, data }) => ({
        name: 'run',
        data,
        // Kept after finishing: a finished job is the cached result a re-run finds.
        opts: { jobId: id, removeOnComplete: false, removeOnFail: false, attempts: 1 },
      })),
    );
  }

  /** Looks outstanding jobs up directly: finished ones are recorded, vanished ones added again. */
  const reconcile = async (retryFailed: boolean): Promise<void> => {
    const ids = [...outstanding];
    for (let i = 0; i < ids.length && outstanding.size > 0; i += BATCH) {
      const found = await Promise.all(ids.slice(i, i + BATCH).map((id) => queue.getJob(id)));
      for (const [k, job] of found.entries()) {
        const id = ids[i + k]!;
        if (!job) {
          const { data } = jobs[indexOfJob.get(id)!]!;
          await queue.add('run', data, { jobId: id, removeOnComplete: false, removeOnFail: false, attempts: 1 });
        } else if (job.finishedOn !== undefined) {
          await settleFinished(job, retryFailed);
        }
      }
    }
  };
  const settleFinished = async (job: Job<RunJobData>, retryFailed: boolean): Promise<void> => {
    const state = await job.getState();
    if (state === 'completed') record(job.id!, job.returnvalue as RunResult);
    else if (state === 'failed') {
      if (retryFailed) await job.retry('failed');
      else failed(job.id!, job.failedReason);
    }
  };

  // Runs finished before this sweep (a re-run), or while the listener was starting.
  await reconcile(true);
  let wait = RECONCILE_AFTER_MS;
  while (outstanding.size > 0) {
    if ((await within(done.then(() => 'done' as const), RECONCILE_AFTER_MS / 2, 'tick')) === 'done') break;
    if (Date.now() - lastEventAt >= wait) {
      lastEventAt = Date.now();
      const before = outstanding.size;
      await reconcile(false);
      wait = outstanding.size < before ? RECONCILE_AFTER_MS : Math.min(wait * 2, RECONCILE_AT_MOST_EVERY_MS);
    }
  }
  await done;
}

/** How many workers are connected to the queue now; 0 if Redis will not say quickly (CLIENT LIST may be disabled). */
async function countWorkers(queue: RunQueue): Promise<number> {
  try {
    return await within(queue.getWorkersCount(), 1000, 0);
  } catch {
    return 0;
  }
}

/**
 * Closes BullMQ's objects (gracefully only while Redis is there, and even then
 * none waiting longer than a second), then drops their connections outright so
 * that no reconnect attempt keeps the process alive.
 */
async function closeAll(things: readonly { close(): Promise<unknown>; disconnect(): Promise<unknown> }[], graceful: boolean): Promise<void> {
  if (graceful) await Promise.all(things.map((thing) => within(thing.close().catch(() => {}), 1000, null)));
  await Promise.all(things.map((thing) => within(thing.disconnect().catch(() => {}), 1000, null)));
}
