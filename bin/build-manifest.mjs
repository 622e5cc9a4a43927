// The compiled CLI's record of what it was built from (dist/build-manifest.json):
// every .ts source under cli/ and engine/ (tests aside) with its size and
// modification time. scripts/build-cli.mjs writes it; bin/fedsim.mjs checks it at
// every start (a directory walk and a stat per file, about 2 ms) and uses the
// build only when the sources are exactly those it was made from.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const MANIFEST_NAME = 'build-manifest.json';
const SOURCE_DIRS = ['cli', 'engine'];

/** Paths (relative to `root`, with /) of the sources the build compiles, sorted. */
export function listSources(root) {
  const files = [];
  for (const dir of SOURCE_DIRS) {
    for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts') || entry.name.endsWith('.d.ts')) continue;
      const path = join(entry.parentPath ?? entry.path, entry.name).slice(root.length + 1);
      files.push(path.split('\\').join('/'));
    }
  }
  return files.sort();
}

/** Size and modification time of each source: [size, mtimeMs] by path. */
export function sourceStamps(root, sources) {
  const stamps = {};
  for (const file of sources) {
    const stat = statSync(join(root, file));
    stamps[file] = [stat.size, stat.mtimeMs];
  }
  return stamps;
}

/** Whether dist/ holds a build of exactly the sources in `root` now (same files, sizes and times). */
export function isBuildFresh(root) {
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(join(root, 'dist', MANIFEST_NAME), 'utf8')).sources;
  } catch {
    return false;
  }
  const sources = listSources(root);
  if (sources.length !== Object.keys(recorded).length) return false;
  const now = sourceStamps(root, sources);
  return sources.every((file) => {
    const was = recorded[file];
    return was !== undefined && was[0] === now[file][0] && was[1] === now[file][1];
  });
}
