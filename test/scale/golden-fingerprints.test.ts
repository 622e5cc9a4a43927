/**
 * Golden runs: speed work (batched deliveries, slot lookups, lazy known lists,
 * hashing without objects) must leave every run exactly as it was. Each run is
 * pinned twice: by the SHA-256 of its trace as `fedsim run --trace` writes it (one
 * JSON record per line), which does not depend on how fingerprints are computed,
 * and by its fingerprint. The trace digests were recorded before the speed work
 * and again, unchanged, when the fingerprint moved to scheme 2 (which changed only
 * the fingerprints). A change here means a run now means something else, which
 * must be a deliberate model change, never a side effect.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario, type Scenario } from '../../engine/index';
import { generated } from './helpers';

/** [first 16 hex digits of the trace file's SHA-256, fingerprint, events]. */
function pinned(scenario: Scenario): [string, string, number] {
  const traceFile = createHash('sha256');
  const { report } = runScenario(scenario, { onTrace: (event) => traceFile.update(JSON.stringify(event) + '\n') });
  return [traceFile.digest('hex').slice(0, 16), report.fingerprint, report.events];
}

describe('golden runs', () => {
  it('the shipped failover example', () => {
    const path = 'scenarios/examples/seed-failover.yaml';
    const loaded = loadScenario(readFileSync(path, 'utf8'), path);
    if (!loaded.ok) throw new Error('the example does not validate');
    expect(pinned(loaded.scenario)).toEqual(['12feca75cf095987', '12a4d07ab48f276d', 14]);
  });

  it('a generated federation on a random network (lognormal latency, 2 % loss, three implementations)', () => {
    // Copies of one event arrive at many different instants here, so batching by instant is exercised with groups of all sizes.
    const scenario = generated({ servers: 150, joins: 8000, latency: { lognormal: { median: 60, sigma: 0.5 } }, loss: 0.02, mix: { synapse: 0.6, dendrite: 0.2, conduwuit: 0.2 } });
    // Re-pinned when conduwuit's local joins started falling back to a remote join when
    // its own view refuses them (reference §1.6): some of its users' local 403s became
    // make_joins. Before: ['eb18c267e07012e7', '1ade53d917b84dc7', 115967].
    expect(pinned(scenario)).toEqual(['f9610182b8fad5b1', '42a29d1624dad0b9', 116062]);
  });

  it('a generated federation on the default fixed-latency network (every copy of an event in one batch)', () => {
    const scenario = generated({ servers: 200, rooms: 2000, joins: 20_000 });
    expect(pinned(scenario)).toEqual(['b07b19c123d3d44f', '1744624020ace3b8', 297894]);
  });

  it('the untraced run has the fingerprint of the traced one', () => {
    const scenario = generated({ servers: 200, rooms: 2000, joins: 20_000 });
    expect(runScenario(scenario).report.fingerprint).toBe('1744624020ace3b8');
  });
});
