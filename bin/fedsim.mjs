#!/usr/bin/env node
// The fedsim command. The CLI is TypeScript run through tsx's loader, so there is
// no build step between editing and running.
//
// Node's default heap limit (about 4 GiB here) is too small for million-join runs,
// so unless the caller chose a limit, fedsim runs itself again with one sized to
// the machine (three quarters of its memory). Standard streams, the exit code and
// signals pass straight through.
import { spawn } from 'node:child_process';
import { totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { GC_FLAGS } from './gc-flags.mjs';

const chosen = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => arg.includes('--max-old-space-size'));
if (!chosen && !process.env.FEDSIM_NO_RESPAWN) {
  const heapMiB = Math.max(4096, Math.floor((totalmem() / 2 ** 20) * 0.75));
  // With the collector's settings (gc-flags.mjs says why each).
  const flags = [`--max-old-space-size=${heapMiB}`, ...GC_FLAGS];
  const child = spawn(process.execPath, [...process.execArgv, ...flags, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, FEDSIM_NO_RESPAWN: '1' },
  });
  // Whoever stops this process means the run: pass the signal on, so that no
  // orphaned child (a `fedsim viz` server, say) outlives it.
  const forward = (signal) => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
  child.on('error', (error) => {
    console.error(`fedsim: could not start node: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else {
      process.exit(code ?? 1);
    }
  });
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../cli/main.ts');
  await main(process.argv.slice(2));
}
