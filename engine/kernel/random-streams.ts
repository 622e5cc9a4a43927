/**
 * Seeded random streams, one per named consumer ("net:hs1->hs2", "server:hs3").
 * Each stream is seeded from (root seed, name), so adding a consumer never shifts
 * the draws of another. Alea is used: fast enough for per-event draws, and the
 * same sequence in Node and in the browser (our own, lighter implementation of
 * seedrandom's alea, same numbers: see alea.ts).
 */
import { createAlea } from './alea';

/** A source of uniform numbers in [0, 1). */
export type RandomStream = () => number;

export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();

  constructor(readonly seed: string) {}

  /** The stream called `name`, created on first use. */
  stream(name: string): RandomStream {
    let stream = this.streams.get(name);
    if (!stream) {
      stream = createAlea(`${this.seed}\u0000${name}`);
      this.streams.set(name, stream);
    }
    return stream;
  }
}

/** A uniform integer in [min, max]. */
export function uniformInt(random: RandomStream, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** A standard normal draw (Box-Muller; one of the pair is discarded for simplicity). */
export function standardNormal(random: RandomStream): number {
  let u = random();
  while (u <= Number.EPSILON) u = random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Fisher-Yates shuffle of a copy of `items`. */
export function shuffled<T>(random: RandomStream, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}
