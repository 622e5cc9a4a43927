import { describe, expect, it } from 'vitest';
import { InvariantError, RandomStreams, Simulator, Fingerprint } from '../../engine/index';

describe('Simulator', () => {
  it('advances the clock to each event and never backwards', () => {
    const seen: number[] = [];
    const sim: Simulator<number> = new Simulator<number>((_kind, delay) => {
      seen.push(sim.now);
      if (delay > 0) sim.schedule(delay - 1, 0, delay - 1);
    });
    sim.schedule(3, 0, 3);
    sim.run();
    expect(seen).toEqual([3, 5, 6, 6]);
    expect(sim.events).toBe(4);
  });

  it('stops before events later than `until`', () => {
    const seen: number[] = [];
    const sim = new Simulator<number>((_k, p) => void seen.push(p));
    for (const t of [10, 20, 30]) sim.scheduleAt(t, 0, t);
    sim.run(20);
    expect(seen).toEqual([10, 20]);
    expect(sim.pending).toBe(1);
  });

  it('does not count cancelled events nor let them move lastEventAt', () => {
    const sim = new Simulator<boolean>((_k, live) => live);
    sim.scheduleAt(5, 0, true);
    sim.scheduleAt(9, 0, false);
    sim.run();
    expect(sim.events).toBe(1);
    expect(sim.lastEventAt).toBe(5);
  });

  it('refuses to schedule in the past or at fractional times', () => {
    const sim = new Simulator<number>(() => {});
    sim.scheduleAt(10, 0, 0);
    sim.run();
    expect(() => sim.scheduleAt(5, 0, 0)).toThrow(InvariantError);
    expect(() => sim.schedule(1.5, 0, 0)).toThrow(/non-negative integer/);
  });
});

describe('RandomStreams', () => {
  it('gives the same draws for the same seed and name', () => {
    const a = new RandomStreams('7').stream('net:hs1->hs2');
    const b = new RandomStreams('7').stream('net:hs1->hs2');
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('does not shift one stream when another is added', () => {
    const alone = new RandomStreams('7');
    const crowded = new RandomStreams('7');
    crowded.stream('server:hs3')();
    crowded.stream('other')();
    const x = alone.stream('net:hs1->hs2');
    const y = crowded.stream('net:hs1->hs2');
    expect([x(), x()]).toEqual([y(), y()]);
  });

  it('differs between seeds', () => {
    expect(new RandomStreams('1').stream('s')()).not.toBe(new RandomStreams('2').stream('s')());
  });
});

describe('Fingerprint', () => {
  it('is a stable 16-hex-digit value that depends on order and boundaries', () => {
    const f = (parts: string[]) => {
      const fp = new Fingerprint();
      parts.forEach((p) => fp.addString(p));
      return fp.digest();
    };
    expect(f(['ab', 'c'])).toMatch(/^[0-9a-f]{16}$/);
    expect(f(['ab', 'c'])).not.toBe(f(['a', 'bc']));
    expect(f(['x', 'y'])).not.toBe(f(['y', 'x']));
    // A fixed value: a change here changes every recorded fingerprint.
    expect(f(['fedsim'])).toBe('978fd235593e5e4e');
  });
});
