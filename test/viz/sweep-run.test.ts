import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { applyPointValues, runSweepSpec } from '../../engine/index';
import { simulateVariant } from '../../viz/sweep/simulate-run';

const BASE = parse(`fedsim: 1
name: small-generated
seed: 3
servers: []
rooms: []
generate: { servers: 8, rooms: 20, spaces: 2, joins: 40, misconfig: { allowWithoutAuthoriser: 0.3 } }
`) as unknown;

describe('a sweep run opened in the visualiser', () => {
  it('is the run the sweep made: same variant, seed reaching the generator, same fingerprint', () => {
    const variant = applyPointValues(BASE, { 'network.loss': 0.1 }, 'small.yaml');
    if (!variant.ok) throw new Error('bad variant');
    const fingerprints = ['3/1/0', '3/1/1'].map((seed) => {
      const opened = simulateVariant(variant.scenario, 'small.yaml', seed);
      if (!opened.ok) throw new Error(opened.problems.join('\n'));
      const swept = runSweepSpec({ pointIndex: 1, replication: 0, seed, scenario: variant.scenario, fileName: 'small.yaml' });
      expect(opened.dataset.report.fingerprint).toBe(swept.metrics.fingerprint);
      // The views see the federation this seed generated.
      expect(opened.dataset.scenario?.servers.length).toBeGreaterThan(0);
      return opened.dataset.report.fingerprint;
    });
    expect(fingerprints[0]).not.toBe(fingerprints[1]);
  });

  it('names a variant the engine refuses with file:path: message', () => {
    const outcome = simulateVariant({ fedsim: 1, name: 'x', seed: 1, servers: [], rooms: [], network: { loss: 2 } }, 'bad.yaml', '1/0/0');
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.problems[0]).toMatch(/^bad\.yaml:network\.loss: /);
  });
});
