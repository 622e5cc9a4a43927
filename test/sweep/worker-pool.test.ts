import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSweepReport, parseScenarioText, planSweep, sweepRuns, type RunResult, type RunSpec, type SweepPlan } from '../../engine/index';
import type { RunExecutor } from '../../cli/sweep/executor';
import { createInProcessExecutor } from '../../cli/sweep/in-process';
import { WorkerFailure, createWorkerPool } from '../../cli/sweep/worker-pool';

const FILE = 'scenarios/generated/misconfigured-spaces.yaml';

function plan(): SweepPlan {
  const parsed = parseScenarioText(readFileSync(FILE, 'utf8'), FILE);
  if (!parsed.ok) throw new Error('the shipped scenario does not parse');
  const planned = planSweep({ base: parsed.value, fileName: FILE, vary: [{ path: 'network.loss', values: [0, 0.1] }], replications: 3 });
  if (!planned.ok) throw new Error('the sweep does not plan');
  return planned.plan;
}

async function aggregate(executor: RunExecutor, specs: RunSpec[], p: SweepPlan): Promise<{ json: string; order: string[] }> {
  const results: RunResult[] = [];
  try {
    await executor.run(specs, (r) => results.push(r));
  } finally {
    await executor.close();
  }
  const header = { fedsim: 'test', scenario: p.scenario, scenarioHash: 'h', fileName: FILE, seed: p.seed, vary: p.vary, replications: p.replications, baseScenario: null };
  const report = buildSweepReport(header, results, { shard: null, timing: { wallMs: 0, workers: 0 } });
  return { json: JSON.stringify(report), order: results.map((r) => `${r.pointIndex}/${r.replication}`) };
}

describe('the worker thread pool', () => {
  it('gives, from worker threads alone, the aggregate of the runs made in this thread', async () => {
    const p = plan();
    const specs = sweepRuns(p);
    const here = await aggregate(createInProcessExecutor(), specs, p);
    const threads = await aggregate(createWorkerPool(2, { hereToo: false }), specs, p);
    expect(threads.order).toHaveLength(specs.length);
    expect(new Set(threads.order).size).toBe(specs.length);
    expect(threads.json).toBe(here.json);
  });

  it('fails the sweep, without hanging, when a run fails in a worker', async () => {
    const pool = createWorkerPool(2, { hereToo: false });
    const broken: RunSpec = { pointIndex: 0, replication: 0, seed: '1', scenario: { fedsim: 1, name: 'broken' }, fileName: 'broken.yaml' };
    try {
      await expect(pool.run([broken], () => {})).rejects.toBeInstanceOf(WorkerFailure);
    } finally {
      await pool.close();
    }
  });
});
