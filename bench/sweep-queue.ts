/**
 * The job-queue cases of the `sweep` benchmark: a Redis (Debian's redis-server on
 * 127.0.0.1, persistence off) with `fedsim worker` processes, started before the
 * sweep and stopped by PID after it; and the queue's overhead per job, from a
 * sweep of runs so small that little but the queue is left to time. Synchronous,
 * like the benchmark that calls it (the figures come from child processes).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FEDSIM = new URL('../bin/fedsim.mjs', import.meta.url).pathname;
const EXAMPLE = new URL('../scenarios/examples/seed-failover.yaml', import.meta.url).pathname;
const REDIS_SERVER = process.env.FEDSIM_REDIS_SERVER || '/usr/bin/redis-server';

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function waitUntil(what: string, check: () => boolean, ms = 30_000): void {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    sleep(50);
  }
}

/** Whether a child is still running. The event loop is blocked here, so an exited child is not reaped: a zombie counts as gone. */
function isRunning(child: ChildProcess): boolean {
  try {
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Stops a process by its PID and waits until it is gone. */
function stopProcess(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!isRunning(child)) return;
  process.kill(child.pid as number, signal);
  waitUntil(`process ${child.pid} to exit`, () => !isRunning(child));
}

/** A loopback redis-server on a free port, answering PING. */
function startRedis(): { url: string; stop(): void } {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const answers = (): boolean => spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG';
    try {
      waitUntil('redis-server to answer', () => answers() || child.exitCode !== null, 10_000);
    } catch {
      // Falls through to the next port.
    }
    if (answers()) return { url: `redis://127.0.0.1:${port}`, stop: () => stopProcess(child, 'SIGKILL') };
    stopProcess(child, 'SIGKILL');
  }
  throw new Error('could not start redis-server');
}

/**
 * Redis and `workers` worker processes of `concurrency` runs each, all listening
 * before the sweep starts; `stop` ends them (workers with SIGTERM, as a user would).
 */
export function startQueue(workers: number, concurrency: number): { args: string[]; stop(): void } {
  const redis = startRedis();
  const dir = mkdtempSync(join(tmpdir(), 'fedsim-bench-queue-'));
  const started: ChildProcess[] = [];
  const stop = (): void => {
    for (const child of started) stopProcess(child, 'SIGTERM');
    redis.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < workers; i++) {
      const log = join(dir, `worker-${i}.log`);
      const fd = openSync(log, 'w');
      started.push(spawn(process.execPath, [FEDSIM, 'worker', '--queue', redis.url, '--concurrency', String(concurrency)], { stdio: ['ignore', 'ignore', fd] }));
      closeSync(fd);
      waitUntil(`worker ${i} to connect`, () => readFileSync(log, 'utf8').includes('taking sweep runs'));
    }
  } catch (error) {
    stop();
    throw error;
  }
  return { args: ['--queue', redis.url], stop };
}

/** wallMs of a `fedsim sweep` of the shipped failover example (about a millisecond a run), `runs` replications. */
function tinySweepMs(runs: number, args: string[], out: string): number {
  const result = spawnSync(process.execPath, [FEDSIM, 'sweep', EXAMPLE, '--replications', String(runs), '--out', out, '--no-progress', ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`fedsim sweep exited ${result.status}: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return (JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as { timing: { wallMs: number } }).timing.wallMs;
}

export interface QueueOverhead {
  runs: number;
  /** The same tiny sweep in this process, run after run (`--workers 1`): the yardstick. */
  inProcessMs: number;
  /** Through Redis with one worker running one job at a time. */
  queueMs: number;
  /** (queue − in process) / runs: what enqueueing, taking, running in the worker's thread and reporting add to a run. */
  perJobMs: number;
}

/** The queue's overhead per job: the same sweep of tiny runs in process and through Redis with one worker. */
export function queueOverhead(runs = 400): QueueOverhead {
  const dir = mkdtempSync(join(tmpdir(), 'fedsim-bench-overhead-'));
  try {
    const inProcessMs = tinySweepMs(runs, ['--workers', '1'], join(dir, 'in-process'));
    const queue = startQueue(1, 1);
    let queueMs: number;
    try {
      queueMs = tinySweepMs(runs, queue.args, join(dir, 'queue'));
    } finally {
      queue.stop();
    }
    return { runs, inProcessMs, queueMs, perJobMs: Math.round(((queueMs - inProcessMs) / runs) * 1000) / 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
