/**
 * Colour-vision deficiency simulation for the palette test: the Machado, Oliveira
 * and Fernandes (2009) matrices at full severity, applied in linear sRGB, and the
 * CIE76 colour difference in CIELAB (D65).
 */
export type Deficiency = 'protanopia' | 'deuteranopia' | 'tritanopia';

const MATRICES: Record<Deficiency, number[]> = {
  protanopia: [0.152286, 1.052583, -0.204868, 0.114503, 0.786281, 0.099216, -0.003882, -0.048116, 1.051998],
  deuteranopia: [0.367322, 0.860646, -0.227968, 0.280085, 0.672501, 0.047413, -0.01182, 0.04294, 0.968881],
  tritanopia: [1.255528, -0.076749, -0.178779, -0.078411, 0.930809, 0.147602, 0.004733, 0.691367, 0.3039],
};

type Rgb = [number, number, number];

function toLinear(hex: string): Rgb {
  const n = parseInt(hex.slice(1), 16);
  const channel = (v: number): number => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return [channel((n >> 16) & 255), channel((n >> 8) & 255), channel(n & 255)];
}

/** The colour as seen with the deficiency, in linear sRGB. */
export function simulate(hex: string, deficiency: Deficiency | 'normal'): Rgb {
  const rgb = toLinear(hex);
  if (deficiency === 'normal') return rgb;
  const m = MATRICES[deficiency];
  const clamp = (v: number): number => Math.min(1, Math.max(0, v));
  return [0, 1, 2].map((row) => clamp(m[row * 3]! * rgb[0] + m[row * 3 + 1]! * rgb[1] + m[row * 3 + 2]! * rgb[2])) as Rgb;
}

function toLab([r, g, b]: Rgb): Rgb {
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number): number => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

export function deltaE(a: Rgb, b: Rgb): number {
  const [l1, a1, b1] = toLab(a);
  const [l2, a2, b2] = toLab(b);
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}
