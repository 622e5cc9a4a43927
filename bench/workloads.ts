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

/** The yardstick: the hold model on a bare typed-array heap (bare-heap.ts). */
export interface YardstickWorkload {
  kind: 'yardstick';
  pending: number;
  events: number;
}

/**
 * The `fedsim` command end to end, as a user runs it (`node bin/fedsim.mjs run
 * FILE --report OUT --timings`), on a scenario file that `fedsim generate` writes
 * once with these options (cached in the system's temporary folder).
 */
export interface CliWorkload {
  kind: 'cli';
  /** `fedsim generate` options, as flags without the dashes. */
  generate: Record<string, number>;
}

/** `fedsim --version` and the seed example, beside `node -e 0`, medians of `rounds` runs each (bench/startup.ts). */
export interface StartupWorkload {
  kind: 'startup';
  rounds: number;
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
  workload: FederationWorkload | KernelWorkload | MemoryWorkload | ResilienceWorkload | YardstickWorkload | CliWorkload | StartupWorkload | SweepWorkload;
  /** Heap limit of the child process, MiB. */
  heapMiB: number;
  /** Runs to take the median of (default 1). */
  runs?: number;
  target: {
    minEventsPerSecond?: number;
    maxSeconds?: number;
    maxRssMiB?: number;
    /** At most this many times the yardstick's time in the same `npm run bench`. */
    maxYardsticks?: number;
    /** startup: `fedsim --version` at most this many times `node -e 0`. */
    maxVersionOverNode?: number;
    /** At least this share of the yardstick's events per second in the same `npm run bench`. */
    minYardstickSpeed?: number;
    /** resilience: at most this many times `fedsim lint` of the same scenario timed in the same run (`yardstickSeconds`). */
    maxTimesYardstick?: number;
    /** Sweeps: runs/s of the `workers-2` case over the `workers-1` case's, at least. */
    minSweepSpeedup?: number;
    /** Sweeps: runs/s of the `redis-2` case (Redis, two worker processes) as a share of `workers-2`'s, at least. */
    minQueueShare?: number;
  };
}

/** The benchmark every time is quoted against; run.ts runs it first whenever another one is run. */
export const YARDSTICK = 'yardstick';
/**
 * Runs after the yardstick whenever anything runs: what a read from memory cost
 * in this run. The yardstick works in the CPU's cache, so it does not see a
 * neighbour that makes memory slow, and the federation benchmarks, which wait on
 * memory, then slow down more than the yardstick (on 2026-12-03 at 14:57 a read
 * over 400 MiB cost 292 ns, against 199 ns on 2026-11-26, and fed-100k took
 * 3.9 s beside a 1.44 s yardstick, against 3.3 s beside a 1.52 s one at 13:06).
 */
export const MEMORY_PROBE = 'memory-probe';

export const BENCHMARKS: Benchmark[] = [
  {
    name: YARDSTICK,
    what: 'the yardstick: hold model (100 k pending, 10 M events) on a bare binary heap of keys in typed arrays',
    workload: { kind: 'yardstick', pending: 100_000, events: 10_000_000 },
    heapMiB: 1024,
    runs: 3,
    target: {},
  },
  {
    name: MEMORY_PROBE,
    what: "the memory probe: one dependent read of a random cache line over 400 MiB (memory-latency's smaller size), beside the yardstick",
    workload: { kind: 'memory', workingSetsMiB: [400], reads: 2_000_000 },
    heapMiB: 1024,
    runs: 1,
    target: {},
  },
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
    target: { minYardstickSpeed: 0.75 },
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
    name: 'startup',
    what: '`fedsim --version` and `fedsim run scenarios/examples/seed-failover.yaml` (the time given) beside `node -e 0`, medians of 11 runs each',
    workload: { kind: 'startup', rounds: 11 },
    heapMiB: 0,
    target: { maxVersionOverNode: 4, maxSeconds: 0.5 },
  },
  {
    name: 'cli-100k',
    what: '`fedsim run FILE --report OUT` end to end (node start-up, load, validate, lint, simulate, report) on a generated 1 000-server, 10 000-room, 100 000-join scenario file',
    workload: { kind: 'cli', generate: { servers: 1000, rooms: 10_000, joins: 100_000 } },
    heapMiB: 0,
    runs: 3,
    target: { maxYardsticks: 1.3 },
  },
  {
    name: 'cli-1m',
    what: '`fedsim run FILE --report OUT` end to end on a generated 10 000-server, 100 000-room, 1 000 000-join scenario file',
    workload: { kind: 'cli', generate: { servers: 10_000, rooms: 100_000, joins: 1_000_000 } },
    heapMiB: 0,
    runs: 1,
    target: { maxYardsticks: 15, maxRssMiB: 3072 },
  },
  {
    name: 'sweep',
    what: "fedsim sweep of midsize's federation with a tenth of its joins (200 servers, 2 000 rooms, 2 000 joins a run, lognormal latency, three implementations), each replication generated anew: 2 points × 20 replications, with --workers 1, --workers 2 and through Redis with two worker processes (bench/sweep.ts lists the cases), and the queue's overhead per job",
    workload: {
      kind: 'sweep',
      generate: { servers: 200, joins: 2000, latency: { lognormal: { median: 60, sigma: 0.5 } }, mix: { synapse: 0.8, dendrite: 0.1, conduwuit: 0.1 } },
      vary: ['generate.loss=0,0.02'],
      replications: 20,
    },
    heapMiB: 1024,
    target: { minSweepSpeedup: 1.8, minQueueShare: 0.9 },
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

/**
 * Pairs of benchmarks whose ratio bench/run.ts prints and checks. Growth is judged
 * per event, since a federation ten times the size makes more than ten times the
 * events (longer failover chains, bigger rooms): fed-1m's time per event at most
 * 1.25 times fed-100k's. With the federation held, ten times the joins may cost
 * at most ten times the time. And a realistic (lognormal) network may cost little
 * more than a fixed one: fed-100k-lognormal at most 1.2 times fed-100k.
 */
export const SCALING_PAIRS: { small: string; big: string; maxFactor?: number; maxPerEventFactor?: number; what: string }[] = [
  { small: 'fed-100k', big: 'fed-1m', maxPerEventFactor: 1.25, what: '10x servers, rooms and joins' },
  { small: 'fed-1m-federation-100k-joins', big: 'fed-1m', maxFactor: 10, what: 'same federation, 10x joins' },
  { small: 'fed-100k', big: 'fed-100k-lognormal', maxFactor: 1.2, what: 'lognormal latency instead of fixed' },
];
