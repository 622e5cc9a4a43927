import { describe, expect, it } from 'vitest';
import { defaultSelection, heatCellsOf, linesOf, metricLabel, normaliseSelection, pointDetails } from '../../viz/sweep/series';
import { looksLikeSweep, readSweep, type SweepView } from '../../viz/sweep/sweep-file';
import { HOSTILE, sweepFixture } from './sweep-fixture';

function fixture(): SweepView {
  const outcome = readSweep(JSON.stringify(sweepFixture()), 'sweep.json');
  if (!outcome.ok) throw new Error(outcome.problems.join('\n'));
  return outcome.sweep;
}

describe('reading sweep.json in the visualiser', () => {
  it('tells a sweep report from a run report', () => {
    expect(looksLikeSweep(JSON.stringify(sweepFixture()))).toBe(true);
    expect(looksLikeSweep(JSON.stringify({ fedsim: 1, joins: [] }))).toBe(false);
  });

  it('lists the metrics in the contract order, keyed ones after the plain ones', () => {
    expect(fixture().metricKeys).toEqual(['joins', 'joinedShare', 'timeToJoinMs', 'attemptsPerJoin', 'requests', 'finalStatusShare.0', 'finalStatusShare.200', `errcodeShare.${HOSTILE}`]);
  });

  it('keeps each point’s interval, percentiles and run seeds', () => {
    const point = fixture().points[2]!;
    expect(point.metrics.get('timeToJoinMs')).toEqual({ mean: 300, sd: 10, lo: 280, hi: 320, p50: 180, p95: 900 });
    expect(point.seeds).toEqual(['7/2/0', '7/2/1', '7/2/2']);
  });

  it('refuses what is not a version-1 sweep with a problem line, never an exception', () => {
    expect(readSweep('{"sweepFormat": 2}', 's.json')).toEqual({ ok: false, problems: ['s.json: sweepFormat 2 is not one this visualiser reads (1)'] });
    expect(readSweep('{"sweepFormat": 1, "vary": {}, "points": [1]}', 's.json')).toEqual({ ok: false, problems: ['s.json: vary: expected a list', 's.json: points[0]: expected { index, values, runs, metrics }'] });
    expect(readSweep('{"sweepFormat": 1,', 's.json').ok).toBe(false);
  });
});

describe('what the sweep charts draw', () => {
  it('draws the metric along the first parameter, one line per value of the second, in --vary order', () => {
    const sweep = fixture();
    const lines = linesOf(sweep, defaultSelection(sweep));
    expect(lines.map((l) => l.group)).toEqual(['synapse', HOSTILE]);
    expect(lines[1]!.points.map((p) => [p.x, p.summary.mean, p.summary.lo, p.summary.hi])).toEqual([
      [0, 1, 0.95, 1.05],
      [0.1, 0.8, 0.75, 0.8500000000000001],
      [0.2, 0.6, 0.5499999999999999, 0.65],
    ]);
  });

  it('swaps the axes and keeps them distinct', () => {
    const sweep = fixture();
    const swapped = normaliseSelection(sweep, { ...defaultSelection(sweep), x: 'servers.0.implementation', y: 'network.loss' });
    expect(linesOf(sweep, swapped).map((l) => l.points.map((p) => p.point.index))).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(normaliseSelection(sweep, { ...swapped, y: 'servers.0.implementation' }).y).toBe('network.loss');
  });

  it('gives the heat map one cell per point', () => {
    const sweep = fixture();
    expect(heatCellsOf(sweep, defaultSelection(sweep)).map((c) => c.point.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('holds a third parameter at a chosen value', () => {
    const raw = sweepFixture();
    const sweep = fixture();
    (raw.vary as unknown[]).push({ path: 'seedish', values: [1, 2] });
    for (const point of raw.points as { values: Record<string, unknown> }[]) point.values.seedish = 1;
    const three = readSweep(JSON.stringify(raw), 's.json');
    if (!three.ok) throw new Error('bad fixture');
    expect(defaultSelection(three.sweep).fixed).toEqual({ seedish: 1 });
    expect(heatCellsOf(three.sweep, { ...defaultSelection(three.sweep), fixed: { seedish: 2 } })).toEqual([]);
    expect(heatCellsOf(three.sweep, defaultSelection(three.sweep))).toHaveLength(sweep.points.length);
  });

  it('describes a point with its values, mean, interval and runs', () => {
    const sweep = fixture();
    expect(pointDetails(sweep, sweep.points[2]!, 'timeToJoinMs')).toEqual([
      'network.loss = 0.1',
      'servers.0.implementation = synapse',
      'time to join (ms): 300',
      '95% interval 280 – 320 (sd 10)',
      'p50 180 ms, p95 900 ms over all joined joins',
      '3 runs (point 2)',
    ]);
    expect(metricLabel('finalStatusShare.0')).toBe('share of joins ending with status 0 (no answer)');
  });
});
