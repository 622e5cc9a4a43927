/**
 * The cli benchmarks: the `fedsim` command timed end to end as a user runs it,
 * node's start-up included, on a scenario file written once by `fedsim generate`
 * (kept in the system's temporary folder, named by the options, so later runs
 * reuse it). The phases come from `fedsim run --timings`, and so does the peak
 * resident memory: it is the memory of the process that did the work, whether or
 * not bin/fedsim.mjs started a second one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchFigures } from './child';
import type { CliWorkload } from './workloads';

const FEDSIM = new URL('../bin/fedsim.mjs', import.meta.url).pathname;
const BUILD = new URL('../scripts/build-cli.mjs', import.meta.url).pathname;
let built = false;

/** Compiles the CLI once per `npm run bench`, so the command timed is the compiled one of the sources as they are. */
export function ensureBuilt(): void {
  if (built) return;
  const result = spawnSync(process.execPath, [BUILD, '--quiet'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`could not compile the CLI: ${result.stderr.trim()}`);
  built = true;
}

/** The scenario file for `workload`, made when missing. */
function scenarioFile(workload: CliWorkload): string {
  const flags = Object.entries(workload.generate).flatMap(([k, v]) => [`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, String(v)]);
  const path = join(tmpdir(), `fedsim-bench-${flags.join('').replace(/[^a-z0-9]+/gi, '-')}.json`);
  if (existsSync(path)) return path;
  const partial = `${path}.${process.pid}.partial`;
  const made = spawnSync(process.execPath, [FEDSIM, 'generate', ...flags, '-o', partial], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`fedsim generate failed: ${made.stderr.trim()}`);
  renameSync(partial, path);
  return path;
}

/** CPU seconds used by this process's finished children so far (Linux: /proc/self/stat cutime + cstime); NaN elsewhere. */
function childrenCpuSeconds(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    // Fields 16 and 17 of stat(5), counted from 1 with pid and comm before ') '.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return Number.NaN;
  }
}

const TIMING_LINE = /^fedsim: timing: (\S+)\s+(\d+) ms, peak RSS (\d+) MiB/;

export function runCli(name: string, workload: CliWorkload): BenchFigures | { name: string; error: string } {
  ensureBuilt();
  const file = scenarioFile(workload);
  const report = join(tmpdir(), `fedsim-bench-${name}-${process.pid}.report.json`);
  const cpuBefore = childrenCpuSeconds();
  const start = performance.now();
  const result = spawnSync(process.execPath, [FEDSIM, 'run', file, '--report', report, '--timings'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - start) / 1000;
  const cpuSeconds = childrenCpuSeconds() - cpuBefore;
  rmSync(report, { force: true });
  // Exit 1 only says an expectation failed; generated scenarios have none.
  if (result.status !== 0) return { name, error: (result.stderr || `exit ${result.status} ${result.signal ?? ''}`).trim().split('\n').slice(-3).join(' | ') };
  const phases: Record<string, { ms: number; peakRssMiB: number }> = {};
  for (const line of result.stderr.split('\n')) {
    const m = TIMING_LINE.exec(line);
    if (m) phases[m[1] as string] = { ms: Number(m[2]), peakRssMiB: Number(m[3]) };
  }
  const summary = /(\d+) joins: .*?; (\d+) events/.exec(result.stdout.replace(/\n/g, ' '));
  const fingerprint = /fingerprint (\S+)/.exec(result.stdout)?.[1];
  const events = Number(summary?.[2] ?? 0);
  const joins = Number(summary?.[1] ?? 0);
  return {
    name,
    seconds,
    cpuSeconds,
    events,
    eventsPerSecond: Math.round(events / seconds),
    joins,
    joinsPerSecond: Math.round(joins / seconds),
    peakRssMiB: phases.total?.peakRssMiB ?? 0,
    phasesMs: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, v.ms])),
    cliPhases: phases,
    ...(fingerprint !== undefined ? { fingerprint } : {}),
  };
}
