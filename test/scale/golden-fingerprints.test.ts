/**
 * Golden fingerprints: speed work (batched deliveries, slot lookups, lazy known
 * lists, hashing without objects) must leave every run exactly as it was. These
 * values were recorded before that work; a change here means a run now means
 * something else, which must be a deliberate model change, never a side effect.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../../engine/index';
import { generated } from './helpers';

describe('golden fingerprints', () => {
  it('the shipped failover example', () => {
    const path = 'scenarios/examples/seed-failover.yaml';
    const loaded = loadScenario(readFileSync(path, 'utf8'), path);
    if (!loaded.ok) throw new Error('the example does not validate');
    const report = runScenario(loaded.scenario).report;
    expect([report.fingerprint, report.events]).toEqual(['db8e10426e1aac2a', 14]);
  });

  it('a generated federation on a random network (lognormal latency, 2 % loss, three implementations)', () => {
    // Copies of one event arrive at many different instants here, so batching by instant is exercised with groups of all sizes.
    const scenario = generated({ servers: 150, joins: 8000, latency: { lognormal: { median: 60, sigma: 0.5 } }, loss: 0.02, mix: { synapse: 0.6, dendrite: 0.2, conduwuit: 0.2 } });
    const report = runScenario(scenario).report;
    expect([report.fingerprint, report.events]).toEqual(['61c74796450a6afc', 115967]);
  });

  it('a generated federation on the default fixed-latency network (every copy of an event in one batch)', () => {
    const scenario = generated({ servers: 200, rooms: 2000, joins: 20_000 });
    const report = runScenario(scenario).report;
    expect([report.fingerprint, report.events]).toEqual(['ca22937263942f6c', 297894]);
  });
});
