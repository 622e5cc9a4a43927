/**
 * Reading and updating bench/baselines-viz.json: each benchmark writes its own
 * section, so the Node and browser benchmarks can run separately.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const BASELINES = new URL('./baselines-viz.json', import.meta.url);

export function writeSection(name: string, figures: Record<string, unknown>): void {
  const all = existsSync(BASELINES) ? (JSON.parse(readFileSync(BASELINES, 'utf8')) as Record<string, unknown>) : {};
  all.about =
    'Visualiser scale figures on the bench/viz-workload.ts run (1,000 servers, 10,000 joins). model: median ms per selector call in Node (npx tsx bench/viz-model.ts). browser: the built site in headless Chromium (npx tsx bench/viz-browser.ts); inputToPaintMs is from the input event to two animation frames later, so ~17-33 ms is one frame.';
  all[name] = { ...figures, recordedAt: new Date().toISOString(), node: process.version };
  writeFileSync(BASELINES, JSON.stringify(all, null, 2) + '\n');
}

/** Median of `runs` timings of `fn`, in milliseconds with two decimals. */
export function time(fn: () => unknown, runs = 9): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return Math.round((samples[Math.floor(samples.length / 2)] as number) * 100) / 100;
}
