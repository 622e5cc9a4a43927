/**
 * Where the sweep's worker thread script is, in the one place that knows how the CLI
 * is loaded. Run through tsx (tests, benchmarks, a stale or missing build), a worker
 * starts from a small JavaScript bootstrap that registers tsx and imports the
 * TypeScript worker; compiled (dist/, where the command itself may run from the
 * one-file bundle dist/fedsim.js), the compiled `dist/cli/sweep/sweep-worker.js` is
 * started directly. Paths are taken from the package root, since a path relative to
 * this module would be wrong inside the bundle.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isCompiled } from '../module-url';
import { packageRootOf } from '../package-root';

export interface WorkerEntry {
  /** The script a Worker is started with. */
  url: URL;
}

export function sweepWorkerEntry(): WorkerEntry {
  const root = packageRootOf(import.meta.url);
  const script = isCompiled(import.meta.url) ? join(root, 'dist', 'cli', 'sweep', 'sweep-worker.js') : join(root, 'cli', 'sweep', 'sweep-worker-tsx.mjs');
  return { url: pathToFileURL(script) };
}
