import { describe, expect, it } from 'vitest';
import { countedPercentiles, studentTQuantile, summariseValues } from '../../engine/index';

describe('the Student-t quantile', () => {
  // t(0.975, df) from published tables (and scipy.stats.t.ppf), to 9 decimals.
  const table: Array<[number, number]> = [
    [1, 12.706204736],
    [2, 4.30265273],
    [3, 3.182446305],
    [4, 2.776445105],
    [9, 2.262157163],
    [19, 2.093024054],
    [29, 2.045229642],
    [99, 1.984216952],
    [999, 1.962341461],
  ];
  for (const [df, t] of table) {
    it(`is ${t} for ${df} degrees of freedom`, () => {
      expect(studentTQuantile(df)).toBeCloseTo(t, 8);
    });
  }

  it('tends to the normal 1.959964 for many runs, where a small table would stop', () => {
    expect(studentTQuantile(1_000_000)).toBeCloseTo(1.959966, 5);
    expect(studentTQuantile(100_000)).toBeGreaterThan(studentTQuantile(1_000_000));
  });
});

describe('a metric summarised over runs', () => {
  it('gives mean, sample sd and mean ± t·sd/√n (hand-computed for 1, 2, 3, 4)', () => {
    // mean 2.5; sd = √(5/3) = 1.2909944; half = 3.1824463 × 1.2909944 / 2 = 2.0542603
    const s = summariseValues([1, 2, 3, 4]);
    expect(s.mean).toBe(2.5);
    expect(s.sd).toBeCloseTo(1.2909944487, 9);
    expect(s.ci95[0]).toBeCloseTo(2.5 - 2.0542603, 6);
    expect(s.ci95[1]).toBeCloseTo(2.5 + 2.0542603, 6);
  });

  it('uses t for two runs (12.706), not the normal 1.96', () => {
    // mean 0.5, sd = √0.5 = 0.70710678, half = 12.7062047 × 0.70710678 / √2 = 6.3531024
    const s = summariseValues([0, 1]);
    expect(s.ci95[1]).toBeCloseTo(0.5 + 6.3531024, 6);
  });

  it('has sd 0 and the interval [mean, mean] with one run', () => {
    expect(summariseValues([7])).toEqual({ mean: 7, sd: 0, ci95: [7, 7] });
  });

  it('has a zero-width interval when every run agrees', () => {
    expect(summariseValues([3, 3, 3])).toEqual({ mean: 3, sd: 0, ci95: [3, 3] });
  });
});

describe('nearest-rank percentiles of counted values', () => {
  it('reads p50 and p95 off value → count', () => {
    // 1..20 once each: p50 is the 10th value, p95 the 19th.
    const counts = new Map(Array.from({ length: 20 }, (_, i) => [i + 1, 1] as [number, number]));
    expect(countedPercentiles(counts, [0.5, 0.95])).toEqual([10, 19]);
  });

  it('weighs values by their counts', () => {
    expect(countedPercentiles(new Map([[100, 1], [5, 9]]), [0.5, 0.95])).toEqual([5, 100]);
  });
});
