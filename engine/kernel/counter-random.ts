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
  return streamSeedOfParts(root, name);
}

/**
 * streamSeed(root, parts joined into one name), without building that name: the
 * hash runs over the characters in order, so it is the same number. For names
 * made per network link (`net:` + from + `->` + to), millions of them.
 */
export function streamSeedOfParts(root: string, ...parts: string[]): number {
  let h = fnv(0x811c9dc5, root);
  h = Math.imul(h ^ 0, 0x01000193); // the \u0000 between root and name
  for (const part of parts) h = fnv(h, part);
  return finalise(h);
}

function fnv(start: number, text: string): number {
  let h = start;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
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
