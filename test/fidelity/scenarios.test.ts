/**
 * The shipped fidelity scenarios (scenarios/fidelity/*.yaml) run with their
 * expectations, and every one has a description; a failing expectation prints
 * what differed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../engine/scenario/load';
import { formatProblem } from '../../engine/scenario/problems';
import { runScenario } from '../../engine/run/run-scenario';

const DIR = join(__dirname, '../../scenarios/fidelity');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

describe('scenarios/fidelity', () => {
  it('has the scenarios issue 5 asks for', () => {
    for (const name of ['dendrite-resident-403', 'conduwuit-resident-authorise', 'stale-view-403', 'crashed-resident-failover', 'partition-heal', 'backoff-skip', 'old-synapse-404', 'mixed-federation']) {
      expect(FILES).toContain(`${name}.yaml`);
    }
  });

  for (const file of FILES) {
    it(`${file} passes its expectations`, () => {
      const loaded = loadScenario(readFileSync(join(DIR, file), 'utf8'), file);
      if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
      expect(loaded.scenario.description ?? '').not.toBe('');
      expect(loaded.scenario.expect.length).toBeGreaterThan(0);
      const { report } = runScenario(loaded.scenario);
      const failed = report.expectations.filter((e) => !e.passed).map((e) => e.message);
      expect(failed).toEqual([]);
    });
  }

  it('a partial-state join: the window is in the trace and in the report (partialStateUntil), and absent with the setting off', () => {
    const loaded = loadScenario(readFileSync(join(DIR, 'synapse-partial-state-join.yaml'), 'utf8'), 'synapse-partial-state-join.yaml');
    if (!loaded.ok) throw new Error('invalid');
    const windows: unknown[] = [];
    const { report } = runScenario(loaded.scenario, { onTrace: (e) => (e.type === 'partial-state' ? windows.push(e) : undefined) });
    // hs2's join was answered at 1.2 s, and partialStateResyncMs is 5 s in the file.
    expect(report.partialStateUntil?.hs2).toEqual({ '!room:hs1': 6200 });
    expect(windows[0]).toEqual({ t: 1200, type: 'partial-state', server: 'hs2', room: '!room:hs1', until: 6200 });
    const off = runScenario({ ...loaded.scenario, profileSettings: { synapse: { partialStateJoins: false } } }).report;
    expect(off.partialStateUntil).toBeUndefined();
    // Without the window bob's join is local, and carol's first make_join is answered.
    expect(off.joins.find((j) => j.id === 'second-local-user')?.local).toBe(true);
    expect(off.joins.find((j) => j.id === 'asks-partial-server')?.attempts[0]?.status).toBe(200);
  });

  it('the mixed federation reports every profile, and answers from each resident', () => {
    const loaded = loadScenario(readFileSync(join(DIR, 'mixed-federation.yaml'), 'utf8'), 'mixed-federation.yaml');
    if (!loaded.ok) throw new Error('invalid');
    const { report } = runScenario(loaded.scenario);
    expect(new Set(report.servers?.map((s) => s.implementation))).toEqual(new Set(['synapse', 'synapse-1.77', 'dendrite', 'conduwuit', 'spec']));
    for (const resident of ['hs1', 'hs2', 'hs3', 'hs4', 'hs5']) expect(Object.keys(report.errcodeMatrix)).toContain(resident);
  });
});
