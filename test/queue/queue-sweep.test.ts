/**
 * Sweeps through a real Redis (Debian's redis-server, started here) and real
 * `fedsim worker` processes: the aggregate is the --workers 1 aggregate even when
 * a worker is killed mid-run, a re-run reuses finished runs, and a Redis that is
 * not there (or goes away) is one line and exit 1, quickly.
 */
import { Queue } from 'bullmq';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_PREFIX, QUEUE_NAME } from '../../cli/queue/run-jobs';
import { runCli, scratchDir } from '../cli/helpers';
import { startFedsim, waitFor } from './fedsim-process';
import { startRedis, type LocalRedis } from './local-redis';

// A generated federation big enough that a run takes a few hundred milliseconds,
// so a worker can be caught holding one.
const SCENARIO = `fedsim: 1
name: queue-test
seed: 5
servers: []
rooms: []
generate:
  servers: 25
  rooms: 120
  spaces: 6
  inSpace: 1
  restricted: 1
  inviteLevel: 50
  joins: 1500
  misconfig: { allowWithoutAuthoriser: 0.25, nobodyCanInvite: 0.15, typoAllow: 0.1 }
`;
const SWEEP = ['--vary', 'network.loss=0,0.1', '--replications', '4'];
/** One run of a few seconds, long enough to be interrupted for certain. */
const SLOW_SCENARIO = `fedsim: 1
name: queue-slow
seed: 5
servers: []
rooms: []
generate: { servers: 200, joins: 60000 }
`;
/** A dead worker's run goes to another within about 1.5 s instead of BullMQ's default 30 s or more. */
const QUICK_STALL = ['--lock-duration', '1000', '--stalled-interval', '500'];

/** sweep.json without `timing` (the one part the contract lets differ), and sweep.csv. */
function aggregateOf(dir: string): { json: string; csv: string } {
  const report = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as Record<string, unknown>;
  delete report.timing;
  return { json: JSON.stringify(report), csv: readFileSync(join(dir, 'sweep.csv'), 'utf8') };
}

