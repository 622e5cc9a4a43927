/**
 * Runs one benchmark in this process and prints its figures as one JSON line, so
 * that bench/run.ts can start each in a fresh child and read its own peak RSS.
 * Usage: node --import tsx bench/child.ts NAME
 */
import { analyseResilience, expandGenerate, lintScenario, runScenario, validateScenario, type Scenario } from '../engine/index';
import { holdModel } from './kernel';
import { readLatencyNs } from './memory-latency';
import { sweepBenchmark, type SweepCaseFigures } from './sweep';
import { BENCHMARKS, type FederationWorkload, type MemoryWorkload, type ResilienceWorkload } from './workloads';

export interface BenchFigures {
  name: string;
  /** Wall time of what the target is about (the kernel loop; for federations, simulate + report). */
  seconds: number;
  /** CPU time (user + system) of the same part: steadier than wall time on a shared machine. */
  cpuSeconds: number;
  events: number;
  eventsPerSecond: number;
  joins?: number;
  joinsPerSecond?: number;
  peakRssMiB: number;
  phasesMs?: Record<string, number>;
  fingerprint?: string;
  tracedFingerprint?: string;
  traceRecords?: number;
  outcomes?: Record<string, number>;
  /** sweep: each executor case's runs per second (the first is the yardstick). */
  sweep?: SweepCaseFigures[];
  /** sweep: the best speed-up two threads of a plain busy loop got over one in the same rounds (what the machine gave). */
  machineSpeedup?: number;
  /** sweep: the machine's 1-minute load average before and after. */
  loadAverage?: number[];
  /** memory-latency: nanoseconds per dependent read, by working set in MiB. */
  readLatencyNs?: Record<string, number>;
  /** The yardstick timed in the same run (resilience: `fedsim lint` of the same scenario), wall and CPU seconds. */
  yardstickSeconds?: number;
  yardstickCpuSeconds?: number;
  /** Filled in by run.ts when it kept the median of several runs: how many, and the fastest and slowest wall time. */
  runs?: number;
  secondsRange?: [number, number];
}

function peakRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

let lastCpuMs = 0;

function timed<T>(fn: () => T): [T, number] {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = fn();
  const used = process.cpuUsage(cpu);
  lastCpuMs = (used.user + used.system) / 1000;
  return [value, performance.now() - start];
}

function federation(name: string, workload: FederationWorkload): BenchFigures {
  const loaded = validateScenario({ fedsim: 1, name, seed: '0', servers: [], rooms: [], generate: workload.generate }, `${name}.json`);
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  const [scenario, generateMs] = timed((): Scenario => expandGenerate(loaded.scenario));
  const [lint, lintMs] = timed(() => lintScenario(scenario));
  const [outcome, runMs] = timed(() => runScenario(scenario, { lint }));
  const runCpuMs = lastCpuMs;
  const { report } = outcome;
  const figures: BenchFigures = {
    name,
    seconds: runMs / 1000,
    cpuSeconds: runCpuMs / 1000,
    events: report.events,
    eventsPerSecond: Math.round(report.events / (runMs / 1000)),
    joins: report.joins.length,
    joinsPerSecond: Math.round(report.joins.length / (runMs / 1000)),
    peakRssMiB: 0,
    phasesMs: { generate: Math.round(generateMs), lint: Math.round(lintMs), simulateAndReport: Math.round(runMs) },
    fingerprint: report.fingerprint,
    outcomes: report.summary?.byOutcome ?? {},
  };
  if (workload.traced) {
    let records = 0;
    let bytes = 0;
    const [traced, tracedMs] = timed(() =>
      runScenario(scenario, {
        lint,
        // What `fedsim run --trace` does per record, minus the disk.
        onTrace: (event) => {
          records++;
          bytes += JSON.stringify(event).length + 1;
        },
      }),
    );
    figures.tracedFingerprint = traced.report.fingerprint;
    figures.traceRecords = records;
    (figures.phasesMs as Record<string, number>).simulateTraced = Math.round(tracedMs);
    (figures.phasesMs as Record<string, number>).traceMiB = Math.round(bytes / 2 ** 20);
  }
  figures.peakRssMiB = peakRssMiB();
  return figures;
}

