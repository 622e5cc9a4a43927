import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { createAlea } from '../../engine/kernel/alea';

describe('the engine\'s alea', () => {
  it('draws exactly the numbers of seedrandom.alea for the same seed', () => {
    const seeds = ['', '0', '1', 'seed\u0000net:s1->s2', 'ünïcödé 🚀', 'x'.repeat(300), '12345678901234567890'];
    for (let i = 0; i < 200; i++) seeds.push(`bench\u0000loss:s${i}->s${i * 7 + 3}`);
    for (const seed of seeds) {
      const ours = createAlea(seed);
      const theirs = seedrandom.alea(seed);
      for (let draw = 0; draw < 500; draw++) expect(ours(), `${JSON.stringify(seed)} draw ${draw}`).toBe(theirs());
    }
  });
});
