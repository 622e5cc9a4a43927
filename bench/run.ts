/**
 * `npm run bench [-- NAME... ] [--record]`: runs each benchmark of workloads.ts in
 * its own child process (fresh heap, its own peak RSS), prints events/s, joins/s
 * and peak memory against the targets, and with --record writes the figures to
 * bench/baselines.json. The visualiser's benchmarks are separate (bench/viz-*).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { BenchFigures } from './child';
import { GC_FLAGS } from '../bin/gc-flags.mjs';
import { runCli } from './cli-run';
import { runStartup } from './startup';
import { BENCHMARKS, MEMORY_PROBE, SCALING_PAIRS, YARDSTICK, type Benchmark } from './workloads';

const BASELINES = new URL('./baselines.json', import.meta.url);
const CHILD = new URL('./child.ts', import.meta.url).pathname;

function runChild(bench: Benchmark): BenchFigures | { name: string; error: string } {
  if (bench.workload.kind === 'cli') return runCli(bench.name, bench.workload);
  if (bench.workload.kind === 'startup') return runStartup(bench.name, bench.workload.rounds);
  // The same collector settings as the `fedsim` command, so the figures are what users get.
  const result = spawnSync(process.execPath, [`--max-old-space-size=${bench.heapMiB}`, ...GC_FLAGS, '--import', 'tsx', CHILD, bench.name], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    timeout: 30 * 60_000,
  });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  if (result.status !== 0 || !line.startsWith('{')) {
    return { name: bench.name, error: (result.stderr || `exit ${result.status} ${result.signal ?? ''}`).trim().split('\n').slice(-3).join(' | ') };
  }
  return JSON.parse(line) as BenchFigures;
}

/**
 * Runs a benchmark `bench.runs` times (each in a fresh child) and keeps the run
 * with the median wall time: this machine is shared, and one run can be a fifth
 * slower than the next for reasons that have nothing to do with the code.
 */
function medianRun(bench: Benchmark): BenchFigures | { name: string; error: string } {
  const runs: BenchFigures[] = [];
  for (let i = 0; i < (bench.runs ?? 1); i++) {
    const f = runChild(bench);
    if ('error' in f) return f;
    runs.push(f);
  }
  runs.sort((a, b) => a.seconds - b.seconds);
  const median = runs[Math.floor(runs.length / 2)] as BenchFigures;
  if (runs.length === 1) return median;
  return { ...median, runs: runs.length, secondsRange: [(runs[0] as BenchFigures).seconds, (runs[runs.length - 1] as BenchFigures).seconds] };
}

function verdict(bench: Benchmark, f: BenchFigures, yardstick: BenchFigures | undefined): string {
  const misses: string[] = [];
  const t = bench.target;
  // Judged on CPU time: on this shared machine a wall time also measures the neighbours (a run's wall time was twice its CPU time in a busy minute).
  if (t.maxYardsticks !== undefined && yardstick && f.cpuSeconds / yardstick.cpuSeconds > t.maxYardsticks) misses.push(`> ${t.maxYardsticks} yardsticks of CPU time`);
  if (t.minYardstickSpeed !== undefined && yardstick && f.eventsPerSecond / yardstick.eventsPerSecond < t.minYardstickSpeed) {
    misses.push(`< ${t.minYardstickSpeed} of the yardstick's speed`);
  }
  if (t.minEventsPerSecond !== undefined && f.eventsPerSecond < t.minEventsPerSecond) misses.push(`< ${t.minEventsPerSecond / 1e6} M ev/s`);
  if (t.maxSeconds !== undefined && f.seconds > t.maxSeconds) misses.push(`> ${t.maxSeconds} s`);
  if (t.maxVersionOverNode !== undefined && f.startup && f.startup.versionOverNode > t.maxVersionOverNode) misses.push(`--version > ${t.maxVersionOverNode}x node -e 0`);
  if (t.maxRssMiB !== undefined && f.peakRssMiB > t.maxRssMiB) misses.push(`> ${t.maxRssMiB} MiB RSS`);
  // CPU time, steadier than wall time on a shared machine (both are printed).
  if (t.maxTimesYardstick !== undefined && f.yardstickCpuSeconds !== undefined && f.cpuSeconds > t.maxTimesYardstick * f.yardstickCpuSeconds) misses.push(`> ${t.maxTimesYardstick}x lint's CPU time`);
  const twoWorkers = f.sweep?.find((c) => c.label === 'workers-2');
  if (t.minSweepSpeedup !== undefined && twoWorkers !== undefined && twoWorkers.speedup < t.minSweepSpeedup) misses.push(`workers-2 < ${t.minSweepSpeedup}x workers-1`);
  const redis = f.sweep?.find((c) => c.label === 'redis-2');
  if (t.minQueueShare !== undefined && redis !== undefined && twoWorkers !== undefined && redis.runsPerSecond < t.minQueueShare * twoWorkers.runsPerSecond) misses.push(`redis-2 < ${t.minQueueShare * 100} % of workers-2`);
  if (f.tracedFingerprint !== undefined && f.tracedFingerprint !== f.fingerprint) misses.push('traced fingerprint differs');
  return misses.length === 0 ? 'ok' : `MISSED (${misses.join(', ')})`;
}

