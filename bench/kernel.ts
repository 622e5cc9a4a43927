/**
 * The kernel benchmark: the classic hold model. `pending` events are scheduled,
 * then each event handled schedules one more at an exponential delay, so the queue
 * stays at `pending` while `events` events run: 1 pop + 1 push + 1 RNG draw each.
 * With a mean delay of 1 s, whole-ms times make many events share a time (as in
 * real runs); a mean of 10^9 ms makes nearly every time distinct, the queue's
 * worst case (every push a new heap key).
 */
import { RandomStreams, Simulator } from '../engine/index';

export function holdModel(pending: number, events: number, meanDelayMs = 1000): { events: number; ms: number } {
  const random = new RandomStreams('bench').stream('hold');
  const payload = {};
  let left = events;
  const sim = new Simulator<object>((kind, p) => {
    if (--left > 0) sim.schedule(Math.floor(-Math.log(1 - random()) * meanDelayMs), kind, p);
  }, pending);
  for (let i = 0; i < pending; i++) sim.schedule(Math.floor(random() * meanDelayMs), 0, payload);
  left = events;
  const start = performance.now();
  // Runs exactly `events` events: each reschedules until `left` is spent, then the queue drains.
  while (sim.events < events && sim.step());
  return { events: sim.events, ms: performance.now() - start };
}
