/**
 * The Student-t quantile behind the sweep's 95% intervals, computed rather than
 * looked up, so it is right for any number of runs: t(0.975, df) is the t whose
 * two-sided tail P(|T| > t) is 0.05, and that tail is the regularized incomplete
 * beta function I_x(df/2, 1/2) at x = df / (df + t²). The beta function is
 * evaluated by its continued fraction (modified Lentz), the gamma function by
 * Lanczos' approximation, and t is found by bisection: every step is plain
 * arithmetic, so the same df gives the same bits on every machine and in any order.
 */
import { invariant } from '../kernel/invariant';

/** Lanczos' approximation (g = 7, 9 terms) to ln Γ(z) for z > 0, good to about 15 digits. */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function lnGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - lnGamma(1 - z);
  const x = z - 1;
  let sum = LANCZOS[0] as number;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] as number) / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The continued fraction of the incomplete beta function (valid where x < (a+1)/(a+b+2)). */
function betaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-16) return h;
  }
  return h;
}

/**
 * The regularized incomplete beta function I_x(a, b), given x and 1 − x separately
 * (computing 1 − x from x loses the digits that matter when x is close to 1).
 */
export function regularizedBeta(x: number, oneMinusX: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (oneMinusX <= 0) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(oneMinusX));
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(a, b, x)) / a : 1 - (front * betaFraction(b, a, oneMinusX)) / b;
}

/** P(|T| > t) for Student's t with `df` degrees of freedom. */
export function studentTwoSidedTail(t: number, df: number): number {
  const t2 = t * t;
  return regularizedBeta(df / (df + t2), t2 / (df + t2), df / 2, 0.5);
}

/** t(1 − alpha/2, df): the half-width factor of a two-sided (1 − alpha) interval; 0.05 gives t(0.975, df). */
export function studentTQuantile(df: number, alpha = 0.05): number {
  invariant(df > 0 && Number.isFinite(df), () => `Student's t needs positive degrees of freedom, got ${df}`);
  let low = 0;
  let high = 2;
  while (studentTwoSidedTail(high, df) > alpha) high *= 2;
  // The tail falls as t grows; halve the bracket until it cannot shrink further.
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if (mid === low || mid === high) break;
    if (studentTwoSidedTail(mid, df) > alpha) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}
