/**
 * A real Redis for the queue's tests and benchmark: Debian's redis-server on
 * 127.0.0.1, on a free port, with persistence off (nothing written to disk), in
 * its own process that is stopped by its PID, also when a test fails or the test
 * process exits early.
 */
import { freePort } from '../free-port';
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';

const REDIS_SERVER = process.env.FEDSIM_REDIS_SERVER || '/usr/bin/redis-server';

export interface LocalRedis {
  /** `redis://127.0.0.1:PORT`, as `--queue` takes it. */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Stops the server (SIGKILL: nothing of it is meant to survive) and waits until it is gone. */
  stop(): Promise<void>;
}

/** Every server this process started and has not stopped, killed if the process exits first. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
});


/** Whether a Redis on `port` answers PING with PONG. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts a redis-server and resolves once it answers PING. A port taken between
 * choosing it and binding it is retried on another.
 */
export async function startRedis(): Promise<LocalRedis> {
  let lastOutput = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
    const stop = async (): Promise<void> => {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
      await exited(child);
      running.delete(child);
    };
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && child.exitCode === null) {
      const failed = await Promise.race([spawnError, new Promise<null>((r) => setTimeout(() => r(null), 50))]);
      if (failed) throw new Error(`could not start ${REDIS_SERVER}: ${failed.message}`);
      if (await answersPing(port)) return { url: `redis://127.0.0.1:${port}`, port, pid: child.pid as number, stop };
    }
    await stop();
    lastOutput = output;
  }
  throw new Error(`redis-server did not start:\n${lastOutput}`);
}
