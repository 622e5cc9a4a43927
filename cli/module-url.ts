/**
 * Finding a module of ours at run time (a worker_threads script, say) in the form
 * the caller runs in: compiled (`dist/cli/x.js`, see scripts/build-cli.mjs) or
 * from its TypeScript source through tsx (`cli/x.ts`). Modules are named from the
 * package root, because compiled code may run from the one-file bundle
 * (dist/fedsim.js), where a path relative to the caller's own file would be wrong.
 * A worker does not inherit tsx's loader, so from source it gets `--import tsx`.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRootOf } from './package-root';

/** Whether the module at `callerUrl` (its import.meta.url) is compiled JavaScript rather than TypeScript run through tsx. */
export function isCompiled(callerUrl: string): boolean {
  return !callerUrl.endsWith('.ts');
}

/**
 * The URL of our module `sourcePath` (from the package root, without extension:
 * 'cli/sweep/worker'), compiled or source as the caller at `callerUrl` runs.
 */
export function ownModuleUrl(callerUrl: string, sourcePath: string): URL {
  const root = packageRootOf(callerUrl);
  return pathToFileURL(isCompiled(callerUrl) ? join(root, 'dist', `${sourcePath}.js`) : join(root, `${sourcePath}.ts`));
}

/** The execArgv for `new Worker(ownModuleUrl(...), { execArgv })`: tsx's loader added when running from source. */
export function workerExecArgv(callerUrl: string): string[] {
  const inherited = [...process.execArgv];
  const hasTsx = inherited.some((arg, i) => arg === 'tsx' && (inherited[i - 1] === '--import' || inherited[i - 1] === '--loader'));
  return isCompiled(callerUrl) || hasTsx ? inherited : [...inherited, '--import', 'tsx'];
}
