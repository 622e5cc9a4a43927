/**
 * The heavy-tailed shapes of a generated federation: Zipf weights (users per
 * server: a few huge servers, many tiny ones), bounded Pareto draws (room sizes),
 * and weighted picking by cumulative weights. All draws come from a RandomStream,
 * so a generated federation is a pure function of its seed.
 */
import type { RandomStream } from '../kernel/random-streams';

/** Zipf weights 1/rank^s for ranks 1..n. */
export function zipfWeights(n: number, s: number): Float64Array {
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) weights[i] = 1 / Math.pow(i + 1, s);
  return weights;
}

/**
 * Splits `total` into `weights.length` integer parts of at least `min` each, the
 * rest in proportion to the weights (largest remainders first is not needed: the
 * rounding leftover goes to the heaviest part, which is also the largest).
 */
export function apportion(total: number, weights: Float64Array, min: number): Int32Array {
  const n = weights.length;
  const parts = new Int32Array(n).fill(min);
  const rest = Math.max(0, total - min * n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i] as number;
  let given = 0;
  for (let i = 0; i < n; i++) {
    const share = Math.floor((rest * (weights[i] as number)) / sum);
    parts[i] = (parts[i] as number) + share;
    given += share;
  }
  if (n > 0) parts[0] = (parts[0] as number) + (rest - given);
  return parts;
}

/**
 * A draw from the Pareto distribution with shape `alpha` truncated to [low, high]
 * (inverse-CDF method), rounded down to an integer.
 */
export function boundedPareto(random: RandomStream, alpha: number, low: number, high: number): number {
  if (high <= low) return Math.floor(low);
  const ratio = Math.pow(low / high, alpha);
  const u = random();
  const x = low / Math.pow(1 - u * (1 - ratio), 1 / alpha);
  return Math.min(Math.floor(high), Math.floor(x));
}

/** Picks indices with probability proportional to their weights: O(log n) a draw. */
export class WeightedPicker {
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      sum += weights[i] as number;
      this.cumulative[i] = sum;
    }
    this.total = sum;
  }

  get size(): number {
    return this.cumulative.length;
  }

  pick(random: RandomStream): number {
    const target = random() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((this.cumulative[mid] as number) > target) high = mid;
      else low = mid + 1;
    }
    return low;
  }
}
