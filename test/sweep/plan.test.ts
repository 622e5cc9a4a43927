import { describe, expect, it } from 'vitest';
import {
  applyPointValues,
  buildSweepReport,
  formatProblem,
  gridPoints,
  mergeSweepReports,
  parseShard,
  parseVaryArgument,
  planSweep,
  sweepRuns,
  type RunMetrics,
  type RunResult,
  type SweepHeader,
  type SweepPlan,
} from '../../engine/index';

const BASE = {
  fedsim: 1,
  name: 'tiny',
  seed: 5,
  servers: [
    { name: 'hs1', users: ['a'] },
    { name: 'hs2', users: ['b'] },
  ],
  rooms: [{ id: '!r:hs1', creator: '@a:hs1', joinRule: 'public' }],
  timeline: [{ at: 10, do: 'join', user: '@b:hs2', room: '!r:hs1', via: ['hs1'] }],
};

function plan(vary: string[], replications = 2, seed?: string): SweepPlan {
  const axes = vary.map((v) => {
    const parsed = parseVaryArgument(v);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.value;
  });
  const planned = planSweep({ base: BASE, fileName: 'tiny.yaml', vary: axes, replications, ...(seed ? { seed } : {}) });
  if (!planned.ok) throw new Error(planned.problems.map(formatProblem).join('\n'));
  return planned.plan;
}

function problems(vary: string[]): string[] {
  const axes = vary.map((v) => {
    const parsed = parseVaryArgument(v);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.value;
  });
  const planned = planSweep({ base: BASE, fileName: 'tiny.yaml', vary: axes, replications: 1 });
  return planned.ok ? [] : planned.problems.map(formatProblem);
}

describe('--vary arguments', () => {
  it('reads values as YAML scalars', () => {
    expect(parseVaryArgument('network.loss=0,0.1,.5')).toEqual({ ok: true, value: { path: 'network.loss', values: [0, 0.1, 0.5] } });
    expect(parseVaryArgument('servers.1.implementation=dendrite,"3",true,null')).toEqual({
      ok: true,
      value: { path: 'servers.1.implementation', values: ['dendrite', '3', true, null] },
    });
  });

  it('says to quote a room ID (a YAML tag) or a user ID (a reserved character), and takes them quoted', () => {
    expect(parseVaryArgument('rooms.0.creator=@a:hs1')).toEqual({
      ok: false,
      message: `rooms.0.creator: value "@a:hs1" is not a YAML scalar: Plain value cannot start with reserved character @; quote it, as in --vary 'PATH="@a:hs1"'`,
    });
    expect(parseVaryArgument('timeline.0.room=!r:hs1').ok).toBe(false);
    expect(parseVaryArgument('timeline.0.room="!r:hs1"')).toEqual({ ok: true, value: { path: 'timeline.0.room', values: ['!r:hs1'] } });
  });

  it('keeps a comma inside quotes', () => {
    expect(parseVaryArgument(`description="a,b",'c,d',e`)).toEqual({ ok: true, value: { path: 'description', values: ['a,b', 'c,d', 'e'] } });
  });

  it('refuses a missing =, an empty value and a map', () => {
    expect(parseVaryArgument('network.loss').ok).toBe(false);
    expect(parseVaryArgument('network.loss=0.1,').ok).toBe(false);
    expect(parseVaryArgument('network.latency={fixed: 5}').ok).toBe(false);
  });
});

describe('a point applied to the scenario as written', () => {
  it('sets dotted paths, list items by index and keys the file leaves out, leaving the base untouched', () => {
    const result = applyPointValues(BASE, { 'servers.1.implementation': 'dendrite', 'network.loss': 0.2, 'rooms[0].members["@b:hs2.example"]': 'invite' }, 'tiny.yaml');
    expect(result.ok).toBe(true);
    const variant = result.scenario as typeof BASE & { network: { loss: number }; rooms: Array<{ members: Record<string, string> }> };
    expect(variant.servers[1]).toEqual({ name: 'hs2', users: ['b'], implementation: 'dendrite' });
    expect(variant.network).toEqual({ loss: 0.2 });
    expect(variant.rooms[0]?.members).toEqual({ '@b:hs2.example': 'invite' });
    expect(BASE.servers[1]).toEqual({ name: 'hs2', users: ['b'] });
    expect('network' in BASE).toBe(false);
  });

  it('refuses an index past the end of a list and a path through a value', () => {
    const result = applyPointValues(BASE, { 'servers.5.name': 'x', 'seed.x': 1 }, 'tiny.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(formatProblem)).toEqual([
      'tiny.yaml:servers: --vary servers.5.name: servers has 2 items, so there is no item 5',
      'tiny.yaml:seed: --vary seed.x: seed is a number, which has no "x" inside',
    ]);
  });
});

