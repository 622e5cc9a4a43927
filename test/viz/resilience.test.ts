import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInput } from '../../viz/model/load-input';
import { cellKey } from '../../viz/model/participation';
import { singlePointsOf } from '../../viz/model/single-points';
import { joinChanges, runWithServerDown } from '../../viz/model/what-if';
import type { Dataset } from '../../viz/model/dataset';

function gallery(): Dataset {
  const file = join(import.meta.dirname, '../../scenarios/gallery/single-authorising-server.yaml');
  const outcome = loadInput(readFileSync(file, 'utf8'), 'single-authorising-server.yaml');
  if (!outcome.ok) throw new Error(outcome.problems.join('\n'));
  return outcome.dataset;
}

describe('the visualiser\'s resilience models', () => {
  it('marks hsa in !lab:hsa as a single point of failure, and no cell of !den:hsa', () => {
    const points = singlePointsOf(gallery());
    expect([...points]).toEqual([[cellKey('hsa', '!lab:hsa'), ['!guild:hsa']]]);
  });

  it('lists the joins that change with a server down from t = 0, lost ones marked', () => {
    const dataset = gallery();
    const changes = joinChanges(dataset.report, runWithServerDown(dataset.scenario!, 'hsa'));
    expect(changes.find((c) => c.id === 'x1-lab')).toEqual({ id: 'x1-lab', before: 'joined via hsa (@admin:hsa)', after: 'failed 502 M_UNKNOWN', lost: true });
    // x1's join into !den:hsa still succeeds, through hsb.
    expect(changes.find((c) => c.id === 'x1-den')).toBeUndefined();
    expect(joinChanges(dataset.report, dataset.report)).toEqual([]);
  });
});
