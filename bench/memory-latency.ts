/**
 * What a cache miss costs on this machine at a given working-set size: a chain
 * of dependent reads, each to a random cache line of one big array, so every
 * read waits for the one before (no prefetching, no overlap). Beside fed-100k
 * and fed-1m it answers how much of the bigger run's higher time per event is
 * the memory itself: the same read costs more when the data spans 2.6 GiB than
 * 400 MiB, because fewer of the page-table entries that translate its address
 * fit in the caches.
 */
import { RandomStreams } from '../engine/index';

/** Int32 slots per 64-byte cache line: the chain visits one slot per line. */
const LINE = 16;

/**
 * An array of `mib` MiB whose first slot of each cache line holds the index of
 * the next line's first slot, the lines linked in one random cycle through all
 * of them (Sattolo's shuffle of the identity yields a single cycle).
 */
export function chaseArray(mib: number, seed: string): Int32Array {
  const data = new Int32Array((mib * 2 ** 20) / 4);
  const lines = Math.floor(data.length / LINE);
  const random = new RandomStreams(seed).stream('memory-latency');
  for (let line = 0; line < lines; line++) data[line * LINE] = line * LINE;
  for (let i = lines - 1; i > 0; i--) {
    const j = Math.floor(random() * i);
    const a = data[i * LINE] as number;
    data[i * LINE] = data[j * LINE] as number;
    data[j * LINE] = a;
  }
  return data;
}

/** Follows `reads` links of `data` from slot 0; returns the slot reached (so the loop cannot be optimised away). */
export function chase(data: Int32Array, reads: number): number {
  let at = 0;
  for (let i = 0; i < reads; i++) at = data[at] as number;
  return at;
}

/** Nanoseconds per dependent read over a working set of `mib` MiB. */
export function readLatencyNs(mib: number, reads: number): number {
  const data = chaseArray(mib, 'bench');
  // One pass first, so the pages are mapped and the code is compiled before timing.
  chase(data, Math.min(reads, 1_000_000));
  const start = performance.now();
  const end = chase(data, reads);
  const ms = performance.now() - start;
  if (end < 0) throw new Error('unreachable: the chain holds only slot indices');
  return (ms * 1e6) / reads;
}
