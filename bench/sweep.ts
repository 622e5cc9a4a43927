/**
 * The `sweep` benchmark: one sweep (a generated federation of about 2 000 joins per
 * run, 2 points × 20 replications) run by `fedsim sweep` as users run it, once per
 * executor case, in a child process each. Runs per second come from sweep.json's
 * own `timing.wallMs` (the runs, not node's start-up); the first case is the
 * yardstick of the others' speed-ups, timed in the same benchmark run. The cases
 * take turns for a few rounds and each keeps its fastest round: on a shared machine
 * a round can be slowed by others' work, never sped up. Every case must give the
 * same aggregate, bit for bit (checked here too). Each round also times the
 * machine's own parallelism (the same busy loop twice on one thread, then on two
 * threads at once): a sweep's speed-up is read beside what the machine gave then.
 */
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startQueue } from './sweep-queue';

/** One way of running the sweep: the `fedsim sweep` options that choose the executor. */
export interface SweepCase {
  label: string;
  args: string[];
  /**
   * Starts what the case needs (a Redis server, `fedsim worker` processes) and
   * returns more options for `fedsim sweep` and how to stop it all. The job-queue
   * case goes in SWEEP_CASES with one of these.
   */
  setup?: () => { args: string[]; stop(): void };
}

/** The cases timed, the yardstick first. */
export const SWEEP_CASES: SweepCase[] = [
  { label: 'workers-1', args: ['--workers', '1'] },
  { label: 'workers-2', args: ['--workers', '2'] },
  // Through Redis with two local `fedsim worker` processes of one run at a time: the same two cores as workers-2.
  { label: 'redis-2', args: [], setup: () => startQueue(2, 1) },
];

export interface SweepWorkload {
  kind: 'sweep';
  generate: Record<string, unknown>;
  vary: string[];
  replications: number;
  /** Rounds of all the cases; each case keeps its fastest (default 3). */
  rounds?: number;
}

export interface SweepCaseFigures {
  label: string;
  runs: number;
  wallMs: number;
  runsPerSecond: number;
  /** CPU seconds of the `fedsim sweep` process of the fastest round (all its threads), start-up included; null where the OS does not say. */
  cpuSeconds: number | null;
  /** Runs per second over the first case's. */
  speedup: number;
}

const FEDSIM = new URL('../bin/fedsim.mjs', import.meta.url).pathname;

/** CPU seconds used so far by this process's finished children (Linux /proc; null elsewhere). */
function childrenCpuSeconds(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // cutime and cstime are fields 16 and 17 of stat(5), in clock ticks (100 a second on Linux).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

/** A busy loop of fixed work (no memory traffic, no allocation): what two cores give two threads. */
const SPIN = `let x = 0; for (let i = 0; i < 2e8; i++) x = (x + i * 7) % 1000003; x`;

/** The same loop twice on this thread, then once here and once on a worker thread at once: time of the first over the second. */
export async function parallelYardstick(): Promise<number> {
  const spin = new Function(`return (() => { ${SPIN}; return x; })()`) as () => number;
  let started = performance.now();
  spin();
  spin();
  const serial = performance.now() - started;
  started = performance.now();
  const worker = new Worker(`require('node:worker_threads').parentPort.postMessage((() => { ${SPIN}; return x; })())`, { eval: true });
  const done = new Promise((resolve) => worker.once('message', resolve));
  spin();
  await done;
  const parallel = performance.now() - started;
  await worker.terminate();
  return serial / parallel;
}

/** Runs every case of SWEEP_CASES on `workload`; throws when a case fails or its aggregate differs. */
export async function sweepBenchmark(name: string, workload: SweepWorkload): Promise<{ cases: SweepCaseFigures[]; machineSpeedup: number; loadAverage: number[] }> {
  const loadBefore = loadavg()[0] as number;
  const dir = mkdtempSync(join(tmpdir(), 'fedsim-bench-sweep-'));
  try {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, stringify({ fedsim: 1, name, seed: '1', servers: [], rooms: [], generate: workload.generate }));
    const best = new Map<string, { runs: number; wallMs: number; cpuSeconds: number | null }>();
    let aggregate: string | null = null;
    let machineSpeedup = 0;
    for (let round = 0; round < (workload.rounds ?? 3); round++) {
      machineSpeedup = Math.max(machineSpeedup, await parallelYardstick());
      for (const c of SWEEP_CASES) {
        const extra = c.setup?.();
        try {
          const out = join(dir, `${c.label}-${round}`);
          const cpuBefore = childrenCpuSeconds();
          const args = [FEDSIM, 'sweep', file, ...workload.vary.flatMap((v) => ['--vary', v]), '--replications', String(workload.replications), '--out', out, '--no-progress', ...c.args, ...(extra?.args ?? [])];
          // FEDSIM_NO_RESPAWN is left unset: the command starts as users start it.
          const result = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24, timeout: 30 * 60_000 });
          if (result.status !== 0) throw new Error(`${c.label}: fedsim sweep exited ${result.status}: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`);
          const cpuAfter = childrenCpuSeconds();
          const report = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as { timing: { wallMs: number }; points: Array<{ runs: number }> };
          const same = JSON.stringify({ ...report, timing: null });
          if (aggregate !== null && same !== aggregate) throw new Error(`${c.label}: the aggregate differs from ${SWEEP_CASES[0]?.label}'s`);
          aggregate ??= same;
          const runs = report.points.reduce((sum, p) => sum + p.runs, 0);
          const cpuSeconds = cpuBefore === null || cpuAfter === null ? null : Math.round((cpuAfter - cpuBefore) * 100) / 100;
          const kept = best.get(c.label);
          if (kept === undefined || report.timing.wallMs < kept.wallMs) best.set(c.label, { runs, wallMs: report.timing.wallMs, cpuSeconds });
        } finally {
          extra?.stop();
        }
      }
    }
    const figures: SweepCaseFigures[] = [];
    for (const c of SWEEP_CASES) {
      const { runs, wallMs, cpuSeconds } = best.get(c.label) as { runs: number; wallMs: number; cpuSeconds: number | null };
      const runsPerSecond = runs / (wallMs / 1000);
      figures.push({
        label: c.label,
        runs,
        wallMs,
        runsPerSecond: Math.round(runsPerSecond * 100) / 100,
        cpuSeconds,
        speedup: figures.length === 0 ? 1 : Math.round((runsPerSecond / (figures[0] as SweepCaseFigures).runsPerSecond) * 100) / 100,
      });
    }
    // The machine's 1-minute load average before and after: how shared it was while timed.
    return { cases: figures, machineSpeedup: Math.round(machineSpeedup * 100) / 100, loadAverage: [loadBefore, loadavg()[0] as number].map((l) => Math.round(l * 10) / 10) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
