/**
 * fedsim's version, from its package.json: `fedsim --version`, and the reports and
 * queue jobs that carry it (sweep.json; a worker refuses runs of another version).
 * Found from the package root, since this module may run from the one-file bundle
 * dist/fedsim.js, where a path relative to the module would miss.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRootOf } from '../package-root';

export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRootOf(import.meta.url), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
