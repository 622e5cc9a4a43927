/**
 * Finding a worker_threads script of ours at run time, in the form the caller runs
 * in: compiled (`dist/cli/x.js`, see scripts/build-cli.mjs) or from its TypeScript
 * source through tsx. Scripts are named from the package root, because compiled
 * code may run from the one-file bundle (dist/fedsim.js), where a path relative to
 * the caller's own file would be wrong.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRootOf } from './package-root';

/** Whether the module at `callerUrl` (its import.meta.url) is compiled JavaScript rather than TypeScript run through tsx. */
export function isCompiled(callerUrl: string): boolean {
  return !callerUrl.endsWith('.ts');
}

/**
 * The script to start the worker thread `sourcePath` with (from the package root,
 * without extension: 'cli/sweep/sweep-worker'), as the caller at `callerUrl`
 * runs. Compiled, that is `dist/<sourcePath>.js`. From source it is
 * `<sourcePath>-tsx.mjs`, a bootstrap beside the TypeScript that registers tsx
 * and imports it: a worker thread does not inherit the main thread's loader.
 */
export function workerScriptUrl(callerUrl: string, sourcePath: string): URL {
  const root = packageRootOf(callerUrl);
  return pathToFileURL(isCompiled(callerUrl) ? join(root, 'dist', `${sourcePath}.js`) : join(root, `${sourcePath}-tsx.mjs`));
}
