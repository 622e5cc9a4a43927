// Links this package's own `fedsim` bin into node_modules/.bin, so that tools
// expecting node_modules/.bin/fedsim (CI hooks, editors) find it after `npm install`.
// `npx fedsim` works without it; this only adds the conventional path.
import { mkdirSync, symlinkSync, rmSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const binDir = join(root, 'node_modules', '.bin');
const link = join(binDir, 'fedsim');
const target = join(root, 'bin', 'fedsim.mjs');
if (existsSync(join(root, 'node_modules'))) {
  mkdirSync(binDir, { recursive: true });
  rmSync(link, { force: true });
  symlinkSync(relative(binDir, target), link);
}
