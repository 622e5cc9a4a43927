#!/usr/bin/env node
// The fedsim command. The CLI is TypeScript run through tsx's loader, so there is
// no build step between editing and running.
//
// Node's default heap limit (about 4 GiB here) is too small for million-join runs,
// so unless the caller chose a limit, fedsim runs itself again with one sized to
// the machine (three quarters of its memory). Standard streams, the exit code and
// signals pass straight through.
import { spawnSync } from 'node:child_process';
import { totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const chosen = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => arg.includes('--max-old-space-size'));
if (!chosen && !process.env.FEDSIM_NO_RESPAWN) {
  const heapMiB = Math.max(4096, Math.floor((totalmem() / 2 ** 20) * 0.75));
  const child = spawnSync(process.execPath, [...process.execArgv, `--max-old-space-size=${heapMiB}`, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, FEDSIM_NO_RESPAWN: '1' },
  });
  if (child.error) throw child.error;
  if (child.signal) process.kill(process.pid, child.signal);
  process.exit(child.status ?? 1);
}

const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../cli/main.ts');
await main(process.argv.slice(2));
