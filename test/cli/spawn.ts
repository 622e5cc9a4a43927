import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/** The installed command, as a user runs it (through its start-up script). */
export const FEDSIM = resolve('node_modules/.bin/fedsim');

export interface SpawnedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the real fedsim command in a child process, with `input` on its standard input. */
export function spawnFedsim(args: readonly string[], input = '', cwd = process.cwd()): SpawnedRun {
  const run = spawnSync(FEDSIM, [...args], { input, encoding: 'utf8', cwd, env: { ...process.env, FEDSIM_NO_RESPAWN: '1' }, timeout: 60_000 });
  return { code: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}

/** Runs a bash pipeline (for `| head`); `$FEDSIM` names the command. */
export function spawnPipeline(script: string): SpawnedRun {
  const run = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, FEDSIM: FEDSIM }, timeout: 60_000 });
  return { code: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}
