import { describe, expect, it } from 'vitest';
import { MEANINGFUL_COLOURS } from '../../viz/model/palette';
import { deltaE, simulate, type Deficiency } from './colour-vision';

/** CIE76 distance below which two flat colours are easily confused at swatch size. */
const MIN_DELTA_E = 12;
const DEFICIENCIES: (Deficiency | 'normal')[] = ['normal', 'protanopia', 'deuteranopia', 'tritanopia'];

describe('the answer palette', () => {
  const entries = [...MEANINGFUL_COLOURS];
  for (const deficiency of DEFICIENCIES) {
    it(`keeps every pair of meanings apart with ${deficiency}`, () => {
      const close: string[] = [];
      for (let i = 0; i < entries.length; i++)
        for (let j = i + 1; j < entries.length; j++) {
          const [a, ca] = entries[i]!;
          const [b, cb] = entries[j]!;
          const d = deltaE(simulate(ca, deficiency), simulate(cb, deficiency));
          if (d < MIN_DELTA_E) close.push(`${a} ${ca} vs ${b} ${cb}: ${d.toFixed(1)}`);
        }
      expect(close).toEqual([]);
    });
  }

  it('tells apart the colours the old palette confused under deuteranopia', () => {
    // Okabe-Ito bluish green (200) against its mid grey: the check must catch such a pair.
    expect(deltaE(simulate('#009E73', 'deuteranopia'), simulate('#8C8C8C', 'deuteranopia'))).toBeLessThan(MIN_DELTA_E);
  });

  it('keeps "waiting" visible on white', () => {
    const waiting = MEANINGFUL_COLOURS.get('waiting')!;
    // WCAG contrast ratio against white; 3 is the floor for graphics.
    const [r, g, b] = simulate(waiting, 'normal');
    expect(1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)).toBeGreaterThanOrEqual(3);
  });
});
