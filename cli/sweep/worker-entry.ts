/**
 * Where the sweep's worker thread script is, in the one place that knows how the CLI
 * is loaded. Run through tsx (bin/fedsim.mjs, tests, benchmarks), this file is
 * `worker-entry.ts` and a worker starts from a small JavaScript bootstrap that
 * registers tsx and imports the TypeScript worker; compiled to JavaScript, it is
 * `worker-entry.js` and the compiled `sweep-worker.js` beside it is started directly.
 */

export interface WorkerEntry {
  /** The script a Worker is started with. */
  url: URL;
}

export function sweepWorkerEntry(): WorkerEntry {
  const compiled = import.meta.url.endsWith('.js');
  return { url: compiled ? new URL('./sweep-worker.js', import.meta.url) : new URL('./sweep-worker-tsx.mjs', import.meta.url) };
}
