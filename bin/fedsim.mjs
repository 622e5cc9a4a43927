#!/usr/bin/env node
// The fedsim command. It runs the compiled CLI, dist/fedsim.js (scripts/build-cli.mjs,
// run by `npm install` and `npm test`) when that build is of exactly the sources
// in cli/ and engine/ now; otherwise (an edited checkout, a build not made yet) it
// runs the TypeScript itself through tsx's loader, slower to start but never old
// code. FEDSIM_FROM_SOURCE=1 always runs the sources.
//
// Node's default heap limit (about 4 GiB here) is too small for million-join runs.
// When the input may need more than this process's limit (input-size.mjs says
// how that is judged) and the caller chose no limit, fedsim runs itself again
// with one sized to the machine (three quarters of its memory) and the
// collector's settings (gc-flags.mjs); standard streams, the exit code and
// signals pass straight through. Otherwise it runs here, with no second process
// (and of the collector's settings only those V8 takes after start-up).
import { spawn } from 'node:child_process';
import { totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { isBuildFresh } from './build-manifest.mjs';
import { GC_FLAGS } from './gc-flags.mjs';
import { needsBiggerHeap } from './input-size.mjs';

const argv = process.argv.slice(2);
const chosen = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => arg.includes('--max-old-space-size'));
const heapMiB = Math.max(4096, Math.floor((totalmem() / 2 ** 20) * 0.75));
if (!chosen && !process.env.FEDSIM_NO_RESPAWN && needsBiggerHeap(argv, getHeapStatistics().heap_size_limit, process.cwd())) {
  // --expose-gc: `fedsim run` collects once between a big simulation and its report
  // (cli/commands/run.ts), so writing the report reuses the simulation's freed memory.
  const flags = [`--max-old-space-size=${heapMiB}`, ...GC_FLAGS, '--expose-gc'];
  const child = spawn(process.execPath, [...process.execArgv, ...flags, fileURLToPath(import.meta.url), ...argv], {
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
  // The collector's growth cap (gc-flags.mjs) can still be set in a running
  // process, and keeps a mid-size run's memory down (a 100 000-join run peaked at
  // about 350 MiB with it, 570 without); the semi-space size cannot.
  if (!process.env.FEDSIM_NO_RESPAWN) setFlagsFromString('--heap-growing-percent=100');
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  let main;
  if (!process.env.FEDSIM_FROM_SOURCE && isBuildFresh(root)) {
    ({ main } = await import(pathToFileURL(join(root, 'dist', 'fedsim.js')).href));
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    ({ main } = await import('../cli/main.ts'));
  }
  await main(argv);
}
