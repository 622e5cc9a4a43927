/**
 * Where the sweep's worker thread script is: the compiled
 * `dist/cli/sweep/sweep-worker.js`, or from source the bootstrap
 * `cli/sweep/sweep-worker-tsx.mjs` (module-url.ts says why).
 */
import { workerScriptUrl } from '../module-url';

export interface WorkerEntry {
  /** The script a Worker is started with. */
  url: URL;
}

export function sweepWorkerEntry(): WorkerEntry {
  return { url: workerScriptUrl(import.meta.url, 'cli/sweep/sweep-worker') };
}
