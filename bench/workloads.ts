/**
 * The benchmarks of `npm run bench`: what each one runs and the target it must
 * meet. Targets live here and only here (tests assert no timings).
 */
import type { SweepWorkload } from './sweep';

export interface FederationWorkload {
  kind: 'federation';
  /** The `generate:` options. */
  generate: Record<string, unknown>;
  /** Also run with a trace listener and check the fingerprint is the same. */
  traced?: boolean;
}

export interface KernelWorkload {
  kind: 'kernel';
  pending: number;
  events: number;
  /** Mean of the exponential hold time (default 1 000 ms). */
  meanDelayMs?: number;
}

export interface MemoryWorkload {
  kind: 'memory';
  /** Working sets to time a dependent read over, MiB. */
  workingSetsMiB: number[];
  /** Reads timed per working set. */
  reads: number;
}

/** A static analysis timed against `fedsim lint` of the same generated federation, in the same process. */
export interface ResilienceWorkload {
  kind: 'resilience';
  generate: Record<string, unknown>;
  /** Times each of the two is run, alternating; the fastest of each counts (the machine is shared). */
  repeats: number;
}

export interface Benchmark {
  name: string;
  what: string;
  workload: FederationWorkload | KernelWorkload | MemoryWorkload | ResilienceWorkload | SweepWorkload;
  /** Heap limit of the child process, MiB. */
  heapMiB: number;
  /** Runs to take the median of (default 1). */
  runs?: number;
  /** `maxTimesYardstick`: at most this many times the yardstick timed in the same run (`yardstickSeconds`). */
  target: {
    minEventsPerSecond?: number;
    maxSeconds?: number;
    maxRssMiB?: number;
    maxTimesYardstick?: number;
    /** Sweeps: runs/s of the `workers-2` case over the `workers-1` case's, at least. */
    minSweepSpeedup?: number;
  };
}

export const BENCHMARKS: Benchmark[] = [
  {
    name: 'kernel',
    what: 'hold model: 100 k pending, 10 M events (1 pop, 1 push, 1 RNG draw each)',
    workload: { kind: 'kernel', pending: 100_000, events: 10_000_000 },
    heapMiB: 1024,
    runs: 3,
    target: { minEventsPerSecond: 4_000_000 },
  },
  {
    name: 'kernel-distinct',
    what: 'hold model as above with a mean hold of 10^9 ms, so nearly every event time is distinct (the queue\'s worst case)',
    workload: { kind: 'kernel', pending: 100_000, events: 10_000_000, meanDelayMs: 1_000_000_000 },
    heapMiB: 1024,
    runs: 3,
    target: {},
  },
  {
    name: 'midsize',
    what: 'generated federation: 200 servers, 2 000 rooms, 20 000 joins, synapse/dendrite/conduwuit mix, 1% loss; traced and untraced',
    workload: {
      kind: 'federation',
      generate: { servers: 200, joins: 20_000, mix: { synapse: 0.8, dendrite: 0.1, conduwuit: 0.1 }, loss: 0.01 },
      traced: true,
    },
    heapMiB: 2048,
    runs: 3,
    target: {},
  },
  {
    name: 'fed-100k',
    what: 'generated federation: 1 000 servers, 10 000 rooms, 100 000 joins',
    workload: { kind: 'federation', generate: { servers: 1000, rooms: 10_000, joins: 100_000 } },
    heapMiB: 4096,
    runs: 3,
    target: { maxSeconds: 5 },
  },
  {
    name: 'fed-100k-lognormal',
    what: 'fed-100k with the generator\'s own network (lognormal latency, median 60 ms): every copy draws its latency on its link',
    workload: { kind: 'federation', generate: { servers: 1000, rooms: 10_000, joins: 100_000, latency: { lognormal: { median: 60, sigma: 0.5 } } } },
    heapMiB: 4096,
    runs: 3,
    target: {},
  },
  {
    name: 'fed-1m',
    what: 'generated federation: 10 000 servers, 100 000 rooms, 1 000 000 joins',
    workload: { kind: 'federation', generate: { servers: 10_000, rooms: 100_000, joins: 1_000_000 } },
    heapMiB: 12288,
    runs: 3,
    target: { maxSeconds: 60, maxRssMiB: 4096 },
  },
  {
    name: 'fed-1m-federation-100k-joins',
    what: 'fed-1m\'s federation (10 000 servers, 100 000 rooms) with a tenth of the joins: beside fed-1m, how the cost grows with joins alone',
    workload: { kind: 'federation', generate: { servers: 10_000, rooms: 100_000, joins: 100_000 } },
    heapMiB: 12288,
    runs: 3,
    target: {},
  },
  {
    name: 'resilience',
    what: 'fedsim resilience without --verify (t = 0) on a generated 10 000-server, 100 000-room federation, against fedsim lint of the same scenario in the same run',
    workload: { kind: 'resilience', generate: { servers: 10_000, rooms: 100_000, joins: 100_000 }, repeats: 2 },
    heapMiB: 8192,
    target: { maxTimesYardstick: 1 },
  },
  {
    name: 'sweep',
    what: "fedsim sweep of midsize's federation with a tenth of its joins (200 servers, 2 000 rooms, 2 000 joins a run, lognormal latency, three implementations), each replication generated anew: 2 points × 20 replications, with --workers 1 and --workers 2 (bench/sweep.ts lists the cases)",
    workload: {
      kind: 'sweep',
      generate: { servers: 200, joins: 2000, latency: { lognormal: { median: 60, sigma: 0.5 } }, mix: { synapse: 0.8, dendrite: 0.1, conduwuit: 0.1 } },
      vary: ['generate.loss=0,0.02'],
      replications: 20,
    },
    heapMiB: 1024,
    target: { minSweepSpeedup: 1.8 },
  },
  {
    name: 'memory-latency',
    what: 'one dependent read of a random cache line over 400 MiB and over 2 600 MiB (about fed-100k\'s and fed-1m\'s peak memory): what a cache miss costs at each size on this machine',
    workload: { kind: 'memory', workingSetsMiB: [400, 2600], reads: 5_000_000 },
    heapMiB: 1024,
    runs: 3,
    target: {},
  },
];

/** Cost of 1 M joins over 100 k joins (fed-1m over fed-100k) must stay within this factor. */
export const MAX_SCALING_FACTOR = 12;

/**
 * The pairs of benchmarks whose time ratio bench/run.ts prints: the target
 * (a federation ten times the size with ten times the joins), and the same
 * federation with ten times the joins, which isolates the growth in joins.
 */
export const SCALING_PAIRS: { small: string; big: string; maxFactor?: number; what: string }[] = [
  { small: 'fed-100k', big: 'fed-1m', maxFactor: MAX_SCALING_FACTOR, what: '10x servers, rooms and joins' },
  { small: 'fed-1m-federation-100k-joins', big: 'fed-1m', what: 'same federation, 10x joins' },
];