describe('planning a sweep', () => {
  it('orders points with the first --vary slowest and seeds runs "<S>/<p>/<r>"', () => {
    const p = plan(['network.loss=0,0.1', 'servers.1.implementation=synapse,dendrite,conduwuit'], 2, 'S');
    expect(p.points.map((pt) => pt.values)).toEqual([
      { 'network.loss': 0, 'servers.1.implementation': 'synapse' },
      { 'network.loss': 0, 'servers.1.implementation': 'dendrite' },
      { 'network.loss': 0, 'servers.1.implementation': 'conduwuit' },
      { 'network.loss': 0.1, 'servers.1.implementation': 'synapse' },
      { 'network.loss': 0.1, 'servers.1.implementation': 'dendrite' },
      { 'network.loss': 0.1, 'servers.1.implementation': 'conduwuit' },
    ]);
    expect(sweepRuns(p).slice(0, 3).map((r) => r.seed)).toEqual(['S/0/0', 'S/0/1', 'S/1/0']);
  });

  it("takes the scenario's seed when --seed is left out", () => {
    expect(plan(['network.loss=0'], 1).seed).toBe('5');
  });

  it('reports a path the format does not have and a value that makes the scenario invalid, every one as file:path: message', () => {
    expect(problems(['network.lossy=0.1', 'network.loss=0.5,2'])).toEqual([
      'tiny.yaml:network.lossy: unknown key; did you mean "loss"?',
      'tiny.yaml:network.loss: expected a probability from 0 to 1, got 2',
    ]);
  });

  it("refuses to vary the scenario's seed, which the run seeds replace", () => {
    expect(problems(['seed=1,2'])[0]).toContain("tiny.yaml:seed: --vary seed: each run's seed is");
  });

  it('refuses a path varied twice', () => {
    expect(problems(['network.loss=0', 'network.loss=0.1'])).toEqual(['tiny.yaml: --vary network.loss: varied twice; give all its values in one --vary']);
  });

  it('deals the run list out to shards, every run in exactly one', () => {
    const p = plan(['network.loss=0,0.1,0.2'], 3);
    const whole = sweepRuns(p).map((r) => r.seed);
    const parts = [1, 2, 3, 4].flatMap((k) => sweepRuns(p, { k, n: 4 }).map((r) => r.seed));
    expect([...parts].sort()).toEqual([...whole].sort());
    expect(new Set(parts).size).toBe(whole.length);
  });

  it('parses k/N and refuses k outside 1..N', () => {
    expect(parseShard('2/4')).toEqual({ ok: true, value: { k: 2, n: 4 } });
    expect(parseShard('0/4').ok).toBe(false);
    expect(parseShard('5/4').ok).toBe(false);
    expect(parseShard('x').ok).toBe(false);
  });
});

/** Made-up metrics that differ per run, so the order of aggregation shows in the last bits. */
function fakeMetrics(p: number, r: number): RunMetrics {
  const x = 0.1 + p / 7 + r / 13;
  return {
    fingerprint: `f${p}-${r}`,
    joins: 10 + r,
    joinedShare: x / 3,
    timeToJoinMs: r === 2 ? null : 100 * x,
    timeToJoinCounts: r === 2 ? {} : { [String(100 + r)]: 2, '40': 1 },
    attemptsPerJoin: 1 + x,
    requests: 17 * x,
    finalStatusShare: r === 1 ? { '200': x / 3, '403': 1 - x / 3 } : { '200': 1 },
    errcodeShare: { M_FORBIDDEN: x / 5 },
    lint: {},
  };
}

const HEADER: SweepHeader = {
  fedsim: 'test',
  scenario: 'tiny',
  scenarioHash: 'abc',
  fileName: 'tiny.yaml',
  seed: '5',
  vary: [{ path: 'network.loss', values: [0, 0.1] }],
  replications: 4,
  baseScenario: BASE,
};

function results(header: SweepHeader = HEADER): RunResult[] {
  return gridPoints(header.vary).flatMap((pt) => Array.from({ length: header.replications }, (_, r) => ({ pointIndex: pt.index, replication: r, seed: `5/${pt.index}/${r}`, metrics: fakeMetrics(pt.index, r) })));
}

const TIMING = { wallMs: 1, workers: 1 };

