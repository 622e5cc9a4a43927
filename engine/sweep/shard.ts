/**
 * `--shard k/N`: the run list dealt out in turn to N slices (run i goes to slice
 * i mod N + 1), so each slice gets a share of every point and slices take about the
 * same time. Needs no infrastructure: Kubernetes indexed jobs and Slurm arrays pass k.
 */
import type { Shard } from './types';
import type { Parsed } from './vary';

/** `k/N` with 1 ≤ k ≤ N. */
export function parseShard(text: string): Parsed<Shard> {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) return { ok: false, message: `expected k/N (e.g. 1/4), got ${JSON.stringify(text)}` };
  const k = Number(match[1]);
  const n = Number(match[2]);
  if (!Number.isSafeInteger(n) || n < 1) return { ok: false, message: `N must be at least 1, got ${match[2]}` };
  if (!Number.isSafeInteger(k) || k < 1 || k > n) return { ok: false, message: `k must be between 1 and ${n}, got ${match[1]}` };
  return { ok: true, value: { k, n } };
}
