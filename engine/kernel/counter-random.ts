/**
 * Counter-based random numbers: the n-th draw of a stream is a hash of (the
 * stream's seed, n), so a stream is two integers (its seed and how many draws it
 * has made) instead of a generator object. Used where there are millions of
 * streams, one per directed network link, which would otherwise hold gigabytes of
 * generator state. Streams stay independent: each has its own seed, derived from
 * (root seed, stream name), so adding one never shifts another.
 */

/** A 32-bit seed for the stream `name` under root seed `root` (FNV-1a, then a finaliser). */
export function streamSeed(root: string, name: string): number {
  let h = 0x811c9dc5;
  const text = `${root}\u0000${name}`;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return finalise(h);
}

/** The `n`-th uniform draw in [0, 1) of the stream with seed `seed` (SplitMix32 over seed + n·φ). */
export function counterDraw(seed: number, n: number): number {
  return (finalise((seed + Math.imul(n | 0, 0x9e3779b9)) | 0) >>> 0) / 4294967296;
}

function finalise(value: number): number {
  let z = value | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) | 0;
}
