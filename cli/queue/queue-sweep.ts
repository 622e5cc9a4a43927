/**
 * The sweep's side of the queue: store each variant scenario once, enqueue one
 * job per run, and collect the results as they arrive, in run-list order. Jobs
 * are added with ids that name the run, so a run already finished by an earlier
 * sweep against the same Redis is read back instead of run again, and a failed
 * one from an earlier sweep is retried.
 */
import { Queue, QueueEvents, type Job } from 'bullmq';
import { EXIT_FAILED, UserError } from '../cli-context';
import { connectionOptions, watchRedis } from './redis-link';
import type { RedisAddress } from './redis-url';
import { KEY_PREFIX, QUEUE_NAME, runJobId, scenarioKey, sha256, type RunJobData } from './run-jobs';

/** One run of the sweep: its variant scenario as text, and its seed. */
export interface QueuedRun {
  scenarioText: string;
  seed: string;
  label: string;
}

export interface QueueSweepOptions {
  /** The fedsim version, part of every job id. */
  fedsim: string;
  /** Called once per run as its result arrives (or is found finished already). */
  onResult?: (index: number, result: unknown) => void;
}

/** How many jobs go to Redis in one round trip. */
const BATCH = 500;
/** With no event for this long, outstanding runs are looked up directly (an event can be missed while the listener starts). */
const RECONCILE_AFTER_MS = 2000;

/** A run that failed on a worker: the sweep cannot be aggregated without it. */
export class RunFailed extends UserError {
  constructor(label: string, reason: string) {
    super(`run ${label} failed on a worker: ${reason}`, EXIT_FAILED);
  }
}

/**
 * Runs every run of `runs` through the queue at `address` and resolves to their
 * results in the same order. Rejects with RedisUnavailable (exit 1) when Redis
 * cannot be reached or goes away, and with RunFailed when a run fails.
 */
export async function runOnQueue(address: RedisAddress, runs: readonly QueuedRun[], options: QueueSweepOptions): Promise<unknown[]> {
  const watch = await watchRedis(address);
  const connection = connectionOptions(address);
  const queue = new Queue<RunJobData, unknown, string, RunJobData, unknown, string>(QUEUE_NAME, { connection, prefix: KEY_PREFIX });
  const events = new QueueEvents(QUEUE_NAME, { connection, prefix: KEY_PREFIX });
  // The watch reports a lost Redis; BullMQ's own errors would only repeat it.
  queue.on('error', () => {});
  events.on('error', () => {});
  const work = collect(queue, events, watch.client, runs, options);
  try {
    return await Promise.race([work, watch.lost]);
  } finally {
    work.catch(() => {});
    await closeAll([() => events.close(), () => queue.close(), () => watch.close()]);
  }
}

type RunQueue = Queue<RunJobData, unknown, string, RunJobData, unknown, string>;

async function collect(
  queue: RunQueue,
  events: QueueEvents,
  redis: Awaited<ReturnType<typeof watchRedis>>['client'],
  runs: readonly QueuedRun[],
  options: QueueSweepOptions,
): Promise<unknown[]> {
  const results: unknown[] = new Array(runs.length);
  const indexOfJob = new Map<string, number>();
  const jobs: { id: string; data: RunJobData }[] = [];
  for (const [index, run] of runs.entries()) {
    const data: RunJobData = { fedsim: options.fedsim, scenarioHash: sha256(run.scenarioText), seed: run.seed, label: run.label };
    const id = runJobId(data);
    jobs.push({ id, data });
    indexOfJob.set(id, index);
  }
  // Each variant scenario once, and never replaced: its key is its hash.
  const texts = new Map(runs.map((run, i) => [jobs[i]!.data.scenarioHash, run.scenarioText]));
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
  const record = (id: string, result: unknown): void => {
    if (!outstanding.delete(id)) return;
    const index = indexOfJob.get(id)!;
    results[index] = result;
    options.onResult?.(index, result);
    if (outstanding.size === 0) settle!.resolve();
  };
  const failed = (id: string, reason: string): void => {
    if (outstanding.has(id)) settle!.reject(new RunFailed(jobs[indexOfJob.get(id)!]!.data.label, reason));
  };
  events.on('completed', ({ jobId, returnvalue }) => {
    lastEventAt = Date.now();
    record(jobId, returnvalue);
  });
  events.on('failed', ({ jobId, failedReason }) => {
    lastEventAt = Date.now();
    failed(jobId, failedReason);
  });
  await events.waitUntilReady();

  for (let i = 0; i < jobs.length; i += BATCH) {
    await queue.addBulk(
      jobs.slice(i, i + BATCH).map(({ id, data }) => ({
        name: data.label,
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
          await queue.add(data.label, data, { jobId: id, removeOnComplete: false, removeOnFail: false, attempts: 1 });
        } else if (job.finishedOn !== undefined) {
          await settleFinished(job, retryFailed);
        }
      }
    }
  };
  const settleFinished = async (job: Job<RunJobData>, retryFailed: boolean): Promise<void> => {
    const state = await job.getState();
    if (state === 'completed') record(job.id!, job.returnvalue);
    else if (state === 'failed') {
      if (retryFailed) await job.retry('failed');
      else failed(job.id!, job.failedReason);
    }
  };

  // Runs finished before this sweep (a re-run), or while the listener was starting.
  await reconcile(true);
  while (outstanding.size > 0) {
    const tick = new Promise<'tick'>((r) => setTimeout(() => r('tick'), RECONCILE_AFTER_MS / 2).unref());
    if ((await Promise.race([done.then(() => 'done' as const), tick])) === 'done') break;
    if (Date.now() - lastEventAt >= RECONCILE_AFTER_MS) {
      lastEventAt = Date.now();
      await reconcile(false);
    }
  }
  await done;
  return results;
}

/** Closes each thing, none waiting longer than a second (a vanished Redis never answers a QUIT). */
async function closeAll(closers: readonly (() => Promise<unknown>)[]): Promise<void> {
  await Promise.all(
    closers.map((close) => Promise.race([close().catch(() => {}), new Promise((r) => setTimeout(r, 1000).unref())])),
  );
}
