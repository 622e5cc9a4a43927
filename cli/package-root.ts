/**
 * The fedsim checkout (or installed package) a module belongs to: the nearest
 * folder above it with a package.json. Modules run from their TypeScript source
 * (cli/...) or compiled (dist/cli/...), one folder deeper, so a fixed number of
 * `..` would be wrong in one of the two.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder at or above the module at `moduleUrl` (its import.meta.url) that holds a package.json. */
export function packageRootOf(moduleUrl: string): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(moduleUrl)}`);
    dir = parent;
  }
  return dir;
}