function fmt(n: number | undefined): string {
  return n === undefined ? '-' : n.toLocaleString('en');
}

/** The visualiser's browser benchmarks (bench/viz-scale.ts), run in their own process. */
const VIZ_BENCHMARKS = ['viz-100k', 'viz-1m'];

function main(): void {
  const args = process.argv.slice(2);
  const record = args.includes('--record');
  const viz = args.filter((a) => VIZ_BENCHMARKS.includes(a));
  if (viz.length) {
    const result = spawnSync(process.execPath, ['--import', 'tsx', new URL('./viz-scale.ts', import.meta.url).pathname, ...viz, ...(record ? ['--record'] : [])], { stdio: 'inherit' });
    if (result.status !== 0) process.exitCode = result.status ?? 1;
    if (args.every((a) => a.startsWith('--') || viz.includes(a))) return;
  }
  const names = args.filter((a) => !a.startsWith('--') && !viz.includes(a));
  // The yardstick runs first whenever anything runs: every figure is quoted against
  // it; and the memory probe after it, to say what memory cost meanwhile.
  const chosen = names.length === 0 ? BENCHMARKS : BENCHMARKS.filter((b) => b.name === YARDSTICK || b.name === MEMORY_PROBE || names.includes(b.name));
  console.log(`fedsim benchmarks, node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`);
  const results: Record<string, BenchFigures> = {};
  for (const bench of chosen) {
    process.stdout.write(`\n${bench.name}: ${bench.what}\n`);
    const f = medianRun(bench);
    if ('error' in f) {
      console.log(`  FAILED: ${f.error}`);
      continue;
    }
    results[bench.name] = f;
    const yardstick = results[YARDSTICK];
    if (yardstick && bench.name !== YARDSTICK) {
      f.yardsticks = Math.round((f.seconds / yardstick.seconds) * 1000) / 1000;
      f.cpuYardsticks = Math.round((f.cpuSeconds / yardstick.cpuSeconds) * 1000) / 1000;
    }
    const spread = f.runs !== undefined && f.runs > 1 ? `median of ${f.runs} runs (${f.secondsRange?.map((x) => x.toFixed(2)).join('–')} s): ` : '';
    console.log(`  ${spread}${f.seconds.toFixed(2)} s (cpu ${f.cpuSeconds.toFixed(2)} s) | ${fmt(f.events)} events | ${fmt(f.eventsPerSecond)} ev/s | ${f.joins !== undefined ? `${fmt(f.joinsPerSecond)} joins/s | ` : ''}peak RSS ${fmt(f.peakRssMiB)} MiB | ${verdict(bench, f, yardstick)}`);
    if (f.yardstickSeconds !== undefined && f.yardstickCpuSeconds !== undefined) {
      console.log(`  lint of the same scenario (same run): ${f.yardstickSeconds.toFixed(2)} s (cpu ${f.yardstickCpuSeconds.toFixed(2)} s); this is ${(f.seconds / f.yardstickSeconds).toFixed(2)}x its wall time, ${(f.cpuSeconds / f.yardstickCpuSeconds).toFixed(2)}x its CPU time`);
    }
    if (f.startup) console.log(`  fedsim --version takes ${f.startup.versionOverNode.toFixed(2)}x node -e 0`);
    if (f.yardsticks !== undefined && yardstick && bench.workload.kind !== 'startup' && bench.workload.kind !== 'memory') {
      console.log(`  = ${f.yardsticks.toFixed(2)} yardsticks of wall time, ${f.cpuYardsticks?.toFixed(2)} of CPU time; ${(f.eventsPerSecond / yardstick.eventsPerSecond).toFixed(2)} of its events/s`);
    }
    if (f.cliPhases) {
      console.log(`  phases: ${Object.entries(f.cliPhases).map(([k, v]) => `${k} ${fmt(v.ms)} ms (${fmt(v.peakRssMiB)} MiB)`).join(', ')}`);
    } else if (f.phasesMs) console.log(`  phases (ms): ${Object.entries(f.phasesMs).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);
    if (f.readLatencyNs) {
      const factor = memoryFactor(f);
      console.log(`  ns per dependent read: ${Object.entries(f.readLatencyNs).map(([mib, ns]) => `${fmt(Number(mib))} MiB ${ns}`).join(', ')}${factor === null ? '' : ` (${factor.toFixed(2)}x)`}`);
      if (bench.name === MEMORY_PROBE) console.log(`  ${probeAgainstRecorded(f)}`);
    }
    if (f.sweep) {
      console.log(`  runs/s: ${f.sweep.map((c) => `${c.label} ${c.runsPerSecond} (${c.speedup}x, ${(c.wallMs / 1000).toFixed(1)} s wall, ${c.cpuSeconds ?? '?'} s cpu)`).join(', ')}`);
      console.log(`  yardstick: a plain busy loop got ${f.machineSpeedup}x from two threads in the same rounds (what the machine gave; load average ${f.loadAverage?.join(' → ') ?? '?'})`);
    }
    if (f.queueOverhead) {
      const o = f.queueOverhead;
      const redis = f.sweep?.find((c) => c.label === 'redis-2');
      const two = f.sweep?.find((c) => c.label === 'workers-2');
      const share = redis && two ? `; redis-2 at ${Math.round((redis.runsPerSecond / two.runsPerSecond) * 100)} % of workers-2` : '';
      console.log(`  queue: ${o.perJobMs} ms a job (${o.runs} tiny runs: ${o.queueMs} ms through Redis with one worker, ${o.inProcessMs} ms in process)${share}`);
    }
    if (f.outcomes) console.log(`  outcomes: ${Object.entries(f.outcomes).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);
  }
  for (const pair of SCALING_PAIRS) {
    // A pair not run now is read from the recorded baselines, so `npm run bench -- fed-1m` still reports its ratios.
    const small = results[pair.small] ?? recorded()[pair.small];
    const big = results[pair.big] ?? recorded()[pair.big];
    if (!small || !big || (!results[pair.small] && !results[pair.big])) continue;
    const factor = big.seconds / small.seconds;
    const events = big.events / small.events;
    const perEvent = factor / events;
    const checks: string[] = [];
    if (pair.maxFactor !== undefined) checks.push(`time ≤ ${pair.maxFactor}x: ${factor <= pair.maxFactor ? 'ok' : 'MISSED'}`);
    if (pair.maxPerEventFactor !== undefined) checks.push(`time per event ≤ ${pair.maxPerEventFactor}x: ${perEvent <= pair.maxPerEventFactor ? 'ok' : 'MISSED'}`);
    const recordedNote = !results[pair.small] || !results[pair.big] ? ' (one side from bench/baselines.json)' : '';
    console.log(`\nscaling, ${pair.what}: ${pair.big} / ${pair.small} = ${factor.toFixed(2)}x; events ${events.toFixed(2)}x, time per event ${perEvent.toFixed(2)}x${recordedNote}${checks.length > 0 ? ` (${checks.join('; ')})` : ''}`);
  }
  const memory = results['memory-latency'] ?? recorded()['memory-latency'];
  const missFactor = memory ? memoryFactor(memory) : null;
  if (missFactor !== null && (results['memory-latency'] || results['fed-1m'] || results['fed-100k'])) {
    console.log(`memory: a cache miss over fed-1m's working set costs ${missFactor.toFixed(2)}x one over fed-100k's (memory-latency)`);
  }
  if (record) {
    const all = existsSync(BASELINES) ? (JSON.parse(readFileSync(BASELINES, 'utf8')) as Record<string, unknown>) : {};
    for (const [name, f] of Object.entries(results)) all[name] = { ...f, recordedAt: new Date().toISOString(), node: process.version };
    writeFileSync(BASELINES, JSON.stringify(all, null, 2) + '\n');
    console.log(`\nrecorded ${Object.keys(results).join(', ')} in bench/baselines.json`);
  }
}

/** memory-latency: the read latency over the last working set divided by that over the first; null without two. */
function memoryFactor(f: BenchFigures): number | null {
  const ns = Object.values(f.readLatencyNs ?? {});
  return ns.length < 2 ? null : (ns[ns.length - 1] as number) / (ns[0] as number);
}

/** The memory probe beside the one recorded, so that a slow minute for memory shows as one. */
function probeAgainstRecorded(f: BenchFigures): string {
  const now = f.readLatencyNs?.['400'];
  const before = recorded()[MEMORY_PROBE];
  const then = before?.readLatencyNs?.['400'];
  if (now === undefined || then === undefined || before === undefined) return 'no recorded probe to compare with';
  return `${(now / then).toFixed(2)}x the recorded probe (${then} ns, ${String((before as { recordedAt?: string }).recordedAt ?? '?').slice(0, 16)}): figures that wait on memory move with it, which the yardstick does not show`;
}

/** bench/baselines.json as recorded, or nothing. */
function recorded(): Record<string, BenchFigures> {
  return existsSync(BASELINES) ? (JSON.parse(readFileSync(BASELINES, 'utf8')) as Record<string, BenchFigures>) : {};
}

main();
