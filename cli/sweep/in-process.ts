/**
 * The simplest executor: every run in this thread, one after another (`--workers 1`).
 * Between runs it yields to the event loop so a progress bar can redraw and a
 * signal can be handled.
 */
import { runSweepSpec } from '../../engine/index';
import type { RunExecutor } from './executor';

export function createInProcessExecutor(): RunExecutor {
  return {
    parallelism: 1,
    async run(specs, onResult) {
      for (const spec of specs) {
        onResult(runSweepSpec(spec));
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    },
    async close() {},
  };
}