/**
 * The resilience analysis at t = 0 against lint of the same scenario, alternating
 * so that both see the same machine; the fastest of each. Events: rooms analysed.
 */
function resilience(name: string, workload: ResilienceWorkload): BenchFigures {
  const loaded = validateScenario({ fedsim: 1, name, seed: '0', servers: [], rooms: [], generate: workload.generate }, `${name}.json`);
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  const [scenario, generateMs] = timed((): Scenario => expandGenerate(loaded.scenario));
  let lintMs = Infinity;
  let lintCpuMs = Infinity;
  let analysisMs = Infinity;
  let analysisCpuMs = Infinity;
  let rooms = 0;
  let atRisk = 0;
  let critical = 0;
  for (let i = 0; i < workload.repeats; i++) {
    const [, l] = timed(() => lintScenario(scenario));
    lintMs = Math.min(lintMs, l);
    lintCpuMs = Math.min(lintCpuMs, lastCpuMs);
    const [analysis, a] = timed(() => analyseResilience(scenario));
    analysisMs = Math.min(analysisMs, a);
    analysisCpuMs = Math.min(analysisCpuMs, lastCpuMs);
    rooms = analysis.rooms.length;
    atRisk = analysis.rooms.filter((r) => r.minFailures <= 1).length;
    critical = analysis.criticalServers.length;
  }
  return {
    name,
    seconds: analysisMs / 1000,
    cpuSeconds: analysisCpuMs / 1000,
    events: rooms,
    eventsPerSecond: Math.round(rooms / (analysisMs / 1000)),
    peakRssMiB: peakRssMiB(),
    yardstickSeconds: lintMs / 1000,
    yardstickCpuSeconds: lintCpuMs / 1000,
    phasesMs: { generate: Math.round(generateMs), lint: Math.round(lintMs), lintCpu: Math.round(lintCpuMs), resilience: Math.round(analysisMs), resilienceCpu: Math.round(analysisCpuMs) },
    outcomes: { restrictedRooms: rooms, atRisk, criticalServers: critical },
  };
}

function memory(name: string, workload: MemoryWorkload): BenchFigures {
  const readLatency: Record<string, number> = {};
  let ns = 0;
  for (const mib of workload.workingSetsMiB) {
    const perRead = readLatencyNs(mib, workload.reads);
    readLatency[String(mib)] = Math.round(perRead * 10) / 10;
    ns += perRead * workload.reads;
  }
  const reads = workload.reads * workload.workingSetsMiB.length;
  // One thread that only ever waits for memory: its CPU time is its wall time.
  return { name, seconds: ns / 1e9, cpuSeconds: ns / 1e9, events: reads, eventsPerSecond: Math.round(reads / (ns / 1e9)), peakRssMiB: peakRssMiB(), readLatencyNs: readLatency };
}

async function main(): Promise<void> {
  const name = process.argv[2] ?? '';
  const bench = BENCHMARKS.find((b) => b.name === name);
  if (!bench) throw new Error(`no benchmark ${name}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  let figures: BenchFigures;
  const workload = bench.workload;
  if (workload.kind === 'kernel') {
    const [{ events, ms }] = timed(() => holdModel(workload.pending, workload.events, workload.meanDelayMs));
    figures = { name, seconds: ms / 1000, cpuSeconds: lastCpuMs / 1000, events, eventsPerSecond: Math.round(events / (ms / 1000)), peakRssMiB: peakRssMiB() };
  } else if (workload.kind === 'memory') {
    figures = memory(name, workload);
  } else if (workload.kind === 'resilience') {
    figures = resilience(name, workload);
  } else if (workload.kind === 'sweep') {
    const { cases, machineSpeedup, loadAverage } = await sweepBenchmark(name, workload);
    const first = cases[0] as SweepCaseFigures;
    // events and events/s stand for runs and runs/s of the yardstick case here.
    figures = { name, seconds: first.wallMs / 1000, cpuSeconds: first.cpuSeconds ?? 0, events: first.runs, eventsPerSecond: first.runsPerSecond, peakRssMiB: peakRssMiB(), sweep: cases, machineSpeedup, loadAverage };
  } else {
    figures = federation(name, workload);
  }
  process.stdout.write(JSON.stringify(figures) + '\n');
}

await main();
