/**
 * `fedsim` as a separate process, started through bin/fedsim.mjs the way a user
 * starts it, for the queue's tests: workers that can be killed with SIGKILL and
 * stopped with SIGTERM. FEDSIM_NO_RESPAWN keeps it one process, so the PID a
 * signal goes to is the worker itself. Every process still running when the
 * test ends is killed by PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/fedsim.mjs', import.meta.url));
const started = new Set<ChildProcess>();

afterEach(() => {
  for (const child of started) if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
  started.clear();
});

export interface FedsimProcess {
  readonly pid: number;
  /** The name the process's BullMQ worker has (host:pid), as jobs record it in `processedBy`. */
  readonly workerName: string;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) and the time from now to the exit. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

export function startFedsim(args: readonly string[], cwd?: string): FedsimProcess {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FEDSIM_NO_RESPAWN: '1' } });
  started.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    pid: child.pid as number,
    workerName: `${hostname()}:${child.pid}`,
    output: () => output,
    exited: () => exit,
    kill: (signal) => void child.kill(signal),
  };
}

/** Waits until `check` holds, polling; throws with `what` after `ms`. */
export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