describe('sweeps on a Redis job queue', () => {
  let redis: LocalRedis;
  let dir: string;
  let file: string;
  let slowFile: string;
  let inProcess: { json: string; csv: string };

  beforeAll(async () => {
    redis = await startRedis();
    dir = scratchDir();
    file = join(dir, 'queue-test.yaml');
    writeFileSync(file, SCENARIO);
    slowFile = join(dir, 'queue-slow.yaml');
    writeFileSync(slowFile, SLOW_SCENARIO);
    const baseline = await runCli('sweep', file, ...SWEEP, '--workers', '1', '--out', join(dir, 'in-process'));
    expect(baseline.code, baseline.stderr).toBe(0);
    inProcess = aggregateOf(join(dir, 'in-process'));
  }, 60_000);
  afterAll(async () => {
    await redis?.stop();
  });

  it('gives the --workers 1 aggregate through two workers, one killed with SIGKILL while it holds a run', async () => {
    const queue = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: redis.port }, prefix: KEY_PREFIX });
    try {
      const doomed = startFedsim(['worker', '--queue', redis.url, '--concurrency', '1', ...QUICK_STALL]);
      const survivor = startFedsim(['worker', '--queue', redis.url, '--concurrency', '1', ...QUICK_STALL]);
      await waitFor('both workers to connect', async () => (await queue.getWorkersCount()) >= 2);
      const sweep = runCli('sweep', file, ...SWEEP, '--queue', redis.url, '--out', join(dir, 'queue'));

      const held = await waitFor('the doomed worker to hold a run', async () => (await queue.getJobs(['active'])).find((job) => job.processedBy === doomed.workerName));
      doomed.kill('SIGKILL');
      expect((await doomed.exited()).signal).toBe('SIGKILL');

      const result = await sweep;
      expect(result.code, result.stderr).toBe(0);
      expect(aggregateOf(join(dir, 'queue'))).toEqual(inProcess);
      // The run the killed worker held was run again, by the other worker.
      const redone = await queue.getJob(held.id!);
      expect(await redone?.getState()).toBe('completed');
      expect(redone?.processedBy).toBe(survivor.workerName);

      survivor.kill('SIGTERM');
      expect(await survivor.exited()).toEqual({ code: 0, signal: null });
      expect(survivor.output()).toMatch(/stopped; \d+ runs? done/);
    } finally {
      await queue.close();
    }
  }, 90_000);

  it('reuses the finished runs when the same sweep is run again against the same Redis', async () => {
    // No worker is running: the sweep can only finish by finding every run done.
    const again = await runCli('sweep', file, ...SWEEP, '--queue', redis.url, '--out', join(dir, 'again'));
    expect(again.code, again.stderr).toBe(0);
    expect(aggregateOf(join(dir, 'again'))).toEqual(inProcess);
  }, 30_000);

  it('puts the run in hand back on the queue at a second SIGTERM, exits 0, and another worker finishes the sweep', async () => {
    const queue = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: redis.port }, prefix: KEY_PREFIX });
    try {
      // Default lock settings: a run that was merely abandoned would wait 30 s or more for the stalled-job check.
      const leaving = startFedsim(['worker', '--queue', redis.url, '--concurrency', '1']);
      const sweep = runCli('sweep', slowFile, '--replications', '1', '--queue', redis.url, '--out', join(dir, 'hand-back'));
      const held = await waitFor('the worker to hold a run', async () => (await queue.getJobs(['active'])).find((job) => job.processedBy === leaving.workerName));
      leaving.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 700));
      leaving.kill('SIGTERM');
      expect(await leaving.exited()).toEqual({ code: 0, signal: null });
      expect(leaving.output()).toContain('putting the runs in hand back on the queue');
      expect(await queue.getJobState(held.id!)).toBe('waiting');

      const finishing = startFedsim(['worker', '--queue', redis.url, '--concurrency', '1']);
      const result = await sweep;
      expect(result.code, result.stderr).toBe(0);
      finishing.kill('SIGTERM');
      expect(await finishing.exited()).toEqual({ code: 0, signal: null });
    } finally {
      await queue.close();
    }
  }, 60_000);

  it('runs a run once when two sweeps send the same jobs at the same time', async () => {
    const example = join(dir, 'example.yaml');
    writeFileSync(example, readFileSync(new URL('../../scenarios/examples/seed-failover.yaml', import.meta.url), 'utf8'));
    const args = ['--vary', 'network.loss=0,0.2', '--replications', '3', '--seed', 'twice', '--queue', redis.url];
    const worker = startFedsim(['worker', '--queue', redis.url, '--concurrency', '2']);
    await waitFor('the worker to connect', async () => worker.output().includes('taking sweep runs'));
    const [first, second] = await Promise.all([runCli('sweep', example, ...args, '--out', join(dir, 'twice-1')), runCli('sweep', example, ...args, '--out', join(dir, 'twice-2'))]);
    expect([first.code, second.code], first.stderr + second.stderr).toEqual([0, 0]);
    expect(aggregateOf(join(dir, 'twice-2'))).toEqual(aggregateOf(join(dir, 'twice-1')));
    worker.kill('SIGTERM');
    expect(await worker.exited()).toEqual({ code: 0, signal: null });
    expect(worker.output()).toContain('stopped; 6 runs done');
  }, 60_000);

  it('stops a sweep with one line and exit 1 when Redis is not there', async () => {
    const gone = await startRedis();
    await gone.stop();
    const started = Date.now();
    const result = await runCli('sweep', file, ...SWEEP, '--queue', gone.url, '--out', join(dir, 'gone'));
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe(`fedsim: cannot reach Redis at ${gone.url}: connection refused\n`);
    expect(Date.now() - started).toBeLessThan(5000);
  }, 30_000);

  it('stops a waiting sweep and a waiting worker with exit 1 when Redis goes away', async () => {
    const doomed = await startRedis();
    const worker = startFedsim(['worker', '--queue', doomed.url, '--concurrency', '1']);
    await waitFor('the worker to connect', async () => worker.output().includes('taking sweep runs'));
    // Another seed, so no finished run is found: the sweep waits on its jobs.
    const sweep = runCli('sweep', file, ...SWEEP, '--seed', 'other', '--queue', doomed.url, '--out', join(dir, 'lost'));
    await waitFor('a run to start', async () => worker.output().includes('taking sweep runs') && (await redisHasActiveJob(doomed.port)));
    const stoppedAt = Date.now();
    await doomed.stop();
    const [result, exit] = await Promise.all([sweep, worker.exited()]);
    expect(Date.now() - stoppedAt).toBeLessThan(8000);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^(?:.*\\n)*fedsim: lost the connection to Redis at ${doomed.url}: .+\\n$`));
    expect(exit).toEqual({ code: 1, signal: null });
    expect(worker.output()).toContain(`fedsim: lost the connection to Redis at ${doomed.url}`);
    expect(worker.output()).not.toMatch(/\n\s+at /);
  }, 30_000);
});

async function redisHasActiveJob(port: number): Promise<boolean> {
  const queue = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port }, prefix: KEY_PREFIX });
  try {
    return (await queue.getActiveCount()) > 0;
  } finally {
    await queue.close();
  }
}
