/**
 * `fedsim worker --queue redis://HOST:PORT`: take sweep runs off the queue that
 * `fedsim sweep --queue` fills, on any number of machines, until stopped. The
 * first SIGINT or SIGTERM finishes the runs in hand and exits 0; a second one
 * puts them back on the queue at once and exits 0. Redis unreachable or gone:
 * one line and exit 1 within a few seconds.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { UserError, type CliContext } from '../cli-context';
import { packageVersion } from '../io/package-version';
import type { RunningWorker } from '../queue/queue-worker';
import { parseRedisUrl } from '../queue/redis-url';
import { createThreadRunner } from '../queue/thread-runner';
import { defaultWorkers } from '../sweep/executors';

interface WorkerArgs {
  queue: string;
  concurrency?: number;
  lockDuration?: number;
  stalledInterval?: number;
}

/** Signals this close together are one request (Ctrl-C reaches both bin/fedsim.mjs, which passes it on, and this process). */
const SAME_REQUEST_MS = 500;

export function workerCommand(context: CliContext): CommandModule<object, WorkerArgs> {
  return {
    command: 'worker',
    describe: 'run sweep runs from a Redis queue (fedsim sweep --queue) until stopped; start one per machine',
    builder: (yargs: Argv) =>
      yargs
        .option('queue', { type: 'string', demandOption: true, describe: 'the sweep queue: redis://HOST:PORT' })
        .option('concurrency', { type: 'number', describe: 'runs at once, each in its own thread (default: one per core)' })
        // Hidden: how soon a dead worker's run goes to another (BullMQ's lockDuration and stalledInterval, ms); for tests.
        .option('lock-duration', { type: 'number', hidden: true })
        .option('stalled-interval', { type: 'number', hidden: true }) as unknown as Argv<WorkerArgs>,
    handler: async (args: ArgumentsCamelCase<WorkerArgs>) => {
      const address = parseRedisUrl(args.queue);
      const concurrency = args.concurrency ?? defaultWorkers();
      if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new UserError(`--concurrency: expected a positive integer, got ${args.concurrency}`);
      for (const [name, value] of [['--lock-duration', args.lockDuration], ['--stalled-interval', args.stalledInterval]] as const) {
        if (value !== undefined && !(Number.isSafeInteger(value) && value >= 100)) throw new UserError(`${name}: expected milliseconds (at least 100), got ${value}`);
      }
      const { io } = context;
      // Listening before the worker starts: it may take a run before startQueueWorker returns.
      let worker: RunningWorker | null = null;
      let requested: 'stop' | 'hand back' | null = null;
      let firstSignalAt = 0;
      const apply = (): void => {
        if (requested === 'stop') worker?.stop();
        else if (requested === 'hand back') worker?.handBack();
      };
      const onSignal = (signal: NodeJS.Signals): void => {
        const now = Date.now();
        if (firstSignalAt === 0) {
          firstSignalAt = now;
          requested = 'stop';
          io.stderr(`fedsim worker: ${signal}: finishing the runs in hand (${signal} again puts them back on the queue now)\n`);
        } else if (now - firstSignalAt > SAME_REQUEST_MS) {
          requested = 'hand back';
          io.stderr(`fedsim worker: ${signal}: putting the runs in hand back on the queue\n`);
        }
        apply();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const runner = createThreadRunner(concurrency);
      try {
        try {
          await runner.ready;
          // BullMQ loads here, not at start-up: every other command would pay for it.
          const { startQueueWorker } = await import('../queue/queue-worker');
          worker = await startQueueWorker(address, {
            fedsim: packageVersion(),
            concurrency,
            runner,
            ...(args.lockDuration !== undefined ? { lockDurationMs: args.lockDuration } : {}),
            ...(args.stalledInterval !== undefined ? { stalledIntervalMs: args.stalledInterval } : {}),
          });
        } catch (error) {
          await runner.close();
          throw error;
        }
        io.stderr(`fedsim worker: taking sweep runs from ${address.shown}, ${concurrency} at a time; Ctrl-C finishes the runs in hand and stops\n`);
        apply();
        await worker.stopped;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      io.stderr(`fedsim worker: stopped; ${worker.completed} run${worker.completed === 1 ? '' : 's'} done\n`);
    },
  };
}
