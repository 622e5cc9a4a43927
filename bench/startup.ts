/**
 * The startup benchmark: how long the `fedsim` command takes when there is little
 * to do, beside `node -e 0` timed in the same breath (the floor any Node command
 * pays). Each command runs `rounds` times, interleaved, and the medians are kept:
 * a start-up is short enough that one busy moment of this shared machine would
 * otherwise decide the figure.
 */
import { spawnSync } from 'node:child_process';
import type { BenchFigures } from './child';
import { ensureBuilt } from './cli-run';

const FEDSIM = new URL('../bin/fedsim.mjs', import.meta.url).pathname;
const EXAMPLE = new URL('../scenarios/examples/seed-failover.yaml', import.meta.url).pathname;

function wallMs(args: string[]): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${result.stderr.trim()}`);
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export function runStartup(name: string, rounds: number): BenchFigures {
  ensureBuilt();
  const node: number[] = [];
  const version: number[] = [];
  const example: number[] = [];
  for (let i = 0; i < rounds; i++) {
    node.push(wallMs(['-e', '0']));
    version.push(wallMs([FEDSIM, '--version']));
    example.push(wallMs([FEDSIM, 'run', EXAMPLE]));
  }
  const nodeMs = median(node);
  const versionMs = median(version);
  const exampleMs = median(example);
  return {
    name,
    seconds: exampleMs / 1000,
    cpuSeconds: Number.NaN,
    events: 0,
    eventsPerSecond: 0,
    peakRssMiB: 0,
    phasesMs: { nodeE0: Math.round(nodeMs), version: Math.round(versionMs), seedExample: Math.round(exampleMs) },
    startup: { versionOverNode: Math.round((versionMs / nodeMs) * 100) / 100 },
  };
}
