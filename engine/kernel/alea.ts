/**
 * Baagøe's Alea generator, giving exactly the numbers of seedrandom's `alea` for
 * the same seed (test/scale/alea.test.ts checks it), in less memory: a big run
 * makes a stream per directed link, millions of them, so each stream is one
 * closure over a four-number state, made only when the stream is first drawn
 * from (a link without loss never draws its loss stream).
 */

/** Baagøe's Mash: folds the seed's UTF-16 code units into the starting state. */
function createMash(): (data: string) => number {
  let n = 0xefc8249d;
  return (data) => {
    for (let i = 0; i < data.length; i++) {
      n += data.charCodeAt(i);
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * 0x100000000; // 2^32
    }
    return (n >>> 0) * 2.3283064365386963e-10; // 2^-32
  };
}

/** The starting state [s0, s1, s2, c] for `seed`. */
function seedState(seed: string): Float64Array {
  const mash = createMash();
  const state = new Float64Array(4);
  state[0] = mash(' ');
  state[1] = mash(' ');
  state[2] = mash(' ');
  state[3] = 1;
  for (let i = 0; i < 3; i++) {
    state[i] = (state[i] as number) - mash(seed);
    if ((state[i] as number) < 0) state[i] = (state[i] as number) + 1;
  }
  return state;
}

/** A uniform stream in [0, 1) for `seed`; its state is built on the first draw. */
export function createAlea(seed: string): () => number {
  let state: Float64Array | null = null;
  return () => {
    const s = (state ??= seedState(seed));
    const t = 2091639 * (s[0] as number) + (s[3] as number) * 2.3283064365386963e-10; // 2^-32
    s[0] = s[1] as number;
    s[1] = s[2] as number;
    const c = t | 0;
    s[3] = c;
    return (s[2] = t - c);
  };
}