describe('aggregation', () => {
  it('gives the same bits whatever order results arrive in, and however often one repeats', () => {
    const inOrder = JSON.stringify(buildSweepReport(HEADER, results(), { shard: null, timing: TIMING }));
    const shuffled = results().reverse();
    shuffled.push(results()[3] as RunResult);
    expect(JSON.stringify(buildSweepReport(HEADER, shuffled, { shard: null, timing: TIMING }))).toBe(inOrder);
  });

  it('counts runs without a joined join out of the time to join, and pools p50/p95 over all runs', () => {
    const point = buildSweepReport(HEADER, results(), { shard: null, timing: TIMING }).points[0];
    expect(point?.metrics.timeToJoinMs?.n).toBe(3);
    // pooled: 40 ×3, 100 ×2, 101 ×2, 103 ×2 → 9 values; p50 = 5th = 100, p95 = 9th = 103
    expect([point?.metrics.timeToJoinMs?.p50, point?.metrics.timeToJoinMs?.p95]).toEqual([100, 103]);
    // 403 appears in one run of four: the others count 0 for it.
    expect(point?.metrics.finalStatusShare?.['403']?.mean).toBeCloseTo((1 - (0.1 + 1 / 13) / 3) / 4, 12);
  });
});

describe('merging shards', () => {
  const part = (k: number, n: number, header: SweepHeader = HEADER) => {
    const all = results(header).filter((r) => (r.pointIndex * header.replications + r.replication) % n === k - 1);
    return { file: `part${k}.json`, value: JSON.parse(JSON.stringify(buildSweepReport(header, all, { shard: { k, n }, timing: TIMING }))) as unknown };
  };

  it('keeps pooled time counts per point in partial reports only, never per run', () => {
    const partial = part(1, 2).value as { points: Array<{ timeToJoinCounts?: Record<string, number>; perRun: Array<{ metrics: object }> }> };
    expect(partial.points[0]?.timeToJoinCounts).toEqual({ '40': 1, '100': 2 }); // replications 0 and 2; the second had no joined join
    expect(partial.points[0]?.perRun[0]?.metrics).not.toHaveProperty('timeToJoinCounts');
    expect(buildSweepReport(HEADER, results(), { shard: null, timing: TIMING }).points[0]).not.toHaveProperty('timeToJoinCounts');
  });

  it('gives the unsharded report, bit for bit apart from timing', () => {
    const merged = mergeSweepReports([part(2, 3), part(1, 3), part(3, 3)]);
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    const whole = buildSweepReport(HEADER, results(), { shard: null, timing: TIMING });
    expect(JSON.stringify({ ...merged.report, timing: null })).toBe(JSON.stringify({ ...whole, timing: null }));
  });

  it('refuses parts of another sweep: scenario, seed, vary or replications', () => {
    for (const other of [{ scenarioHash: 'zzz' }, { seed: '6' }, { vary: [{ path: 'network.loss', values: [0, 0.2] }] }, { replications: 2 }]) {
      const merged = mergeSweepReports([part(1, 2), part(2, 2, { ...HEADER, ...other })]);
      expect(merged.ok).toBe(false);
      if (merged.ok) continue;
      expect(merged.problems.map(formatProblem).join('\n')).toContain('from another sweep');
    }
  });

  it('refuses a shard that did not finish', () => {
    const unfinished = part(2, 2);
    (unfinished.value as { points: Array<{ perRun: unknown[] }> }).points[1]?.perRun.pop();
    const merged = mergeSweepReports([part(1, 2), unfinished]);
    expect(merged.ok ? '' : merged.problems.map(formatProblem).join('\n')).toBe('part2.json:points: holds 3 runs; shard 2/2 of this sweep has 4: the shard did not finish');
  });

  it('refuses a missing or repeated shard, and a whole report', () => {
    const missing = mergeSweepReports([part(1, 3), part(3, 3)]);
    expect(missing.ok ? '' : missing.problems.map(formatProblem).join('\n')).toContain('shard 2/3 missing');
    const repeated = mergeSweepReports([part(1, 2), part(1, 2), part(2, 2)]);
    expect(repeated.ok ? '' : repeated.problems.map(formatProblem).join('\n')).toContain('shard 1/2 is also in part1.json');
    const whole = mergeSweepReports([{ file: 'w.json', value: buildSweepReport(HEADER, results(), { shard: null, timing: TIMING }) }]);
    expect(whole.ok ? '' : whole.problems.map(formatProblem).join('\n')).toContain('not a partial one');
  });
});
