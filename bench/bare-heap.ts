/**
 * The yardstick every speed figure is quoted against: the hold model (as in
 * kernel.ts) on the barest fast queue, a binary min-heap of (time, sequence) keys
 * in one Float64Array with the payload's slot in an Int32Array beside it, and
 * nothing else (no buckets, no priorities, no handler dispatch). Timed in the
 * same `npm run bench` as the figure it is beside, so that the machine's speed
 * at that moment (this machine is shared) divides out: a figure is given as a
 * multiple of this one's time.
 */
import { RandomStreams } from '../engine/index';

/** Sequence numbers break ties in scheduling order: key = time * SEQ_SPAN + sequence mod SEQ_SPAN. */
const SEQ_SPAN = 2 ** 20;

export function bareHeapHoldModel(pending: number, events: number, meanDelayMs = 1000): { events: number; ms: number } {
  const random = new RandomStreams('bench').stream('hold');
  const keys = new Float64Array(pending + 1);
  const slots = new Int32Array(pending + 1);
  let size = 0;
  let sequence = 0;
  const push = (time: number, slot: number): void => {
    const key = time * SEQ_SPAN + (sequence++ % SEQ_SPAN);
    let i = size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent] as number;
      if (pk <= key) break;
      keys[i] = pk;
      slots[i] = slots[parent] as number;
      i = parent;
    }
    keys[i] = key;
    slots[i] = slot;
  };
  const popTime = (): number => {
    const top = keys[0] as number;
    const last = --size;
    const key = keys[last] as number;
    const slot = slots[last] as number;
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let child = 2 * i + 1;
      if (child + 1 < last && (keys[child + 1] as number) < (keys[child] as number)) child++;
      const ck = keys[child] as number;
      if (key <= ck) break;
      keys[i] = ck;
      slots[i] = slots[child] as number;
      i = child;
    }
    keys[i] = key;
    slots[i] = slot;
    return Math.floor(top / SEQ_SPAN);
  };
  for (let i = 0; i < pending; i++) push(Math.floor(random() * meanDelayMs), i);
  const start = performance.now();
  let done = 0;
  while (done < events) {
    const now = popTime();
    done++;
    push(now + Math.floor(-Math.log(1 - random()) * meanDelayMs), done % pending);
  }
  return { events: done, ms: performance.now() - start };
}
